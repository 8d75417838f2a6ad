import { startServiceProcess, type ServiceProcess } from '../support/service-process';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { IngestLoad, missingFromDatabase } from './support/ingest-load';
import { ADMIN, HOUR, seed, sleep } from './support/scenario';

// Drill 3 (docs/performance.md, "graceful shutdown"): SIGTERM while four clients push samples and an
// evaluation pass runs: requests in flight finish, the pass completes and answers, exit 0 within 10 s.
describe('SIGTERM under load', () => {
  let db: TestDatabase;
  let service: ServiceProcess | undefined;
  let load: IngestLoad | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await load?.stop();
    await service?.stop();
    await db.drop();
  });

  it('finishes in-flight requests and the running pass, then exits 0 within 10 s', async () => {
    const now = Date.now();
    service = await startServiceProcess({
      databaseUrl: db.url,
      env: { SLA_ADMIN_TOKEN: ADMIN, INGEST_RATE_LIMIT: '100000', SCHEDULER_ENABLED: 'true' },
    });
    const base = service.base;
    const token = await seed(base, now);
    load = new IngestLoad({ bases: () => [base], token, startMs: now - HOUR }).start();
    await sleep(3000);

    // A pass over everything pushed so far, asked for just before the signal.
    const evaluation = fetch(`${base}/api/v1/evaluations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}` },
    }).then(async (res) => ({ status: res.status, body: (await res.json()) as { objectives?: number } }));
    await sleep(20);
    const signalled = Date.now();
    service.child.kill('SIGTERM');
    const exit = await service.exited;
    const took = Date.now() - signalled;
    await load.stop();

    // On a bad exit, the service's own last words say why.
    if (exit.code !== 0) process.stdout.write(`service output:\n${service.output().slice(-4000)}\n`);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(took).toBeLessThanOrEqual(10_000);
    const pass = await evaluation;
    expect(pass.status).toBe(200);
    expect(pass.body.objectives).toBe(4);
    // Every request that was already being served when the signal came got its answer.
    const inFlight = load.requests.filter((r) => r.at < signalled && r.at + r.ms > signalled);
    expect(inFlight.length).toBeGreaterThan(0);
    expect(inFlight.filter((r) => r.status !== 200)).toEqual([]);
    expect(await missingFromDatabase(db.url, load.ledger)).toBe(0);
    expect(service.output()).not.toMatch(/Shutdown took longer/);
    process.stdout.write(
      `SIGTERM drill: exit 0 after ${took} ms; ${inFlight.length} requests in flight all answered 200; the pass answered 200\n`,
    );
  });
});
