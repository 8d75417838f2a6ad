// Label selectors for the naive reference evaluator, written from docs/contract-authoring.md ("Label
// selectors") alone; it must never import src/contracts/domain/selector.ts, whose parser and matcher it
// checks. The rules, as documented:
//
// - A metric field is `name` (every series of the metric) or `name{label op "value", …}`.
// - Operators `=`, `!=`, `=~` (the regex matches the whole value), `!~`; every matcher must hold.
// - A label a series does not have reads as "" (so `{env=""}` selects series without `env`), as in PromQL.
// - Values are double-quoted; `\"`, `\\` and `\n` are the only escapes.
// - Regexes are RE2's (PromQL's) syntax, anchored at both ends. Here they run as JavaScript regexes with
//   the two RE2 meanings JavaScript does not share made explicit: `.` is any character but `\n` (JavaScript
//   also refuses `\r`, `\u2028`, `\u2029`), and `\s` is `[\t\n\f\r ]` (JavaScript adds `\v` and the Unicode
//   spaces). `\d` and `\w` are ASCII in both (JavaScript without the `i` flag).

export type RefMatchOp = '=' | '!=' | '=~' | '!~';

export interface RefMatcher {
  name: string;
  op: RefMatchOp;
  value: string;
}

export interface RefSelector {
  metric: string;
  matchers: RefMatcher[];
}

/** What a selector reads: a sample's metric name and the labels of its series. */
export interface RefLabelled {
  metric: string;
  labels?: Readonly<Record<string, string>>;
}

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', n: '\n' };
const OPS: RefMatchOp[] = ['=~', '!~', '!=', '=']; // two-character operators first

/** Reads a metric field as written in a contract; throws on text the docs do not allow. */
export function parseRefSelector(text: string): RefSelector {
  const open = text.indexOf('{');
  if (open < 0) return { metric: text.trim(), matchers: [] };
  const metric = text.slice(0, open).trim();
  const matchers: RefMatcher[] = [];
  let i = open + 1;
  const fail = (what: string): never => {
    throw new Error(`selector ${JSON.stringify(text)}: ${what} at ${i}`);
  };
  const spaces = () => {
    while (text[i] === ' ') i++;
  };
  for (;;) {
    spaces();
    if (text[i] === '}') break;
    const name = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(text.slice(i))?.[0] ?? fail('a label name');
    i += name.length;
    spaces();
    const op = OPS.find((o) => text.startsWith(o, i)) ?? fail('an operator');
    i += op.length;
    spaces();
    if (text[i] !== '"') fail('an opening quote');
    let value = '';
    for (i++; text[i] !== '"'; i++) {
      if (i >= text.length) fail('a closing quote');
      if (text[i] !== '\\') value += text[i];
      else value += ESCAPES[text[++i]] ?? fail('a known escape');
    }
    i++;
    matchers.push({ name, op, value });
    spaces();
    if (text[i] === ',') i++;
    else if (text[i] !== '}') fail('a comma or }');
  }
  if (text.slice(i + 1).trim() !== '') fail('the end');
  return { metric, matchers };
}

const compiled = new Map<string, RegExp>();

/** An RE2 pattern as an anchored JavaScript regex with RE2's meaning of `.` and `\s` (see above). */
export function re2Anchored(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (regex === undefined) {
    regex = new RegExp(`^(?:${re2ToJavaScript(pattern)})$`, 'u');
    compiled.set(pattern, regex);
  }
  return regex;
}

const RE2_SPACE = '\\t\\n\\f\\r ';

function re2ToJavaScript(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[++i] ?? '';
      if (next === 's') out += inClass ? RE2_SPACE : `[${RE2_SPACE}]`;
      else if (next === 'S' && !inClass) out += `[^${RE2_SPACE}]`;
      else out += `\\${next}`; // `[\S]` keeps JavaScript's meaning: no generated pattern uses it
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
      if (pattern[i + 1] === '^') out += pattern[++i];
    } else out += c === '.' ? '[^\\n]' : c;
  }
  return out;
}

function holds(m: RefMatcher, labels: Readonly<Record<string, string>>): boolean {
  const value = Object.hasOwn(labels, m.name) ? labels[m.name] : '';
  switch (m.op) {
    case '=':
      return value === m.value;
    case '!=':
      return value !== m.value;
    case '=~':
      return re2Anchored(m.value).test(value);
    case '!~':
      return !re2Anchored(m.value).test(value);
  }
}

/** Whether a sample belongs to a series the selector reads. */
export function selects(selector: RefSelector, sample: RefLabelled): boolean {
  if (sample.metric !== selector.metric) return false;
  const labels = sample.labels ?? {};
  return selector.matchers.every((m) => holds(m, labels));
}

/** The samples of the series a metric field (a bare name or a selector) reads. */
export function selected<T extends RefLabelled>(samples: readonly T[], field: string): T[] {
  const selector = parseRefSelector(field);
  return samples.filter((s) => selects(selector, s));
}
