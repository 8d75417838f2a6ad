import { validateContract } from './contract-validator';
import { EXAMPLE, example, mutated, specOf } from './contract-fixtures.spec-helpers';

// The example contract (docs/examples/contract.yaml) as the validator reads it: the layout the other
// tables rely on, the spec it normalizes into and the documented defaults.

describe('the example contract', () => {
  it('has the layout these tables assume', () => {
    expect(EXAMPLE.spec.objectives.map((o: any) => `${o.key}:${o.indicator.kind}`)).toEqual([
      'portal-availability:ratio',
      'portal-uptime:timeslice',
      'api-latency-p95:threshold',
      'p1-resolution:deadline',
      'p1-response:deadline',
      'kpi-feed:freshness',
      'change-approval:deadline',
      'checkout-errors:ratio',
    ]);
    expect(EXAMPLE.spec.deliverables.map((d: any) => d.key)).toEqual(['dr-site', 'runbooks']);
    expect(EXAMPLE.spec.maintenance.map((m: any) => (m.cron ? 'recurring' : 'once'))).toEqual([
      'recurring',
      'once',
    ]);
  });

  it('validates and normalizes into the expected spec', () => {
    const spec = specOf(example(), 'acme-it-2027');
    expect(spec.key).toBe('acme-it-2027');
    expect(spec.vendor).toBe('acme');
    expect(spec.timezone).toBe('Asia/Jerusalem');
    expect(spec.weekStart).toBe('sun');
    expect(spec.effective).toEqual({ from: '2027-01-01', to: '2027-12-31' });
    expect(spec.fees).toEqual({ monthly: 120000, currency: 'ILS' });
    expect(spec.creditCap).toBe(20);
    expect(spec.closeAfterSeconds).toBe(259200);
    expect(spec.chronic).toEqual({ breaches: 3, periods: 6 });
    expect(spec.objectives).toHaveLength(8);
    expect(spec.deliverables).toHaveLength(2);
    expect(spec.maintenance).toEqual([
      { title: 'Monthly patch window', kind: 'recurring', cron: '0 2 * * 6', durationSeconds: 10800 },
      {
        title: 'Data-centre move',
        kind: 'once',
        from: '2027-03-11T20:00:00.000Z',
        to: '2027-03-12T02:00:00.000Z',
      },
    ]);
    expect(spec.calendars.business).toEqual({
      weekdays: ['sun', 'mon', 'tue', 'wed', 'thu'],
      hours: [{ from: 480, to: 1080 }],
      holidays: ['2027-04-22', '2027-04-28', '2027-10-02', '2027-10-11'],
    });
    const byKey = Object.fromEntries(spec.objectives.map((o) => [o.key, o]));
    expect(byKey['portal-availability'].objective).toEqual({ op: 'gte', target: 99.9 });
    expect(byKey['portal-availability'].credits).toEqual([
      { below: 99.9, credit: 5 },
      { below: 99.5, credit: 10 },
      { below: 99.0, credit: 20 },
    ]);
    expect(byKey['api-latency-p95'].period).toEqual({ type: 'rolling', seconds: 604800 });
    expect(byKey['api-latency-p95'].objective).toEqual({ op: 'lte', target: 300 });
    expect(byKey['portal-uptime'].indicator).toEqual({
      kind: 'timeslice',
      metric: 'portal_up',
      sliceSeconds: 60,
      aggregate: 'min',
      good: { op: 'gte', target: 1 },
    });
    expect(byKey['p1-resolution'].indicator).toEqual({
      kind: 'deadline',
      item: 'ticket',
      where: { priority: 'P1' },
      start: 'opened',
      stop: 'resolved',
      withinSeconds: 14400,
      calendar: 'business',
      pause: 'paused',
      resume: 'resumed',
    });
    expect(byKey['kpi-feed'].indicator).toEqual({
      kind: 'freshness',
      metric: 'portal_requests',
      maxAgeSeconds: 900,
    });
    expect(byKey['change-approval'].period).toEqual({ type: 'calendar', unit: 'quarter' });
    // A selector is stored by its canonical key: matchers sorted, one spelling.
    expect(byKey['checkout-errors'].indicator).toEqual({
      kind: 'ratio',
      good: 'http_requests_total{code!~"5..",service="checkout"}',
      total: 'http_requests_total{service="checkout"}',
    });
    expect(spec.deliverables[0]).toEqual({
      key: 'dr-site',
      title: 'Disaster-recovery site live',
      due: '2027-03-31T15:00:00.000Z',
      responsible: 'vendor',
    });
  });

  it('does not modify the document it validates', () => {
    const doc = example();
    validateContract(doc);
    expect(doc).toEqual(EXAMPLE);
  });

  it('accepts and ignores the server metadata fields version, sha256 and appliedAt', () => {
    const plain = specOf(example());
    const served = specOf(
      mutated((d) => {
        d.metadata.version = 3;
        d.metadata.sha256 = 'a'.repeat(64);
        d.metadata.appliedAt = '2027-01-02T10:00:00Z';
      }),
    );
    expect(served).toEqual(plain);
  });

  it('applies the documented defaults when optional fields are absent', () => {
    const spec = specOf(
      mutated((d) => {
        delete d.spec.weekStart;
        delete d.spec.closeAfter;
        delete d.spec.notifyVendor;
        delete d.spec.notifications;
        delete d.spec.objectives[1].indicator.aggregate;
        delete d.spec.objectives[4].indicator.start;
        delete d.spec.objectives[4].indicator.stop;
        delete d.spec.deliverables[0].responsible;
        delete d.spec.objectives[0].responsible;
      }),
    );
    expect(spec.weekStart).toBe('mon');
    expect(spec.closeAfterSeconds).toBe(72 * 3600);
    expect(spec.notifyVendor).toBe(true);
    expect(spec.repeatIntervalSeconds).toBe(86400);
    const portal = spec.objectives[0];
    expect(portal.severity).toBe('critical');
    expect(portal.responsible).toBe('vendor');
    // portal-uptime sets neither severity nor warnAt, excludeMaintenance or minEvents.
    const uptime = spec.objectives[1];
    expect(uptime.severity).toBe('major');
    expect(uptime.warnAt).toBe(75);
    expect(uptime.excludeMaintenance).toBe(true);
    expect(uptime.minEvents).toBe(1);
    expect(uptime.indicator).toMatchObject({ kind: 'timeslice', aggregate: 'min' });
    expect(portal.missingData).toBe('ignore');
    expect(spec.objectives[4].indicator).toMatchObject({ start: 'opened', stop: 'resolved' });
    expect(spec.deliverables[0].responsible).toBe('vendor');
    expect(portal.credits).toHaveLength(3);
    expect(spec.objectives[2].credits).toEqual([]);
  });

  it('reads explicitly set optional fields instead of the defaults', () => {
    const spec = specOf(
      mutated((d) => {
        d.spec.weekStart = 'mon';
        d.spec.notifyVendor = false;
        d.spec.notifications = { repeatInterval: '12h' };
        Object.assign(d.spec.objectives[1], {
          warnAt: 50,
          excludeMaintenance: false,
          minEvents: 10,
          severity: 'minor',
        });
      }),
    );
    expect(spec.weekStart).toBe('mon');
    expect(spec.notifyVendor).toBe(false);
    expect(spec.repeatIntervalSeconds).toBe(43200);
    expect(spec.objectives[1]).toMatchObject({
      warnAt: 50,
      excludeMaintenance: false,
      minEvents: 10,
      severity: 'minor',
      missingData: 'bad',
    });
  });
});
