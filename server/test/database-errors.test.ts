import { GraphQLError } from 'graphql';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkroomDataSource } from '../src/composition.js';
import { maskError } from '../src/api/errors.js';
import { createTestDatabase, type TestDatabase } from './helpers.js';
import { freePort } from './live-faults-helpers.js';
import { eventually } from './live-helpers.js';

/**
 * What a client is told when the database fails, for errors the real drivers raise (against the
 * test's own database on the shared PostgreSQL; only this test's own sessions are ended): every
 * way of losing the database reads SERVICE_UNAVAILABLE, while a statement that fails on a
 * database that is there stays an internal error (masked, with the request id), so that the two
 * are never confused. `database-faults.test.ts` stops a whole PostgreSQL under traffic.
 */

let database: TestDatabase;
let dataSource: DataSource;

beforeAll(async () => {
  database = await createTestDatabase();
  dataSource = createWorkroomDataSource({ url: database.url, poolSize: 3, applicationName: 'database-errors-test' });
  await dataSource.initialize();
});

afterAll(async () => {
  await dataSource?.destroy();
  await database?.drop();
});

/** What the client would see for a resolver that threw `error`. */
function seen(error: unknown) {
  const wrapped = new GraphQLError(error instanceof Error ? error.message : String(error), { originalError: error instanceof Error ? error : undefined });
  return maskError(wrapped.toJSON(), wrapped, 'request-1').formatted;
}

const unavailable = {
  message: 'Workroom cannot reach its database right now. Try again in 5 seconds.',
  extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 5 },
};

async function caught(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

/** Ends one of this test's own sessions, as a database shutdown or a failover would. */
async function terminate(pid: number): Promise<void> {
  await dataSource.query('SELECT pg_terminate_backend($1)', [pid]);
}

describe('errors of a database that is gone are SERVICE_UNAVAILABLE', () => {
  it('nothing listens where the database should be (connection refused)', async () => {
    const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${await freePort()}/none` });
    expect(seen(await caught(() => client.connect()))).toMatchObject(unavailable);
  });

  it('the server ends the session under a query (57P01, connection terminated)', async () => {
    const client = new pg.Client({ connectionString: database.url });
    client.on('error', () => undefined);
    await client.connect();
    const [{ pid }] = (await client.query('SELECT pg_backend_pid() AS pid')).rows as [{ pid: number }];
    const sleeping = caught(() => client.query('SELECT pg_sleep(30)'));
    await eventually(async () => {
      const rows: unknown[] = await dataSource.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND query LIKE '%pg_sleep(30)%' AND state = 'active'", [
        pid,
      ]);
      return rows.length === 1;
    });
    await terminate(pid);
    expect(seen(await sleeping)).toMatchObject(unavailable);
    // And whatever the now broken client is asked next.
    expect(seen(await caught(() => client.query('SELECT 1')))).toMatchObject(unavailable);
  });

  it("a request's query runner whose connection broke between two of its queries (TypeORM has released it)", async () => {
    const runner = dataSource.createQueryRunner();
    try {
      const [{ pid }] = (await runner.query('SELECT pg_backend_pid() AS pid')) as [{ pid: number }];
      await terminate(pid);
      // TypeORM hears of the broken connection from its error event and gives it back.
      await eventually(() => runner.isReleased);
      const next = await caught(() => runner.manager.query('SELECT 1'));
      expect(seen(next)).toMatchObject(unavailable);
    } finally {
      await runner.release();
    }
  });
});

describe('errors of a database that is there stay internal errors', () => {
  it('a statement that fails (syntax, constraint, timeout) is masked as INTERNAL_SERVER_ERROR, not SERVICE_UNAVAILABLE', async () => {
    const failures = [
      await caught(() => dataSource.query('SELEC 1')),
      await caught(() => dataSource.query("SELECT 'x'::int")),
      await caught(() => dataSource.query("INSERT INTO organizations (id, name) VALUES ('00000000-0000-0000-0000-000000000001', NULL)")),
      await caught(() => dataSource.transaction(async (manager) => manager.query("SET LOCAL statement_timeout = '10ms'; SELECT pg_sleep(1)"))),
    ];
    for (const failure of failures) {
      expect(seen(failure)).toEqual({
        message: 'Something went wrong on our side. Quote request id request-1 if you contact support.',
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'request-1' },
      });
    }
  });
});
