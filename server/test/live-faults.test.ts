import pg from 'pg';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkroomDataSource } from '../src/composition.js';
import { eventCursor } from '../src/api/live-feed.js';
import { publishLockKey } from '../src/events/publisher.js';
import { toGlobalId } from '../src/graphql/global-id.js';
import { Factory } from './factories.js';
import { createTestDatabase, startTestServer, testJwtSecret, type TestDatabase, type TestServer } from './helpers.js';
import { TestRedis, WorkroomProcess, type HttpGraphQLResult } from './live-faults-helpers.js';
import { collect, eventually, wsClient } from './live-helpers.js';

/**
 * Live events when things break, against real PostgreSQL, a real redis-server of the test's own
 * (on a spare port; the machine's shared Redis is never touched) and real server processes run
 * from `server/dist/main.js` (build it first: `npm test` does): delivery across instances through
 * Redis, an instance that starts while Redis is slow to answer, a Redis restart in the middle of a
 * stream, a process that dies between its commit and its publish, and a Redis that hangs or dies
 * while a publish waits on it. Waits are bounded (`waitFor`, `eventually`, process events), never sleeps.
 */

const sendMessage = 'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { message { id body } } }';
const messageAdded =
  'subscription ($channelId: ID, $after: String) { messageAdded(channelId: $channelId, after: $after) { cursor channel { id } message { body } } }';
const latestMessage = 'query ($id: ID!) { node(id: $id) { ... on Channel { messages(last: 1) { nodes { body } } } } }';
type Added = { cursor: string; channel: { id: string }; message: { body: string } };
type Sent = { sendMessage: { message: { id: string; body: string } } };

const employerEmail = 'faults-employer@test.example';
const trainerEmail = 'faults-trainer@test.example';
/** How long a prompt delivery may take at most: a bound on a wait, not a timing assertion. */
const prompt = 5_000;

/** One organization, an employer and a trainer, and `count` channels they are both members of (global IDs). */
async function seedChannels(dataSource: DataSource, count: number): Promise<string[]> {
  const factory = new Factory(dataSource);
  const organization = await factory.organization();
  const employer = await factory.employer(organization, { email: employerEmail, name: 'Morgan Lee' });
  const trainer = await factory.trainer({ email: trainerEmail, name: 'Alex Rivera' });
  const channels: string[] = [];
  for (let index = 0; index < count; index += 1) channels.push(toGlobalId('Channel', (await factory.channel(organization, [employer, trainer])).id));
  return channels;
}

/** The cursor of the newest event so far: subscribing `after` it misses nothing sent from now on, whenever the listener attaches. */
async function cursorNow(dataSource: DataSource): Promise<string> {
  const [row] = (await dataSource.query('SELECT COALESCE(max(position), 0) AS position FROM events')) as [{ position: string }];
  return eventCursor(Number(row.position));
}

/** The outbox rows of the messages with this body: `position` is null until a publisher has run. */
async function outboxRows(dataSource: DataSource, body: string): Promise<Array<{ position: string | null }>> {
  return dataSource.query(`SELECT e.position FROM events e JOIN messages m ON m.id = e.subject_id WHERE e.type = 'MESSAGE_ADDED' AND m.body = $1`, [body]);
}

function expectSent(result: HttpGraphQLResult<Sent>, body: string): void {
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  expect(result.data?.sendMessage.message.body).toBe(body);
}

const bodies = (items: Added[]) => items.map((item) => item.message.body);

function processEnv(database: TestDatabase, redis: TestRedis, extra: Record<string, string>): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    JWT_SECRET: testJwtSecret,
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'never',
    ...extra,
  };
}

/** A database of the scenario's own, with `channelCount` seeded channels. */
async function scenarioDatabase(channelCount: number): Promise<{ database: TestDatabase; dataSource: DataSource; channels: string[] }> {
  const database = await createTestDatabase();
  const dataSource = createWorkroomDataSource({ url: database.url, poolSize: 2, applicationName: 'live-faults-test' });
  try {
    await dataSource.initialize();
    return { database, dataSource, channels: await seedChannels(dataSource, channelCount) };
  } catch (error) {
    // Not handed to the caller's afterAll: undo it here.
    await closeScenarioDatabase(dataSource.isInitialized ? dataSource : undefined, database);
    throw error;
  }
}

/** For afterAll: whatever of the scenario's database a failed setup left. */
async function closeScenarioDatabase(dataSource: DataSource | undefined, database: TestDatabase | undefined): Promise<void> {
  await dataSource?.destroy();
  await database?.drop();
}

/** Stops what is still running (SIGTERM, then SIGKILL after a while); for afterAll, whatever state a failed test left. */
async function stopAll(processes: WorkroomProcess[]): Promise<void> {
  await Promise.all(processes.filter((process) => process.alive).map((process) => process.stop('SIGTERM', 10_000)));
}

describe('across instances: two server processes, one database, one Redis', () => {
  let redis: TestRedis;
  let database: TestDatabase;
  let dataSource: DataSource;
  let a: WorkroomProcess;
  let b: WorkroomProcess;
  const processes: WorkroomProcess[] = [];
  let channels: string[];
  const tokens = { employer: '', trainer: '' };
  let env: Record<string, string>;

  beforeAll(async () => {
    redis = await TestRedis.create();
    ({ database, dataSource, channels } = await scenarioDatabase(1));
    // Each instance polls the database only once a minute: prompt delivery must come through Redis.
    env = processEnv(database, redis, { EVENTS_POLL_MS: '60000' });
    // The instances start before Redis does (they must: startup never waits for the bus) and join
    // it when it comes up. Starting them against a Redis that is already up races in RedisBus and
    // may lose an instance's subscription for good: that bug is pinned down by its own test below
    // ('an instance that starts while Redis is slow to answer'), so that this one stays about delivery.
    [a, b] = await Promise.all([WorkroomProcess.start('instance A', env), WorkroomProcess.start('instance B', env)]);
    processes.push(a, b);
    await redis.start();
    await eventually(async () => (await a.readyz()).bus === 'up' && (await b.readyz()).bus === 'up', 10_000);
    tokens.employer = await b.signIn(employerEmail);
    tokens.trainer = await a.signIn(trainerEmail);
  });

  afterAll(async () => {
    await stopAll(processes);
    await closeScenarioDatabase(dataSource, database);
    await redis?.stop();
  });

  const send = (instance: WorkroomProcess, body: string) =>
    instance.graphql<Sent>(sendMessage, { variables: { input: { channelId: channels[0], body } }, token: tokens.employer });

  it('delivers a message sent through one instance to a subscriber on the other, promptly, both ways', async () => {
    const onA = wsClient(a.url, tokens.trainer);
    const onB = wsClient(b.url, tokens.trainer);
    try {
      const after = await cursorNow(dataSource);
      const atA = collect<Added>(onA, messageAdded, { after });
      const atB = collect<Added>(onB, messageAdded, { after });
      // One at a time, each awaited on the other instance: every one crosses on its own.
      for (let index = 1; index <= 3; index += 1) {
        expectSent(await send(b, `from B ${index}`), `from B ${index}`);
        await atA.waitFor(index, prompt);
      }
      for (let index = 1; index <= 3; index += 1) {
        expectSent(await send(a, `from A ${index}`), `from A ${index}`);
        await atB.waitFor(3 + index, prompt);
      }
      const expected = ['from B 1', 'from B 2', 'from B 3', 'from A 1', 'from A 2', 'from A 3'];
      expect(bodies(await atA.waitFor(6, prompt))).toEqual(expected);
      expect(bodies(await atB.waitFor(6, prompt))).toEqual(expected);
      expect([...atA.errors, ...atB.errors]).toEqual([]);
    } finally {
      await Promise.all([onA.dispose(), onB.dispose()]);
    }
  });

  it('keeps mutations working while Redis is down, then re-subscribes: delivery across instances is prompt again', async () => {
    const onA = wsClient(a.url, tokens.trainer);
    try {
      const atA = collect<Added>(onA, messageAdded, { after: await cursorNow(dataSource) });
      expect(await redis.stop()).toEqual({ code: 0, signal: null });
      await eventually(async () => (await a.readyz()).bus === 'down' && (await b.readyz()).bus === 'down', prompt);
      expect(await a.readyz()).toEqual({ status: 'ready', database: 'up', bus: 'down', liveDelivery: 'polling' });

      expectSent(await send(b, 'while Redis was down'), 'while Redis was down');
      await redis.start();
      await eventually(async () => (await a.readyz()).bus === 'up' && (await b.readyz()).bus === 'up', 10_000);
      // Sent during the outage: announced once the bus is back (the poll is a minute away).
      expect(bodies(await atA.waitFor(1, prompt))).toEqual(['while Redis was down']);
      // And A is subscribed again: a new message from B crosses through Redis.
      expectSent(await send(b, 'after the restart'), 'after the restart');
      expect(bodies(await atA.waitFor(2, prompt))).toEqual(['while Redis was down', 'after the restart']);
      expect(atA.errors).toEqual([]);
    } finally {
      await onA.dispose();
    }
  });

  it('delivers, exactly once, a message whose process died after its commit and before publishing it', async () => {
    const c = await WorkroomProcess.start('instance C', env);
    processes.push(c);
    const onA = wsClient(a.url, tokens.trainer);
    const lock = new pg.Client({ connectionString: database.url });
    try {
      const received = collect<Added>(onA, messageAdded, { after: await cursorNow(dataSource) });
      await lock.connect();
      // While the test holds the publishers' advisory lock (`publishLockKey` in src/events/publisher.ts),
      // no instance can give a committed row its position: C commits, then dies before it can publish.
      await lock.query('SELECT pg_advisory_lock($1)', [publishLockKey]);
      const sent = await c.graphql<Sent>(sendMessage, { variables: { input: { channelId: channels[0], body: 'orphaned by C' } }, token: tokens.employer });
      expectSent(sent, 'orphaned by C');
      expect(await outboxRows(dataSource, 'orphaned by C')).toEqual([{ position: null }]);
      expect(await c.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
      // Without a position no instance can deliver it: A's subscriber has nothing.
      expect(received.items).toEqual([]);
      await lock.end(); // the lock is free again: A's or B's sweep picks the row up

      expect(bodies(await received.waitFor(1, prompt))).toEqual(['orphaned by C']);
      expect(await outboxRows(dataSource, 'orphaned by C')).toEqual([{ position: expect.any(String) }]);
      // Exactly once: the next message is the very next thing the subscriber receives.
      expectSent(await send(b, 'after the orphan'), 'after the orphan');
      expect(bodies(await received.waitFor(2, prompt))).toEqual(['orphaned by C', 'after the orphan']);
      expect(received.errors).toEqual([]);
    } finally {
      await lock.end().catch(() => undefined);
      await onA.dispose();
    }
  });

  it('both instances stop cleanly on SIGTERM (exit code 0)', async () => {
    expect(a.alive && b.alive, a.tail() + b.tail()).toBe(true);
    const exits = await Promise.all([a.stop('SIGTERM', 15_000), b.stop('SIGTERM', 15_000)]);
    expect(exits, a.tail() + b.tail()).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);
  });
});

describe('an instance that starts while Redis is slow to answer', () => {
  let redis: TestRedis;
  let database: TestDatabase;
  let dataSource: DataSource;
  let a: WorkroomProcess;
  const processes: WorkroomProcess[] = [];
  let channels: string[];
  const tokens = { employer: '', trainer: '' };

  beforeAll(async () => {
    redis = await TestRedis.start();
    ({ database, dataSource, channels } = await scenarioDatabase(1));
    // Redis accepts connections but answers nothing while the instance starts (a busy or
    // still-loading Redis during a deploy); the instance does not wait for it. To make the timing
    // certain, the test also holds the events table while the instance reads it at start
    // (EventStream.start loading its latest events, just before it subscribes to the bus): by the
    // time it goes on, its
    // Redis connections are open and still in their handshake.
    redis.pause();
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE events IN ACCESS EXCLUSIVE MODE');
      const starting = WorkroomProcess.start('instance A', processEnv(database, redis, { EVENTS_POLL_MS: '60000' }));
      starting.then(
        (started) => processes.push(started),
        () => undefined,
      );
      await eventually(async () => {
        const [row] = (await dataSource.query(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'
              AND (query LIKE '%max(position)%' OR query LIKE '%"position" IS NOT NULL ORDER BY%DESC%')`,
        )) as [{ waiting: number }];
        return row.waiting > 0;
      }, 30_000);
      await holder.query('COMMIT');
      a = await starting;
    } finally {
      await holder.end();
      redis.resume();
    }
    await eventually(async () => (await a.readyz()).bus === 'up', 10_000);
    tokens.employer = await a.signIn(employerEmail);
    tokens.trainer = await a.signIn(trainerEmail);
  });

  afterAll(async () => {
    redis?.resume();
    await stopAll(processes);
    await closeScenarioDatabase(dataSource, database);
    await redis?.stop();
  });

  it('receives its events through Redis once Redis answers (its bus subscription is not lost)', async () => {
    const client = wsClient(a.url, tokens.trainer);
    try {
      const received = collect<Added>(client, messageAdded, { after: await cursorNow(dataSource) });
      expect(await a.readyz()).toEqual({ status: 'ready', database: 'up', bus: 'up', liveDelivery: 'bus' });
      const sent = await a.graphql<Sent>(sendMessage, { variables: { input: { channelId: channels[0], body: 'hello' } }, token: tokens.employer });
      expectSent(sent, 'hello');
      // The poll is a minute away: only the bus can make this prompt.
      expect(bodies(await received.waitFor(1, prompt))).toEqual(['hello']);
    } finally {
      await client.dispose();
    }
  });
});

describe('Redis restarts in the middle of a stream of 500 messages', () => {
  const channelCount = 5;
  const rounds = 100; // 5 channels × 100 rounds = 500 messages, one concurrent send per channel in each round
  let redis: TestRedis;
  let database: TestDatabase;
  let dataSource: DataSource;
  let a: WorkroomProcess;
  let b: WorkroomProcess;
  const processes: WorkroomProcess[] = [];
  let channels: string[];
  const tokens = { employer: '', trainer: '' };

  beforeAll(async () => {
    redis = await TestRedis.start();
    ({ database, dataSource, channels } = await scenarioDatabase(channelCount));
    // A short poll: while Redis is away, instances find new events in the database.
    const env = processEnv(database, redis, { EVENTS_POLL_MS: '200' });
    [a, b] = await Promise.all([WorkroomProcess.start('instance A', env), WorkroomProcess.start('instance B', env)]);
    processes.push(a, b);
    tokens.employer = await a.signIn(employerEmail);
    tokens.trainer = await b.signIn(trainerEmail);
  });

  afterAll(async () => {
    await stopAll(processes);
    await closeScenarioDatabase(dataSource, database);
    await redis?.stop();
  });

  it('every subscriber gets all 500, in order per channel, without duplicates; mutations and queries work throughout', async () => {
    // Two subscribers, one per instance (the same trainer, on A and on B).
    const onA = wsClient(a.url, tokens.trainer);
    const onB = wsClient(b.url, tokens.trainer);
    try {
      const after = await cursorNow(dataSource);
      const subscribers = { A: collect<Added>(onA, messageAdded, { after }), B: collect<Added>(onB, messageAdded, { after }) };

      /** One round: a message in every channel at once, through A or B alternately. Every one must succeed. */
      const round = async (index: number) => {
        const results = await Promise.all(
          channels.map((channelId, channel) =>
            ((index + channel) % 2 === 0 ? a : b).graphql<Sent>(sendMessage, {
              variables: { input: { channelId, body: `${channel}:${index}` } },
              token: tokens.employer,
            }),
          ),
        );
        results.forEach((result, channel) => expectSent(result, `${channel}:${index}`));
      };

      for (let index = 0; index < 40; index += 1) await round(index);
      // Redis goes away while a round is in flight.
      const [stopped] = await Promise.all([redis.stop(), round(40)]);
      expect(stopped).toEqual({ code: 0, signal: null });
      await eventually(async () => (await a.readyz()).bus === 'down' && (await b.readyz()).bus === 'down', prompt);

      // During the outage: mutations and queries on both instances work.
      for (let index = 41; index < 60; index += 1) await round(index);
      for (const instance of [a, b]) {
        const read = await instance.graphql<{ node: { messages: { nodes: Array<{ body: string }> } } }>(latestMessage, {
          variables: { id: channels[0] },
          token: tokens.trainer,
        });
        expect(read.errors).toBeUndefined();
        expect(read.data?.node.messages.nodes).toEqual([{ body: '0:59' }]);
        expect(await instance.readyz()).toEqual({ status: 'ready', database: 'up', bus: 'down', liveDelivery: 'polling' });
      }
      // Still during the outage: polling has delivered everything sent so far, to both.
      await Promise.all([subscribers.A.waitFor(channelCount * 60, 15_000), subscribers.B.waitFor(channelCount * 60, 15_000)]);
      expect(redis.running).toBe(false);

      // Redis comes back on the same port while a round is in flight.
      await Promise.all([redis.start(), round(60)]);
      await eventually(async () => (await a.readyz()).bus === 'up' && (await b.readyz()).bus === 'up', 10_000);
      for (let index = 61; index < rounds; index += 1) await round(index);

      const total = channelCount * rounds;
      await Promise.all([subscribers.A.waitFor(total, 30_000), subscribers.B.waitFor(total, 30_000)]);
      // A last message: it arrives right after the 500, so nothing was repeated behind them either.
      expectSent(await a.graphql<Sent>(sendMessage, { variables: { input: { channelId: channels[0], body: 'the end' } }, token: tokens.employer }), 'the end');

      for (const [name, subscriber] of Object.entries(subscribers)) {
        const items = await subscriber.waitFor(total + 1, prompt);
        expect(subscriber.errors, name).toEqual([]);
        expect(items, name).toHaveLength(total + 1);
        expect(items[total]!.message.body, name).toBe('the end');
        const perChannel = channels.map((channelId) =>
          items
            .slice(0, total)
            .filter((item) => item.channel.id === channelId)
            .map((item) => item.message.body),
        );
        perChannel.forEach((received, channel) => {
          expect(received, `${name}, channel ${channel}`).toEqual(Array.from({ length: rounds }, (_, index) => `${channel}:${index}`));
        });
        expect(new Set(items.map((item) => item.cursor)).size, name).toBe(total + 1);
      }
      expect(a.alive && b.alive, a.tail() + b.tail()).toBe(true);
    } finally {
      await Promise.all([onA.dispose(), onB.dispose()]);
    }
  }, 90_000);
});

describe('one in-process instance with its own Redis: between commit and publish, and a publish waiting on Redis', () => {
  let redis: TestRedis;
  let server: TestServer;
  let channels: string[];
  const tokens = { employer: '', trainer: '' };

  beforeAll(async () => {
    redis = await TestRedis.start();
    server = await startTestServer({ env: { REDIS_URL: redis.url, EVENTS_SWEEP_MS: '200', EVENTS_POLL_MS: '200' } });
    channels = await seedChannels(server.workroom.dataSource, 3);
    tokens.employer = await server.signIn(employerEmail);
    tokens.trainer = await server.signIn(trainerEmail);
  });

  afterAll(async () => {
    // Stopping waits for a publish still waiting on Redis: bring Redis back first.
    if (redis && !redis.running) await redis.start();
    redis?.resume();
    await server?.stop();
    await redis?.stop();
  });

  const send = (channel: number, body: string) =>
    server.graphql<Sent>(sendMessage, { variables: { input: { channelId: channels[channel], body } }, token: tokens.employer });

  /** The test's one subscriber, to one channel, attached to the stream before the test goes on. */
  async function subscribe(channel: number) {
    const { stream } = server.workroom.services.events;
    await eventually(() => stream.listenerCount === 0); // the previous test's subscriber is gone
    const client = wsClient(server.url, tokens.trainer);
    const received = collect<Added>(client, messageAdded, { channelId: channels[channel] });
    await eventually(() => stream.listenerCount === 1);
    return { client, received };
  }

  it('a committed message whose publish never ran is delivered by the sweep, exactly once', async () => {
    const { publisher, stream } = server.workroom.services.events;
    const { client, received } = await subscribe(0);
    try {
      // The process "dies" between commit and publish: its publisher does not run, not even its sweep.
      publisher.paused = true;
      await publisher.settle();
      try {
        expectSent(await send(0, 'committed, not published'), 'committed, not published');
        expect(await outboxRows(server.workroom.dataSource, 'committed, not published')).toEqual([{ position: null }]);
        await stream.catchUp();
        expect(received.items).toEqual([]);
      } finally {
        publisher.paused = false;
      }
      // Nobody kicks: the sweep's timer finds the row.
      expect(bodies(await received.waitFor(1, prompt))).toEqual(['committed, not published']);
      expect(await outboxRows(server.workroom.dataSource, 'committed, not published')).toEqual([{ position: expect.any(String) }]);
      expectSent(await send(0, 'next'), 'next');
      expect(bodies(await received.waitFor(2, prompt))).toEqual(['committed, not published', 'next']);
      await stream.catchUp();
      expect(bodies(received.items)).toEqual(['committed, not published', 'next']);
      expect(received.errors).toEqual([]);
    } finally {
      await client.dispose();
    }
  });

  it('keeps delivering (by polling) while Redis hangs without closing its connections', async () => {
    const { bus, publisher, stream } = server.workroom.services.events;
    const { client, received } = await subscribe(1);
    try {
      redis.pause(); // SIGSTOP: connections stay open, nothing is answered (a stalled Redis, a partition)
      // One after the other, each awaited: polling is every 200 ms, so none of them needs Redis.
      const sent: string[] = [];
      for (let index = 1; index <= 3; index += 1) {
        sent.push(`#${index} while Redis hangs`);
        expectSent(await send(1, sent.at(-1)!), sent.at(-1)!);
        expect(bodies(await received.waitFor(index, prompt))).toEqual(sent);
      }
    } finally {
      redis.resume();
      await publisher.settle();
      await stream.catchUp();
      await eventually(() => bus.state() === 'up', 10_000);
      await client.dispose();
    }
  });

  it('keeps delivering (by polling) after Redis dies with a publish waiting for its answer', async () => {
    const { bus, publisher, stream } = server.workroom.services.events;
    const { client, received } = await subscribe(2);
    try {
      redis.pause();
      expectSent(await send(2, 'just before Redis died'), 'just before Redis died');
      expect(bodies(await received.waitFor(1, prompt))).toEqual(['just before Redis died']);
      await redis.kill(); // a crash: its connections close
      await eventually(() => bus.state() === 'down', prompt);
      expectSent(await send(2, 'while Redis is down'), 'while Redis is down');
      expect(bodies(await received.waitFor(2, prompt))).toEqual(['just before Redis died', 'while Redis is down']);
    } finally {
      if (!redis.running) await redis.start();
      await eventually(() => bus.state() === 'up', 10_000);
      await publisher.settle();
      await stream.catchUp();
      await client.dispose();
    }
  });
});
