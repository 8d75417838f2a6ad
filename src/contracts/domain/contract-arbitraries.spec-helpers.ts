import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { EXAMPLE } from './contract-fixtures.spec-helpers';

// Generated contract documents for the property specs (a helper, not a suite). Every document starts
// from the example contract in docs/examples and is either mutated at random (anything goes: the
// validator must answer, never throw) or varied in ways that keep it valid.

/** FC_SCALE=10 multiplies every run count, for a longer local fuzzing session. */
export const SCALE = Number(process.env.FC_SCALE ?? 1) || 1;
/** Generous: fc.assert runs synchronously; the property specs take ~45 s in all on a 2-core machine. */
export const TIMEOUT = 300_000 * SCALE;

type Key = string | number;
type Path = Key[];

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Sets an own property even for `__proto__`, as JSON.parse and the yaml package do. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Every node of the document with its path; containers first, root included. */
function nodes(value: unknown, path: Path = [], out: Array<{ path: Path; value: unknown }> = []) {
  out.push({ path, value });
  if (Array.isArray(value)) value.forEach((v, i) => nodes(v, [...path, i], out));
  else if (isPlainObject(value)) for (const k of Object.keys(value)) nodes(value[k], [...path, k], out);
  return out;
}

/** A deterministic generator, so a failing run replays from fast-check's seed alone. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: readonly T[], rand: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The same value with the keys of every object in a random order. */
export function reorderKeys(value: unknown, rand: () => number): unknown {
  if (Array.isArray(value)) return value.map((v) => reorderKeys(v, rand));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const k of shuffled(Object.keys(value), rand)) define(out, k, reorderKeys(value[k], rand));
  return out;
}

const FIELD_NAMES = (
  'apiVersion kind metadata spec key title version sha256 appliedAt vendor timezone weekStart effective ' +
  'from to fees monthly currency creditCap closeAfter owners vendorContacts notifyVendor notifications ' +
  'repeatInterval chronic breaches periods calendars business weekdays hours holidays maintenance cron ' +
  'duration objectives deliverables due responsible severity indicator objective period serviceHours ' +
  'excludeMaintenance warnAt warn missingData minEvents credits below credit good bad total metric ' +
  'aggregate slice item where start stop within calendar pause resume maxAge op target'
).split(' ');

/** Values that are almost right somewhere in a contract: they reach the deeper rules. */
const NEAR_MISSES = [
  ...['24:00', '00:00', '08:00', '18:00', '23:59', '8:00'],
  ...['0m', '90s', '60s', '1m', '15m', '4h', '72h', '30d', '400d', '401d', '2w', '-1h', '1h30m'],
  ...['>= 101%', '>= 100%', '>= 0%', '<= 300%', '<= 300'],
  ...['>= 99.9%', ' >= 99 % ', '> -1', '<= 1e400', '=> 5'],
  ...['Asia/Jerusalem', 'UTC', 'UTC+3', '+03:00', 'Mars/Olympus', 'Etc/GMT+3'],
  ...['2027-01-01', '2027-12-31', '2027-02-30', '2026-12-31'],
  ...['2027-03-31T18:00:00+03:00', '2026-12-31T23:59:59+02:00'],
  ...['2028-01-01T00:00:00+02:00', '2027-03-31T18:00:00'],
  ...['0 2 * * 6', '*/15 8-18 * * mon-fri', '61 2 * * 6', '@daily', '0 2 ? * 6'],
  ...['day', 'week', 'month', 'quarter', 'year', 'fortnight', 'avg', 'p95', 'p99.9', 'last'],
  ...['ratio', 'threshold', 'timeslice', 'deadline', 'freshness', 'business', 'sun', 'mon'],
  ...['vendor', 'customer', 'critical', 'ignore', 'good', 'bad', 'gte', 'lt', 'ILS', 'ils'],
  ...['cio@customer.example', 'a@b', 'acme', 'acme-it-2027', 'sla-sentinel/v1', 'Contract'],
  ...['__proto__', 'constructor', 'toString', '', ' '],
];
const AWKWARD = ['a', ' ', '\r', '\n', '\r\n', '\t', ':', '#', '- ', '"', "'", '%', '>=', '99', '\u2028'];
const EDGE_NUMBERS = [
  0,
  -1,
  1,
  59,
  60,
  100,
  101,
  1e21,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER,
  2 ** 53 + 2,
  1.5,
  0.1,
];

const shortText = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

const keyName = fc.oneof(
  { arbitrary: fc.constantFrom(...FIELD_NAMES), weight: 3 },
  { arbitrary: fc.constantFrom('__proto__', '', ' ', 'a.b', '[0]', 'spec.colour', 'colour'), weight: 1 },
  { arbitrary: shortText, weight: 2 },
);

/** Strings of every awkward sort: unicode, CR/LF, very long, near-valid. */
const anyString = fc.oneof(
  { arbitrary: fc.constantFrom(...NEAR_MISSES), weight: 4 },
  { arbitrary: shortText, weight: 2 },
  {
    arbitrary: fc.array(fc.constantFrom(...AWKWARD), { maxLength: 20 }).map((parts) => parts.join('')),
    weight: 1,
  },
  {
    arbitrary: fc
      .tuple(
        fc.constantFrom('a', ' ', '9', '>= 1', 'é', '\n', '\u{1F600}'),
        fc.integer({ min: 500, max: 60_000 }),
      )
      .map(([unit, n]) => unit.repeat(n)),
    weight: 1,
  },
);

// JSON has no NaN, no infinities and no negative zero (JSON.stringify(-0) is "0").
const anyNumber = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
  fc.constantFrom(...EDGE_NUMBERS),
);

const anyJson = fc.jsonValue({ maxDepth: 2 });

/** One value of each JSON type; the mutation picks one whose type differs from the value it replaces. */
const typedCandidates = fc.record({
  string: anyString,
  number: anyNumber,
  boolean: fc.boolean(),
  null: fc.constant(null),
  array: fc.array(anyJson, { maxLength: 4 }),
  object: fc.dictionary(keyName, anyJson, { maxKeys: 4 }),
});

type Mutation =
  | { op: 'delete'; at: number; key: number }
  | { op: 'replace'; at: number; pick: number; values: Record<string, unknown> }
  | { op: 'nearMiss'; at: number; value: string }
  | { op: 'duplicate'; at: number; index: number }
  | { op: 'shuffle'; at: number; seed: number }
  | { op: 'rename'; at: number; key: number; name: string }
  | { op: 'insert'; at: number; name: string; value: unknown };

const at = fc.nat();
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at, key: fc.nat() }),
  fc.record({ op: fc.constant('replace' as const), at, pick: fc.nat(), values: typedCandidates }),
  fc.record({ op: fc.constant('nearMiss' as const), at, value: fc.constantFrom(...NEAR_MISSES) }),
  fc.record({ op: fc.constant('duplicate' as const), at, index: fc.nat() }),
  fc.record({ op: fc.constant('shuffle' as const), at, seed: fc.integer() }),
  fc.record({ op: fc.constant('rename' as const), at, key: fc.nat(), name: keyName }),
  fc.record({
    op: fc.constant('insert' as const),
    at,
    name: keyName,
    value: fc.oneof(anyString, anyNumber, anyJson),
  }),
);

const pick = <T>(items: readonly T[], n: number): T | undefined =>
  items.length === 0 ? undefined : items[n % items.length];

/** Applies one mutation in place (the root itself can be replaced: the new root is returned). */
function applyMutation(doc: unknown, m: Mutation): unknown {
  const all = nodes(doc);
  const objects = all.filter((n) => isPlainObject(n.value) && Object.keys(n.value).length > 0);
  const arrays = all.filter((n) => Array.isArray(n.value) && n.value.length > 0);
  const replace = (path: Path, value: unknown): unknown => {
    if (path.length === 0) return value;
    const parent: any = path.slice(0, -1).reduce<any>((node, key) => node[key], doc);
    const key = path[path.length - 1];
    if (Array.isArray(parent)) parent[key as number] = value;
    else define(parent, key as string, value);
    return doc;
  };
  switch (m.op) {
    case 'delete': {
      const node = pick(objects, m.at);
      if (!node) return doc;
      const obj = node.value as Record<string, unknown>;
      delete obj[pick(Object.keys(obj), m.key)!];
      return doc;
    }
    case 'replace': {
      // Mostly below the root: a document that is not an object is a single, boring case.
      const node = pick(all.length > 1 ? all.slice(1) : all, m.at)!;
      const others = Object.entries(m.values).filter(([type]) => type !== typeOf(node.value));
      return replace(node.path, structuredClone(pick(others, m.pick)![1]));
    }
    case 'nearMiss': {
      const leaves = all.filter((n) => !isPlainObject(n.value) && !Array.isArray(n.value));
      const node = pick(leaves, m.at);
      return node ? replace(node.path, m.value) : doc;
    }
    case 'duplicate': {
      const node = pick(arrays, m.at);
      if (!node) return doc;
      const list = node.value as unknown[];
      const i = m.index % list.length;
      list.splice(i, 0, structuredClone(list[i]));
      return doc;
    }
    case 'shuffle': {
      const node = pick(arrays, m.at);
      if (!node) return doc;
      const list = node.value as unknown[];
      const order = shuffled(list, random(m.seed));
      list.splice(0, list.length, ...order);
      return doc;
    }
    case 'rename': {
      const node = pick(objects, m.at);
      if (!node) return doc;
      const obj = node.value as Record<string, unknown>;
      const from = pick(Object.keys(obj), m.key)!;
      const entries = Object.entries(obj).map(([k, v]): [string, unknown] => [k === from ? m.name : k, v]);
      for (const k of Object.keys(obj)) delete obj[k];
      for (const [k, v] of entries) define(obj, k, v);
      return doc;
    }
    case 'insert': {
      const containers = all.filter((n) => isPlainObject(n.value));
      const node = pick(containers, m.at);
      if (node) define(node.value as Record<string, unknown>, m.name, structuredClone(m.value));
      return doc;
    }
  }
}

export const mutatedDoc = fc
  .array(mutation, { minLength: 1, maxLength: 4 })
  .map((mutations) => mutations.reduce<unknown>((doc, m) => applyMutation(doc, m), structuredClone(EXAMPLE)));

/** Documents that must stay valid: subsets, optional fields dropped, lists reordered, keys reordered. */
export const validVariant = fc
  .record({
    objectives: fc.subarray([0, 1, 2, 3, 4, 5, 6], { minLength: 1 }),
    deliverables: fc.subarray([0, 1]),
    dropSpec: fc.subarray(
      'weekStart fees creditCap closeAfter owners vendorContacts chronic maintenance deliverables'.split(' '),
    ),
    dropObjective: fc.subarray('title responsible severity credits missingData serviceHours'.split(' ')),
    serverMetadata: fc.boolean(),
    seed: fc.integer(),
  })
  .map(({ objectives, deliverables, dropSpec, dropObjective, serverMetadata, seed }) => {
    const rand = random(seed);
    const doc = structuredClone(EXAMPLE);
    const some = (list: unknown[], indices: number[]) =>
      shuffled(
        indices.map((i) => list[i]),
        rand,
      );
    doc.spec.objectives = some(doc.spec.objectives, objectives);
    doc.spec.deliverables = some(doc.spec.deliverables, deliverables);
    for (const field of dropSpec) delete doc.spec[field];
    for (const o of doc.spec.objectives) for (const field of dropObjective) delete o[field];
    const business = doc.spec.calendars.business;
    business.weekdays = shuffled(business.weekdays, rand);
    business.holidays = shuffled(business.holidays, rand);
    if (doc.spec.maintenance) doc.spec.maintenance = shuffled(doc.spec.maintenance, rand);
    if (doc.spec.owners) doc.spec.owners = shuffled(doc.spec.owners, rand);
    if (serverMetadata) Object.assign(doc.metadata, { version: 4, sha256: 'f'.repeat(64), appliedAt: 'now' });
    return { doc, reordered: reorderKeys(doc, rand) };
  });

// --- checks --------------------------------------------------------------------------------------------

/** Deep equality; node's comparison is much faster than jest's, which only runs to explain a failure. */
export function expectSame(actual: unknown, expected: unknown): void {
  if (!isDeepStrictEqual(actual, expected)) expect(actual).toEqual(expected);
}
