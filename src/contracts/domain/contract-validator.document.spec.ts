import {
  DROP,
  errorsAt,
  errorsOf,
  EXAMPLE,
  example,
  expectNoDuplicates,
  itRejects,
  mutated,
  NOT_KNOWN,
  REQUIRED,
  to,
} from './contract-fixtures.spec-helpers';

// The document as a whole: its root, apiVersion, kind and metadata, the key in the URL, and how the
// errors of one document are listed.

describe('the document root', () => {
  it.each<[string, unknown]>([
    ['rejects a document that is a string', 'apiVersion: sla-sentinel/v1'],
    ['rejects a document that is a list', [EXAMPLE]],
    ['rejects a document that is null', null],
    ['rejects a document that is a number', 42],
  ])('%s at the document root', (_name, doc) => {
    const errors = errorsAt(doc, '(document)');
    expect(errors[0].message).toMatch(/object/);
  });

  it.each<[string, string]>([
    ['rejects a metadata.key that differs from the key in the URL', 'other-key'],
    ['compares metadata.key with the URL key case-sensitively', 'ACME-IT-2027'],
  ])('%s', (_name, pathKey) => {
    const hits = errorsAt(example(), 'metadata.key', pathKey);
    expect(hits[0].message).toContain(pathKey);
  });
});

describe('the envelope and metadata', () => {
  itRejects([
    ['rejects a document without apiVersion', 'apiVersion', DROP, REQUIRED],
    ['rejects a document without kind', 'kind', DROP, REQUIRED],
    ['rejects a document without metadata', 'metadata', DROP, REQUIRED],
    ['rejects a document without spec', 'spec', DROP, REQUIRED],
    [
      'rejects an apiVersion other than sla-sentinel/v1',
      'apiVersion',
      to('sla-sentinel/v2'),
      /sla-sentinel\/v1/,
    ],
    ['rejects a kind other than Contract', 'kind', to('Agreement'), /Contract/],
    ['rejects metadata that is not an object', 'metadata', to('acme'), /object/],
    ['rejects a spec that is a list', 'spec', to([]), /object/],
    ['rejects an unknown top-level field', 'status', to({}), NOT_KNOWN],
    ['rejects a metadata.key that is not a slug', 'metadata.key', to('Acme_IT'), /slug/],
    ['rejects a metadata.key longer than 63 characters', 'metadata.key', to('a'.repeat(64)), /slug/],
    ['rejects metadata without a title', 'metadata.title', DROP, REQUIRED],
    ['rejects an empty metadata.title', 'metadata.title', to('   '), /empty/],
    ['rejects an unknown metadata field', 'metadata.labels', to({}), NOT_KNOWN],
  ]);
});

describe('the list of errors', () => {
  it('reports every problem of a document in one pass', () => {
    const errors = errorsOf(
      mutated((d) => {
        d.spec.timezone = 'Mars/Olympus';
        d.spec.objectives[0].objective = '>= 101%';
        d.spec.deliverables[1].key = 'dr-site';
        d.spec.colour = 'red';
      }),
    );
    expectNoDuplicates(errors);
    expect(errors.map((e) => e.path).sort()).toEqual(
      ['spec.colour', 'spec.deliverables[1].key', 'spec.objectives[0].objective', 'spec.timezone'].sort(),
    );
  });

  it('never repeats the same path and message, even when two keys render to the same path', () => {
    const errors = errorsOf(
      mutated((d) => {
        d['spec.colour'] = 'red';
        d.spec.colour = 'red';
      }),
    );
    expectNoDuplicates(errors);
    expect(errors).toContainEqual({ path: 'spec.colour', message: 'is not a known field' });
  });

  it('rejects a long comparison padded with spaces quickly', () => {
    const started = process.hrtime.bigint();
    errorsAt(
      mutated((d) => (d.spec.objectives[2].objective = `<= 300${' '.repeat(50_000)}x`)),
      'spec.objectives[2].objective',
    );
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1000);
  });
});
