import fc from 'fast-check';
import { stringify } from 'yaml';
import { mutatedDocument } from './support/document-mutations';
import { exampleContract, putVendor } from './support/fixtures';
import { ADMIN_TOKEN, createTestApp, type TestApp } from './support/test-app';

// docs/performance.md: ≥ 10 000 generated payloads to the contract endpoint: no 5xx, every rejection names a field.
const JSON_RUNS = 8000;
const YAML_RUNS = 2000;

interface Problem {
  status: number;
  errors?: Array<{ path: string; message: string }>;
}

describe('PUT /api/v1/contracts under generated documents', () => {
  let t: TestApp;
  const seen = { ok: 0, s400: 0, s422: 0 };

  beforeAll(async () => {
    t = await createTestApp();
    await putVendor(t, 'acme');
  });
  afterAll(async () => {
    await t.close();
    process.stdout.write(`contract fuzz outcomes: ${JSON.stringify(seen)}\n`);
  });

  function check(status: number, body: string): void {
    expect(status).toBeLessThan(500);
    if (status < 300) {
      seen.ok++;
      return;
    }
    const problem = JSON.parse(body) as Problem;
    expect(problem.status).toBe(status);
    if (status === 422) {
      seen.s422++;
      expect(problem.errors?.length).toBeGreaterThan(0);
      for (const e of problem.errors ?? []) {
        expect(typeof e.path).toBe('string');
        expect(e.path.length).toBeGreaterThan(0);
        expect(e.message.length).toBeGreaterThan(0);
      }
    } else {
      seen.s400++;
      expect(status).toBe(400);
    }
  }

  it(`never answers 5xx and always names a path, for ${JSON_RUNS} mutated JSON documents`, async () => {
    await fc.assert(
      fc.asyncProperty(mutatedDocument(exampleContract), async (doc) => {
        const res = await t.request({
          method: 'PUT',
          url: '/api/v1/contracts/acme-it-2027',
          token: ADMIN_TOKEN,
          payload: doc,
        });
        check(res.statusCode, res.body);
      }),
      { numRuns: JSON_RUNS },
    );
  }, 300_000);

  it(`never answers 5xx for ${YAML_RUNS} mutated YAML documents, some with damaged text`, async () => {
    await fc.assert(
      fc.asyncProperty(
        mutatedDocument(exampleContract),
        fc.nat(),
        fc.string({ maxLength: 3 }),
        async (doc, at, junk) => {
          let yaml = stringify(doc);
          if (at % 3 === 0) yaml = yaml.slice(0, at % yaml.length) + junk + yaml.slice(at % yaml.length);
          const res = await t.request({
            method: 'PUT',
            url: '/api/v1/contracts/acme-it-2027',
            token: ADMIN_TOKEN,
            headers: { 'content-type': 'application/yaml' },
            payload: yaml,
          });
          check(res.statusCode, res.body);
        },
      ),
      { numRuns: YAML_RUNS },
    );
  }, 300_000);
});
