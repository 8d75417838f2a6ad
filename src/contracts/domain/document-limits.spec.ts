import type { FieldError } from '../../common/errors/domain-error';
import { mutated, problemsOf } from './contract-fixtures.spec-helpers';
import { parseDocument } from './document';

// The document as a whole: its expanded size (YAML aliases count in full), text PostgreSQL can store,
// JSON keys given twice, and how many problems one answer lists.

const NOW = Date.parse('2027-02-01T00:00:00Z');

const errorsOf = (doc: unknown): FieldError[] => problemsOf(doc, { now: NOW });

const NUL = /NUL/;
const SURROGATE = /surrogate/;

describe('text PostgreSQL cannot store is refused where it is written', () => {
  it.each<[string, (doc: any) => void, string, RegExp]>([
    ['NUL in the title', (d) => (d.metadata.title = 'Acme\u0000'), 'metadata.title', NUL],
    ['a lone surrogate in the title', (d) => (d.metadata.title = 'Acme \ud800'), 'metadata.title', SURROGATE],
    ['NUL in an owner', (d) => (d.spec.owners[1] = 'a\u0000@b.example'), 'spec.owners[1]', NUL],
    [
      'a lone low surrogate in a vendor contact',
      (d) => (d.spec.vendorContacts[0] = '\udc00@b.example'),
      'spec.vendorContacts[0]',
      SURROGATE,
    ],
    [
      'NUL in a holiday',
      (d) => (d.spec.calendars.business.holidays[0] = '2027-04-22\u0000'),
      'spec.calendars.business.holidays[0]',
      NUL,
    ],
    [
      'NUL in a maintenance title',
      (d) => (d.spec.maintenance[1].title = 'move\u0000'),
      'spec.maintenance[1].title',
      NUL,
    ],
    [
      'NUL in a where value',
      (d) => (d.spec.objectives[3].indicator.where.priority = 'P1\u0000'),
      'spec.objectives[3].indicator.where.priority',
      NUL,
    ],
    [
      'a lone surrogate in an objective title',
      (d) => (d.spec.objectives[6].title = '\ud83d'),
      'spec.objectives[6].title',
      SURROGATE,
    ],
    [
      'NUL in a deliverable title',
      (d) => (d.spec.deliverables[1].title = '\u0000'),
      'spec.deliverables[1].title',
      NUL,
    ],
    ['NUL in the currency', (d) => (d.spec.fees.currency = 'IL\u0000'), 'spec.fees.currency', NUL],
    [
      'NUL in a calendar name, shown escaped in the path',
      (d) => (d.spec.calendars['bus\u0000'] = d.spec.calendars.business),
      'spec.calendars.bus\\u0000',
      NUL,
    ],
    [
      'a lone surrogate in an unknown key, shown escaped in the path',
      (d) => (d.spec['x\ud800'] = 1),
      'spec.x\\ud800',
      SURROGATE,
    ],
  ])('refuses %s', (_name, mutation, path, message) => {
    expect(errorsOf(mutated(mutation))).toEqual(
      expect.arrayContaining([{ path, message: expect.stringMatching(message) }]),
    );
  });

  it('accepts a surrogate pair (an emoji) in a title', () => {
    expect(errorsOf(mutated((d) => (d.metadata.title = 'Acme \ud83d\ude80')))).toEqual([]);
  });
});

/** One objective anchors a 10 000-pair where map and 99 others alias it: 100 KB of YAML. */
function aliasBomb(): string {
  const pairs = Array.from({ length: 10_000 }, (_, i) => `k${i}: v`).join(', ');
  const objective = (i: number, where: string) =>
    `    - { key: o${i}, indicator: { kind: deadline, item: ticket, within: 1h, where: ${where} }, objective: '>= 90%', period: month }`;
  const objectives = [objective(0, `&w { ${pairs} }`)];
  for (let i = 1; i < 100; i++) objectives.push(objective(i, '*w'));
  return [
    'apiVersion: sla-sentinel/v1',
    'kind: Contract',
    'metadata: { key: bomb, title: Bomb }',
    'spec:',
    '  vendor: acme',
    '  timezone: UTC',
    '  effective: { from: 2027-01-01 }',
    '  objectives:',
    ...objectives,
  ].join('\n');
}

describe('the expanded document is bounded', () => {
  it('refuses 100 KB of YAML whose aliases expand past 2 MiB, quickly, naming the reason', () => {
    const text = aliasBomb();
    expect(text.length).toBeLessThan(120_000);
    const started = performance.now();
    const parsed = parseDocument(text, 'yaml');
    if (!parsed.ok) throw new Error(parsed.message);
    const errors = errorsOf(parsed.doc);
    const elapsed = performance.now() - started;
    expect(errors).toEqual([{ path: '(document)', message: expect.stringMatching(/2 MiB/) }]);
    // ~0.4 s on an idle 2-core box; the quadratic reading took 13.7 s. The margin absorbs a loaded box.
    expect(elapsed).toBeLessThan(4000);
  });

  it('refuses a YAML alias inside its own anchor (a cycle) as too large, without looping', () => {
    const parsed = parseDocument('metadata: { key: a, title: b, version: &x [*x] }', 'yaml');
    if (!parsed.ok) throw new Error(parsed.message);
    expect(errorsOf(parsed.doc)).toEqual([{ path: '(document)', message: expect.stringMatching(/2 MiB/) }]);
  });

  it('answers a parse failure, not a crash, for YAML nested 10 000 deep', () => {
    const parsed = parseDocument(`spec: ${'['.repeat(10_000)}${']'.repeat(10_000)}`, 'yaml');
    expect(parsed).toEqual({ ok: false, message: expect.stringMatching(/^The body is not valid YAML/) });
  });

  it('lists at most 100 problems and says how many more there were', () => {
    const doc = mutated((d) => {
      for (let i = 0; i < 5000; i++) d.spec[`unknown${i}`] = i;
    });
    const errors = errorsOf(doc);
    expect(errors).toHaveLength(101);
    expect(errors[100]).toEqual({
      path: '(document)',
      message: expect.stringMatching(/^and 4900 more problems/),
    });
  });
});

describe('keys given twice are refused, in JSON and YAML', () => {
  it.each<[string, string, string[]]>([
    ['a top-level key', '{"vendor":"a","vendor":"b"}', ['vendor']],
    [
      'a key in an object in a list',
      '{"spec":{"objectives":[{},{"key":"a","x":1,"key":"b"}]}}',
      ['spec.objectives[1].key'],
    ],
    ['the same key written with an escape', '{"a":1,"\\u0061":2}', ['a']],
    ['two keys, each twice', '{"a":{"b":1,"b":2},"a":3}', ['a.b', 'a']],
  ])('refuses %s, naming its path', (_name, text, paths) => {
    const parsed = parseDocument(text, 'json');
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? [] : parsed.errors?.map((e) => e.path)).toEqual(paths);
  });

  it.each<[string, string, Array<{ path: string; message: RegExp }>]>([
    ['a key given twice', 'a: 1\nb: 2\na: 3\n', [{ path: 'a', message: /more than once/ }]],
    [
      '1 and "1", the same key once read',
      'x:\n  - { 1: a, "1": b }\n',
      [{ path: 'x[0].1', message: /more than once/ }],
    ],
    ['a list as a key', 'spec: { ? [a, b] : c }\n', [{ path: 'spec', message: /not plain text/ }]],
  ])('refuses YAML with %s, naming its path', (_name, text, expected) => {
    const parsed = parseDocument(text, 'yaml');
    expect(parsed.ok ? [] : parsed.errors).toEqual(
      expected.map(({ path, message }) => ({ path, message: expect.stringMatching(message) })),
    );
  });

  it('reads a YAML map of 20 000 keys in linear time (the library compares each key with every earlier one)', () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `k${i}: v`).join('\n');
    const started = performance.now();
    const parsed = parseDocument(text, 'yaml');
    expect(parsed.ok).toBe(true);
    // ~0.4 s on an idle 2-core box; the library's own check took 7.4 s. The margin absorbs a loaded box.
    expect(performance.now() - started).toBeLessThan(4000);
  });

  it.each<[string, string]>([
    ['the same key in sibling objects', '{"a":{"k":1},"b":{"k":1},"c":[{"k":1},{"k":2}]}'],
    ['a key-like text inside a string', '{"a":"\\"a\\":1","b":"{\\"b\\":2}"}'],
    ['keys that differ only in case', '{"Vendor":1,"vendor":2}'],
  ])('accepts %s', (_name, text) => {
    expect(parseDocument(text, 'json')).toEqual({ ok: true, doc: JSON.parse(text) });
  });
});
