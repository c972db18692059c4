import path from 'node:path';
import { DataSourceOptions } from 'typeorm';

/** The one TypeORM configuration, used by the app, the migration CLI and the tests. Never `synchronize`. */
/**
 * A statement of the service that has had no answer for this long is abandoned (and answered 503): a
 * database that stopped answering without closing its connections must not hold requests forever.
 * Migrations, which may legitimately run long, have no such limit.
 */
export const SERVICE_QUERY_TIMEOUT_MS = 120_000;

export function dataSourceOptions(url: string, poolSize = 10, queryTimeoutMs?: number): DataSourceOptions {
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
    // Keep-alives notice a peer that vanished without closing the connection.
    extra: {
      max: poolSize,
      application_name: 're100-ledger',
      connectionTimeoutMillis: 10_000,
      keepAlive: true,
      ...(queryTimeoutMs ? { query_timeout: queryTimeoutMs } : {}),
    },
  };
}
