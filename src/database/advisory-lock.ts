import type { DataSource } from 'typeorm';

// Stable 64-bit keys for pg_advisory_lock; one per purpose so unrelated jobs never contend.
export const LOCK_KEYS = {
  migrations: 7_310_001n,
  storageMaintenance: 7_310_003n,
} as const;

/**
 * Runs `work` while holding a session-level advisory lock on one dedicated connection.
 * Other replicas block on the same key until it is released (or their connection dies).
 */
export async function withAdvisoryLock<T>(
  dataSource: DataSource,
  key: bigint,
  work: () => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [key.toString()]);
    try {
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [key.toString()]);
    }
  } finally {
    await runner.release();
  }
}

/** Runs `work` only if no other session holds the lock; undefined when it was skipped. */
export async function tryWithAdvisoryLock<T>(
  dataSource: DataSource,
  key: bigint,
  work: () => Promise<T>,
): Promise<T | undefined> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const rows: Array<{ locked: boolean }> = await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [
      key.toString(),
    ]);
    if (!rows[0].locked) return undefined;
    try {
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [key.toString()]);
    }
  } finally {
    await runner.release();
  }
}

/** Applies pending migrations, one replica at a time; each migration in its own transaction. */
export async function migrateWithLock(dataSource: DataSource): Promise<string[]> {
  return withAdvisoryLock(dataSource, LOCK_KEYS.migrations, async () => {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  });
}
