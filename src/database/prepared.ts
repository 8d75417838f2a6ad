import type { Pool, QueryResult, QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * Runs a named prepared statement on the TypeORM pool: PostgreSQL parses and plans it once per
 * connection instead of on every call. For the few statements on the hottest paths only. `master` is
 * the PostgreSQL driver's public pool, typed `any` by TypeORM: one typed read, no private field.
 */
function prepared<R extends QueryResultRow>(
  dataSource: DataSource,
  name: string,
  text: string,
  values: unknown[],
): Promise<QueryResult<R>> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  return pool.query<R>({ name, text, values });
}

/** A prepared statement's result rows. */
export async function preparedQuery<R extends QueryResultRow>(
  dataSource: DataSource,
  name: string,
  text: string,
  values: unknown[],
): Promise<R[]> {
  return (await prepared<R>(dataSource, name, text, values)).rows;
}

/** The same for a statement without result rows: answers how many rows it wrote. */
export async function preparedRowCount(
  dataSource: DataSource,
  name: string,
  text: string,
  values: unknown[],
): Promise<number> {
  return (await prepared(dataSource, name, text, values)).rowCount ?? 0;
}
