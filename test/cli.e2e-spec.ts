import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DateTime } from 'luxon';
import { stringify } from 'yaml';
import { EXIT, type Io, withEffectiveFrom } from '../src/cli/commands';
import { run } from '../src/cli/main';
import { exampleContract, putVendor, vendorToken } from './support/fixtures';
import { ADMIN_TOKEN, createTestApp, type TestApp } from './support/test-app';

const EXAMPLE = resolve(__dirname, '../docs/examples/contract.yaml');

function capture(env: Record<string, string> = {}): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), env, fetch };
}

describe('sla-sentinel CLI', () => {
  let t: TestApp;
  let url: string;
  let dir: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    url = await t.app.getUrl();
    url = url.replace('[::1]', '127.0.0.1');
    dir = await mkdtemp(join(tmpdir(), 'sla-cli-'));
    await putVendor(t, 'acme');
  });
  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('validates the example offline', async () => {
    const io = capture();
    expect(await run(['validate', EXAMPLE], io)).toBe(EXIT.ok);
    expect(io.stdout.join('\n')).toContain('valid contract acme-it-2027 (8 objectives, 2 deliverables)');
  });

  it('rejects an invalid document with a non-zero exit and every path', async () => {
    const doc = exampleContract();
    doc.spec.timezone = 'Mars/Olympus';
    doc.spec.objectives[2].indicator.aggregate = 'p42';
    const file = join(dir, 'bad.yaml');
    await writeFile(file, stringify(doc));
    const io = capture();
    expect(await run(['validate', file], io)).toBe(EXIT.invalid);
    expect(io.stderr).toEqual(
      expect.arrayContaining([
        expect.stringContaining('spec.timezone: must be an IANA time zone'),
        expect.stringContaining('spec.objectives[2].indicator.aggregate: must be one of'),
      ]),
    );
  });

  it('reports a file that does not parse', async () => {
    const file = join(dir, 'broken.yaml');
    await writeFile(file, 'spec: [unclosed');
    const io = capture();
    expect(await run(['validate', file], io)).toBe(EXIT.invalid);
    expect(io.stderr[0]).toContain('not valid YAML');
  });

  it('applies the example (created, then unchanged) and gets it back, with the token from the environment', async () => {
    const io = capture({ SLA_SENTINEL_URL: url, SLA_SENTINEL_TOKEN: ADMIN_TOKEN });
    expect(await run(['apply', '-f', EXAMPLE], io)).toBe(EXIT.ok);
    expect(await run(['apply', '-f', EXAMPLE], io)).toBe(EXIT.ok);
    expect(io.stdout).toEqual([
      'contract acme-it-2027: created, version 1',
      'contract acme-it-2027: unchanged, version 1',
    ]);

    const get = capture();
    expect(await run(['get', 'acme-it-2027', '--url', url, '--token', ADMIN_TOKEN, '-o', 'json'], get)).toBe(
      EXIT.ok,
    );
    expect(JSON.parse(get.stdout.join('\n'))).toMatchObject({
      metadata: { key: 'acme-it-2027', version: 1 },
    });
  });

  it('prints the server’s 422 paths when the server rejects a document', async () => {
    const doc = exampleContract();
    doc.spec.vendor = 'ghost';
    const file = join(dir, 'ghost.json');
    await writeFile(file, JSON.stringify(doc));
    const io = capture();
    expect(await run(['apply', '-f', file, '--url', url, '--token', ADMIN_TOKEN], io)).toBe(EXIT.invalid);
    expect(io.stderr.join('\n')).toContain('spec.vendor: names no known vendor');
  });

  it.each([
    [['apply', '-f', EXAMPLE], 'a token is required'],
    [['frobnicate'], 'usage:'],
    [['get'], 'usage:'],
  ])('refuses %j with a usage error', async (argv, message) => {
    const io = capture();
    expect(await run(argv, io)).toBe(EXIT.usage);
    expect(io.stderr.join('\n')).toContain(message);
  });

  it('applies the example with --effective-from today: it starts today in its zone, runs a year, keeps its comments and takes samples pushed now', async () => {
    const text = (await readFile(EXAMPLE, 'utf8')).replace('key: acme-it-2027', 'key: acme-tour');
    const file = join(dir, 'tour.yaml');
    await writeFile(file, text);
    const io = capture({ SLA_SENTINEL_URL: url, SLA_SENTINEL_TOKEN: ADMIN_TOKEN });
    expect(await run(['apply', '-f', file, '--effective-from', 'today'], io)).toBe(EXIT.ok);

    const today = DateTime.now().setZone('Asia/Jerusalem').toISODate()!;
    const yearLater = DateTime.fromISO(today, { zone: 'UTC' }).plus({ years: 1 }).toISODate()!;
    // The example ends 2027-12-31: kept while that is at least a year away, else moved to a year on.
    const to = exampleContract().spec.effective.to >= yearLater ? '2027-12-31' : yearLater;
    expect(io.stderr).toEqual([]);
    expect(io.stdout).toEqual([`contract acme-tour: created, version 1 (effective ${today} to ${to})`]);

    const get = await t.request({
      method: 'GET',
      url: '/api/v1/contracts/acme-tour',
      token: ADMIN_TOKEN,
      headers: { accept: 'application/yaml' },
    });
    expect(get.body).toContain('# An example outsourcing contract');
    expect(get.body).toContain(`effective: { from: ${today}, to: ${to} }`);

    const samples = await t.request({
      method: 'POST',
      url: '/api/v1/samples',
      token: await vendorToken(t, 'acme'),
      payload: {
        samples: [
          { metric: 'portal_requests', value: 100, timestamp: new Date(Date.now() - 60_000).toISOString() },
        ],
      },
    });
    expect(samples.statusCode).toBe(200);
    expect(samples.json()).toMatchObject({ accepted: 1, rejected: [] });
  });

  it('applies a date given as YYYY-MM-DD to JSON, moving effective.to only when it ends within a year', () => {
    const doc = exampleContract();
    const moved = JSON.parse(withEffectiveFrom(JSON.stringify(doc), 'json', doc, '2027-06-01'));
    expect(moved.spec.effective).toEqual({ from: '2027-06-01', to: '2028-06-01' });
    expect(moved.metadata.key).toBe('acme-it-2027');

    doc.spec.effective = { from: '2027-01-01', to: '2030-12-31' };
    const kept = JSON.parse(withEffectiveFrom(JSON.stringify(doc), 'json', doc, '2027-06-01'));
    expect(kept.spec.effective).toEqual({ from: '2027-06-01', to: '2030-12-31' });

    doc.spec.effective = { from: '2027-01-01' };
    const open = JSON.parse(withEffectiveFrom(JSON.stringify(doc), 'json', doc, '2027-06-01'));
    expect(open.spec.effective).toEqual({ from: '2027-06-01' });
  });

  it('prints the usage, --effective-from included, for --help', async () => {
    const io = capture();
    expect(await run(['--help'], io)).toBe(EXIT.ok);
    expect(io.stdout.join('\n')).toContain('apply -f FILE [--effective-from YYYY-MM-DD|today]');
  });

  it('refuses an --effective-from that is neither a date nor today', async () => {
    const io = capture({ SLA_SENTINEL_URL: url, SLA_SENTINEL_TOKEN: ADMIN_TOKEN });
    expect(await run(['apply', '-f', EXAMPLE, '--effective-from', 'tomorrow'], io)).toBe(EXIT.usage);
    expect(io.stderr.join('\n')).toContain('--effective-from: must be a date YYYY-MM-DD or today');
  });
});
