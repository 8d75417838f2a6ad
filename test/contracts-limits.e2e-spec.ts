import { stringify } from 'yaml';
import { exampleContract, putContractJson, putContractYaml, putVendor } from './support/fixtures';
import { ADMIN_TOKEN, useTestApp } from './support/test-app';

// Hostile or careless contract documents over HTTP: each is a 422 naming the field (or the document),
// never a 5xx, and none takes long to refuse.

interface Problem {
  status: number;
  errors?: Array<{ path: string; message: string }>;
}

const KEY = 'acme-it-2027';
/** The example is effective 2027-01-01 .. 2027-12-31; it is applied a month in. */
const NOW = new Date('2027-02-01T09:00:00Z');

describe('PUT /api/v1/contracts refuses hostile documents', () => {
  const t = useTestApp({}, {}, { reset: 'each' });
  beforeEach(async () => {
    await putVendor(t, 'acme');
    t.setNow(NOW);
  });

  function putRawJson(text: string) {
    return t.request({
      method: 'PUT',
      url: `/api/v1/contracts/${KEY}`,
      token: ADMIN_TOKEN,
      headers: { 'content-type': 'application/json' },
      payload: text,
    });
  }

  function expectProblem(res: { statusCode: number; body: string }, path: string, message: RegExp) {
    expect(res.statusCode).toBe(422);
    const problem = JSON.parse(res.body) as Problem;
    expect(problem.errors).toEqual(
      expect.arrayContaining([{ path, message: expect.stringMatching(message) }]),
    );
  }

  const mutated = (mutation: (doc: any) => void) => {
    const doc = exampleContract();
    mutation(doc);
    return doc;
  };

  it.each<[string, (doc: any) => void, string, RegExp]>([
    [
      'effective.from in year 1',
      (d) => (d.spec.effective.from = '0001-01-01'),
      'spec.effective.from',
      /2000-01-01/,
    ],
    [
      'maintenance starting every minute',
      (d) => (d.spec.maintenance[0] = { title: 'x', cron: '* * * * *', duration: '1m' }),
      'spec.maintenance[0].cron',
      /at most once an hour/,
    ],
    [
      'an objective no attainment can meet',
      (d) => (d.spec.objectives[0].objective = '< 0%'),
      'spec.objectives[0].objective',
      /no attainment/,
    ],
    ['a monthly fee of 1e308', (d) => (d.spec.fees.monthly = 1e308), 'spec.fees.monthly', /at most/],
    [
      'a where clause of 33 pairs',
      (d) =>
        (d.spec.objectives[3].indicator.where = Object.fromEntries(
          Array.from({ length: 33 }, (_, i) => [`a${i}`, 'x']),
        )),
      'spec.objectives[3].indicator.where',
      /at most 32/,
    ],
  ])('answers 422 for %s, as JSON and as YAML', async (_name, mutation, path, message) => {
    const doc = mutated(mutation);
    expectProblem(await putContractJson(t, KEY, doc), path, message);
    expectProblem(await putContractYaml(t, KEY, stringify(doc)), path, message);
  });

  it('says 5 000 objectives are too many, and nothing else', async () => {
    const doc = mutated((d) => {
      d.spec.objectives = Array.from({ length: 5000 }, () => d.spec.objectives[0]);
      d.spec.deliverables = [];
    });
    const res = await putContractJson(t, KEY, doc);
    expect(res.statusCode).toBe(422);
    expect((JSON.parse(res.body) as Problem).errors).toEqual([
      { path: 'spec.objectives', message: 'must have at most 200 items' },
    ]);
  });

  it.each<[string, string, string]>([
    ['a top-level key', '{"apiVersion":"sla-sentinel/v1","apiVersion":"x"}', 'apiVersion'],
    [
      'the vendor',
      JSON.stringify(exampleContract()).replace('"vendor":"acme"', '"vendor":"acme","vendor":"other"'),
      'spec.vendor',
    ],
  ])('answers 422 for a JSON key given twice: %s', async (_name, text, path) => {
    expectProblem(await putRawJson(text), path, /more than once/);
  });

  it('answers 422 for a YAML key given twice, naming its path', async () => {
    const yaml = stringify(exampleContract()).replace('vendor: acme\n', 'vendor: acme\n  vendor: other\n');
    expectProblem(await putContractYaml(t, KEY, yaml), 'spec.vendor', /more than once/);
  });

  it.each<[string, string, string, RegExp]>([
    ['NUL in the title', 'title: "Acme\\0"', 'metadata.title', /NUL/],
    ['a lone surrogate in the title', 'title: "Acme \\uD800"', 'metadata.title', /surrogate/],
  ])('answers 422 for YAML with %s', async (_name, title, path, message) => {
    const yaml = stringify(exampleContract()).replace(/^ {2}title: .*$/m, `  ${title}`);
    expectProblem(await putContractYaml(t, KEY, yaml), path, message);
  });

  it('refuses 100 KB of YAML whose aliases expand to megabytes, in well under a second', async () => {
    const pairs = Array.from({ length: 10_000 }, (_, i) => `k${i}: v`).join(', ');
    const objective = (i: number, where: string) =>
      `    - { key: o${i}, indicator: { kind: deadline, item: ticket, within: 1h, where: ${where} }, objective: '>= 90%', period: month }`;
    const yaml = [
      'apiVersion: sla-sentinel/v1',
      'kind: Contract',
      `metadata: { key: ${KEY}, title: Bomb }`,
      'spec:',
      '  vendor: acme',
      '  timezone: UTC',
      '  effective: { from: 2027-01-01 }',
      '  objectives:',
      objective(0, `&w { ${pairs} }`),
      ...Array.from({ length: 99 }, (_, i) => objective(i + 1, '*w')),
    ].join('\n');
    const started = performance.now();
    const res = await putContractYaml(t, KEY, yaml);
    const elapsed = performance.now() - started;
    expectProblem(res, '(document)', /2 MiB/);
    expect(elapsed).toBeLessThan(1000);
  });

  it('refuses a new contract back-dated more than 400 days, but lets a running one be edited years on', async () => {
    t.setNow(new Date('2028-03-01T00:00:00Z'));
    expectProblem(await putContractJson(t, KEY, exampleContract()), 'spec.effective.from', /400 days/);

    t.setNow(NOW);
    expect((await putContractJson(t, KEY, exampleContract())).statusCode).toBe(201);
    t.setNow(new Date('2030-03-01T00:00:00Z'));
    const edited = mutated((d) => (d.metadata.title = 'Acme IT, renegotiated'));
    expect((await putContractJson(t, KEY, edited)).statusCode).toBe(200);
    const earlier = mutated((d) => (d.spec.effective.from = '2026-12-01'));
    expectProblem(await putContractJson(t, KEY, earlier), 'spec.effective.from', /400 days/);
  });
});
