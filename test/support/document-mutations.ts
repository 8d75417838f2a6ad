import fc from 'fast-check';

// Random damage to a valid document: the generator behind the "never a 5xx, always a path" properties.

type Path = Array<string | number>;

function paths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  }
  return out;
}

function parentOf(doc: unknown, path: Path): { parent: any; key: string | number } | undefined {
  if (path.length === 0) return undefined;
  let node: any = doc;
  for (const step of path.slice(0, -1)) node = node[step];
  return { parent: node, key: path[path.length - 1] };
}

export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    'a\r\nb',
    '>= 99.9%',
    '<= 300',
    '25:00',
    '24:00',
    '0 2 * * 6',
    '61 * * * *',
    '7d',
    '0m',
    'P1D',
    '2027-02-30',
    'x'.repeat(5000),
    // Text PostgreSQL cannot store, and values just past the contract limits.
    'a\u0000b',
    '\ud800',
    'P1\udc00',
    '0001-01-01',
    '1999-12-31',
    '* * * * *',
    '0,30 2 * * 6',
    '< 0%',
    '>= 0%',
    '<= 100%',
    '<= 1e300',
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(1e308, -1e308, 0, -1, 101, 100.0001, 1e12 + 1, 2 ** 53),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string(), fc.integer()), { maxKeys: 3 }),
  // A where clause or calendar map one past its limit, or with a key no event attribute can have.
  fc.constantFrom(Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`a${i}`, 'x'])), {
    'bad name': 'x',
    'k\u0000': 'v',
  }),
);

type Mutation =
  | { op: 'delete'; pick: number }
  | { op: 'replace'; pick: number; value: unknown }
  | { op: 'rename'; pick: number; name: string }
  | { op: 'duplicate'; pick: number }
  | { op: 'shuffle'; pick: number; seed: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('replace' as const), pick: fc.nat(), value: anyJson }),
  fc.record({ op: fc.constant('rename' as const), pick: fc.nat(), name: fc.string({ maxLength: 12 }) }),
  fc.record({ op: fc.constant('duplicate' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('shuffle' as const), pick: fc.nat(), seed: fc.nat() }),
);

function apply(doc: any, m: Mutation): void {
  const all = paths(doc);
  const target = parentOf(doc, all[m.pick % all.length]);
  if (!target) return;
  const { parent, key } = target;
  switch (m.op) {
    case 'delete':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
      return;
    case 'replace':
      parent[key] = structuredClone(m.value);
      return;
    case 'rename':
      if (!Array.isArray(parent) && m.name !== '__proto__') {
        parent[m.name] = parent[key];
        if (m.name !== key) delete parent[key];
      }
      return;
    case 'duplicate':
      if (Array.isArray(parent)) parent.push(structuredClone(parent[key as number]));
      return;
    case 'shuffle': {
      const list = parent[key];
      if (Array.isArray(list) && list.length > 1) list.push(list.splice(m.seed % list.length, 1)[0]);
      return;
    }
  }
}

/** The base document with 1 to 4 random mutations (the base itself is one case in twenty). */
export function mutatedDocument(base: () => Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  return fc.array(mutation, { minLength: 0, maxLength: 4 }).map((mutations) => {
    const doc = base();
    for (const m of mutations) apply(doc, m);
    return doc;
  });
}
