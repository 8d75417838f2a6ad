import type { DataSource, QueryRunner } from 'typeorm';

// Stable 64-bit keys for pg_advisory_lock; one per purpose so unrelated jobs never contend.
export const LOCK_KEYS = {
  migrations: 7_310_001n,
  storageMaintenance: 7_310_003n,
  evaluation: 7_310_004n,
  bootstrapAdmin: 7_310_005n,
  /** One drain of pending batches at a time: the pass's and the background fold's, on every replica. */
  fold: 7_310_007n,
} as const;

/** Session-level advisory locks live on one connection: hold it for the whole piece of work. */
async function onOneConnection<T>(
  dataSource: DataSource,
  work: (runner: QueryRunner) => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    return await work(runner);
  } finally {
    await runner.release();
  }
}

async function holding<T>(runner: QueryRunner, key: bigint, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [key.toString()]);
  }
}

/** Runs `work` under the lock, waiting for other replicas that hold it (or whose connection dies). */
export function withAdvisoryLock<T>(dataSource: DataSource, key: bigint, work: () => Promise<T>): Promise<T> {
  return onOneConnection(dataSource, async (runner) => {
    await runner.query('SELECT pg_advisory_lock($1)', [key.toString()]);
    return holding(runner, key, work);
  });
}

/** Runs `work` only if no other session holds the lock; undefined when it was skipped. */
export function tryWithAdvisoryLock<T>(
  dataSource: DataSource,
  key: bigint,
  work: () => Promise<T>,
): Promise<T | undefined> {
  return onOneConnection(dataSource, async (runner) => {
    const rows = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [
      key.toString(),
    ])) as Array<{ locked: boolean }>;
    return rows[0].locked ? holding(runner, key, work) : undefined;
  });
}

/** Applies pending migrations, one replica at a time; each migration in its own transaction. */
export async function migrateWithLock(dataSource: DataSource): Promise<string[]> {
  return withAdvisoryLock(dataSource, LOCK_KEYS.migrations, async () => {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  });
}
