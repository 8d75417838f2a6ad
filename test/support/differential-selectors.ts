import fc from 'fast-check';
import { AGGREGATES } from '../../src/contracts/domain/contract.types';
import { parseRefSelector, type RefMatcher, type RefMatchOp } from './reference-selectors';

// Labels and label selectors of the differential scenarios (test/support/differential-scenarios.ts):
// every operator, several matchers, regexes, labels a series lacks, a ratio whose good (or bad) and
// total select different series of one metric (docs/contract-authoring.md, "Label selectors").

export const METRICS = ['m_a', 'm_b', 'm_c'];

// Labels and selectors. The values stay where RE2 (the documented flavour), JavaScript and PostgreSQL
// mean the same: no `\n` (PostgreSQL's `.` matches it, RE2's does not) and no non-ASCII letters
// (PostgreSQL's `\w` follows the server's locale); `\r` is in, where `.` matches it in RE2 and PostgreSQL
// (a selector cannot hold a literal carriage return: such a value is matched by a regex, `x.y` or `x\\ry`).

/** Label values per name (`undefined`: the series has no such label; "" is sent as an empty value). */
const LABEL_VALUES = {
  svc: [undefined, '', 'a', 'b', 'ab', 'a\rb'],
  code: [undefined, '200', '404', '500', '503'],
  env: [undefined, undefined, 'prod', 'dev', 'x\ry'],
};

export const labels = fc
  .record({
    svc: fc.constantFrom(...LABEL_VALUES.svc),
    code: fc.constantFrom(...LABEL_VALUES.code),
    env: fc.constantFrom(...LABEL_VALUES.env),
  })
  .map(
    (l) => Object.fromEntries(Object.entries(l).filter(([, v]) => v !== undefined)) as Record<string, string>,
  );

/** Half the samples carry no labels (as before selectors), half one of 150 label sets. */
export const sampleLabels = fc.oneof(fc.constant(undefined), labels);

/** Every matcher the scenarios use; `zone` is a label no series has. */
const MATCHERS: RefMatcher[] = [
  ...equality('svc', ['a', 'b', 'ab', '']),
  ...equality('code', ['200', '503', '']),
  ...equality('env', ['prod', '']),
  ...equality('zone', ['', 'x']),
  ...regex('svc', ['a', 'a|b', 'a.*', '.+', '.*', '', '[ab]+', 'b?']),
  ...regex('code', ['5..', '5\\d\\d', '2..|4..', '(2|5)0[03]', '0', '[^5].*']),
  ...regex('env', ['prod|dev', 'p.*', '', '.+', 'x.y', 'x\\ry']),
  ...regex('zone', ['', '.*', '.+']),
];

function equality(name: string, values: string[]): RefMatcher[] {
  return values.flatMap((value) => (['=', '!='] as const).map((op) => ({ name, op, value })));
}
function regex(name: string, values: string[]): RefMatcher[] {
  return values.flatMap((value) => (['=~', '!~'] as const).map((op) => ({ name, op, value })));
}

const matchers = (min: number, max: number) =>
  fc.array(fc.constantFrom(...MATCHERS), { minLength: min, maxLength: max });

/** A double-quoted selector value: `\\`, `"` and a newline escaped, everything else as it is. */
const quote = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

/** `metric` alone without matchers, else `metric{…}` in the given order, tight or spaced. */
function render(metric: string, list: RefMatcher[], spaced: boolean): string {
  if (list.length === 0) return metric;
  const gap = spaced ? ' ' : '';
  return `${metric}{${list.map((m) => `${m.name}${gap}${m.op}${gap}${quote(m.value)}`).join(`,${gap}`)}}`;
}

const selectorOf = (metric: fc.Arbitrary<string>, list: fc.Arbitrary<RefMatcher[]>) =>
  fc.tuple(metric, list, fc.boolean()).map(([m, l, spaced]) => render(m, l, spaced));

/** A ratio whose good (or bad) keeps a subset of total's series: total's matchers and 1–2 more. */
const subsetRatio = (field: 'good' | 'bad') =>
  fc
    .record({
      metric: fc.constantFrom(...METRICS),
      base: matchers(0, 1),
      extra: matchers(1, 2),
      spaced: fc.boolean(),
    })
    .map((r) => ({
      kind: 'ratio' as const,
      // The extra matchers first: the contract stores the canonical (sorted) spelling.
      [field]: render(r.metric, [...r.extra, ...r.base], r.spaced),
      total: render(r.metric, r.base, !r.spaced),
    }));

export const selectorIndicator = fc.oneof(
  { arbitrary: subsetRatio('good'), weight: 2 },
  { arbitrary: subsetRatio('bad'), weight: 1 },
  {
    // Good and total selected independently on one metric: good may exceed total (a data error).
    arbitrary: fc
      .tuple(fc.constantFrom(...METRICS), matchers(0, 2), matchers(0, 2), fc.boolean())
      .map(([m, good, total, spaced]) => ({
        kind: 'ratio' as const,
        good: render(m, good, spaced),
        total: render(m, total, spaced),
      })),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('threshold'),
      metric: selectorOf(fc.constantFrom(...METRICS), matchers(1, 2)),
      aggregate: fc.constantFrom(...AGGREGATES),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('timeslice'),
      metric: selectorOf(fc.constantFrom(...METRICS), matchers(1, 2)),
      slice: fc.constantFrom('1m', '5m', '7m', '1h'),
      aggregate: fc.constantFrom('min', 'max', 'avg', 'last', 'p90'),
      good: fc.constantFrom('>= 1', '<= 3', '> 2'),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('freshness'),
      metric: selectorOf(fc.constantFrom(...METRICS), matchers(1, 2)),
      maxAge: fc.constantFrom('5m', '15m', '1h'),
    }),
    weight: 1,
  },
);

const METRIC_FIELDS = ['good', 'bad', 'total', 'metric'] as const;

/** The matcher operators an indicator's metric fields use (empty: bare names only). */
export function operatorsOf(indicator: Record<string, unknown>): RefMatchOp[] {
  return METRIC_FIELDS.flatMap((f) =>
    typeof indicator[f] === 'string' ? parseRefSelector(indicator[f]).matchers.map((m) => m.op) : [],
  );
}

/** The indicator with every metric field cut back to its bare name (every series of the metric). */
export function bareIndicator<T extends Record<string, unknown>>(indicator: T): T {
  const out: Record<string, unknown> = { ...indicator };
  for (const f of METRIC_FIELDS) if (typeof out[f] === 'string') out[f] = parseRefSelector(out[f]).metric;
  return out as T;
}
