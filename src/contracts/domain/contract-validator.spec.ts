import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import type { FieldError } from '../../common/errors/domain-error';
import { validateContract } from './contract-validator';
import type { ContractSpec } from './contract.types';

// Table-driven tests for the contract validator (docs/contract-authoring.md). Every row starts from the example
// contract in docs/examples, applies ONE mutation and names the exact path the error must carry.
//
// Example layout the rows rely on (checked by the first test below):
//   objectives: [0] portal-availability ratio/month/credits, [1] portal-uptime timeslice,
//               [2] api-latency-p95 threshold p95/7d, [3] p1-resolution deadline (calendar, pause/resume,
//               serviceHours), [4] p1-response deadline, [5] kpi-feed freshness, [6] change-approval deadline
//   deliverables: [0] dr-site, [1] runbooks; maintenance: [0] recurring cron, [1] one-off
//   zone Asia/Jerusalem (UTC+2 in winter), effective 2027-01-01 .. 2027-12-31.

const EXAMPLE_PATH = resolve(__dirname, '../../../docs/examples/contract.yaml');
const EXAMPLE: any = parse(readFileSync(EXAMPLE_PATH, 'utf8'));

const example = (): any => structuredClone(EXAMPLE);

function mutated(mutation: (doc: any) => void): any {
  const doc = example();
  mutation(doc);
  return doc;
}

function errorsOf(doc: unknown, pathKey?: string): FieldError[] {
  const result = validateContract(doc, pathKey);
  if (result.ok) throw new Error('expected the document to be rejected, but it validated');
  return result.errors;
}

function specOf(doc: unknown, pathKey?: string): ContractSpec {
  const result = validateContract(doc, pathKey);
  if (!result.ok) throw new Error(`expected the document to validate, got ${JSON.stringify(result.errors)}`);
  return result.spec;
}

function expectNoDuplicates(errors: FieldError[]): void {
  const seen = errors.map((e) => `${e.path}\u0000${e.message}`);
  expect(new Set(seen).size).toBe(seen.length);
}

/** The errors at exactly `path` (no prefix matching), after checking the list's general shape. */
function errorsAt(doc: unknown, path: string, pathKey?: string): FieldError[] {
  const errors = errorsOf(doc, pathKey);
  expect(errors.length).toBeGreaterThan(0);
  expectNoDuplicates(errors);
  const hits = errors.filter((e) => e.path === path);
  if (hits.length === 0) {
    throw new Error(`expected an error at ${path}, got ${JSON.stringify(errors, null, 2)}`);
  }
  return hits;
}

type Row = [name: string, mutation: (doc: any) => void, path: string, message?: RegExp];

function expectRow(mutation: (doc: any) => void, path: string, message?: RegExp): void {
  const hits = errorsAt(mutated(mutation), path);
  if (message)
    expect(hits.map((e) => e.message)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
}

const NOT_KNOWN = /^is not a known field$/;
const REQUIRED = /^is required$/;

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
    expect(spec.objectives).toHaveLength(7);
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

describe('valid variations of the example', () => {
  it.each<[string, (doc: any) => void, (spec: ContractSpec) => void]>([
    [
      'accepts the key in the URL when it equals metadata.key',
      () => undefined,
      (spec) => expect(spec.key).toBe('acme-it-2027'),
    ],
    [
      'accepts an objective written as {op, target} instead of a string',
      (d) => (d.spec.objectives[0].objective = { op: 'gte', target: 99.9 }),
      (spec) => expect(spec.objectives[0].objective).toEqual({ op: 'gte', target: 99.9 }),
    ],
    [
      'accepts a symbolic op in the {op, target} form',
      (d) => (d.spec.objectives[0].objective = { op: '>', target: 99 }),
      (spec) => expect(spec.objectives[0].objective).toEqual({ op: 'gt', target: 99 }),
    ],
    [
      'accepts a percentage target of exactly 0 and exactly 100',
      (d) => {
        d.spec.objectives[0].objective = '>= 100%';
        d.spec.objectives[1].objective = { op: 'gt', target: 0 };
      },
      (spec) => expect(spec.objectives[0].objective.target).toBe(100),
    ],
    [
      'accepts a threshold target in the metric’s own unit above 100',
      (d) => (d.spec.objectives[2].objective = { op: 'lte', target: 5000 }),
      (spec) => expect(spec.objectives[2].objective).toEqual({ op: 'lte', target: 5000 }),
    ],
    [
      'accepts a negative threshold target',
      (d) => (d.spec.objectives[2].objective = '> -5'),
      (spec) => expect(spec.objectives[2].objective).toEqual({ op: 'gt', target: -5 }),
    ],
    [
      'accepts calendar hours that end at 24:00',
      (d) => (d.spec.calendars.business.hours = [{ from: '20:00', to: '24:00' }]),
      (spec) => expect(spec.calendars.business.hours).toEqual([{ from: 1200, to: 1440 }]),
    ],
    [
      'accepts calendar hours that touch without overlapping and sorts them',
      (d) =>
        (d.spec.calendars.business.hours = [
          { from: '13:00', to: '18:00' },
          { from: '08:00', to: '13:00' },
        ]),
      (spec) =>
        expect(spec.calendars.business.hours).toEqual([
          { from: 480, to: 780 },
          { from: 780, to: 1080 },
        ]),
    ],
    [
      'accepts a deliverable due exactly at local midnight starting effective.from',
      (d) => (d.spec.deliverables[0].due = '2027-01-01T00:00:00+02:00'),
      (spec) => expect(spec.deliverables[0].due).toBe('2026-12-31T22:00:00.000Z'),
    ],
    [
      'accepts a deliverable due in the last second of effective.to in the contract zone',
      (d) => (d.spec.deliverables[0].due = '2027-12-31T21:59:59Z'),
      (spec) => expect(spec.deliverables[0].due).toBe('2027-12-31T21:59:59.000Z'),
    ],
    [
      'accepts any deliverable after effective.from when the contract is open-ended',
      (d) => {
        delete d.spec.effective.to;
        d.spec.deliverables[0].due = '2040-01-01T00:00:00Z';
      },
      (spec) => expect(spec.effective).toEqual({ from: '2027-01-01' }),
    ],
    [
      'accepts a rolling period of any length from 1m to 400d',
      (d) => {
        d.spec.objectives[2].period = '1m';
        d.spec.objectives[4].period = '400d';
      },
      (spec) => {
        expect(spec.objectives[2].period).toEqual({ type: 'rolling', seconds: 60 });
        expect(spec.objectives[4].period).toEqual({ type: 'rolling', seconds: 400 * 86400 });
      },
    ],
    [
      'accepts a ratio written with bad instead of good',
      (d) =>
        (d.spec.objectives[0].indicator = {
          kind: 'ratio',
          bad: 'portal_requests_failed',
          total: 'portal_requests',
        }),
      (spec) =>
        expect(spec.objectives[0].indicator).toEqual({
          kind: 'ratio',
          bad: 'portal_requests_failed',
          total: 'portal_requests',
        }),
    ],
    [
      'accepts warn on a budget-less threshold objective',
      (d) => {
        d.spec.objectives[2].indicator.aggregate = 'avg';
        d.spec.objectives[2].warn = '<= 280';
      },
      (spec) => expect(spec.objectives[2].warn).toEqual({ op: 'lte', target: 280 }),
    ],
    [
      'accepts credits on a yearly objective',
      (d) => (d.spec.objectives[0].period = 'year'),
      (spec) => expect(spec.objectives[0].credits).toHaveLength(3),
    ],
    [
      'accepts a contract with deliverables but no objectives',
      (d) => delete d.spec.objectives,
      (spec) => expect(spec.objectives).toEqual([]),
    ],
    [
      'accepts numbers and booleans in a deadline where clause as text',
      (d) => (d.spec.objectives[4].indicator.where = { priority: 1, vip: true }),
      (spec) => expect(spec.objectives[4].indicator).toMatchObject({ where: { priority: '1', vip: 'true' } }),
    ],
    [
      'lower-cases and keeps owner emails',
      (d) => (d.spec.owners = ['CIO@Customer.Example']),
      (spec) => expect(spec.owners).toEqual(['cio@customer.example']),
    ],
    [
      'treats a null optional field like an absent one',
      (d) => {
        d.spec.weekStart = null;
        d.spec.objectives[1].indicator.aggregate = null;
        d.spec.objectives[1].severity = null;
      },
      (spec) => {
        expect(spec.weekStart).toBe('mon');
        expect(spec.objectives).toHaveLength(7);
        expect(spec.objectives[1]).toMatchObject({ severity: 'major', indicator: { aggregate: 'min' } });
      },
    ],
  ])('%s', (_name, mutation, check) => {
    check(specOf(mutated(mutation), 'acme-it-2027'));
  });
});

describe('rejections', () => {
  it.each<[string, unknown]>([
    ['rejects a document that is a string', 'apiVersion: sla-sentinel/v1'],
    ['rejects a document that is a list', [EXAMPLE]],
    ['rejects a document that is null', null],
    ['rejects a document that is a number', 42],
  ])('%s at the document root', (_name, doc) => {
    const errors = errorsAt(doc, '(document)');
    expect(errors[0].message).toMatch(/object/);
  });

  it.each<[string, string]>([
    ['rejects a metadata.key that differs from the key in the URL', 'other-key'],
    ['compares metadata.key with the URL key case-sensitively', 'ACME-IT-2027'],
  ])('%s', (_name, pathKey) => {
    const hits = errorsAt(example(), 'metadata.key', pathKey);
    expect(hits[0].message).toContain(pathKey);
  });

  const rows: Row[] = [
    // --- document envelope -------------------------------------------------------------------------
    ['rejects a document without apiVersion', (d) => delete d.apiVersion, 'apiVersion', REQUIRED],
    ['rejects a document without kind', (d) => delete d.kind, 'kind', REQUIRED],
    ['rejects a document without metadata', (d) => delete d.metadata, 'metadata', REQUIRED],
    ['rejects a document without spec', (d) => delete d.spec, 'spec', REQUIRED],
    [
      'rejects an apiVersion other than sla-sentinel/v1',
      (d) => (d.apiVersion = 'sla-sentinel/v2'),
      'apiVersion',
      /sla-sentinel\/v1/,
    ],
    ['rejects a kind other than Contract', (d) => (d.kind = 'Agreement'), 'kind', /Contract/],
    ['rejects metadata that is not an object', (d) => (d.metadata = 'acme'), 'metadata', /object/],
    ['rejects a spec that is a list', (d) => (d.spec = []), 'spec', /object/],
    ['rejects an unknown top-level field', (d) => (d.status = {}), 'status', NOT_KNOWN],
    [
      'rejects a metadata.key that is not a slug',
      (d) => (d.metadata.key = 'Acme_IT'),
      'metadata.key',
      /slug/,
    ],
    [
      'rejects a metadata.key longer than 63 characters',
      (d) => (d.metadata.key = 'a'.repeat(64)),
      'metadata.key',
      /slug/,
    ],
    ['rejects metadata without a title', (d) => delete d.metadata.title, 'metadata.title', REQUIRED],
    ['rejects an empty metadata.title', (d) => (d.metadata.title = '   '), 'metadata.title', /empty/],
    ['rejects an unknown metadata field', (d) => (d.metadata.labels = {}), 'metadata.labels', NOT_KNOWN],
    // --- spec scalars ---------------------------------------------------------------------------------
    ['rejects an unknown spec field', (d) => (d.spec.colour = 'red'), 'spec.colour', NOT_KNOWN],
    ['rejects a spec without vendor', (d) => delete d.spec.vendor, 'spec.vendor', REQUIRED],
    ['rejects a vendor that is not a slug', (d) => (d.spec.vendor = 'Acme Ltd'), 'spec.vendor', /slug/],
    ['rejects a spec without timezone', (d) => delete d.spec.timezone, 'spec.timezone', REQUIRED],
    [
      'rejects a time zone that is not IANA',
      (d) => (d.spec.timezone = 'Mars/Olympus'),
      'spec.timezone',
      /IANA/,
    ],
    ['rejects a fixed UTC offset as time zone', (d) => (d.spec.timezone = 'UTC+3'), 'spec.timezone', /IANA/],
    ['rejects a bare offset as time zone', (d) => (d.spec.timezone = '+03:00'), 'spec.timezone', /IANA/],
    ['rejects a GMT offset as time zone', (d) => (d.spec.timezone = 'GMT-5'), 'spec.timezone', /IANA/],
    ['rejects a time zone that is not a string', (d) => (d.spec.timezone = 3), 'spec.timezone', /string/],
    [
      'rejects a weekStart other than sun or mon',
      (d) => (d.spec.weekStart = 'tue'),
      'spec.weekStart',
      /sun, mon/,
    ],
    ['rejects a spec without effective', (d) => delete d.spec.effective, 'spec.effective', REQUIRED],
    ['rejects effective without from', (d) => delete d.spec.effective.from, 'spec.effective.from', REQUIRED],
    [
      'rejects an impossible effective.from date',
      (d) => (d.spec.effective.from = '2027-02-30'),
      'spec.effective.from',
      /date/,
    ],
    [
      'rejects a slash-separated effective.from',
      (d) => (d.spec.effective.from = '2027/01/01'),
      'spec.effective.from',
      /date/,
    ],
    [
      'rejects a timestamp as effective.from',
      (d) => (d.spec.effective.from = '2027-01-01T00:00:00Z'),
      'spec.effective.from',
      /date/,
    ],
    [
      'rejects a month 13 in effective.to',
      (d) => (d.spec.effective.to = '2027-13-01'),
      'spec.effective.to',
      /date/,
    ],
    [
      'rejects an effective.to before effective.from',
      (d) => (d.spec.effective.to = '2026-12-31'),
      'spec.effective.to',
      /before/,
    ],
    [
      'rejects an unknown field in effective',
      (d) => (d.spec.effective.until = '2028-01-01'),
      'spec.effective.until',
      NOT_KNOWN,
    ],
    [
      'rejects a lower-case currency',
      (d) => (d.spec.fees.currency = 'ils'),
      'spec.fees.currency',
      /ISO 4217/,
    ],
    [
      'rejects a currency symbol instead of an ISO 4217 code',
      (d) => (d.spec.fees.currency = 'US$'),
      'spec.fees.currency',
      /ISO 4217/,
    ],
    [
      'rejects a four-letter currency',
      (d) => (d.spec.fees.currency = 'EURO'),
      'spec.fees.currency',
      /ISO 4217/,
    ],
    ['rejects fees without a currency', (d) => delete d.spec.fees.currency, 'spec.fees.currency', REQUIRED],
    ['rejects a negative monthly fee', (d) => (d.spec.fees.monthly = -1), 'spec.fees.monthly', /at least 0/],
    [
      'rejects a monthly fee written as text',
      (d) => (d.spec.fees.monthly = '120000'),
      'spec.fees.monthly',
      /number/,
    ],
    ['rejects a creditCap above 100', (d) => (d.spec.creditCap = 101), 'spec.creditCap', /at most 100/],
    ['rejects a negative creditCap', (d) => (d.spec.creditCap = -1), 'spec.creditCap', /at least 0/],
    [
      'rejects a creditCap written with a percent sign',
      (d) => (d.spec.creditCap = '20%'),
      'spec.creditCap',
      /number/,
    ],
    [
      'rejects a closeAfter that is not a duration',
      (d) => (d.spec.closeAfter = 'soon'),
      'spec.closeAfter',
      /duration/,
    ],
    ['rejects a zero closeAfter', (d) => (d.spec.closeAfter = '0h'), 'spec.closeAfter', /duration/],
    ['rejects a negative closeAfter', (d) => (d.spec.closeAfter = '-1h'), 'spec.closeAfter', /duration/],
    [
      'rejects a closeAfter longer than 90 days',
      (d) => (d.spec.closeAfter = '91d'),
      'spec.closeAfter',
      /at most/,
    ],
    [
      'rejects a closeAfter written as a bare number',
      (d) => (d.spec.closeAfter = 72),
      'spec.closeAfter',
      /string/,
    ],
    [
      'rejects a notifyVendor that is not a boolean',
      (d) => (d.spec.notifyVendor = 'yes'),
      'spec.notifyVendor',
      /true or false/,
    ],
    [
      'rejects a repeat interval shorter than an hour',
      (d) => (d.spec.notifications = { repeatInterval: '30m' }),
      'spec.notifications.repeatInterval',
      /at least 3600/,
    ],
    [
      'rejects an unknown field in notifications',
      (d) => (d.spec.notifications = { channel: 'mail' }),
      'spec.notifications.channel',
      NOT_KNOWN,
    ],
    // --- emails ---------------------------------------------------------------------------------------
    [
      'rejects an owner that is not an email',
      (d) => (d.spec.owners = ['not-an-email']),
      'spec.owners[0]',
      /email/,
    ],
    [
      'rejects an owner whose domain has no dot',
      (d) => (d.spec.owners = ['cio@customer.example', 'a@b']),
      'spec.owners[1]',
      /email/,
    ],
    [
      'rejects an owner with a display name',
      (d) => (d.spec.owners = ['CIO <cio@customer.example>']),
      'spec.owners[0]',
      /email/,
    ],
    [
      'rejects an owner with two @ signs',
      (d) => (d.spec.owners = ['cio@@customer.example']),
      'spec.owners[0]',
      /email/,
    ],
    [
      'rejects owners given as a single string',
      (d) => (d.spec.owners = 'cio@customer.example'),
      'spec.owners',
      /list/,
    ],
    ['rejects an owner that is a number', (d) => (d.spec.owners = [42]), 'spec.owners[0]', /string/],
    [
      'rejects a vendor contact that is not an email',
      (d) => (d.spec.vendorContacts = ['sla-desk@']),
      'spec.vendorContacts[0]',
      /email/,
    ],
    // --- chronic --------------------------------------------------------------------------------------
    [
      'rejects chronic breaches that exceed the number of periods',
      (d) => (d.spec.chronic = { breaches: 7, periods: 6 }),
      'spec.chronic.breaches',
      /cannot exceed periods/,
    ],
    [
      'rejects zero chronic periods',
      (d) => (d.spec.chronic.periods = 0),
      'spec.chronic.periods',
      /at least 1/,
    ],
    [
      'rejects fractional chronic breaches',
      (d) => (d.spec.chronic.breaches = 1.5),
      'spec.chronic.breaches',
      /whole/,
    ],
    [
      'rejects chronic without periods',
      (d) => delete d.spec.chronic.periods,
      'spec.chronic.periods',
      REQUIRED,
    ],
    // --- calendars ------------------------------------------------------------------------------------
    [
      'rejects calendar hours that overlap the previous span',
      (d) =>
        (d.spec.calendars.business.hours = [
          { from: '08:00', to: '12:00' },
          { from: '11:00', to: '18:00' },
        ]),
      'spec.calendars.business.hours[1]',
      /overlaps spec\.calendars\.business\.hours\[0\]/,
    ],
    [
      'rejects calendar hours that overlap a span listed later',
      (d) =>
        (d.spec.calendars.business.hours = [
          { from: '11:00', to: '18:00' },
          { from: '08:00', to: '12:00' },
        ]),
      'spec.calendars.business.hours[1]',
      /overlaps spec\.calendars\.business\.hours\[0\]/,
    ],
    [
      'rejects calendar hours that overlap a long span even when a short one sits between them',
      (d) =>
        (d.spec.calendars.business.hours = [
          { from: '08:00', to: '18:00' },
          { from: '09:00', to: '10:00' },
          { from: '11:00', to: '12:00' },
        ]),
      'spec.calendars.business.hours[2]',
      /overlaps spec\.calendars\.business\.hours\[0\]/,
    ],
    [
      'rejects a repeated calendar span',
      (d) =>
        (d.spec.calendars.business.hours = [
          { from: '08:00', to: '12:00' },
          { from: '08:00', to: '12:00' },
        ]),
      'spec.calendars.business.hours[1]',
      /overlaps/,
    ],
    [
      'rejects reversed calendar hours',
      (d) => (d.spec.calendars.business.hours = [{ from: '18:00', to: '08:00' }]),
      'spec.calendars.business.hours[0]',
      /ends before it starts/,
    ],
    [
      'rejects empty calendar hours (from equals to)',
      (d) => (d.spec.calendars.business.hours = [{ from: '08:00', to: '08:00' }]),
      'spec.calendars.business.hours[0]',
      /ends before it starts/,
    ],
    [
      'rejects 24:00 as the start of calendar hours',
      (d) => (d.spec.calendars.business.hours = [{ from: '24:00', to: '24:00' }]),
      'spec.calendars.business.hours[0].from',
      /23:59/,
    ],
    [
      'rejects 24:30 as the end of calendar hours',
      (d) => (d.spec.calendars.business.hours = [{ from: '08:00', to: '24:30' }]),
      'spec.calendars.business.hours[0].to',
      /24:00/,
    ],
    [
      'rejects a single-digit hour in calendar hours',
      (d) => (d.spec.calendars.business.hours = [{ from: '8:00', to: '18:00' }]),
      'spec.calendars.business.hours[0].from',
      /HH:MM/,
    ],
    [
      'rejects minute 60 in calendar hours',
      (d) => (d.spec.calendars.business.hours = [{ from: '08:60', to: '18:00' }]),
      'spec.calendars.business.hours[0].from',
      /HH:MM/,
    ],
    [
      'rejects a calendar span without to',
      (d) => (d.spec.calendars.business.hours = [{ from: '08:00' }]),
      'spec.calendars.business.hours[0].to',
      REQUIRED,
    ],
    [
      'rejects an unknown field in a calendar span',
      (d) => (d.spec.calendars.business.hours[0].zone = 'UTC'),
      'spec.calendars.business.hours[0].zone',
      NOT_KNOWN,
    ],
    [
      'rejects a calendar without hours',
      (d) => delete d.spec.calendars.business.hours,
      'spec.calendars.business.hours',
      REQUIRED,
    ],
    [
      'rejects a calendar with no weekdays',
      (d) => (d.spec.calendars.business.weekdays = []),
      'spec.calendars.business.weekdays',
      /at least 1/,
    ],
    [
      'rejects a weekday spelled out in full',
      (d) => (d.spec.calendars.business.weekdays = ['sun', 'monday']),
      'spec.calendars.business.weekdays[1]',
      /one of sun/,
    ],
    [
      'rejects a repeated weekday',
      (d) => (d.spec.calendars.business.weekdays = ['mon', 'tue', 'mon']),
      'spec.calendars.business.weekdays[2]',
      /repeats mon/,
    ],
    [
      'rejects an impossible holiday date',
      (d) => (d.spec.calendars.business.holidays = ['2027-02-29']),
      'spec.calendars.business.holidays[0]',
      /date/,
    ],
    [
      'rejects an unknown calendar field',
      (d) => (d.spec.calendars.business.colour = 'red'),
      'spec.calendars.business.colour',
      NOT_KNOWN,
    ],
    [
      'rejects a calendar name with a space',
      (d) => (d.spec.calendars['office hours'] = d.spec.calendars.business),
      'spec.calendars.office hours',
      /calendar name/,
    ],
    [
      'rejects a calendar that is not an object',
      (d) => (d.spec.calendars.business = 'weekdays'),
      'spec.calendars.business',
      /object/,
    ],
    // --- maintenance ----------------------------------------------------------------------------------
    [
      'rejects a cron with four fields',
      (d) => (d.spec.maintenance[0].cron = '0 2 * *'),
      'spec.maintenance[0].cron',
      /5 fields/,
    ],
    [
      'rejects a cron with six fields',
      (d) => (d.spec.maintenance[0].cron = '0 0 2 * * 6'),
      'spec.maintenance[0].cron',
      /5 fields/,
    ],
    [
      'rejects a cron minute of 61',
      (d) => (d.spec.maintenance[0].cron = '61 2 * * 6'),
      'spec.maintenance[0].cron',
      /out of range/,
    ],
    [
      'rejects a cron day-of-week of 8',
      (d) => (d.spec.maintenance[0].cron = '0 2 * * 8'),
      'spec.maintenance[0].cron',
      /out of range/,
    ],
    [
      'rejects a cron macro',
      (d) => (d.spec.maintenance[0].cron = '@daily'),
      'spec.maintenance[0].cron',
      /macros/,
    ],
    [
      'rejects Quartz syntax in a cron',
      (d) => (d.spec.maintenance[0].cron = '0 2 ? * 6'),
      'spec.maintenance[0].cron',
      /Vixie/,
    ],
    ['rejects an empty cron', (d) => (d.spec.maintenance[0].cron = ' '), 'spec.maintenance[0].cron', /empty/],
    [
      'rejects a maintenance duration that is not a duration',
      (d) => (d.spec.maintenance[0].duration = '3 hours'),
      'spec.maintenance[0].duration',
      /duration/,
    ],
    [
      'rejects a zero maintenance duration',
      (d) => (d.spec.maintenance[0].duration = '0m'),
      'spec.maintenance[0].duration',
      /duration/,
    ],
    [
      'rejects a maintenance duration above 31 days',
      (d) => (d.spec.maintenance[0].duration = '32d'),
      'spec.maintenance[0].duration',
      /at most/,
    ],
    [
      'rejects a recurring window without duration',
      (d) => delete d.spec.maintenance[0].duration,
      'spec.maintenance[0].duration',
      REQUIRED,
    ],
    [
      'rejects a maintenance window without title',
      (d) => delete d.spec.maintenance[1].title,
      'spec.maintenance[1].title',
      REQUIRED,
    ],
    [
      'rejects a one-off window that ends before it starts',
      (d) => (d.spec.maintenance[1].to = '2027-03-11T21:00:00+02:00'),
      'spec.maintenance[1].to',
      /after from/,
    ],
    [
      'rejects a one-off window that ends when it starts',
      (d) => (d.spec.maintenance[1].to = d.spec.maintenance[1].from),
      'spec.maintenance[1].to',
      /after from/,
    ],
    [
      'rejects a one-off window timestamp without an offset',
      (d) => (d.spec.maintenance[1].from = '2027-03-11T22:00:00'),
      'spec.maintenance[1].from',
      /offset/,
    ],
    [
      'rejects a maintenance window that mixes cron and from/to',
      (d) => (d.spec.maintenance[0].from = '2027-03-11T22:00:00+02:00'),
      'spec.maintenance[0].from',
      NOT_KNOWN,
    ],
    [
      'rejects an unknown maintenance field',
      (d) => (d.spec.maintenance[0].colour = 'red'),
      'spec.maintenance[0].colour',
      NOT_KNOWN,
    ],
    [
      'rejects a maintenance entry that is a string',
      (d) => (d.spec.maintenance[0] = 'weekly'),
      'spec.maintenance[0]',
      /object/,
    ],
    // --- objectives: identity, kind, aggregate --------------------------------------------------------
    [
      'rejects a duplicate objective key at the second occurrence',
      (d) => (d.spec.objectives[3].key = 'portal-availability'),
      'spec.objectives[3].key',
      /duplicates spec\.objectives\[0\]\.key/,
    ],
    [
      'rejects a repeated objective appended at the end',
      (d) => d.spec.objectives.push(structuredClone(d.spec.objectives[1])),
      'spec.objectives[7].key',
      /duplicates spec\.objectives\[1\]\.key/,
    ],
    [
      'rejects an objective key that is not a slug',
      (d) => (d.spec.objectives[0].key = 'Portal'),
      'spec.objectives[0].key',
      /slug/,
    ],
    [
      'rejects an objective without key',
      (d) => delete d.spec.objectives[0].key,
      'spec.objectives[0].key',
      REQUIRED,
    ],
    [
      'rejects an objective without period',
      (d) => delete d.spec.objectives[0].period,
      'spec.objectives[0].period',
      REQUIRED,
    ],
    [
      'rejects an objective without indicator',
      (d) => delete d.spec.objectives[0].indicator,
      'spec.objectives[0].indicator',
      REQUIRED,
    ],
    [
      'rejects an objective without objective',
      (d) => delete d.spec.objectives[0].objective,
      'spec.objectives[0].objective',
      REQUIRED,
    ],
    [
      'rejects an unknown indicator kind',
      (d) => (d.spec.objectives[0].indicator.kind = 'latency'),
      'spec.objectives[0].indicator.kind',
      /one of ratio/,
    ],
    [
      'rejects an indicator without kind',
      (d) => delete d.spec.objectives[0].indicator.kind,
      'spec.objectives[0].indicator.kind',
      REQUIRED,
    ],
    [
      'rejects an indicator whose kind is null',
      (d) => (d.spec.objectives[0].indicator.kind = null),
      'spec.objectives[0].indicator.kind',
      REQUIRED,
    ],
    [
      'rejects an indicator that is a string',
      (d) => (d.spec.objectives[0].indicator = 'ratio'),
      'spec.objectives[0].indicator',
      /object/,
    ],
    [
      'rejects an unknown threshold aggregate',
      (d) => (d.spec.objectives[2].indicator.aggregate = 'median'),
      'spec.objectives[2].indicator.aggregate',
      /one of avg/,
    ],
    [
      'rejects a percentile that is not offered',
      (d) => (d.spec.objectives[2].indicator.aggregate = 'p95.5'),
      'spec.objectives[2].indicator.aggregate',
      /p99\.9/,
    ],
    [
      'rejects a threshold without aggregate',
      (d) => delete d.spec.objectives[2].indicator.aggregate,
      'spec.objectives[2].indicator.aggregate',
      REQUIRED,
    ],
    [
      'rejects an unknown timeslice aggregate',
      (d) => (d.spec.objectives[1].indicator.aggregate = 'mean'),
      'spec.objectives[1].indicator.aggregate',
      /one of avg/,
    ],
    [
      'rejects an invalid metric name',
      (d) => (d.spec.objectives[2].indicator.metric = '9lives'),
      'spec.objectives[2].indicator.metric',
      /metric name/,
    ],
    [
      'rejects an unknown indicator field',
      (d) => (d.spec.objectives[0].indicator.colour = 'red'),
      'spec.objectives[0].indicator.colour',
      NOT_KNOWN,
    ],
    [
      'rejects an unknown objective field',
      (d) => (d.spec.objectives[0].colour = 'red'),
      'spec.objectives[0].colour',
      NOT_KNOWN,
    ],
    [
      'rejects a severity outside critical, major, minor',
      (d) => (d.spec.objectives[0].severity = 'high'),
      'spec.objectives[0].severity',
      /critical, major, minor/,
    ],
    [
      'rejects a responsible party outside vendor, customer, shared',
      (d) => (d.spec.objectives[0].responsible = 'both'),
      'spec.objectives[0].responsible',
      /vendor, customer, shared/,
    ],
    [
      'rejects an excludeMaintenance that is not a boolean',
      (d) => (d.spec.objectives[0].excludeMaintenance = 'no'),
      'spec.objectives[0].excludeMaintenance',
      /true or false/,
    ],
    [
      'rejects a warnAt above 100',
      (d) => (d.spec.objectives[0].warnAt = 150),
      'spec.objectives[0].warnAt',
      /at most 100/,
    ],
    [
      'rejects a minEvents of 0',
      (d) => (d.spec.objectives[0].minEvents = 0),
      'spec.objectives[0].minEvents',
      /at least 1/,
    ],
    [
      'rejects a fractional minEvents',
      (d) => (d.spec.objectives[0].minEvents = 1.5),
      'spec.objectives[0].minEvents',
      /whole/,
    ],
    // --- ratio ----------------------------------------------------------------------------------------
    [
      'rejects a ratio with both good and bad',
      (d) => (d.spec.objectives[0].indicator.bad = 'portal_requests_failed'),
      'spec.objectives[0].indicator',
      /exactly one of good or bad/,
    ],
    [
      'rejects a ratio with neither good nor bad',
      (d) => delete d.spec.objectives[0].indicator.good,
      'spec.objectives[0].indicator',
      /exactly one of good or bad/,
    ],
    [
      'rejects a ratio whose good is null and that has no bad',
      (d) => (d.spec.objectives[0].indicator.good = null),
      'spec.objectives[0].indicator',
      /exactly one of good or bad/,
    ],
    [
      'rejects a ratio without total',
      (d) => delete d.spec.objectives[0].indicator.total,
      'spec.objectives[0].indicator.total',
      REQUIRED,
    ],
    // --- objective comparisons ------------------------------------------------------------------------
    [
      'rejects a percentage target above 100',
      (d) => (d.spec.objectives[0].objective = '>= 101%'),
      'spec.objectives[0].objective',
      /0 to 100/,
    ],
    [
      'rejects a negative percentage target',
      (d) => (d.spec.objectives[0].objective = { op: 'gte', target: -1 }),
      'spec.objectives[0].objective',
      /0 to 100/,
    ],
    [
      'rejects a timeslice target above 100 without a percent sign',
      (d) => (d.spec.objectives[1].objective = '>= 150'),
      'spec.objectives[1].objective',
      /0 to 100/,
    ],
    [
      'rejects a deadline target above 100 in the object form',
      (d) => (d.spec.objectives[3].objective = { op: 'gte', target: 100.5 }),
      'spec.objectives[3].objective',
      /0 to 100/,
    ],
    [
      'rejects a freshness target below 0',
      (d) => (d.spec.objectives[5].objective = '>= -0.5%'),
      'spec.objectives[5].objective',
      /0 to 100/,
    ],
    [
      'rejects a percent sign on a threshold target',
      (d) => (d.spec.objectives[2].objective = '<= 300%'),
      'spec.objectives[2].objective',
      /remove the %/,
    ],
    [
      'rejects an unknown comparison symbol',
      (d) => (d.spec.objectives[0].objective = '=> 99.9%'),
      'spec.objectives[0].objective',
      /must look like/,
    ],
    [
      'rejects an equality comparison',
      (d) => (d.spec.objectives[0].objective = '== 99.9%'),
      'spec.objectives[0].objective',
      /must look like/,
    ],
    [
      'rejects a comparison without a number',
      (d) => (d.spec.objectives[0].objective = '>= high'),
      'spec.objectives[0].objective',
      /must look like/,
    ],
    [
      'rejects an unknown op in the object form',
      (d) => (d.spec.objectives[0].objective = { op: 'eq', target: 99 }),
      'spec.objectives[0].objective',
      /op must be one of/,
    ],
    [
      'rejects a target written as text in the object form',
      (d) => (d.spec.objectives[0].objective = { op: 'gte', target: '99.9' }),
      'spec.objectives[0].objective',
      /target must be a number/,
    ],
    [
      'rejects extra fields in the object form',
      (d) => (d.spec.objectives[0].objective = { op: 'gte', target: 99, unit: '%' }),
      'spec.objectives[0].objective',
      /unknown fields: unit/,
    ],
    [
      'rejects an objective that is a bare number',
      (d) => (d.spec.objectives[0].objective = 99.9),
      'spec.objectives[0].objective',
      /must look like/,
    ],
    [
      'rejects a threshold target that overflows to infinity',
      (d) => (d.spec.objectives[2].objective = '<= 1e400'),
      'spec.objectives[2].objective',
      /too large/,
    ],
    // --- periods --------------------------------------------------------------------------------------
    [
      'rejects a period that is neither calendar nor duration',
      (d) => (d.spec.objectives[0].period = 'fortnight'),
      'spec.objectives[0].period',
      /day, week, month, quarter, year/,
    ],
    [
      'rejects a zero rolling period',
      (d) => (d.spec.objectives[2].period = '0m'),
      'spec.objectives[2].period',
      /rolling window/,
    ],
    [
      'rejects a rolling period shorter than a minute',
      (d) => (d.spec.objectives[2].period = '30s'),
      'spec.objectives[2].period',
      /1m to 400d/,
    ],
    [
      'rejects a rolling period longer than 400 days',
      (d) => (d.spec.objectives[2].period = '401d'),
      'spec.objectives[2].period',
      /1m to 400d/,
    ],
    [
      'rejects an adjective period name',
      (d) => (d.spec.objectives[6].period = 'monthly'),
      'spec.objectives[6].period',
      /rolling window/,
    ],
    [
      'rejects a period given as a number',
      (d) => (d.spec.objectives[0].period = 30),
      'spec.objectives[0].period',
      /string/,
    ],
    // --- credits --------------------------------------------------------------------------------------
    [
      'rejects credit tiers that go upwards',
      (d) => (d.spec.objectives[0].credits[1].below = 99.95),
      'spec.objectives[0].credits[1].below',
      /strictly downwards/,
    ],
    [
      'rejects two credit tiers with the same below',
      (d) => (d.spec.objectives[0].credits[1].below = 99.9),
      'spec.objectives[0].credits[1].below',
      /strictly downwards/,
    ],
    [
      'rejects credits on a rolling-period objective',
      (d) => (d.spec.objectives[0].period = '30d'),
      'spec.objectives[0].credits',
      /month, quarter or year/,
    ],
    [
      'rejects credits on a weekly objective',
      (d) => (d.spec.objectives[3].period = 'week'),
      'spec.objectives[3].credits',
      /month, quarter or year/,
    ],
    [
      'rejects credits on a threshold objective',
      (d) => (d.spec.objectives[2].credits = [{ below: 99, credit: 5 }]),
      'spec.objectives[2].credits',
      /percentages/,
    ],
    [
      'rejects a credit above 100 percent',
      (d) => (d.spec.objectives[0].credits[0].credit = 101),
      'spec.objectives[0].credits[0].credit',
      /at most 100/,
    ],
    [
      'rejects a tier below above 100',
      (d) => (d.spec.objectives[0].credits[0].below = 120),
      'spec.objectives[0].credits[0].below',
      /at most 100/,
    ],
    [
      'rejects a credit tier without credit',
      (d) => delete d.spec.objectives[0].credits[0].credit,
      'spec.objectives[0].credits[0].credit',
      REQUIRED,
    ],
    [
      'rejects an unknown field in a credit tier',
      (d) => (d.spec.objectives[0].credits[0].colour = 'red'),
      'spec.objectives[0].credits[0].colour',
      NOT_KNOWN,
    ],
    [
      'rejects credits that are not a list',
      (d) => (d.spec.objectives[0].credits = { below: 99, credit: 5 }),
      'spec.objectives[0].credits',
      /list/,
    ],
    // --- calendar references --------------------------------------------------------------------------
    [
      'rejects serviceHours naming an unknown calendar',
      (d) => (d.spec.objectives[3].serviceHours = 'weekend'),
      'spec.objectives[3].serviceHours',
      /names no calendar of spec\.calendars \(business\)/,
    ],
    [
      'rejects serviceHours when no calendars are defined',
      (d) => {
        delete d.spec.calendars;
        delete d.spec.objectives[3].indicator.calendar;
        delete d.spec.objectives[6].indicator.calendar;
      },
      'spec.objectives[3].serviceHours',
      /none defined/,
    ],
    [
      'rejects a deadline calendar naming an unknown calendar',
      (d) => (d.spec.objectives[6].indicator.calendar = 'support'),
      'spec.objectives[6].indicator.calendar',
      /names no calendar/,
    ],
    [
      'rejects a calendar reference that only matches an inherited property name',
      (d) => (d.spec.objectives[3].serviceHours = 'toString'),
      'spec.objectives[3].serviceHours',
      /names no calendar/,
    ],
    // --- deadline, freshness, timeslice specifics -----------------------------------------------------
    [
      'rejects a deadline pause without resume',
      (d) => delete d.spec.objectives[3].indicator.resume,
      'spec.objectives[3].indicator.resume',
      /pause and resume go together/,
    ],
    [
      'rejects a deadline resume without pause',
      (d) => delete d.spec.objectives[3].indicator.pause,
      'spec.objectives[3].indicator.pause',
      /pause and resume go together/,
    ],
    [
      'rejects a deadline resume whose pause is null',
      (d) => (d.spec.objectives[3].indicator.pause = null),
      'spec.objectives[3].indicator.pause',
      /pause and resume go together/,
    ],
    [
      'rejects a deadline that stops on its start action',
      (d) => (d.spec.objectives[4].indicator.stop = 'opened'),
      'spec.objectives[4].indicator.stop',
      /differ from start/,
    ],
    [
      'rejects a deadline within that is not a duration',
      (d) => (d.spec.objectives[3].indicator.within = '4 hours'),
      'spec.objectives[3].indicator.within',
      /duration/,
    ],
    [
      'rejects a zero deadline within',
      (d) => (d.spec.objectives[3].indicator.within = '0h'),
      'spec.objectives[3].indicator.within',
      /duration/,
    ],
    [
      'rejects a deadline without within',
      (d) => delete d.spec.objectives[3].indicator.within,
      'spec.objectives[3].indicator.within',
      REQUIRED,
    ],
    [
      'rejects a deadline item of two words',
      (d) => (d.spec.objectives[3].indicator.item = 'support ticket'),
      'spec.objectives[3].indicator.item',
      /one word/,
    ],
    [
      'rejects a deadline where value that is an object',
      (d) => (d.spec.objectives[3].indicator.where = { priority: { in: ['P1'] } }),
      'spec.objectives[3].indicator.where.priority',
      /string/,
    ],
    [
      'rejects a deadline where that is a list',
      (d) => (d.spec.objectives[3].indicator.where = ['P1']),
      'spec.objectives[3].indicator.where',
      /object/,
    ],
    [
      'rejects a freshness maxAge that is not a duration',
      (d) => (d.spec.objectives[5].indicator.maxAge = 'fifteen'),
      'spec.objectives[5].indicator.maxAge',
      /duration/,
    ],
    [
      'rejects a zero freshness maxAge',
      (d) => (d.spec.objectives[5].indicator.maxAge = '0m'),
      'spec.objectives[5].indicator.maxAge',
      /duration/,
    ],
    [
      'rejects a freshness indicator without maxAge',
      (d) => delete d.spec.objectives[5].indicator.maxAge,
      'spec.objectives[5].indicator.maxAge',
      REQUIRED,
    ],
    [
      'rejects a timeslice slice that is not a whole number of minutes',
      (d) => (d.spec.objectives[1].indicator.slice = '90s'),
      'spec.objectives[1].indicator.slice',
      /whole number of minutes/,
    ],
    [
      'rejects a timeslice slice shorter than a minute',
      (d) => (d.spec.objectives[1].indicator.slice = '30s'),
      'spec.objectives[1].indicator.slice',
      /at least 60/,
    ],
    [
      'rejects a timeslice slice longer than a day',
      (d) => (d.spec.objectives[1].indicator.slice = '2d'),
      'spec.objectives[1].indicator.slice',
      /at most 86400/,
    ],
    [
      'rejects a timeslice slice that is not a duration',
      (d) => (d.spec.objectives[1].indicator.slice = 'one minute'),
      'spec.objectives[1].indicator.slice',
      /duration/,
    ],
    [
      'rejects a percent sign on a timeslice good condition',
      (d) => (d.spec.objectives[1].indicator.good = '>= 1%'),
      'spec.objectives[1].indicator.good',
      /remove the %/,
    ],
    [
      'rejects a timeslice without good',
      (d) => delete d.spec.objectives[1].indicator.good,
      'spec.objectives[1].indicator.good',
      REQUIRED,
    ],
    [
      'rejects missingData on a ratio objective',
      (d) => (d.spec.objectives[0].missingData = 'good'),
      'spec.objectives[0].missingData',
      /only to timeslice/,
    ],
    [
      'rejects missingData on a freshness objective',
      (d) => (d.spec.objectives[5].missingData = 'bad'),
      'spec.objectives[5].missingData',
      /only to timeslice/,
    ],
    [
      'rejects an unknown missingData policy',
      (d) => (d.spec.objectives[1].missingData = 'zero'),
      'spec.objectives[1].missingData',
      /ignore, good, bad/,
    ],
    [
      'rejects warn on a ratio objective',
      (d) => (d.spec.objectives[0].warn = '>= 99.95%'),
      'spec.objectives[0].warn',
      /applies only to threshold/,
    ],
    [
      'rejects warn on a percentile threshold',
      (d) => (d.spec.objectives[2].warn = '<= 280'),
      'spec.objectives[2].warn',
      /applies only to threshold/,
    ],
    [
      'rejects a malformed warn on a budget-less threshold',
      (d) => {
        d.spec.objectives[2].indicator.aggregate = 'max';
        d.spec.objectives[2].warn = 'soon';
      },
      'spec.objectives[2].warn',
      /must look like/,
    ],
    // --- objectives list ------------------------------------------------------------------------------
    [
      'rejects a contract with neither objectives nor deliverables',
      (d) => {
        d.spec.objectives = [];
        delete d.spec.deliverables;
      },
      'spec.objectives',
      /at least one objective or deliverable/,
    ],
    [
      'rejects objectives that are not a list',
      (d) => (d.spec.objectives = { a: 1 }),
      'spec.objectives',
      /list/,
    ],
    [
      'rejects an objective that is a string',
      (d) => (d.spec.objectives[0] = 'portal-availability'),
      'spec.objectives[0]',
      /object/,
    ],
    // --- deliverables ---------------------------------------------------------------------------------
    [
      'rejects a deliverable due before local midnight of effective.from in the contract zone',
      (d) => (d.spec.deliverables[0].due = '2026-12-31T23:59:59+02:00'),
      'spec.deliverables[0].due',
      /effective range/,
    ],
    [
      'rejects a deliverable due at the local midnight after effective.to',
      (d) => (d.spec.deliverables[1].due = '2028-01-01T00:00:00+02:00'),
      'spec.deliverables[1].due',
      /effective range/,
    ],
    [
      'rejects a deliverable due after effective.to written in UTC',
      (d) => (d.spec.deliverables[1].due = '2027-12-31T22:00:00Z'),
      'spec.deliverables[1].due',
      /effective range/,
    ],
    [
      'measures the effective range in the contract zone, not in UTC',
      (d) => {
        d.spec.timezone = 'America/New_York';
        // 2027-01-01T03:00Z is still 31 December in New York.
        d.spec.deliverables[0].due = '2027-01-01T03:00:00Z';
      },
      'spec.deliverables[0].due',
      /effective range/,
    ],
    [
      'rejects a deliverable due without an offset',
      (d) => (d.spec.deliverables[0].due = '2027-03-31T18:00:00'),
      'spec.deliverables[0].due',
      /offset/,
    ],
    [
      'rejects a deliverable due given as a date only',
      (d) => (d.spec.deliverables[0].due = '2027-03-31'),
      'spec.deliverables[0].due',
      /offset/,
    ],
    [
      'rejects an impossible deliverable due',
      (d) => (d.spec.deliverables[0].due = '2027-02-30T18:00:00+02:00'),
      'spec.deliverables[0].due',
      /offset/,
    ],
    [
      'rejects a duplicate deliverable key at the second occurrence',
      (d) => (d.spec.deliverables[1].key = 'dr-site'),
      'spec.deliverables[1].key',
      /duplicates spec\.deliverables\[0\]\.key/,
    ],
    [
      'rejects a deliverable without title',
      (d) => delete d.spec.deliverables[0].title,
      'spec.deliverables[0].title',
      REQUIRED,
    ],
    [
      'rejects a deliverable responsible outside the three parties',
      (d) => (d.spec.deliverables[0].responsible = 'them'),
      'spec.deliverables[0].responsible',
      /vendor, customer, shared/,
    ],
    [
      'rejects an unknown deliverable field',
      (d) => (d.spec.deliverables[0].colour = 'red'),
      'spec.deliverables[0].colour',
      NOT_KNOWN,
    ],
    [
      'rejects deliverables that are not a list',
      (d) => (d.spec.deliverables = 'dr-site'),
      'spec.deliverables',
      /list/,
    ],
  ];

  it.each<Row>(rows)('%s', (_name, mutation, path, message) => {
    expectRow(mutation, path, message);
  });

  it('reports every problem of a document in one pass', () => {
    const errors = errorsOf(
      mutated((d) => {
        d.spec.timezone = 'Mars/Olympus';
        d.spec.objectives[0].objective = '>= 101%';
        d.spec.deliverables[1].key = 'dr-site';
        d.spec.colour = 'red';
      }),
    );
    expectNoDuplicates(errors);
    expect(errors.map((e) => e.path).sort()).toEqual(
      ['spec.colour', 'spec.deliverables[1].key', 'spec.objectives[0].objective', 'spec.timezone'].sort(),
    );
  });

  it('never repeats the same path and message, even when two keys render to the same path', () => {
    const errors = errorsOf(
      mutated((d) => {
        d['spec.colour'] = 'red';
        d.spec.colour = 'red';
      }),
    );
    expectNoDuplicates(errors);
    expect(errors).toContainEqual({ path: 'spec.colour', message: 'is not a known field' });
  });

  // JSON.parse and the yaml package both keep `__proto__` as an own key; assigning it into a fresh object
  // would set the prototype instead, silently losing the calendar or the where pair.
  it('rejects a calendar named __proto__ instead of losing it from the spec', () => {
    const doc = mutated((d) => {
      d.spec.calendars = JSON.parse(
        '{"__proto__": {"weekdays": ["mon"], "hours": [{"from": "08:00", "to": "18:00"}]}}',
      );
      d.spec.objectives[3].serviceHours = '__proto__';
      d.spec.objectives[3].indicator.calendar = '__proto__';
      d.spec.objectives[6].indicator.calendar = '__proto__';
    });
    const hits = errorsAt(doc, 'spec.calendars.__proto__');
    expect(hits[0].message).toMatch(/calendar name/);
  });

  it('rejects a deadline where pair named __proto__ instead of dropping it', () => {
    const doc = mutated((d) => (d.spec.objectives[4].indicator.where = JSON.parse('{"__proto__": "P1"}')));
    errorsAt(doc, 'spec.objectives[4].indicator.where.__proto__');
  });

  it('rejects a long comparison padded with spaces quickly', () => {
    const started = process.hrtime.bigint();
    errorsAt(
      mutated((d) => (d.spec.objectives[2].objective = `<= 300${' '.repeat(50_000)}x`)),
      'spec.objectives[2].objective',
    );
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1000);
  });
});
