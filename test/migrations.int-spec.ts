import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../migrations';
import { dataSourceOptions } from '../src/database/data-source';
import { createTestDatabase, type TestDatabase } from './support/test-database';

// Every migration can be taken back and applied again: down() of each, newest first, leaves the
// schema its up() found, and up() again gives the same schema as a fresh migration.

describe('migrations', () => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
    ds = await new DataSource(dataSourceOptions(db.url)).initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  /** The public schema as text: tables, columns, constraints and indexes (names and definitions). */
  const schema = async (): Promise<string> => {
    const rows: Array<{ line: string }> = await ds.query(`
      SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable ||
             ' ' || coalesce(column_default, '') AS line
        FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'migrations'
      UNION ALL
      SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid <> 'migrations'::regclass
      UNION ALL
      SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes
       WHERE schemaname = 'public' AND tablename <> 'migrations'
      ORDER BY 1`);
    return rows.map((r) => r.line).join('\n');
  };

  it('runs every down() newest first, then every up() again, to the same schema', async () => {
    await ds.runMigrations({ transaction: 'each' });
    const migrated = await schema();
    expect(migrated).toContain('column samples.value double precision');
    // Newest first: after undoing migration k, the schema equals the one migrations 1..k-1 made.
    const before: string[] = [];
    for (let i = MIGRATIONS.length - 1; i >= 0; i--) {
      await ds.undoLastMigration({ transaction: 'each' });
      before.unshift(await schema());
    }
    expect(before[0]).toBe('');
    const [{ n }] = await ds.query<Array<{ n: string }>>(`SELECT count(*) AS n FROM migrations`);
    expect(Number(n)).toBe(0);
    // Up again one at a time: each up() reaches the schema its down() had left behind it.
    const runner = ds.createQueryRunner();
    try {
      for (let i = 0; i < MIGRATIONS.length; i++) {
        await new MIGRATIONS[i]().up(runner);
        expect(await schema()).toBe(i + 1 < MIGRATIONS.length ? before[i + 1] : migrated);
      }
    } finally {
      await runner.release();
    }
    expect(await schema()).toBe(migrated);
  });
});
