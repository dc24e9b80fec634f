import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/complaints';

/**
 * The one set of TypeORM options, shared by the application and the migration CLI. With a
 * `replicaUrl`, query runners created with `createQueryRunner('slave')` (the reports) read the
 * replica; everything else, reads included, stays on the primary.
 */
export function buildDataSourceOptions(databaseUrl: string = process.env.DATABASE_URL || DEFAULT_DATABASE_URL, replicaUrl = ''): DataSourceOptions {
  return {
    type: 'postgres',
    uuidExtension: 'pgcrypto',
    url: databaseUrl,
    ...(replicaUrl ? { replication: { master: { url: databaseUrl }, slaves: [{ url: replicaUrl }], defaultMode: 'master' as const } } : {}),
    entities: [join(__dirname, '..', '**', '*.entity.{ts,js}')],
    migrations: [join(__dirname, '..', '..', 'migrations', '*.{ts,js}')],
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    // Every call out of the process has a bound: a database that is down or stuck makes
    // requests fail fast (503), never hang.
    extra: {
      max: Number(process.env.DATABASE_POOL_SIZE || 20),
      connectionTimeoutMillis: 5_000,
      statement_timeout: 60_000,
      idle_in_transaction_session_timeout: 60_000,
    },
  };
}
