import type { Pool, QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * Runs a named prepared statement on the TypeORM pool: PostgreSQL parses and plans it once per
 * connection instead of on every call. For the few statements on the hottest paths only. `master` is
 * the PostgreSQL driver's public pool, typed `any` by TypeORM: one typed read, no private field.
 */
export async function preparedQuery<R extends QueryResultRow>(
  dataSource: DataSource,
  name: string,
  text: string,
  values: unknown[],
): Promise<R[]> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  const result = await pool.query<R>({ name, text, values });
  return result.rows;
}

/** The same for a statement without result rows: answers how many rows it wrote. */
export async function preparedRowCount(
  dataSource: DataSource,
  name: string,
  text: string,
  values: unknown[],
): Promise<number> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  const result = await pool.query({ name, text, values });
  return result.rowCount ?? 0;
}
