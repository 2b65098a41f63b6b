import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataSource } from '../src/db/data-source.js';
import { createTestDatabase, type TestDatabase } from './helpers.js';

/**
 * Commands rely on READ COMMITTED (they lock what they read, then re-read it). It is set per
 * connection rather than by a SET TRANSACTION after each BEGIN, so it must hold whatever the
 * database's own default says.
 */
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const [{ name }] = (await client.query<{ name: string }>('SELECT current_database() AS name')).rows as [{ name: string }];
    await client.query(`ALTER DATABASE "${name}" SET default_transaction_isolation = 'serializable'`);
  } finally {
    await client.end();
  }
});

afterAll(async () => {
  await database?.drop();
});

describe('transactions', () => {
  it('are READ COMMITTED on a database whose default is SERIALIZABLE', async () => {
    const dataSource = createDataSource({ url: database.url, entities: [] });
    await dataSource.initialize();
    try {
      const runner = dataSource.createQueryRunner();
      await runner.startTransaction();
      const [{ transaction_isolation: level }] = (await runner.query('SHOW transaction_isolation')) as [{ transaction_isolation: string }];
      await runner.commitTransaction();
      await runner.release();
      expect(level).toBe('read committed');
    } finally {
      await dataSource.destroy();
    }
  });
});
