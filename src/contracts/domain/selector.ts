// Metric selectors in indicators, PromQL-style: `http_requests_total{service="portal",code!~"5.."}`.
// A bare name keeps its meaning (every series of the metric). The canonical text (matchers sorted,
// values escaped one way) is the selector's identity: roll-ups, caches and objective definitions key
// on it, so two spellings of one selector share their buckets.

export const MATCH_OPS = ['=', '!=', '=~', '!~'] as const;
export type MatchOp = (typeof MATCH_OPS)[number];

export interface Matcher {
  name: string;
  op: MatchOp;
  value: string;
}

export interface Selector {
  metric: string;
  /** Sorted by name, then operator, then value. */
  matchers: Matcher[];
}

const METRIC = /^[a-zA-Z_][a-zA-Z0-9_.:-]{0,127}$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/;
const MAX_MATCHERS = 16;
/** The longest selector text a contract may hold. */
export const MAX_SELECTOR = 2_000;
const MAX_VALUE = 256;

/**
 * Regular expressions are matched fully (anchored) by PostgreSQL when the roll-up and the raw reads
 * select series, and checked here by JavaScript. Only the part of the syntax on which RE2 (PromQL),
 * JavaScript and PostgreSQL agree is accepted: no lookaround, backreferences, named groups, word
 * boundaries or Unicode property classes.
 */
const UNPORTABLE: Array<[RegExp, string]> = [
  [/\(\?[=!<]/, 'lookaround and named groups are not supported'],
  [/\\[1-9k]/, 'backreferences are not supported'],
  [/\\[bBpPuxcAZzmMyY]/, 'this escape means different things to RE2 and PostgreSQL'],
  [/\(\?[a-zA-Z]/, 'inline flags are not supported'],
];

function regexProblem(source: string): string | undefined {
  for (const [pattern, message] of UNPORTABLE) if (pattern.test(source)) return message;
  try {
    new RegExp(`^(?:${source})$`, 'u');
  } catch {
    return 'is not a valid regular expression';
  }
  return undefined;
}

/** The escapes of a double-quoted value (PromQL's common ones); any other is refused, not guessed. */
const ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', n: '\n' };

/** Reads `name` or `name{label op "value", …}`; an error message names what is wrong. */
export function parseSelector(text: string): Selector | { error: string } {
  const brace = text.indexOf('{');
  const metric = (brace < 0 ? text : text.slice(0, brace)).trim();
  if (!METRIC.test(metric)) return { error: `metric name must match ${METRIC.source}` };
  if (brace < 0) return { metric, matchers: [] };
  if (!text.trimEnd().endsWith('}')) return { error: 'a selector ends with }' };
  const body = text.slice(brace + 1, text.trimEnd().length - 1);
  const matchers: Matcher[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < body.length && body[i] === ' ') i++;
  };
  while (true) {
    skipSpace();
    if (i >= body.length) break;
    const name = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(body.slice(i))?.[0];
    if (!name || !LABEL.test(name)) return { error: `label name at ${i + 1} must match ${LABEL.source}` };
    i += name.length;
    skipSpace();
    const op = (['=~', '!~', '!=', '='] as const).find((o) => body.startsWith(o, i));
    if (!op) return { error: `${name} needs one of =, !=, =~, !~` };
    i += op.length;
    skipSpace();
    if (body[i] !== '"') return { error: `the value of ${name} must be in double quotes` };
    let value = '';
    for (i++; i < body.length && body[i] !== '"'; i++) {
      if (body[i] !== '\\') value += body[i];
      else if (ESCAPES[body[i + 1]] !== undefined) value += ESCAPES[body[++i]];
      else return { error: `the value of ${name} has an unknown escape: write a backslash as \\\\` };
    }
    if (body[i] !== '"') return { error: `the value of ${name} is not closed` };
    i++;
    if (value.length > MAX_VALUE) return { error: `the value of ${name} is longer than ${MAX_VALUE}` };
    if (op === '=~' || op === '!~') {
      const problem = regexProblem(value);
      if (problem) return { error: `the pattern of ${name} ${problem}` };
    }
    matchers.push({ name, op, value });
    skipSpace();
    if (i < body.length && body[i] !== ',') return { error: `expected , after the value of ${name}` };
    i++;
  }
  if (matchers.length > MAX_MATCHERS) return { error: `at most ${MAX_MATCHERS} matchers` };
  matchers.sort((a, b) => cmp(a.name, b.name) || cmp(a.op, b.op) || cmp(a.value, b.value));
  return { metric, matchers };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const quote = (value: string) =>
  `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

/** The selector's identity: the bare name, or the name with its sorted matchers. */
export function selectorKey(s: Selector): string {
  if (s.matchers.length === 0) return s.metric;
  return `${s.metric}{${s.matchers.map((m) => `${m.name}${m.op}${quote(m.value)}`).join(',')}}`;
}

/** The metric name a selector key reads (the key itself when it has no matchers). */
export function selectorMetric(key: string): string {
  const brace = key.indexOf('{');
  return brace < 0 ? key : key.slice(0, brace);
}

/** The selector keys (a bare metric name or `name{…}`, canonical) of an indicator's metric fields. */
export function indicatorSelectors(indicator: object | null | undefined): string[] {
  if (!indicator) return [];
  const fields = indicator as Record<string, unknown>;
  return ['good', 'bad', 'total', 'metric']
    .map((field) => fields[field])
    .filter((m): m is string => typeof m === 'string');
}
