import { DataSource, type Logger } from 'typeorm';
import { migrations } from './migrations/index.js';
import { SnakeNamingStrategy } from './naming-strategy.js';

export interface DataSourceOptions {
  url: string;
  /** The tables it maps; the composition root gives every area's (`createWorkroomDataSource`). */
  entities: Function[];
  /** Sees every statement; tests count them to prove there is no N+1. */
  logger?: Logger;
  poolSize?: number;
  /** How long a query waits for a connection of the pool (or for a new one to connect). */
  poolWaitMs?: number;
  applicationName?: string;
}

/** Migrations are the only way the schema changes: `synchronize` stays off, in tests too. */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: options.entities,
    migrations,
    migrationsTableName: 'schema_migrations',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    // gen_random_uuid() is built into PostgreSQL 13+; uuid-ossp would need an extension.
    uuidExtension: 'pgcrypto',
    logging: options.logger ? ['query', 'error'] : ['error'],
    ...(options.logger ? { logger: options.logger } : {}),
    poolSize: options.poolSize ?? 10,
    applicationName: options.applicationName ?? 'workroom',
    extra: {
      connectionTimeoutMillis: options.poolWaitMs ?? 5_000,
      statement_timeout: 15_000,
      // Every transaction is READ COMMITTED whatever the server's default, set once per connection
      // instead of a SET TRANSACTION round trip after each BEGIN (what TypeORM sends for a level).
      options: '-c default_transaction_isolation=read\\ committed',
    },
  });
}

/** An arbitrary constant: every instance that starts takes this lock before migrating. */
const migrationLockKey = 7_201_337;

/** Applies pending migrations; safe when several instances start at once. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [migrationLockKey]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [migrationLockKey]).catch(() => undefined);
    await runner.release();
  }
}
