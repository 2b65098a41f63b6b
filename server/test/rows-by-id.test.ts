import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { In } from 'typeorm';
import { entities } from '../src/composition.js';
import { IdempotencyKey } from '../src/db/idempotency-key.entity.js';
import { lockRowById, rowsById } from '../src/db/rows-by-id.js';
import { Channel } from '../src/modules/messaging/channel.entity.js';
import { MilestoneStatus } from '../src/modules/milestones/milestone.entity.js';
import { Factory } from './factories.js';
import { startTestServer, type TestServer } from './helpers.js';

/**
 * Every read by id goes through rowsById, which skips TypeORM's query builder for speed. It must
 * return exactly what TypeORM's own find would: same classes, same properties, same values (dates,
 * money as numbers, arrays, JSON, nulls), for every entity with an id.
 */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { SEED_DEMO: 'always' } });
  // The demo world has most things; these fill the gaps (a payout, a removed member, nulls).
  const factory = new Factory(server.workroom.dataSource);
  const organization = await factory.organization();
  const employer = await factory.employer(organization);
  const trainer = await factory.trainer();
  const job = await factory.job(organization, { skills: ['RLHF', 'Python, "quoted"'] });
  const contract = await factory.contract(job, trainer);
  await factory.milestone(contract, { status: MilestoneStatus.PAID, dueAt: null });
  await factory.payout(trainer);
  await factory.accessGrant(contract, employer);
  await factory.calendarEvent(organization, employer, [trainer]);
  await factory.instructions(job, employer, { versions: 2, publishedVersion: 1 });
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe('rows by id', () => {
  it('equal what TypeORM finds, for every entity with an id', async () => {
    const manager = server.workroom.dataSource.manager;
    const checked: string[] = [];
    for (const entity of entities) {
      const metadata = manager.connection.getMetadata(entity);
      if (metadata.primaryColumns.length !== 1 || metadata.primaryColumns[0]!.propertyName !== 'id') continue;
      // Looked up by its key inside a transaction, never through the loaders.
      if (entity === IdempotencyKey) continue;
      const repository = manager.getRepository(entity);
      const ids = (await repository.find({ select: { id: true }, take: 50 })).map((row) => (row as { id: string }).id);
      expect(ids.length, `${metadata.name} has rows to compare`).toBeGreaterThan(0);
      const byTypeOrm = await repository.findBy({ id: In(ids) });
      const byRows = await rowsById<object>(manager, entity, [...ids, '00000000-0000-4000-8000-000000000000']);
      const sort = <T>(rows: T[]) => [...rows].sort((a, b) => String((a as { id: string }).id).localeCompare(String((b as { id: string }).id)));
      expect(sort(byRows), metadata.name).toStrictEqual(sort(byTypeOrm));
      checked.push(metadata.name);
    }
    expect(checked.length).toBeGreaterThanOrEqual(15);
  });

  it('lock by id: equal what TypeORM finds with a write lock, for every entity with an id, and hold the lock until the transaction ends', async () => {
    const dataSource = server.workroom.dataSource;
    const checked: string[] = [];
    for (const entity of entities) {
      const metadata = dataSource.getMetadata(entity);
      if (metadata.primaryColumns.length !== 1 || metadata.primaryColumns[0]!.propertyName !== 'id') continue;
      if (entity === IdempotencyKey) continue;
      const [first] = await dataSource.getRepository(entity).find({ select: { id: true }, take: 1 });
      const id = (first as { id: string }).id;
      await dataSource.transaction(async (manager) => {
        const byTypeOrm = await manager.getRepository(entity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
        expect(await lockRowById<object>(manager, entity, id), metadata.name).toStrictEqual(byTypeOrm);
        expect(await lockRowById<object>(manager, entity, '00000000-0000-4000-8000-000000000000'), metadata.name).toBeNull();
      });
      checked.push(metadata.name);
    }
    expect(checked.length).toBeGreaterThanOrEqual(15);

    // Another transaction cannot take the row while the first holds it.
    const [{ id: channelId }] = await dataSource.query<[{ id: string }]>('SELECT id FROM channels LIMIT 1');
    const other = dataSource.createQueryRunner();
    await other.connect();
    try {
      await dataSource.transaction(async (manager) => {
        await lockRowById(manager, Channel, channelId);
        await expect(other.query('SELECT id FROM channels WHERE id = $1 FOR UPDATE NOWAIT', [channelId])).rejects.toMatchObject({
          driverError: { code: '55P03' },
        });
      });
      expect(await other.query('SELECT id FROM channels WHERE id = $1 FOR UPDATE NOWAIT', [channelId])).toEqual([{ id: channelId }]);
    } finally {
      await other.release();
    }
  });
});
