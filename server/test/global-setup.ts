import 'reflect-metadata';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createWorkroomDataSource } from '../src/composition.js';
import { runMigrations } from '../src/db/data-source.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
    /** Test databases of this run are named `workroom_test_<runId>_…`; teardown drops only those. */
    runId: string;
    adminDatabaseUrl: string;
    redisUrl: string;
  }
}

const adminDatabaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Runs once: proves PostgreSQL and Redis are there (or says how to start them), then migrates a
 * template database that every test file clones, so each file has a database of its own in
 * milliseconds and no test depends on another's leftovers.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const admin = new pg.Client({ connectionString: adminDatabaseUrl, connectionTimeoutMillis: 5_000 });
  await admin.connect().catch((error: Error) => {
    throw new Error(
      `PostgreSQL is not reachable at ${adminDatabaseUrl} (${error.message}).\n` +
        'Start it, for example: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n' +
        'or point DATABASE_URL at a PostgreSQL 13+ server where this user may create databases.',
    );
  });
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 3_000 });
  await redis
    .connect()
    .then(() => redis.ping())
    .catch((error: Error) => {
      throw new Error(
        `Redis is not reachable at ${redisUrl} (${error.message}).\n` +
          'Start it, for example: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
      );
    })
    .finally(() => redis.disconnect());

  const runId = `${process.pid}_${Date.now().toString(36)}`;
  const template = `workroom_template_${runId}`;
  await admin.query(`CREATE DATABASE "${template}"`);
  const dataSource = createWorkroomDataSource({ url: withDatabase(adminDatabaseUrl, template) });
  await dataSource.initialize();
  await runMigrations(dataSource);
  await dataSource.destroy();

  project.provide('templateDatabase', template);
  project.provide('runId', runId);
  project.provide('adminDatabaseUrl', adminDatabaseUrl);
  project.provide('redisUrl', redisUrl);

  return async () => {
    const leftovers = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2', [
      `workroom_test_${runId}_%`,
      template,
    ]);
    for (const { datname } of leftovers.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.end();
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
