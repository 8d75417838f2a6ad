import type { FieldError } from '../../common/errors/domain-error';
import { mutated, problemsOf } from './contract-fixtures.spec-helpers';
import { validateContract } from './contract-validator';

// Limits that keep a hostile or careless author (the vendor may hold a token) from freezing the
// evaluator, overflowing a credit or storing text PostgreSQL cannot hold. Each row mutates the example.

/** The example is effective from 2027-01-01; "now" a month later unless a row says otherwise. */
const NOW = Date.parse('2027-02-01T00:00:00Z');
const DAY_MS = 86_400_000;

const errorsOf = (doc: unknown, now = NOW): FieldError[] => problemsOf(doc, { now });

function expectRefused(doc: unknown, path: string, message: RegExp, now = NOW): void {
  const errors = errorsOf(doc, now);
  expect(errors).toEqual(expect.arrayContaining([{ path, message: expect.stringMatching(message) }]));
}

function expectAccepted(doc: unknown, now = NOW): void {
  expect(errorsOf(doc, now)).toEqual([]);
}

/** A local date `days` after (or before) an instant, as written in a contract. */
const dateAt = (at: number, days: number) => new Date(at + days * DAY_MS).toISOString().slice(0, 10);

const deadline = (doc: any) => doc.spec.objectives[3].indicator;
const WHERE = 'spec.objectives[3].indicator.where';

describe('where clauses follow the attribute rules of ingested events', () => {
  it.each<[string, (doc: any) => void, string, RegExp]>([
    [
      'refuses 33 pairs, one more than an event can carry',
      (d) => (deadline(d).where = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`a${i}`, 'x']))),
      WHERE,
      /at most 32/,
    ],
    [
      'refuses a name with a space, which no event attribute can have',
      (d) => (deadline(d).where = { 'bad name': 'x' }),
      `${WHERE}.bad name`,
      /attribute name/,
    ],
    [
      'refuses a name starting with a digit',
      (d) => (deadline(d).where = { '1st': 'x' }),
      `${WHERE}.1st`,
      /attribute name/,
    ],
    [
      'refuses a name of 65 characters',
      (d) => (deadline(d).where = { ['a'.repeat(65)]: 'x' }),
      `${WHERE}.${'a'.repeat(65)}`,
      /attribute name/,
    ],
    [
      'refuses a value longer than an attribute value can be (257 characters)',
      (d) => (deadline(d).where = { priority: 'p'.repeat(257) }),
      `${WHERE}.priority`,
      /at most 256/,
    ],
  ])('%s', (_name, mutation, path, message) => {
    expectRefused(mutated(mutation), path, message);
  });

  it.each<[string, Record<string, unknown>]>([
    ['accepts 32 pairs', Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`a${i}`, 'x']))],
    ['accepts dotted, dashed and underscored names of 64 characters', { [`_a.b-${'c'.repeat(59)}`]: 'x' }],
    ['accepts a value of 256 characters, a number and a boolean', { a: 'v'.repeat(256), b: 3, c: true }],
  ])('%s', (_name, where) => {
    expectAccepted(mutated((d) => (deadline(d).where = where)));
  });

  it('says of a pair with an unusable name only that, not what is wrong with its value', () => {
    const errors = errorsOf(mutated((d) => (deadline(d).where = { 'bad name': 'v'.repeat(300) })));
    expect(errors.filter((e) => e.path === `${WHERE}.bad name`)).toEqual([
      { path: `${WHERE}.bad name`, message: expect.stringMatching(/attribute name/) },
    ]);
  });
});

describe('effective.from is a plausible date, not a back-dated one', () => {
  it.each<[string, string, number, RegExp]>([
    ['refuses year 1', '0001-01-01', NOW, /2000-01-01/],
    ['refuses the last day of 1999', '1999-12-31', NOW, /2000-01-01/],
    ['refuses a date 401 days before it is applied', dateAt(NOW, -401), NOW, /400 days/],
    ['refuses a date years before it is applied', '2020-01-01', NOW, /400 days/],
  ])('%s', (_name, from, now, message) => {
    expectRefused(
      mutated((d) => (d.spec.effective = { from })),
      'spec.effective.from',
      message,
      now,
    );
  });

  it.each<[string, string]>([
    ['accepts a date exactly 400 days before it is applied', dateAt(NOW, -400)],
    ['accepts a date in the future', '2031-06-01'],
    ['accepts 9999-12-31', '9999-12-31'],
  ])('%s', (_name, from) => {
    expectAccepted(mutated((d) => (d.spec = { ...d.spec, effective: { from }, deliverables: [] })));
  });

  it('refuses effective.to after 9999', () => {
    expectRefused(
      mutated((d) => (d.spec.effective.to = '10000-01-01')),
      'spec.effective.to',
      /YYYY-MM-DD/,
    );
  });

  it('keeps accepting a long-running contract whose stored effective.from is unchanged', () => {
    const doc = mutated((d) => (d.spec = { ...d.spec, effective: { from: '2027-01-01' } }));
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(validateContract(doc, undefined, { now, storedFrom: '2027-01-01' }).ok).toBe(true);
  });

  it('refuses moving a long-running contract further back than its stored effective.from', () => {
    const doc = mutated((d) => (d.spec = { ...d.spec, effective: { from: '2026-12-01' } }));
    const now = Date.parse('2030-01-01T00:00:00Z');
    const result = validateContract(doc, undefined, { now, storedFrom: '2027-01-01' });
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['spec.effective.from']);
  });

  it('follows a configured maximum age', () => {
    const doc = mutated((d) => (d.spec.effective.from = '2027-01-01'));
    expect(validateContract(doc, undefined, { now: NOW, maxAgeDays: 30 }).ok).toBe(false);
    expect(validateContract(doc, undefined, { now: NOW, maxAgeDays: 31 }).ok).toBe(true);
  });
});

describe('recurring maintenance starts at most once an hour', () => {
  it.each<[string, string]>([
    ['refuses every minute', '* * * * *'],
    ['refuses every 30 minutes', '*/30 * * * *'],
    ['refuses two starts in one hour of one day a week', '0,30 2 * * 6'],
    ['refuses a range of minutes in one hour', '0-59 3 1 * *'],
    ['refuses 00:00 and 00:59', '0,59 0 * * *'],
  ])('%s', (_name, cron) => {
    expectRefused(
      mutated((d) => (d.spec.maintenance[0].cron = cron)),
      'spec.maintenance[0].cron',
      /at most once an hour/,
    );
  });

  it.each<[string, string]>([
    ['accepts every hour on the hour', '0 * * * *'],
    ['accepts every other hour', '15 */2 * * *'],
    ['accepts one start on Saturdays', '0 2 * * 6'],
    ['accepts 23:59 and 00:59, an hour apart across midnight', '59 0,23 * * *'],
  ])('%s', (_name, cron) => {
    expectAccepted(mutated((d) => (d.spec.maintenance[0].cron = cron)));
  });
});

describe('recurring maintenance of a contract together starts at most 48 times a day', () => {
  const windows = (crons: string[]) =>
    mutated((d) => (d.spec.maintenance = crons.map((cron) => ({ title: 'w', cron, duration: '1m' }))));
  it('accepts two hourly windows (48 a day)', () => {
    expectAccepted(windows(['0 * * * *', '30 * * * *']));
  });
  it.each<[string, string[]]>([
    ['refuses three hourly windows (72 a day)', ['0 * * * *', '20 * * * *', '40 * * * *']],
    ['refuses one daily window beside two hourly ones (49 a day)', ['0 * * * *', '30 * * * *', '15 3 * * *']],
  ])('%s', (_name, crons) => {
    expectRefused(windows(crons), 'spec.maintenance', /at most 48/);
  });
});

describe('percentage objectives that no value can meet, or that every value meets', () => {
  it.each<[string, unknown]>([
    ['refuses < 0%: nothing is below zero', '< 0%'],
    ['refuses > 100%', '> 100%'],
    ['refuses >= 0%: always met', '>= 0%'],
    ['refuses >= -0%: always met', '>= -0%'],
    ['refuses <= 100%: always met', '<= 100%'],
    ['refuses <= -5%', '<= -5%'],
    ['refuses {op: lt, target: 0}', { op: 'lt', target: 0 }],
    ['refuses {op: gt, target: 100}', { op: 'gt', target: 100 }],
  ])('%s', (_name, objective) => {
    expectRefused(
      mutated((d) => (d.spec.objectives[0].objective = objective)),
      'spec.objectives[0].objective',
      /./,
    );
  });

  it.each<[string, unknown]>([
    ['accepts >= 100% (perfection, meetable)', '>= 100%'],
    ['accepts > 0%', '> 0%'],
    ['accepts < 100%', '< 100%'],
  ])('%s', (_name, objective) => {
    expectAccepted(
      mutated((d) => {
        d.spec.objectives[0].objective = objective;
        d.spec.objectives[0].credits = [];
      }),
    );
  });
});

describe('numbers stay far from overflow', () => {
  it.each<[string, (doc: any) => void, string]>([
    ['refuses fees.monthly of 1e308', (d) => (d.spec.fees.monthly = 1e308), 'spec.fees.monthly'],
    ['refuses fees.monthly just over 1e12', (d) => (d.spec.fees.monthly = 1e12 + 1), 'spec.fees.monthly'],
    [
      'refuses a threshold target of 1e300',
      (d) => (d.spec.objectives[2].objective = '<= 1e300'),
      'spec.objectives[2].objective',
    ],
    [
      'refuses a threshold target below -(2^53 - 1)',
      (d) => (d.spec.objectives[2].objective = { op: 'gte', target: -1e16 }),
      'spec.objectives[2].objective',
    ],
    [
      'refuses a warn of 1e300',
      (d) => {
        d.spec.objectives[2].indicator.aggregate = 'avg';
        d.spec.objectives[2].warn = '<= 1e300';
      },
      'spec.objectives[2].warn',
    ],
    [
      'refuses a timeslice good of 1e300',
      (d) => (d.spec.objectives[1].indicator.good = '>= 1e300'),
      'spec.objectives[1].indicator.good',
    ],
    [
      'refuses minEvents of 1e300',
      (d) => (d.spec.objectives[0].minEvents = 1e300),
      'spec.objectives[0].minEvents',
    ],
  ])('%s', (_name, mutation, path) => {
    expectRefused(mutated(mutation), path, /at most|within/);
  });

  it('accepts fees.monthly of exactly 1e12', () => {
    expectAccepted(mutated((d) => (d.spec.fees.monthly = 1e12)));
  });
});

describe('too many objectives or deliverables', () => {
  it.each<[string, (doc: any) => void, string]>([
    [
      'says 5 000 objectives are too many, not that there are none',
      (d) => {
        d.spec.objectives = Array.from({ length: 5000 }, () => d.spec.objectives[0]);
        d.spec.deliverables = [];
      },
      'spec.objectives',
    ],
    [
      'says 600 deliverables are too many, not that there are none',
      (d) => {
        d.spec.objectives = [];
        d.spec.deliverables = Array.from({ length: 600 }, () => d.spec.deliverables[0]);
      },
      'spec.deliverables',
    ],
  ])('%s', (_name, mutation, path) => {
    const errors = errorsOf(mutated(mutation));
    expect(errors).toEqual([{ path, message: expect.stringMatching(/^must have at most/) }]);
  });
});
