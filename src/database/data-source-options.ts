import path from 'node:path';
import { DataSourceOptions } from 'typeorm';

/** The one TypeORM configuration, used by the app, the migration CLI and the tests. Never `synchronize`. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [path.join(__dirname, '..', '**', '*.entity.{ts,js}')],
    migrations: [path.join(__dirname, '..', '..', 'migrations', '*.{ts,js}')],
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // A null or undefined in a find condition would otherwise be dropped and match every row.
    invalidWhereValuesBehavior: { null: 'throw', undefined: 'throw' },
    migrationsRun: false,
    // Failed statements surface as errors through the exception filter, which logs the unexpected ones.
    logging: false,
    // A request waits at most this long for a connection: while the database is down it gets a 503 soon.
    extra: { max: poolSize, application_name: 're100-ledger', connectionTimeoutMillis: 10_000 },
  };
}
