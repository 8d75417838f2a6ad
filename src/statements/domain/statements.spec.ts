import type { ContractSpec, Objective } from '../../contracts/domain/contract.types';
import { objective as anyObjective } from '../../evaluation/domain/objective.spec-helpers';
import { verifyChain, statementHash } from './chain';
import { isChronic } from './chronic';
import { contractCredit, periodMonths, tierCredit } from './credits';
import { closablePeriods, statementUnits } from './periods';
import { buildStatement, statementCsv } from './statement';

/** The shared objective with three credit tiers: 5 % below 99.9, 10 % below 99.5, 20 % below 99. */
const objective = (over: Partial<Objective> = {}): Objective =>
  anyObjective({
    credits: [
      { below: 99.9, credit: 5 },
      { below: 99.5, credit: 10 },
      { below: 99, credit: 20 },
    ],
    ...over,
  });

const spec = (over: Partial<ContractSpec> = {}): ContractSpec => ({
  key: 'c',
  title: 'C',
  vendor: 'v',
  timezone: 'Asia/Jerusalem',
  weekStart: 'sun',
  effective: { from: '2027-01-01', to: '2027-12-31' },
  closeAfterSeconds: 72 * 3600,
  owners: [],
  notifyVendor: true,
  repeatIntervalSeconds: 86_400,
  calendars: {},
  maintenance: [],
  objectives: [objective()],
  deliverables: [],
  ...over,
});

describe('credits', () => {
  it.each([
    ['meets every tier: no credit', 0.9995, 0],
    ['exactly at a tier line is not under it', 0.999, 0],
    ['under the first tier only', 0.9985, 5],
    ['the tier with the smallest below it is under', 0.994, 10],
    ['under all tiers: the smallest below wins', 0.95, 20],
    ['no attainment: no credit', null, 0],
  ])('%s', (_name, attainment, credit) => {
    expect(tierCredit(objective(), attainment, objective().credits)).toBe(credit);
  });

  it.each([
    ['month', 1],
    ['quarter', 3],
    ['year', 12],
    ['week', undefined],
    ['day', undefined],
  ] as const)('a %s period is %s months of fee', (unit, months) => {
    expect(periodMonths(objective({ period: { type: 'calendar', unit } }))).toBe(months);
  });

  it('has no fee months for rolling periods', () => {
    expect(periodMonths(objective({ period: { type: 'rolling', seconds: 604_800 } }))).toBeUndefined();
  });

  it.each([
    ['sums objectives under the cap', [5, 10], 20, 120_000, { percent: 15, amount: 18_000, capped: false }],
    [
      'caps the sum at creditCap % of the fee',
      [10, 20],
      20,
      120_000,
      { percent: 20, amount: 24_000, capped: true },
    ],
    [
      'without a cap, the plain sum',
      [10, 20],
      undefined,
      120_000,
      { percent: 30, amount: 36_000, capped: false },
    ],
    ['without fees, percent only', [5], 20, undefined, { percent: 5, amount: undefined, capped: false }],
  ])('%s', (_name, percents, cap, fee, expected) => {
    expect(
      contractCredit(
        percents.map((percent) => ({ percent })),
        cap,
        fee,
        'ILS',
      ),
    ).toEqual({ ...expected, currency: 'ILS' });
  });
});

describe('closable periods', () => {
  const DAY = 86_400_000;
  it('closes a month 72 hours after its local end, DST included', () => {
    // March 2027 in Jerusalem: 2027-02-28T22:00Z to 2027-03-31T21:00Z (summer time from March 26).
    const end = Date.parse('2027-03-31T21:00:00Z');
    const after = Date.parse('2027-02-28T22:00:00Z');
    expect(closablePeriods(spec(), 'month', end + 3 * DAY - 1, after, 5)).toEqual([]);
    expect(closablePeriods(spec(), 'month', end + 3 * DAY, after, 5)).toEqual([
      { label: '2027-03', start: after, end },
    ]);
  });

  it('catches up in order from the start of the contract, a bounded number at a time', () => {
    const periods = closablePeriods(spec(), 'month', Date.parse('2027-06-10T00:00:00Z'), undefined, 3);
    expect(periods.map((p) => p.label)).toEqual(['2027-01', '2027-02', '2027-03']);
    // February has 28 days: 2027-01-31T22:00Z to 2027-02-28T22:00Z.
    expect(periods[1].end - periods[1].start).toBe(28 * DAY);
  });

  it('clips the last period to the effective end', () => {
    const s = spec({ effective: { from: '2027-01-01', to: '2027-01-15' } });
    const [p] = closablePeriods(s, 'month', Date.parse('2027-03-01T00:00:00Z'), undefined, 5);
    expect(p).toEqual({
      label: '2027-01',
      start: Date.parse('2026-12-31T22:00:00Z'),
      end: Date.parse('2027-01-15T22:00:00Z'),
    });
  });

  it('gives statements for every calendar unit used, and always months', () => {
    const s = spec({
      objectives: [
        objective({ period: { type: 'calendar', unit: 'quarter' } }),
        objective({ period: { type: 'rolling', seconds: 3600 } }),
      ],
    });
    expect(statementUnits(s).sort()).toEqual(['month', 'quarter']);
  });
});

describe('statements', () => {
  const body = () =>
    buildStatement({
      spec: spec({ fees: { monthly: 120_000, currency: 'ILS' }, creditCap: 20 }),
      contractKey: 'acme',
      contractVersion: 3,
      version: 1,
      final: true,
      closedAt: Date.parse('2027-04-03T21:00:00Z'),
      unit: 'month',
      period: {
        label: '2027-03',
        start: Date.parse('2027-02-28T22:00:00Z'),
        end: Date.parse('2027-03-31T21:00:00Z'),
      },
      objectives: [objective({ key: 'portal', title: 'Portal, "main"' })],
      figures: [
        {
          key: 'portal',
          status: 'at_risk',
          attainment: 0.99871,
          target: 0.999,
          op: 'gte',
          counted: 1_843_200,
          excludedSeconds: 43_200,
        },
      ],
      breaches: new Map([['portal', ['b1']]]),
      deliverables: [],
      previousSha256: null,
    });

  it('reports at_risk as met, with the credit of the attainment', () => {
    const s = body();
    expect(s.objectives[0]).toMatchObject({
      status: 'met',
      credit: { percent: 5, amount: 6000 },
      breaches: ['b1'],
    });
    expect(s.credit).toEqual({ percent: 5, amount: 6000, currency: 'ILS', capped: false });
  });

  it('renders CSV with one row per objective and the contract row, quoting what needs it', () => {
    const csv = statementCsv({ ...body(), contract: '=cmd|x' });
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe('objective,portal,met,0.99871,0.999,gte,1843200,43200,b1,5,6000,ILS,');
    expect(lines[2]).toBe("contract,'=cmd|x,,,,,,,,5,6000,ILS,false");
  });

  it('verifies a chain and names the first broken link', () => {
    const first = { ...body(), previousSha256: null };
    const second = { ...body(), version: 2, previousSha256: statementHash(first) };
    const links = [
      { period: '2027-03', version: 1, body: first as never, sha256: statementHash(first) },
      { period: '2027-03', version: 2, body: second as never, sha256: statementHash(second) },
    ];
    expect(verifyChain(links)).toEqual({ ok: true, statements: 2 });
    const edited = [links[0], { ...links[1], body: { ...second, contractVersion: 9 } as never }];
    expect(verifyChain(edited)).toMatchObject({
      ok: false,
      broken: { position: 2, reason: 'its content does not match its sha256' },
    });
    const relinked = [{ ...links[0], sha256: 'f'.repeat(64), body: first as never }, links[1]];
    expect(verifyChain(relinked)).toMatchObject({ ok: false, broken: { position: 1 } });
  });

  it.each([
    ['2 of the last 3 breached', ['breached', 'met', 'breached', 'breached'], true],
    ['only 1 of the last 3', ['met', 'met', 'breached', 'breached'], false],
    ['fewer closes than the window still count', ['breached', 'breached'], true],
  ])('chronic: %s', (_name, statuses, chronic) => {
    expect(isChronic(statuses, { breaches: 2, periods: 3 })).toBe(chronic);
  });
});
