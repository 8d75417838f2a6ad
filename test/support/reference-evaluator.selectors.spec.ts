import { type RefInput, type RefResult, type RefSample, referenceEvaluate } from './reference-evaluator';
import { at, day10, expectResult, input, objective } from './reference-evaluator.spec-helpers';
import { parseRefSelector, type RefLabelled, selects } from './reference-selectors';

// Label selectors in the reference evaluator, by hand from docs/contract-authoring.md ("Label
// selectors"): the reading of a metric field, which series it keeps, and whole evaluations over one
// labelled metric that several objectives read differently.

describe('parseRefSelector', () => {
  it('reads a bare name as every series of the metric', () => {
    expect(parseRefSelector('http_requests_total')).toEqual({ metric: 'http_requests_total', matchers: [] });
  });

  it('reads matchers in their written order, with or without spaces', () => {
    expect(parseRefSelector('r{service="portal", code!~"5.."}')).toEqual({
      metric: 'r',
      matchers: [
        { name: 'service', op: '=', value: 'portal' },
        { name: 'code', op: '!~', value: '5..' },
      ],
    });
    expect(parseRefSelector('r{ a != "1" ,b=~"x|y",c="" }').matchers).toEqual([
      { name: 'a', op: '!=', value: '1' },
      { name: 'b', op: '=~', value: 'x|y' },
      { name: 'c', op: '=', value: '' },
    ]);
  });

  it('reads the three escapes, and a regex backslash written as \\\\', () => {
    expect(parseRefSelector('r{a="x\\"y\\\\z\\nw"}').matchers[0].value).toBe('x"y\\z\nw');
    expect(parseRefSelector('r{code=~"5\\\\d\\\\d"}').matchers[0].value).toBe('5\\d\\d');
  });

  it('refuses what the docs do not allow', () => {
    expect(() => parseRefSelector('r{a="\\t"}')).toThrow('escape');
    expect(() => parseRefSelector('r{a="1}')).toThrow('closing quote');
    expect(() => parseRefSelector('r{a="1"')).toThrow('comma or }');
    expect(() => parseRefSelector('r{a~"1"}')).toThrow('operator');
    expect(() => parseRefSelector('r{a="1"} x')).toThrow('end');
  });
});

describe('selects', () => {
  const sel = parseRefSelector;
  const series = (labels: Record<string, string>, metric = 'r'): RefLabelled => ({ metric, labels });
  it.each<[string, string, RefLabelled, boolean]>([
    ['a bare name: any labels', 'r', series({ a: '1', b: '2' }), true],
    ['a bare name: no labels at all', 'r', { metric: 'r' }, true],
    ['another metric', 'r{a="1"}', series({ a: '1' }, 'q'), false],
    ['equal', 'r{a="1"}', series({ a: '1' }), true],
    ['equal, other value', 'r{a="1"}', series({ a: '2' }), false],
    ['a missing label reads as ""', 'r{env=""}', series({ a: '1' }), true],
    ['an empty label reads as ""', 'r{env=""}', series({ env: '' }), true],
    ['a present label is not ""', 'r{env=""}', series({ env: 'prod' }), false],
    ['!= "" keeps only series with the label', 'r{env!=""}', series({}), false],
    ['!= a value holds for a missing label', 'r{env!="prod"}', series({}), true],
    ['.* matches a missing label', 'r{zone=~".*"}', series({}), true],
    ['.+ does not match a missing label', 'r{zone=~".+"}', series({}), false],
    ['!~ .+ keeps series without the label', 'r{zone!~".+"}', series({ a: '1' }), true],
    ['a regex matches the whole value, not a part', 'r{code=~"5.."}', series({ code: '1503' }), false],
    ['a regex matches the whole value', 'r{code=~"5.."}', series({ code: '503' }), true],
    ['an alternation is anchored as a whole', 'r{a=~"x|y"}', series({ a: 'xy' }), false],
    ['an alternation matches either side', 'r{a=~"x|y"}', series({ a: 'y' }), true],
    ['a short regex is no substring search', 'r{code=~"0"}', series({ code: '200' }), false],
    ['a negated regex', 'r{code!~"5.."}', series({ code: '200' }), true],
    ['a negated regex, matching', 'r{code!~"5.."}', series({ code: '500' }), false],
    ['\\d', 'r{code=~"5\\\\d\\\\d"}', series({ code: '504' }), true],
    ['every matcher must hold', 'r{a="1",b="2"}', series({ a: '1', b: '3' }), false],
    ['two matchers on one label', 'r{code=~"5..",code!="503"}', series({ code: '500' }), true],
    ['two matchers on one label, one failing', 'r{code=~"5..",code!="503"}', series({ code: '503' }), false],
    // RE2's meanings where JavaScript's differ (PromQL reads RE2).
    ['RE2: . is not \\n', 'r{a=~"x.y"}', series({ a: 'x\ny' }), false],
    ['RE2: . is \\r', 'r{a=~"x.y"}', series({ a: 'x\ry' }), true],
    ['RE2: \\r in a regex', 'r{a=~"x\\\\ry"}', series({ a: 'x\ry' }), true],
    ['RE2: . is one code point', 'r{a=~"caf."}', series({ a: 'café' }), true],
    ['RE2: \\s is ASCII space', 'r{a=~"x\\\\sy"}', series({ a: 'x\ty' }), true],
    ['RE2: \\s is not a no-break space', 'r{a=~"x\\\\sy"}', series({ a: 'x\u00a0y' }), false],
    ['RE2: \\S is a no-break space', 'r{a=~"x\\\\Sy"}', series({ a: 'x\u00a0y' }), true],
    ['RE2: [\\s] is ASCII space', 'r{a=~"x[\\\\s]y"}', series({ a: 'x\u00a0y' }), false],
    ['RE2: \\w is ASCII', 'r{a=~"\\\\w+"}', series({ a: 'café' }), false],
    ['RE2: \\d is ASCII', 'r{a=~"\\\\d"}', series({ a: '\u0663' }), false],
    ['a . in a class is a dot', 'r{a=~"[.]"}', series({ a: 'x' }), false],
  ])('%s', (_name, text, sample, expected) => {
    expect(selects(sel(text), sample)).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------------
// One labelled counter, UTC, period day, now 2027-03-10 12:00 → window [00:00, 12:00:00.001); the last
// hour of measured time is [11:00:00.001, 12:00:00.001).
const now = at('2027-03-10T12:00:00Z');
const l = (metric: string, labels: Record<string, string>, iso: string, value: number): RefSample => ({
  metric,
  labels,
  ts: at(iso),
  value,
});
const requests = [
  l('req', { service: 'portal', code: '200' }, '2027-03-10T10:30:00Z', 90),
  l('req', { service: 'portal', code: '200' }, '2027-03-10T11:30:00Z', 40),
  l('req', { service: 'portal', code: '503' }, '2027-03-10T10:30:00Z', 10),
  l('req', { service: 'portal', code: '503' }, '2027-03-10T11:30:00Z', 10), // same instant, other series
  l('req', { service: 'api', code: '200' }, '2027-03-10T10:30:00Z', 500),
  l('req', { service: 'api', code: '200' }, '2027-03-10T11:30:00Z', 500),
  l('req', { code: '500' }, '2027-03-10T10:30:00Z', 7), // no service label
  l('other', { service: 'portal', code: '200' }, '2027-03-10T11:30:00Z', 1000), // another metric
];
// Portal latencies 10..100 ms at 11:01..11:10, api's 1 000 ms in between, which no portal selector reads.
const latencies = [
  ...Array.from({ length: 10 }, (_, i) =>
    l('ms', { service: 'portal' }, `2027-03-10T11:${String(i + 1).padStart(2, '0')}:00Z`, 10 * (i + 1)),
  ),
  l('ms', { service: 'api' }, '2027-03-10T11:05:00Z', 1000),
  l('ms', { service: 'api' }, '2027-03-10T11:06:00Z', 1000),
];
const beats = [
  l('beat', { svc: 'a' }, '2027-03-10T00:00:00Z', 1),
  ...Array.from({ length: 12 }, (_, h) =>
    l('beat', { svc: 'b' }, `2027-03-10T${String(h).padStart(2, '0')}:00:00Z`, 1),
  ),
];

const objectiveOf = (indicator: Parameters<typeof objective>[0], target: number, op = 'gte' as const) =>
  objective(indicator, { objective: { op, target } });

describe('referenceEvaluate: selectors', () => {
  it.each<{ name: string; input: RefInput; expected: RefResult }>([
    {
      // total: portal's series 90 + 40 + 10 + 10 = 150; good (not 5xx): 130 → 0.8666… < 90 % → breached.
      // consumed (1 − 130/150)/0.1 = 1.3333…; last hour: total 50, bad 10 → (10/50)/0.1 = 2.
      name: 'ratio: good and total select different series of one metric',
      input: input({
        objective: objectiveOf(
          { kind: 'ratio', good: 'req{code!~"5..",service="portal"}', total: 'req{service="portal"}' },
          90,
        ),
        samples: requests,
        now,
      }),
      expected: {
        status: 'breached',
        attainment: 130 / 150,
        counted: 150,
        budgetConsumed: (1 - 130 / 150) / 0.1,
        burnRate: 10 / 50 / 0.1,
        ...day10,
      },
    },
    {
      // total (bare: every series, the unlabelled-service one too) 150 + 1 000 + 7 = 1 157; bad (5xx)
      // 10 + 10 + 7 = 27 → 1 − 27/1157 < 99 % → breached; consumed (27/1157)/0.01; last hour: total
      // 40 + 10 + 500 = 550, bad 10 → (10/550)/0.01.
      name: 'ratio: a bare total reads every series, a regex bad reads the 5xx ones',
      input: input({
        objective: objectiveOf({ kind: 'ratio', bad: 'req{code=~"5.."}', total: 'req' }, 99),
        samples: requests,
        now,
      }),
      expected: {
        status: 'breached',
        attainment: 1 - 27 / 1157,
        counted: 1157,
        budgetConsumed: 27 / 1157 / 0.01,
        burnRate: 10 / 550 / 0.01,
        ...day10,
      },
    },
    {
      // The series without `service` reads it as "": 7 of 7 are 5xx → 0 % ≥ 0.5 %? no → breached;
      // consumed 1/0.995; its one sample is at 10:30, so the last hour counts nothing: no burn rate.
      name: 'ratio: {service=""} selects the series without the label',
      input: input({
        objective: objectiveOf(
          { kind: 'ratio', good: 'req{code="200",service=""}', total: 'req{service=""}' },
          0.5,
        ),
        samples: requests,
        now,
      }),
      expected: {
        status: 'breached',
        attainment: 0,
        counted: 7,
        budgetConsumed: 1 / 0.995,
        burnRate: null,
        ...day10,
      },
    },
    {
      // Portal's 10 latencies: p95 at rank ceil(9.5) = 10 → 100 > 95 → breached (api's 1 000s left out).
      // Violating: 1 of 10 → 0.1/0.05 = 2; all ten are in the last hour → burn rate 2.
      name: 'threshold: p95 of the selected series only',
      input: input({
        objective: objective(
          { kind: 'threshold', metric: 'ms{service=~"port.*"}', aggregate: 'p95' },
          { objective: { op: 'lte', target: 95 } },
        ),
        samples: latencies,
        now,
      }),
      expected: {
        status: 'breached',
        attainment: 100,
        counted: 10,
        budgetConsumed: 2,
        burnRate: 2,
        ...day10,
      },
    },
    {
      // svc a beat once at 00:00: fresh [00:00, 01:00) of 43 200 001 ms measured (svc b's hourly beats
      // do not count) → 8.33 % < 50 %, but freshness breaches on budget: stale 39 600 001 ms ÷ (0.5 ×
      // 86 400 000) = 0.9166… ≤ 1 → at_risk (≥ 0.75); the last hour is all stale → 1/0.5 = 2.
      name: 'freshness: only the selected series keeps the data fresh',
      input: input({
        objective: objectiveOf({ kind: 'freshness', metric: 'beat{svc!="b"}', maxAgeSeconds: 3600 }, 50),
        samples: beats,
        now,
      }),
      expected: {
        status: 'at_risk',
        attainment: 3_600_000 / 43_200_001,
        counted: 43_200,
        budgetConsumed: 39_600_001 / (0.5 * 86_400_000),
        burnRate: 2,
        ...day10,
      },
    },
  ])('$name', ({ input: given, expected }) => {
    expectResult(referenceEvaluate(given), expected);
  });
});
