import { startServiceProcess, type ServiceProcess } from '../support/service-process';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { IngestLoad, missingFromDatabase } from './support/ingest-load';
import { ADMIN, HOUR, seed, sleep } from './support/scenario';

// Drill 1 (docs/performance.md, "nothing acknowledged is lost"): four clients push 200-sample batches while
// the service is killed with SIGKILL twice and restarted; every sample answered as accepted is in
// the database afterwards.
describe('SIGKILL under sustained ingest', () => {
  let db: TestDatabase;
  let service: ServiceProcess | undefined;
  let load: IngestLoad | undefined;
  const env = { SLA_ADMIN_TOKEN: ADMIN, INGEST_RATE_LIMIT: '100000', SCHEDULER_ENABLED: 'false' };

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await load?.stop();
    await service?.stop();
    await db.drop();
  });

  it('keeps every acknowledged sample across kill -9 and restart', async () => {
    const now = Date.now();
    service = await startServiceProcess({ databaseUrl: db.url, env });
    const port = service.port;
    const token = await seed(service.base, now);
    load = new IngestLoad({
      bases: () => [`http://127.0.0.1:${port}`],
      token,
      startMs: now - HOUR,
    }).start();
    for (let round = 0; round < 2; round++) {
      await sleep(3000);
      service.child.kill('SIGKILL');
      expect(await service.exited).toEqual({ code: null, signal: 'SIGKILL' });
      service = await startServiceProcess({ databaseUrl: db.url, env, port });
    }
    await sleep(3000);
    await load.stop();
    const answered = load.requests.filter((r) => r.status === 200).length;
    const failed = load.requests.filter((r) => r.status !== 200).length;
    // The drill means something only if load ran on both sides of each kill and some requests broke.
    expect(answered).toBeGreaterThan(20);
    expect(failed).toBeGreaterThan(0);
    expect(load.acknowledged).toBeGreaterThan(4000);
    expect(await missingFromDatabase(db.url, load.ledger)).toBe(0);
    process.stdout.write(
      `SIGKILL drill: ${load.acknowledged} samples acknowledged in ${answered} answered requests, ${failed} broken by the kills, 0 missing\n`,
    );
  });
});
