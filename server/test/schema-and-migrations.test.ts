import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { GraphQLEnumType } from 'graphql';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../src/config.js';
import { createWorkroomDataSource } from '../src/composition.js';
import { runMigrations } from '../src/db/data-source.js';
import { migrations } from '../src/db/migrations/index.js';
import { buildWorkroomSchema } from '../src/composition.js';
import { printWorkroomSchema } from '../src/api/schema.js';
import { createTestDatabase, type TestDatabase } from './helpers.js';

describe('schema.graphql', () => {
  it('matches the schema printed from the resolvers (run `npm run schema:print` after changing the API)', async () => {
    const committed = await readFile(join(repoRoot, 'schema.graphql'), 'utf8');
    expect(committed).toBe(printWorkroomSchema(await buildWorkroomSchema()));
  });

  it('names what clients rely on', async () => {
    const schema = await buildWorkroomSchema();
    const query = schema.getQueryType()!.getFields();
    expect(Object.keys(query)).toEqual(expect.arrayContaining(['node', 'nodes', 'viewer']));
    const viewer = schema.getType('Viewer') as { getFields(): Record<string, unknown> };
    expect(Object.keys(viewer.getFields())).toEqual(
      expect.arrayContaining([
        'activeContracts',
        'finishedContracts',
        'proposals',
        'conversations',
        'calendar',
        'invoices',
        'payouts',
        'recommendedJobs',
        'latestActivity',
        'organization',
      ]),
    );
    expect(schema.getMutationType()!.getFields().signIn).toBeDefined();
  });

  it('spells every enum value in SCREAMING_CASE, as DESIGN.md names them (NOT_FUNDED, PAY_PER_HOUR, …)', async () => {
    const schema = await buildWorkroomSchema();
    const values = Object.values(schema.getTypeMap())
      .filter((type): type is GraphQLEnumType => type instanceof GraphQLEnumType && !type.name.startsWith('__'))
      .flatMap((type) => type.getValues().map((value) => `${type.name}.${value.name}`));
    expect(values).toContain('MilestoneStatus.NOT_FUNDED');
    expect(values.filter((value) => !/^\w+\.[A-Z][A-Z0-9_]*$/.test(value))).toEqual([]);
  });
});

describe('migrations', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('describe exactly the entities: nothing left for TypeORM to change', async () => {
    const dataSource = createWorkroomDataSource({ url: database.url });
    await dataSource.initialize();
    try {
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((query) => query.query)).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });

  it('roll back and apply again cleanly, and are a no-op when already applied', async () => {
    const dataSource = createWorkroomDataSource({ url: database.url });
    await dataSource.initialize();
    try {
      expect(await runMigrations(dataSource)).toEqual([]);
      for (const _ of migrations) await dataSource.undoLastMigration({ transaction: 'each' });
      const tables = (await dataSource.query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'contracts'",
      )) as Array<{ table_name: string }>;
      expect(tables).toEqual([]);
      expect(await runMigrations(dataSource)).toHaveLength(migrations.length);
    } finally {
      await dataSource.destroy();
    }
  });

  it('let two instances migrate at once without failing', async () => {
    const fresh = await createTestDatabase();
    const first = createWorkroomDataSource({ url: fresh.url });
    const second = createWorkroomDataSource({ url: fresh.url });
    await Promise.all([first.initialize(), second.initialize()]);
    try {
      for (const _ of migrations) await first.undoLastMigration({ transaction: 'each' });
      const results = await Promise.all([runMigrations(first), runMigrations(second)]);
      expect(results.flat()).toHaveLength(migrations.length);
    } finally {
      await Promise.all([first.destroy(), second.destroy()]);
      await fresh.drop();
    }
  });
});
