import Ajv, { type ErrorObject } from 'ajv';
import { MAX_ATTRIBUTES } from '../../ingest/domain/events';
import { parseComparison } from './comparison';
import { CONTRACT_SCHEMA, PATTERN, SCHEMA_NODES } from './contract-schema';
import { parseCron } from './cron';
import { DURATION_HINT } from './indicator-validator';
import { PERIOD_HINT } from './objective-validator';
import { isObject, join, MAX_TEXT, type Problems } from './reader';
import { DATE_HINT, DUE_HINT, MAX_CALENDARS, WINDOW_HINT } from './spec-parts';

// The structural check of a contract document: docs/contract.schema.json (ajv, every error), its
// refusals answered in the words and paths the API has always used (`spec.objectives[2].period: must be
// a string`), so the hand-written reader keeps only the rules the schema cannot say.
//
// An ajv error names a keyword of one schema node. One value gets one message, chosen from the node
// that refused it and the value itself, in the order the reader used to check: type, blank, length,
// pattern (or enum), range. The errors inside an alternative (anyOf/oneOf branches, property names)
// are the alternative's own business: it is worded once, as a whole.

type Schema = Record<string, unknown>;
type Wording = (data: unknown, key: string) => string | undefined;

const ajv = new Ajv({
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
  allErrors: true,
  verbose: true,
});
const validate = ajv.compile(CONTRACT_SCHEMA);

/** Does `doc` have the shape docs/contract.schema.json describes? */
export function conformsToSchema(doc: unknown): boolean {
  return validate(doc);
}

const SLUG_HINT =
  'must be a slug: lowercase letters, digits and dashes, starting with a letter or digit (1-63)';
const PATTERN_HINTS = new Map<string, string | Wording>([
  [PATTERN.slug, SLUG_HINT],
  [
    PATTERN.metric,
    'must be a metric name (a letter or _ then letters, digits, _ . : -, at most 128), optionally with label matchers: name{label="value"}',
  ],
  [PATTERN.word, 'must be one word: letters, digits, _ . : - (at most 64)'],
  [PATTERN.currency, 'must be an ISO 4217 code such as ILS, EUR or USD'],
  [PATTERN.email, 'must be an email address'],
  [PATTERN.localDate, DATE_HINT],
  [PATTERN.instant, (_data, key) => (key === 'due' ? DUE_HINT : WINDOW_HINT)],
  [PATTERN.duration, DURATION_HINT],
  [PATTERN.cron, (data) => errorOf(parseCron(String(data)))],
  [PATTERN.clockFrom, 'must be a local time HH:MM from 00:00 to 23:59'],
  [PATTERN.clockTo, 'must be a local time HH:MM from 00:01 to 24:00'],
]);

const errorOf = (result: object): string | undefined =>
  'error' in result ? String(result.error) : undefined;

/** Values whose refusal is worded by their node rather than by a keyword. */
const VALUE_WORDS = new Map<object, Wording>([
  [SCHEMA_NODES.comparison, (data) => errorOf(parseComparison(data))],
  [SCHEMA_NODES.period, (data) => text(data, MAX_TEXT, PERIOD_HINT)],
  [SCHEMA_NODES.indicator, () => 'must be an object with a kind'],
]);

/** Objects refused by a rule over their fields: where the problem is said, and how. */
const OBJECT_RULES = new Map<object, { key?: string; message: string }>([
  [
    SCHEMA_NODES.spec,
    { key: 'objectives', message: 'a contract needs at least one objective or deliverable' },
  ],
  [SCHEMA_NODES.ratio, { message: 'a ratio needs exactly one of good or bad, with total' }],
]);

/**
 * Maps whose keys the author chooses: what too many keys, or a bad key, is called, and whether the value
 * of a bad key is judged too (a where pair with an unusable name is not: it could never match).
 */
const MAP_WORDS = new Map<object, { tooMany: string; badKey: string; valueOfBadKey?: false }>([
  [
    SCHEMA_NODES.calendars,
    {
      tooMany: `must have at most ${MAX_CALENDARS} calendars`,
      badKey: 'a calendar name is letters, digits, _ and - (at most 63), and not __proto__',
    },
  ],
  [
    SCHEMA_NODES.where,
    {
      tooMany: `must have at most ${MAX_ATTRIBUTES} pairs, as an event carries at most ${MAX_ATTRIBUTES} attributes`,
      badKey:
        'is not a usable attribute name: a letter or _ then letters, digits, _ . - (at most 64), as in events',
      valueOfBadKey: false,
    },
  ],
]);

function text(data: unknown, max: number, hint: string | undefined): string | undefined {
  if (typeof data !== 'string') return 'must be a string';
  if (data.trim() === '') return 'must not be empty';
  if (data.length > max) return `must be at most ${max} characters`;
  return hint;
}

function number(data: unknown, node: Schema, integer: boolean): string | undefined {
  if (typeof data !== 'number' || !Number.isFinite(data)) return 'must be a number';
  if (integer && !Number.isInteger(data)) return 'must be a whole number';
  if (typeof node.minimum === 'number' && data < node.minimum) return `must be at least ${node.minimum}`;
  if (typeof node.maximum === 'number' && data > node.maximum) return `must be at most ${node.maximum}`;
  return undefined;
}

const DEFINITIONS: Record<string, Schema> = CONTRACT_SCHEMA.definitions;
const resolve = (node: Schema): Schema =>
  typeof node.$ref === 'string' ? DEFINITIONS[node.$ref.replace('#/definitions/', '')] : node;
const typesOf = (node: Schema): unknown[] =>
  [node.type].flat().filter((t) => t !== undefined && t !== 'null');
/** `{type: 'null'}` beside a value: the alternative that only makes a field optional. */
const onlyType = (node: Schema) => Object.keys(node).length === 1 && node.type !== undefined;

/** The node a value must match: the one alternative of an anyOf besides a type (`orNull`), resolved. */
function valueNode(node: Schema): Schema {
  const resolved = resolve(node);
  if (!Array.isArray(resolved.anyOf) || VALUE_WORDS.has(resolved)) return resolved;
  const others = (resolved.anyOf as Schema[]).map(resolve).filter((branch) => !onlyType(branch));
  return others.length === 1 ? valueNode(others[0]) : resolved;
}

/** Required fields that are objects or lists: given as null, they are missing and of the wrong type. */
const REQUIRED_CONTAINERS = new Set<Schema>();
(function collect(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(collect);
  if (!isObject(node)) return;
  const properties = isObject(node.properties) ? node.properties : {};
  for (const key of Array.isArray(node.required) ? (node.required as string[]) : []) {
    const field = isObject(properties[key]) ? resolve(properties[key]) : undefined;
    if (field && typesOf(field).some((t) => t === 'object' || t === 'array')) REQUIRED_CONTAINERS.add(field);
  }
  Object.values(node).forEach(collect);
})(CONTRACT_SCHEMA);

/** The start of a refusal no wording here covers (ajv's own words follow): a schema change to word. */
export const UNWORDED = 'does not match the contract schema';
const unworded = (e: ErrorObject) => `${UNWORDED}: ${e.message ?? e.keyword}`;

/** What the API says about a value its node refused. */
function describe(error: ErrorObject, key: string): string[] {
  const node = valueNode(error.parentSchema as Schema);
  const data: unknown = error.data;
  const types = typesOf(node);
  if (data === null) {
    if (!types.includes('object') && !types.includes('array')) return ['is required'];
    const wrongType =
      VALUE_WORDS.get(node)?.(data, key) ??
      (types.includes('object') ? 'must be an object' : 'must be a list');
    return REQUIRED_CONTAINERS.has(node) ? ['is required', wrongType] : [wrongType];
  }
  const words = VALUE_WORDS.get(node)?.(data, key) ?? wordsOf(node, data, key, types);
  return [words ?? unworded(error)];
}

function wordsOf(node: Schema, data: unknown, key: string, types: unknown[]): string | undefined {
  if (typeof node.const === 'string') return `must be ${node.const}`;
  if (Array.isArray(node.enum)) return `must be one of ${node.enum.join(', ')}`;
  if (types.includes('string')) {
    const hint = PATTERN_HINTS.get(String(node.pattern));
    const max = typeof node.maxLength === 'number' ? node.maxLength : MAX_TEXT;
    return text(data, max, typeof hint === 'function' ? hint(data, key) : hint);
  }
  if (types.includes('number') || types.includes('integer'))
    return number(data, node, types.includes('integer'));
  if (types.includes('boolean')) return 'must be true or false';
  if (types.includes('object')) return 'must be an object';
  if (types.includes('array')) return 'must be a list';
  return undefined;
}

/** An error inside an alternative or a property-name check: its parent error says it. */
const INNER = /\/(?:anyOf|oneOf)\/\d+\/|\/propertyNames\//;
const VALUE_KEYWORDS = new Set('type enum const pattern maxLength minimum maximum anyOf oneOf'.split(' '));
const isValueError = (e: ErrorObject) =>
  VALUE_KEYWORDS.has(e.keyword) && !(e.keyword.endsWith('Of') && OBJECT_RULES.has(e.parentSchema ?? {}));
const SIZE_KEYWORDS = new Set(['maxItems', 'maxProperties']);

const decodeToken = (token: string) => token.replace(/~1/g, '/').replace(/~0/g, '~');
const encodeToken = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** `/spec/objectives/0/key` in `doc` → `spec.objectives[0].key`, as the reader writes paths. */
function pathOf(doc: unknown, pointer: string): string {
  let path = '';
  let node = doc;
  for (const raw of pointer === '' ? [] : pointer.slice(1).split('/')) {
    const key = decodeToken(raw);
    if (Array.isArray(node)) {
      path = join(path, Number(key));
      node = node[Number(key)];
    } else {
      path = join(path, key);
      node = isObject(node) ? node[key] : undefined;
    }
  }
  return path;
}

/**
 * Adds the schema's problems with `doc` to `problems`. Returns the paths of the values it refused: the
 * reader does not read them again (a list refused for its length is not read item by item, a value of
 * the wrong type is not judged further).
 */
export function schemaProblems(doc: unknown, problems: Problems): Set<string> {
  const refused = new Set<string>();
  if (validate(doc)) return refused;
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'if' && !INNER.test(e.schemaPath));
  // Nothing more is said inside a map or list refused for its size, nor of the value of a key that is
  // refused with its value: the reader never read them.
  const oversized = new Set(errors.filter((e) => SIZE_KEYWORDS.has(e.keyword)).map((e) => e.instancePath));
  const unread = new Set(oversized);
  for (const e of errors) {
    if (e.keyword === 'propertyNames' && MAP_WORDS.get(e.parentSchema ?? {})?.valueOfBadKey === false)
      unread.add(
        `${e.instancePath}/${encodeToken(String((e.params as Record<string, unknown>).propertyName))}`,
      );
  }
  const skipped = (e: ErrorObject) => {
    const at = e.instancePath;
    if (unread.has(at) && !(oversized.has(at) && SIZE_KEYWORDS.has(e.keyword))) return true;
    for (let i = at.lastIndexOf('/'); i > 0; i = at.lastIndexOf('/', i - 1))
      if (unread.has(at.slice(0, i))) return true;
    return false;
  };
  // One message per value, from the outermost node that refused it (an anyOf comes after its branches).
  const valueErrors = new Map<string, ErrorObject>();
  for (const e of errors) if (isValueError(e)) valueErrors.set(e.instancePath, e);
  const paths = new Map<string, string>();
  let said = 0;
  const say = (pointer: string, key: string | undefined, messages: string[], refuse = true) => {
    const base = paths.get(pointer) ?? pathOf(doc, pointer);
    paths.set(pointer, base);
    const path = key === undefined ? base : join(base, key);
    for (const message of messages) problems.add(path, message);
    said++;
    if (refuse) refused.add(path);
  };
  for (const e of errors) {
    const at = e.instancePath;
    if (skipped(e)) continue;
    const params = e.params as Record<string, unknown>;
    const node = e.parentSchema ?? {};
    if (isValueError(e)) {
      if (valueErrors.get(at) !== e) continue;
      say(at, undefined, describe(e, decodeToken(at.slice(at.lastIndexOf('/') + 1))));
    } else if (e.keyword === 'required') say(at, String(params.missingProperty), ['is required']);
    else if (e.keyword === 'additionalProperties')
      say(at, String(params.additionalProperty), ['is not a known field'], false);
    else if (e.keyword === 'propertyNames') {
      const words = MAP_WORDS.get(node);
      say(at, String(params.propertyName), [words?.badKey ?? unworded(e)], words?.valueOfBadKey === false);
    } else if (e.keyword === 'maxProperties')
      say(at, undefined, [MAP_WORDS.get(node)?.tooMany ?? unworded(e)]);
    else if (e.keyword === 'maxItems')
      say(at, undefined, [`must have at most ${String(params.limit)} items`]);
    else if (e.keyword === 'minItems') {
      const n = Number(params.limit);
      say(at, undefined, [`must have at least ${n} item${n === 1 ? '' : 's'}`]);
    } else {
      const rule = OBJECT_RULES.get(node);
      say(at, rule?.key, [rule?.message ?? unworded(e)]);
    }
  }
  if (said === 0) problems.add('', UNWORDED);
  return refused;
}
