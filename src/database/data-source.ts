import 'reflect-metadata';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';

// One definition for the app and the TypeORM CLI (`npm run migration:*`).
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsRun: false,
    synchronize: false,
    // Requests must fail fast (503) rather than queue forever while the database is away.
    extra: { max: 10, connectionTimeoutMillis: 2000, idleTimeoutMillis: 30_000 },
    applicationName: 'sla-sentinel',
  };
}

/** Used by the TypeORM CLI only; the app builds its own from the validated config. */
export default new DataSource(
  dataSourceOptions(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/sla_sentinel'),
);
