import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmbeddedDatabase, freePort, startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { startServiceProcess, type ServiceProcess } from '../support/service-process';
import { IngestLoad, missingFromDatabase } from './support/ingest-load';
import { ADMIN, counter, HOUR, seed, sleep } from './support/scenario';

// Drill 2 (docs/performance.md, "database outage"): a PostgreSQL this test owns is stopped and started again
// under ingest load and one-second evaluation ticks. While it is away every request is answered 503
// with Retry-After within 2 s; ticks fail and are counted; within 10 s of its return the service
// answers again by itself and ticks succeed; nothing acknowledged is lost.
describe('PostgreSQL stopped and started under load', () => {
  let dir: string;
  let port: number;
  let pg: EmbeddedDatabase | undefined;
  let service: ServiceProcess | undefined;
  let load: IngestLoad | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sla-fault-pg-'));
    port = await freePort();
    pg = await startEmbeddedPostgres({ dir, port });
  }, 120_000);
  afterAll(async () => {
    await load?.stop();
    await service?.stop();
    await pg?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers 503 fast while it is away, recovers by itself, and loses nothing', async () => {
    const now = Date.now();
    const env = {
      SLA_ADMIN_TOKEN: ADMIN,
      INGEST_RATE_LIMIT: '100000',
      SCHEDULER_ENABLED: 'true',
      EVALUATION_INTERVAL: '1s',
    };
    service = await startServiceProcess({ databaseUrl: pg!.url, env });
    const base = service.base;
    const token = await seed(base, now);
    load = new IngestLoad({ bases: () => [base], token, clients: 2, startMs: now - HOUR }).start();
    await sleep(3000);

    const failuresBefore = await counter(base, 'sla_evaluation_runs_total', 'result="failure"');
    await pg!.stop();
    const down = Date.now();
    await sleep(5000);
    const readiness = await fetch(`${base}/health/ready`);
    expect(readiness.status).toBe(503);
    // Requests sent after the first second of the outage: all 503 with Retry-After, none slower than 2 s.
    const during = load.since(down + 1000);
    expect(during.length).toBeGreaterThan(5);
    for (const r of during) {
      expect({ status: r.status, retryAfter: r.retryAfter !== null }).toEqual({
        status: 503,
        retryAfter: true,
      });
      expect(r.ms).toBeLessThanOrEqual(2000);
    }
    expect(await counter(base, 'sla_evaluation_runs_total', 'result="failure"')).toBeGreaterThan(
      failuresBefore,
    );

    pg = await startEmbeddedPostgres({ dir, port });
    const up = Date.now();
    let recovered: number | undefined;
    while (Date.now() - up < 15_000 && recovered === undefined) {
      const ok = load.since(up).find((r) => r.status === 200);
      if (ok && (await fetch(`${base}/health/ready`)).status === 200) recovered = ok.at + ok.ms - up;
      else await sleep(100);
    }
    expect(recovered).toBeDefined();
    expect(recovered!).toBeLessThanOrEqual(10_000);
    const successesAfter = await counter(base, 'sla_evaluation_runs_total', 'result="success"');
    await sleep(3000);
    expect(await counter(base, 'sla_evaluation_runs_total', 'result="success"')).toBeGreaterThan(
      successesAfter,
    );
    await load.stop();
    expect(await missingFromDatabase(pg.url, load.ledger)).toBe(0);
    const slowest = Math.max(...during.map((r) => r.ms));
    process.stdout.write(
      `database drill: ${during.length} requests during the outage, all 503 + Retry-After, slowest ${slowest} ms; ` +
        `recovered ${recovered} ms after PostgreSQL returned; ${load.acknowledged} samples acknowledged, 0 missing\n`,
    );
  });
});
