import { loadMailTemplates } from '../mail-templates';
import type { ObjectivePayload, OutboxRecord, StatementPayload } from '../../outbox/outbox.events';
import { composeMail, type MailContract, type MailInput } from './compose';

const templates = loadMailTemplates();
const contract: MailContract = {
  id: 'c1',
  key: 'acme-it-2027',
  title: 'Acme IT outsourcing',
  vendor: 'acme',
  timezone: 'Asia/Jerusalem',
  objectives: [
    {
      key: 'portal-availability',
      title: 'Portal availability',
      responsible: 'vendor',
      severity: 'critical',
      kind: 'ratio',
    },
    {
      key: 'api-latency-p95',
      title: 'API latency p95',
      responsible: 'vendor',
      severity: 'major',
      kind: 'threshold',
    },
  ],
  deliverables: [{ key: 'dr-site', title: 'DR site live', responsible: 'vendor' }],
};
const breachId = '5f0c7a3e-1111-4222-8333-944445555666';
const period = { label: '2027-03', start: '2027-02-28T22:00:00.000Z', end: '2027-03-31T21:00:00.000Z' };
const objectivePayload = {
  contract: 'acme-it-2027',
  contractTitle: 'Acme IT outsourcing',
  vendor: 'acme',
  objective: 'portal-availability',
  title: 'Portal availability',
  kind: 'ratio',
  severity: 'critical',
  responsible: 'vendor',
  period,
};
const deliverablePayload = {
  contract: 'acme-it-2027',
  contractTitle: 'Acme IT outsourcing',
  vendor: 'acme',
  deliverable: 'dr-site',
  title: 'DR site live',
  responsible: 'vendor',
  due: '2027-03-31T15:00:00.000Z',
  deliveredAt: null,
};
const breach = {
  id: breachId,
  objective: 'portal-availability',
  deliverable: null,
  severity: 'critical',
  periodLabel: '2027-03',
  periodStart: period.start,
  periodEnd: period.end,
  openedAt: '2027-03-10T08:00:00.000Z',
  attainmentAtOpen: 0.998234,
  target: 0.999,
  op: '>=',
  due: null,
};
/** An event of portal-availability (>= 99.9%) with these figures (or other changes). */
const objectiveRecord = (
  event: 'breach.opened' | 'breach.resolved' | 'objective.at_risk',
  figures: Pick<ObjectivePayload, 'attainment'> & Partial<ObjectivePayload>,
): OutboxRecord => ({ event, payload: { ...objectivePayload, target: 0.999, op: '>=', ...figures } });
/** The 2027-03 statement, version 1 unless `changes` say otherwise. */
const statementRecord = (
  changes: Pick<StatementPayload, 'credit'> & Partial<StatementPayload>,
): OutboxRecord => ({
  event: 'period.statement',
  payload: {
    contract: 'acme-it-2027',
    vendor: 'acme',
    period,
    unit: 'month',
    version: 1,
    sha256: 'ab'.repeat(32),
    ...changes,
  },
});
const base = { contract, publicUrl: 'https://sla.customer.example' };
const mail = (record: OutboxRecord, extra: Partial<MailInput> = {}) =>
  composeMail({ ...base, ...record, ...extra } as MailInput, templates);

describe('composeMail: subjects start with the event tag and name the keys', () => {
  it.each<[string, OutboxRecord, Partial<MailInput>, string]>([
    [
      'objective breach',
      objectiveRecord('breach.opened', { attainment: 0.998234, breachId }),
      {},
      '[SLA breach] acme-it-2027 / portal-availability: 99.82% < 99.9% (2027-03)',
    ],
    [
      'objective resolved',
      objectiveRecord('breach.resolved', { attainment: 0.99912, breachId }),
      {},
      '[SLA resolved] acme-it-2027 / portal-availability: 99.91% >= 99.9% (2027-03)',
    ],
    [
      'reminder, figures from the breach',
      {
        event: 'breach.reminder',
        payload: {
          contract: 'acme-it-2027',
          vendor: 'acme',
          breachId,
          period: '2027-03',
          reminder: 2,
          openedAt: breach.openedAt,
        },
      },
      { breach },
      '[SLA reminder] acme-it-2027 / portal-availability: 99.82% < 99.9% (2027-03) #2',
    ],
    [
      'at risk',
      objectiveRecord('objective.at_risk', { attainment: 0.99921 }),
      {},
      '[SLA at risk] acme-it-2027 / portal-availability: 99.92% >= 99.9% (2027-03)',
    ],
    [
      'threshold breach',
      objectiveRecord('breach.opened', {
        objective: 'api-latency-p95',
        title: 'API latency p95',
        kind: 'threshold',
        attainment: 412.5,
        target: 300,
        op: '<=',
        breachId,
      }),
      {},
      '[SLA breach] acme-it-2027 / api-latency-p95: 412.5 > 300 (2027-03)',
    ],
    [
      'deliverable missed',
      { event: 'breach.opened', payload: { ...deliverablePayload, breachId } },
      {},
      '[SLA breach] acme-it-2027 / dr-site: not delivered, due 2027-03-31',
    ],
    [
      'deliverable due soon',
      { event: 'deliverable.due_soon', payload: deliverablePayload },
      {},
      '[SLA deliverable] acme-it-2027 / dr-site: due 2027-03-31 18:00 (+03:00)',
    ],
    [
      'statement',
      statementRecord({ credit: { percent: 5, amount: 6000, currency: 'ILS', capped: false } }),
      {},
      '[SLA statement] acme-it-2027 2027-03',
    ],
    [
      'restatement',
      statementRecord({
        version: 2,
        sha256: 'cd'.repeat(32),
        credit: { percent: 0, capped: false },
        restatement: 'late data',
      }),
      {},
      '[SLA statement] acme-it-2027 2027-03 (restated, v2)',
    ],
    [
      'chronic',
      {
        event: 'contract.chronic_breach',
        payload: {
          contract: 'acme-it-2027',
          vendor: 'acme',
          objective: 'portal-availability',
          title: 'Portal availability',
          period,
          rule: { breaches: 3, periods: 6 },
          breachedPeriods: 3,
        },
      },
      {},
      '[SLA chronic] acme-it-2027 / portal-availability: breached in 3 of the last 6 periods',
    ],
  ])('%s', (_, record, extra, subject) => {
    const m = mail(record, extra);
    expect(m.subject).toBe(subject);
    expect(m.text).not.toMatch(/\{\{|\}\}/);
    expect(m.html).not.toMatch(/\{\{|\}\}/);
    expect(m.html).toContain('</html>');
  });
});

describe('composeMail: bodies say what, target, attainment, period, who, which breach, where', () => {
  it('an objective breach', () => {
    const m = mail(objectiveRecord('breach.opened', { attainment: 0.998234, breachId }));
    for (const fact of [
      'Measured:     Portal availability (ratio)',
      'Target:       >= 99.9%',
      'Attainment:   99.823%',
      'Period:       2027-03, 2027-03-01 00:00 (+02:00) to 2027-04-01 00:00 (+03:00)',
      'Responsible:  vendor',
      'Severity:     critical',
      `Breach id:    ${breachId}`,
      `Details: https://sla.customer.example/api/v1/breaches/${breachId}`,
    ]) {
      expect(m.text).toContain(fact);
    }
    expect(m.html).toContain(`<a href="https://sla.customer.example/api/v1/breaches/${breachId}">`);
    expect(m.html).toContain('<tr><th align="left">Target</th><td>&gt;= 99.9%</td></tr>');
    // Facts this event does not have leave no empty rows.
    expect(m.text).not.toContain('Credit:');
    expect(m.html).not.toContain('Credit');
  });

  it('a statement links to itself and states the credit', () => {
    const m = mail(
      statementRecord({
        version: 2,
        sha256: 'cd'.repeat(32),
        credit: { percent: 5, amount: 6000, currency: 'ILS', capped: true },
        restatement: 'late data',
      }),
    );
    expect(m.text).toContain('Credit:       5% of the period fee, 6,000.00 ILS (capped)');
    expect(m.text).toContain('Reason:       late data');
    expect(m.text).toContain(
      'Details: https://sla.customer.example/api/v1/contracts/acme-it-2027/statements/2027-03?version=2',
    );
  });

  it('escapes HTML and never lets a title break the subject', () => {
    const m = mail(
      objectiveRecord('breach.opened', {
        contract: 'acme-it-2027\r\nBcc: eve@evil.example',
        title: '<script>alert(1)</script> & "quotes"',
        attainment: 0.5,
        breachId,
      }),
    );
    expect(m.subject).not.toMatch(/[\r\n]/);
    expect(m.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(m.html).not.toContain('<script>');
  });
});
