import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivityEvent } from '../src/events/activity-event.entity.js';
import { publishLockKey, type PublishedBatch } from '../src/events/publisher.js';
import { parseGlobalId, toGlobalId } from '../src/graphql/global-id.js';
import type { Channel } from '../src/modules/messaging/channel.entity.js';
import { Factory } from './factories.js';
import { startTestServer, type TestServer } from './helpers.js';

/**
 * The publisher hands the rows it gave positions to straight to this instance's stream, which
 * delivers them without reading them back: they must be the rows a read would give, and the
 * stream must hand each position out once, in order, whether it came that way or from a read.
 */
let server: TestServer;
let channel: Channel;
let token: string;
const batches: PublishedBatch[] = [];

const sendMessage = 'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { message { id } } }';

beforeAll(async () => {
  server = await startTestServer({ env: { EVENTS_POLL_MS: '60000', EVENTS_SWEEP_MS: '60000', LOG_LEVEL: 'error' } });
  const factory = new Factory(server.workroom.dataSource);
  const organization = await factory.organization();
  const employer = await factory.employer(organization, { email: 'publisher-employer@test.example' });
  channel = await factory.channel(organization, [employer]);
  token = await server.signIn('publisher-employer@test.example');
  const { publisher, stream } = server.workroom.services.events;
  publisher.onPublished = (batch) => {
    batches.push(batch);
    stream.published(batch);
  };
});

afterAll(async () => {
  await server?.stop();
});

const send = (body: string) => server.graphql(sendMessage, { variables: { input: { channelId: toGlobalId('Channel', channel.id), body } }, token });

describe('the publisher hands its rows to the stream', () => {
  it('hands over each committed event as a read gives it, with the highest position before it', async () => {
    const { publisher, stream } = server.workroom.services.events;
    await publisher.settle();
    const before = stream.position;
    batches.length = 0;
    expect((await send('handed over')).errors).toBeUndefined();
    await publisher.settle();
    expect(batches).toHaveLength(1);
    const [batch] = batches;
    expect(batch!.after).toBe(before);
    const [handed] = batch!.events;
    const read = await server.workroom.dataSource.getRepository(ActivityEvent).findOneByOrFail({ id: handed!.id });
    expect(handed).toBeInstanceOf(ActivityEvent);
    expect(handed).toStrictEqual(read);
    expect(stream.position).toBe(read.position);
  });

  it('hands each position to listeners once, in order, when reads and hand-overs overlap', async () => {
    const { publisher, stream } = server.workroom.services.events;
    const heard: number[] = [];
    const stop = stream.listen((event) => heard.push(event.position!));
    try {
      for (let index = 0; index < 20; index += 1) {
        await send(`overlapping ${index}`);
        // A read under way while the next batch is handed over.
        stream.wake();
      }
      await publisher.settle();
      await stream.catchUp();
    } finally {
      stop();
    }
    expect(heard).toHaveLength(20);
    expect(heard).toStrictEqual([...heard].sort((a, b) => a - b));
    expect(new Set(heard).size).toBe(20);
  });

  it('reads from the database instead when the stream has not seen what came before the batch', async () => {
    const { publisher, stream } = server.workroom.services.events;
    await publisher.settle();
    await stream.catchUp();
    const heard: number[] = [];
    const stop = stream.listen((event) => heard.push(event.position!));
    const handOver = publisher.onPublished;
    // As if another instance had published an event this stream has not read yet.
    publisher.onPublished = (batch) => stream.published({ ...batch, after: batch.after + 1 });
    try {
      await send('after a gap');
      await publisher.settle();
      await stream.catchUp();
    } finally {
      publisher.onPublished = handOver;
      stop();
    }
    expect(heard).toHaveLength(1);
    expect(stream.position).toBe(heard[0]);
  });
});

describe('the publish lock held by another instance', () => {
  it('does not leave an event committed meanwhile waiting for the sweep', async () => {
    const { publisher } = server.workroom.services.events;
    await publisher.settle();
    // Another instance between its positions' UPDATE and its COMMIT: it holds the lock, and its
    // statement's snapshot is older than the event committed now, so it will not take it.
    const other = server.workroom.dataSource.createQueryRunner();
    await other.connect();
    await other.startTransaction();
    await other.query('SELECT pg_advisory_xact_lock($1)', [publishLockKey]);
    let id: string;
    try {
      const sent = await send('while the lock is held');
      expect(sent.errors).toBeUndefined();
      id = (sent.data as { sendMessage: { message: { id: string } } }).sendMessage.message.id;
      await publisher.settle();
    } finally {
      await other.commitTransaction();
      await other.release();
    }
    // The sweep runs every minute here: the event gets its position soon after the lock is free.
    const positioned = async () => {
      const [row] = await server.workroom.dataSource.query<[{ position: string | null }]>('SELECT position FROM events WHERE subject_id = $1', [
        parseGlobalId(id)!.id,
      ]);
      return row?.position ?? null;
    };
    await expect.poll(positioned, { timeout: 5_000, interval: 50 }).not.toBeNull();
  });
});
