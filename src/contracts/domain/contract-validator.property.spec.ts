import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { parse } from 'yaml';
import { conformsToSchema, readContract, validateContract } from './contract-validator';
import type { ContractSpec } from './contract.types';
import { canonicalJson, documentHash, parseDocument, toYaml } from './document';
import { endOfLocalDate, startOfLocalDate } from './time';

// Property tests for the contract validator and the document helpers. Every generated document starts
// from the example contract in docs/examples and is either mutated at random (anything goes: the
// validator must answer, never throw) or varied in ways that keep it valid.
//
// Runs: validator 8 000 mutated + 2 000 valid variants = 10 000 documents; schema agreement 4 000 mutated
// + 1 000 valid variants; YAML round trip 1 500; canonical JSON 1 500.

const EXAMPLE: any = parse(readFileSync(resolve(__dirname, '../../../docs/examples/contract.yaml'), 'utf8'));

// FC_SCALE=10 multiplies every run count, for a longer local fuzzing session.
const SCALE = Number(process.env.FC_SCALE ?? 1) || 1;
const VALIDATOR_MUTATED_RUNS = 8_000 * SCALE;
const VALIDATOR_VARIANT_RUNS = 2_000 * SCALE;
const SCHEMA_MUTATED_RUNS = 4_000 * SCALE;
const SCHEMA_VARIANT_RUNS = 1_000 * SCALE;
const YAML_RUNS = 1_500 * SCALE;
const CANONICAL_RUNS = 1_500 * SCALE;
/** Generous: fc.assert runs synchronously; the runs above take ~45 s in all on a 2-core machine. */
const TIMEOUT = 300_000 * SCALE;

// --- small helpers ---------------------------------------------------------------------------------

type Key = string | number;
type Path = Key[];

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Sets an own property even for `__proto__`, as JSON.parse and the yaml package do. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Every node of the document with its path; containers first, root included. */
function nodes(value: unknown, path: Path = [], out: Array<{ path: Path; value: unknown }> = []) {
  out.push({ path, value });
  if (Array.isArray(value)) value.forEach((v, i) => nodes(v, [...path, i], out));
  else if (isPlainObject(value)) for (const k of Object.keys(value)) nodes(value[k], [...path, k], out);
  return out;
}

function getAt(doc: unknown, path: Path): unknown {
  return path.reduce<any>((node, key) => node[key], doc);
}

/** A deterministic generator, so a failing run replays from fast-check's seed alone. */
function random(seed: number): () => number {
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
function reorderKeys(value: unknown, rand: () => number): unknown {
  if (Array.isArray(value)) return value.map((v) => reorderKeys(v, rand));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const k of shuffled(Object.keys(value), rand)) define(out, k, reorderKeys(value[k], rand));
  return out;
}

// --- arbitraries ---------------------------------------------------------------------------------------

const FIELD_NAMES = [
  'apiVersion',
  'kind',
  'metadata',
  'spec',
  'key',
  'title',
  'version',
  'sha256',
  'appliedAt',
  'vendor',
  'timezone',
  'weekStart',
  'effective',
  'from',
  'to',
  'fees',
  'monthly',
  'currency',
  'creditCap',
  'closeAfter',
  'owners',
  'vendorContacts',
  'notifyVendor',
  'notifications',
  'repeatInterval',
  'chronic',
  'breaches',
  'periods',
  'calendars',
  'business',
  'weekdays',
  'hours',
  'holidays',
  'maintenance',
  'cron',
  'duration',
  'objectives',
  'deliverables',
  'due',
  'responsible',
  'severity',
  'indicator',
  'objective',
  'period',
  'serviceHours',
  'excludeMaintenance',
  'warnAt',
  'warn',
  'missingData',
  'minEvents',
  'credits',
  'below',
  'credit',
  'good',
  'bad',
  'total',
  'metric',
  'aggregate',
  'slice',
  'item',
  'where',
  'start',
  'stop',
  'within',
  'calendar',
  'pause',
  'resume',
  'maxAge',
  'op',
  'target',
];

/** Values that are almost right somewhere in a contract: they reach the deeper rules. */
const NEAR_MISSES = [
  '24:00',
  '00:00',
  '08:00',
  '18:00',
  '23:59',
  '8:00',
  '0m',
  '90s',
  '60s',
  '1m',
  '15m',
  '4h',
  '72h',
  '30d',
  '400d',
  '401d',
  '2w',
  '-1h',
  '1h30m',
  '>= 101%',
  '>= 100%',
  '>= 0%',
  '<= 300%',
  '<= 300',
  '>= 99.9%',
  ' >= 99 % ',
  '> -1',
  '<= 1e400',
  '=> 5',
  'Asia/Jerusalem',
  'UTC',
  'UTC+3',
  '+03:00',
  'Mars/Olympus',
  'Etc/GMT+3',
  '2027-01-01',
  '2027-12-31',
  '2027-02-30',
  '2026-12-31',
  '2027-03-31T18:00:00+03:00',
  '2026-12-31T23:59:59+02:00',
  '2028-01-01T00:00:00+02:00',
  '2027-03-31T18:00:00',
  '0 2 * * 6',
  '*/15 8-18 * * mon-fri',
  '61 2 * * 6',
  '@daily',
  '0 2 ? * 6',
  'day',
  'week',
  'month',
  'quarter',
  'year',
  'fortnight',
  'avg',
  'p95',
  'p99.9',
  'last',
  'ratio',
  'threshold',
  'timeslice',
  'deadline',
  'freshness',
  'business',
  'sun',
  'mon',
  'vendor',
  'customer',
  'critical',
  'ignore',
  'good',
  'bad',
  'gte',
  'lt',
  'ILS',
  'ils',
  'cio@customer.example',
  'a@b',
  'acme',
  'acme-it-2027',
  'sla-sentinel/v1',
  'Contract',
  '__proto__',
  'constructor',
  'toString',
  '',
  ' ',
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
    arbitrary: fc
      .array(
        fc.constantFrom(
          'a',
          ' ',
          '\r',
          '\n',
          '\r\n',
          '\t',
          ':',
          '#',
          '- ',
          '"',
          "'",
          '%',
          '>=',
          '99',
          '\u2028',
        ),
        { maxLength: 20 },
      )
      .map((parts) => parts.join('')),
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
  fc.constantFrom(
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
  ),
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

function pick<T>(items: readonly T[], n: number): T | undefined {
  return items.length === 0 ? undefined : items[n % items.length];
}

/** Applies one mutation in place (the root itself can be replaced: the new root is returned). */
function applyMutation(doc: unknown, m: Mutation): unknown {
  const all = nodes(doc);
  const objects = all.filter((n) => isPlainObject(n.value) && Object.keys(n.value).length > 0);
  const arrays = all.filter((n) => Array.isArray(n.value) && n.value.length > 0);
  const replace = (path: Path, value: unknown): unknown => {
    if (path.length === 0) return value;
    const parent: any = getAt(doc, path.slice(0, -1));
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
      const node = pick(
        all.filter((n) => isPlainObject(n.value)),
        m.at,
      );
      if (node) define(node.value as Record<string, unknown>, m.name, structuredClone(m.value));
      return doc;
    }
  }
}

const mutatedDoc = fc
  .array(mutation, { minLength: 1, maxLength: 4 })
  .map((mutations) => mutations.reduce<unknown>((doc, m) => applyMutation(doc, m), structuredClone(EXAMPLE)));

/** Documents that must stay valid: subsets, optional fields dropped, lists reordered, keys reordered. */
const validVariant = fc
  .record({
    objectives: fc.subarray([0, 1, 2, 3, 4, 5, 6], { minLength: 1 }),
    deliverables: fc.subarray([0, 1]),
    dropSpec: fc.subarray([
      'weekStart',
      'fees',
      'creditCap',
      'closeAfter',
      'owners',
      'vendorContacts',
      'chronic',
      'maintenance',
      'deliverables',
    ]),
    dropObjective: fc.subarray([
      'title',
      'responsible',
      'severity',
      'credits',
      'missingData',
      'serviceHours',
    ]),
    serverMetadata: fc.boolean(),
    seed: fc.integer(),
  })
  .map(({ objectives, deliverables, dropSpec, dropObjective, serverMetadata, seed }) => {
    const rand = random(seed);
    const doc = structuredClone(EXAMPLE);
    doc.spec.objectives = shuffled(
      objectives.map((i) => doc.spec.objectives[i]),
      rand,
    );
    doc.spec.deliverables = shuffled(
      deliverables.map((i) => doc.spec.deliverables[i]),
      rand,
    );
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
function expectSame(actual: unknown, expected: unknown): void {
  if (!isDeepStrictEqual(actual, expected)) expect(actual).toEqual(expected);
}

function expectWellFormedErrors(errors: Array<{ path: unknown; message: unknown }>): void {
  expect(errors.length).toBeGreaterThan(0);
  const seen = new Set<string>();
  for (const e of errors) {
    expect(typeof e.path).toBe('string');
    expect(typeof e.message).toBe('string');
    expect((e.path as string).length).toBeGreaterThan(0);
    expect((e.message as string).trim().length).toBeGreaterThan(0);
    const id = `${e.path as string}\u0000${e.message as string}`;
    expect(seen.has(id)).toBe(false);
    seen.add(id);
  }
}

/** What a valid document's normalized spec must always satisfy, whatever the document looked like. */
function expectSpecInvariants(doc: any, spec: ContractSpec): void {
  // Nothing valid is dropped on the way: every listed item is in the spec.
  expect(spec.objectives).toHaveLength(doc.spec.objectives?.length ?? 0);
  expect(spec.deliverables).toHaveLength(doc.spec.deliverables?.length ?? 0);
  expect(spec.maintenance).toHaveLength(doc.spec.maintenance?.length ?? 0);
  expect(Object.keys(spec.calendars).sort()).toEqual(Object.keys(doc.spec.calendars ?? {}).sort());
  expect(new Set(spec.objectives.map((o) => o.key)).size).toBe(spec.objectives.length);
  expect(new Set(spec.deliverables.map((d) => d.key)).size).toBe(spec.deliverables.length);
  for (const cal of Object.values(spec.calendars)) {
    cal.hours.forEach((h, i) => {
      expect(h.from).toBeGreaterThanOrEqual(0);
      expect(h.to).toBeLessThanOrEqual(1440);
      expect(h.to).toBeGreaterThan(h.from);
      if (i > 0) expect(h.from).toBeGreaterThanOrEqual(cal.hours[i - 1].to);
    });
  }
  for (const o of spec.objectives) {
    expect(Number.isFinite(o.objective.target)).toBe(true);
    if (o.indicator.kind !== 'threshold') {
      expect(o.objective.target).toBeGreaterThanOrEqual(0);
      expect(o.objective.target).toBeLessThanOrEqual(100);
    }
    if (o.serviceHours !== undefined) expect(Object.keys(spec.calendars)).toContain(o.serviceHours);
    o.credits.forEach((t, i) => i > 0 && expect(t.below).toBeLessThan(o.credits[i - 1].below));
  }
  const from = startOfLocalDate(spec.effective.from, spec.timezone).getTime();
  const to = spec.effective.to ? endOfLocalDate(spec.effective.to, spec.timezone).getTime() : Infinity;
  for (const d of spec.deliverables) {
    const due = Date.parse(d.due);
    expect(due).toBeGreaterThanOrEqual(from);
    expect(due).toBeLessThan(to);
  }
}

// --- properties ----------------------------------------------------------------------------------------

describe('validateContract on generated documents', () => {
  it(
    'never throws and answers either a spec or well-formed, distinct errors, for mutated documents',
    () => {
      fc.assert(
        fc.property(mutatedDoc, (doc: any) => {
          const before = canonicalJson(doc);
          const result = validateContract(doc);
          // Validation reads the document and never changes it.
          expect(canonicalJson(doc)).toBe(before);
          if (!result.ok) {
            expectWellFormedErrors(result.errors);
            return;
          }
          expectSpecInvariants(doc, result.spec);
          expect(documentHash(doc)).toBe(documentHash(structuredClone(doc)));
          expect(documentHash(doc)).toMatch(/^[0-9a-f]{64}$/);
          expectSame(validateContract(doc), result);
          // The URL key: the same key changes nothing, another one is reported on metadata.key.
          expectSame(validateContract(doc, result.spec.key), result);
          const other = validateContract(doc, `${result.spec.key}-x`);
          expect(other.ok).toBe(false);
          if (!other.ok) expect(other.errors.map((e) => e.path)).toEqual(['metadata.key']);
        }),
        { numRuns: VALIDATOR_MUTATED_RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'accepts valid variants of the example, with a stable hash and the same spec whatever the key order',
    () => {
      fc.assert(
        fc.property(validVariant, ({ doc, reordered }) => {
          const result = validateContract(doc);
          if (!result.ok) throw new Error(`expected a valid variant, got ${JSON.stringify(result.errors)}`);
          expectSpecInvariants(doc, result.spec);
          expect(result.spec.objectives.map((o) => o.key)).toEqual(
            doc.spec.objectives.map((o: any) => o.key),
          );
          expectSame(validateContract(doc), result);
          expectSame(validateContract(reordered), result);
          expect(documentHash(doc)).toBe(documentHash(doc));
          expect(documentHash(reordered)).toBe(documentHash(doc));
          // Server metadata does not count towards the document's identity.
          const bare = structuredClone(doc);
          for (const k of ['version', 'sha256', 'appliedAt']) delete bare.metadata[k];
          expect(documentHash(bare)).toBe(documentHash(doc));
        }),
        { numRuns: VALIDATOR_VARIANT_RUNS },
      );
    },
    TIMEOUT,
  );
});

/**
 * "Structural" errors, precisely: the reader's messages about a document's shape alone — an unknown or
 * missing field, a value of the wrong JSON type, a value outside an enumeration, a list too long or too
 * short, a blank text, a number outside a fixed range, and a text not matching a fixed pattern
 * (slug, metric name, word, currency, e-mail). Everything else (dates that do not exist, ranges out of
 * order, targets a percentage cannot meet, unknown time zones or calendars, duplicate keys, cron field
 * values, the maintenance density, the size limit, text PostgreSQL cannot store, and text lengths, which
 * the reader counts in UTF-16 code units and JSON Schema in code points) is semantic: the schema
 * may accept a document the reader refuses for those.
 */
const STRUCTURAL = [
  /^is not a known field$/,
  /^is required$/,
  /^must be an object$/,
  /^must be an object with a kind$/,
  /^must be a list$/,
  /^must be a string$/,
  /^must be a number$/,
  /^must be a whole number$/,
  /^must be true or false$/,
  /^must be one of (?!.*rolling)[^(]*$/,
  /^must have at (most|least) \d+ items?$/,
  /^must not be empty$/,
  /^must be (at least|at most) -?[\d.e+]+$/,
  /^must be a slug: /,
  /^must be a metric name: /,
  /^must be one word: /,
  /^must be an ISO 4217 code/,
  /^must be an email address$/,
  /^must look like ">= 99.9%" or "<= 300", or be \{op, target\}$/,
  /^has unknown fields: /,
  /^op must be one of /,
  /^target must be a number$/,
];
const isStructural = (message: string) => STRUCTURAL.some((re) => re.test(message));

/**
 * The agreement, for one document: the reader accepts it ⇒ the schema accepts it (so every document the
 * schema refuses, the reader refuses too), and the reader reports a structural error ⇒ the schema refuses
 * it. The validator's own answer is the reader's (the schema never has to step in).
 */
function expectSchemaAgrees(doc: unknown): void {
  const read = readContract(doc);
  const conforms = conformsToSchema(doc);
  if (read.ok && !conforms) throw new Error('the reader accepts a document the schema refuses');
  const structural = read.ok ? [] : read.errors.filter((e) => isStructural(e.message));
  if (structural.length > 0 && conforms) {
    throw new Error(`the schema accepts a document with structural errors: ${JSON.stringify(structural)}`);
  }
  expectSame(validateContract(doc), read);
}

describe('docs/contract.schema.json agrees with the validator on generated documents', () => {
  it(
    'for mutated documents',
    () => {
      fc.assert(fc.property(mutatedDoc, expectSchemaAgrees), { numRuns: SCHEMA_MUTATED_RUNS });
    },
    TIMEOUT,
  );

  it(
    'for valid variants of the example (all schema-valid)',
    () => {
      fc.assert(
        fc.property(validVariant, ({ doc, reordered }) => {
          expect(conformsToSchema(doc)).toBe(true);
          expectSchemaAgrees(doc);
          expectSchemaAgrees(reordered);
        }),
        { numRuns: SCHEMA_VARIANT_RUNS },
      );
    },
    TIMEOUT,
  );
});

describe('document round trips', () => {
  it('reads back a string of only spaces and line breaks', () => {
    const doc = structuredClone(EXAMPLE);
    doc.metadata.title = ' \n';
    expect(parseDocument(toYaml(doc), 'yaml')).toEqual({ ok: true, doc });
  });

  it('reads back a first key that starts with U+FEFF (not taken for a byte-order mark)', () => {
    const doc = { '\ufeffapiVersion': 'sla-sentinel/v1' };
    expect(parseDocument(toYaml(doc), 'yaml')).toEqual({ ok: true, doc });
  });

  it(
    'reads back what toYaml writes, and YAML → JSON → YAML is stable',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(
            mutatedDoc,
            validVariant.map((v) => v.doc as unknown),
          ),
          (doc) => {
            const text = toYaml(doc);
            const read = parseDocument(text, 'yaml');
            if (!read.ok) throw new Error(`${read.message}\n${text}`);
            expectSame(read.doc, doc);
            expect(toYaml(read.doc)).toBe(text);
            const json = parseDocument(JSON.stringify(read.doc), 'json');
            if (!json.ok) throw new Error(json.message);
            expect(toYaml(json.doc)).toBe(text);
            expect(canonicalJson(json.doc)).toBe(canonicalJson(doc));
          },
        ),
        { numRuns: YAML_RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'gives the same canonical JSON and hash whatever the key order',
    () => {
      fc.assert(
        fc.property(mutatedDoc, fc.integer(), (doc, seed) => {
          const reordered = reorderKeys(doc, random(seed));
          expect(canonicalJson(reordered)).toBe(canonicalJson(doc));
          expect(documentHash(reordered)).toBe(documentHash(doc));
          expectSame(JSON.parse(canonicalJson(doc)), JSON.parse(JSON.stringify(doc)));
        }),
        { numRuns: CANONICAL_RUNS },
      );
    },
    TIMEOUT,
  );
});
