import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventCursor } from '../src/api/live-feed.js';
import { toGlobalId } from '../src/graphql/global-id.js';
import type { User } from '../src/modules/accounts/user.entity.js';
import { Factory } from './factories.js';
import { startTestServer, StatementCounter, testJwtSecret, type TestServer } from './helpers.js';
import { TestRedis, WorkroomProcess } from './live-faults-helpers.js';
import { collect, eventually, wsClient, type Received } from './live-helpers.js';

/**
 * Fail-over: two instances behind a Redis of the test's own, 240 graphql-ws subscribers spread over
 * both, writers posting through both; instance A is SIGKILLed mid-stream, and its subscribers
 * resume on the survivor B with `after` (half while the writers still post, half once they have
 * stopped). Every subscriber ends with exactly the committed messages it may see, in commit order,
 * none missing, none twice; and the catch-up of the resumed subscribers costs statements per
 * missed event, not per subscriber (counted by the survivor's SQL logger, so deterministic).
 *
 * A runs from `server/dist/main.js` (build it first: `npm test` does); B runs in this process, so
 * that its statements can be counted. Waits are bounded (`waitFor`, `eventually`, process events).
 */

const sendMessage = 'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { message { id body } } }';
const messageAdded =
  'subscription ($channelId: ID, $after: String) { messageAdded(channelId: $channelId, after: $after) { cursor channel { id } message { body } } }';
type Added = { cursor: string; channel: { id: string }; message: { body: string } };
type Sent = { sendMessage: { message: { id: string; body: string } } };

const onA = 160;
const onB = 80;
/** How many messages each writer posts before A is killed, and after. */
const beforeKill = 8;
const afterKill = 8;

interface Member {
  email: string;
  token: string;
  /** The global ids of the channels this member belongs to. */
  channels: string[];
}

/** One subscriber: its viewer, its filter and what it received, across every connection it made. */
interface Subscriber {
  index: number;
  member: Member;
  channelId: string | undefined;
  /** Where it started: it must receive every visible message after this, and nothing else. */
  start: string;
  connections: Array<{ client: ReturnType<typeof wsClient>; received: Received<Added> }>;
}

const itemsOf = (subscriber: Subscriber) => subscriber.connections.flatMap((connection) => connection.received.items);
const lastCursorOf = (subscriber: Subscriber) => itemsOf(subscriber).at(-1)?.cursor ?? subscriber.start;

let redis: TestRedis;
let b: TestServer;
let a: WorkroomProcess;
/** The test's own reads, on a connection of its own: B's statements are counted. */
let reader: pg.Client;
const counter = new StatementCounter();
const members: Member[] = [];
const channels: string[] = [];

beforeAll(async () => {
  redis = await TestRedis.start();
  // B, the survivor, in this process: its statements are counted. No background statement may
  // fall into a count: the poll and the session check are far away (the bus carries every publish),
  // and a replay round is ended only by a new event, not by the time it takes 80 sockets to connect.
  b = await startTestServer({
    sqlLogger: counter,
    env: { REDIS_URL: redis.url, EVENTS_POLL_MS: '60000', EVENTS_SWEEP_MS: '200', EVENTS_REPLAY_ROUND_MS: '600000', WS_SESSION_CHECK_MS: '3600000' },
  });
  reader = new pg.Client({ connectionString: b.database.url });
  await reader.connect();
  a = await WorkroomProcess.start('instance A', {
    NODE_ENV: 'test',
    DATABASE_URL: b.database.url,
    REDIS_URL: redis.url,
    JWT_SECRET: testJwtSecret,
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'never',
    EVENTS_POLL_MS: '60000',
  });
  await eventually(async () => (await a.readyz()).bus === 'up' && b.workroom.services.events.bus.state() === 'up', 10_000);

  // An employer and three trainers; each trainer is in two of the three channels, so a
  // subscription to "all my channels" must leave one out.
  const factory = new Factory(b.workroom.dataSource);
  const organization = await factory.organization();
  const users: User[] = [await factory.employer(organization, { email: 'failover-employer@test.example' })];
  for (let index = 0; index < 3; index += 1) users.push(await factory.trainer({ email: `failover-trainer-${index}@test.example` }));
  const [employer, t0, t1, t2] = users as [User, User, User, User];
  for (const trainers of [
    [t0, t1],
    [t1, t2],
    [t0, t2],
  ])
    channels.push(toGlobalId('Channel', (await factory.channel(organization, [employer, ...trainers])).id));
  const membership = [channels, [channels[0]!, channels[2]!], [channels[0]!, channels[1]!], [channels[1]!, channels[2]!]];
  for (const [index, user] of users.entries()) {
    members.push({ email: user.email, token: await b.signIn(user.email), channels: membership[index]! });
  }
});

afterAll(async () => {
  if (a?.alive) await a.stop('SIGKILL');
  await reader?.end();
  await b?.stop();
  await redis?.stop();
});

async function query<T>(sql: string, values: unknown[] = []): Promise<T[]> {
  return (await reader.query(sql, values)).rows as T[];
}

/** The most frequent statements, for a failure message. */
function mostFrequent(statements: string[]): string {
  const tally = new Map<string, number>();
  for (const statement of statements) {
    const text = statement.replace(/\s+/g, ' ').slice(0, 160);
    tally.set(text, (tally.get(text) ?? 0) + 1);
  }
  return [...tally]
    .sort((x, y) => y[1] - x[1])
    .slice(0, 8)
    .map(([text, count]) => `${count} × ${text}`)
    .join('\n');
}

/** Resolves once every committed event has its position (what subscribers must receive is then known). */
async function allPublished(): Promise<void> {
  await eventually(async () => (await query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE position IS NULL'))[0]!.n === 0, 10_000);
}

/** Subscribes (again) through `url`, from the subscriber's last cursor. */
function connect(subscriber: Subscriber, url: string): void {
  const client = wsClient(url, subscriber.member.token);
  const received = collect<Added>(client, messageAdded, {
    ...(subscriber.channelId ? { channelId: subscriber.channelId } : {}),
    after: lastCursorOf(subscriber),
  });
  subscriber.connections.push({ client, received });
}

/** The committed messages after `start` in `channelIds`, in commit (position) order, as a subscriber receives them. */
async function committedAfter(start: string, channelIds: string[]): Promise<Array<{ cursor: string; channel: string; body: string }>> {
  const rows = (await query(
    `SELECT e.position, e.channel_id, m.body FROM events e JOIN messages m ON m.id = e.subject_id
      WHERE e.type = 'MESSAGE_ADDED' AND e.position IS NOT NULL ORDER BY e.position`,
  )) as Array<{ position: string; channel_id: string; body: string }>;
  const startPosition = Number(Buffer.from(start, 'base64url').toString('utf8').slice('event:'.length));
  return rows
    .filter((row) => Number(row.position) > startPosition)
    .map((row) => ({ cursor: eventCursor(Number(row.position)), channel: toGlobalId('Channel', row.channel_id), body: row.body }))
    .filter((row) => channelIds.includes(row.channel));
}

const channelsOf = (subscriber: Subscriber) => (subscriber.channelId ? [subscriber.channelId] : subscriber.member.channels);

async function expectedFor(subscriber: Subscriber) {
  return committedAfter(subscriber.start, channelsOf(subscriber));
}

/** Resolves once the subscriber has received `total` items over all its connections (bounded: a hang fails). */
function caughtUp(subscriber: Subscriber, total: number): Promise<unknown> {
  const current = subscriber.connections.at(-1)!.received;
  return current.waitFor(total - (itemsOf(subscriber).length - current.items.length), 20_000);
}

const asDelivered = (subscriber: Subscriber) => itemsOf(subscriber).map((item) => ({ cursor: item.cursor, channel: item.channel.id, body: item.message.body }));

describe('fail-over: one of two instances is SIGKILLed under 240 subscribers', () => {
  it('moves its subscribers to the survivor with exactly-once delivery, and their catch-up costs statements per missed event, not per subscriber', async () => {
    const { stream, publisher } = b.workroom.services.events;
    const [row] = (await query('SELECT COALESCE(max(position), 0) AS position FROM events')) as [{ position: string }];
    const start = eventCursor(Number(row.position));

    // 240 subscribers, one socket each: 160 on A, 80 on B; each member's in turn, a third of them
    // to all of the member's channels, the others to one channel.
    const subscribers: Subscriber[] = [];
    for (let index = 0; index < onA + onB; index += 1) {
      const member = members[index % members.length]!;
      const channelId = index % 3 === 0 ? undefined : member.channels[index % member.channels.length];
      const subscriber: Subscriber = { index, member, channelId, start, connections: [] };
      connect(subscriber, index < onA ? a.url : b.url);
      subscribers.push(subscriber);
    }
    const atA = subscribers.slice(0, onA);
    const atB = subscribers.slice(onA);
    try {
      // Every subscription is live: one message per channel reaches every one of them.
      await eventually(() => stream.listenerCount >= onB);
      for (const [index, channelId] of channels.entries()) {
        const sent = await b.graphql<Sent>(sendMessage, { variables: { input: { channelId, body: `warm-up ${index}` } }, token: members[0]!.token });
        expect(sent.errors).toBeUndefined();
      }
      await Promise.all(
        subscribers.map((subscriber) => subscriber.connections[0]!.received.waitFor(subscriber.channelId ? 1 : channelsOf(subscriber).length, 20_000)),
      );

      // Three writers, one per channel, each as a member of it, alternating between A and B; once A
      // is gone, through B. A send in flight to A when it dies may or may not have committed: what
      // subscribers must receive is read from the database at the end, not from the writers.
      // Each writer posts `beforeKill` messages, then one more through A without waiting for its
      // answer; once all three are in flight, A is killed (each may or may not have committed),
      // and every writer goes on through B alone: `afterKill - 1` more each, all after the kill.
      const lostWithA: string[] = [];
      const writerErrors: unknown[] = [];
      let inFlightToA = 0;
      let killAt: () => void;
      const killPoint = new Promise<void>((resolve) => (killAt = resolve));
      let killed: () => void;
      const aIsDead = new Promise<void>((resolve) => (killed = resolve));
      const writer = async (channel: number) => {
        const author = members.find((member, index) => index > 0 && member.channels.includes(channels[channel]!))!;
        for (let index = 0; index < beforeKill + afterKill; index += 1) {
          const body = `w${channel}:${index}`;
          const through = index < beforeKill ? (index % 2 === 0 ? a : b) : index === beforeKill ? a : b;
          const sending = through.graphql<Sent>(sendMessage, { variables: { input: { channelId: channels[channel], body } }, token: author.token });
          if (index === beforeKill && (inFlightToA += 1) === channels.length) killAt();
          try {
            const result = await sending;
            if (result.errors) writerErrors.push(result.errors);
          } catch (error) {
            if (through !== a) throw error;
            lostWithA.push(body); // the connection to A died with it
          }
          if (index === beforeKill) await aIsDead;
        }
      };
      const writing = Promise.all(channels.map((_, channel) => writer(channel)));

      await killPoint;
      expect(await a.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
      killed!();
      // Every socket to A is closed; half of its subscribers resume on B at once, while the
      // writers still post.
      await eventually(() => atA.every((subscriber) => subscriber.connections[0]!.received.closeCode !== undefined), 10_000);
      const firstWave = atA.slice(0, onA / 2);
      const secondWave = atA.slice(onA / 2);
      for (const subscriber of firstWave) connect(subscriber, b.url);
      await writing;
      expect(writerErrors).toEqual([]);

      // Everything committed has its position (a send A committed and did not publish is swept by
      // B), and B has handed it on.
      await allPublished();
      await stream.catchUp();
      for (const subscriber of [...atB, ...firstWave]) await caughtUp(subscriber, (await expectedFor(subscriber)).length);

      // The count: nothing else runs on B now (no writer, no publish, no sweep, no poll).
      publisher.paused = true;
      await publisher.settle();
      await stream.catchUp();
      const listening = stream.listenerCount;
      // What resuming costs with nothing missed (each socket signs in, each subscription is
      // admitted): the same sockets and documents, from the latest cursor.
      counter.reset();
      const [latest] = (await query('SELECT max(position) AS position FROM events')) as [{ position: string }];
      const upToDate = secondWave.map((subscriber) => {
        const client = wsClient(b.url, subscriber.member.token);
        const received = collect<Added>(client, messageAdded, {
          ...(subscriber.channelId ? { channelId: subscriber.channelId } : {}),
          after: eventCursor(Number(latest.position)),
        });
        return { client, received };
      });
      await eventually(() => stream.listenerCount === listening + secondWave.length, 20_000);
      await stream.catchUp();
      const resumingAlone = counter.count;
      expect(upToDate.flatMap(({ received }) => [...received.items, ...received.errors])).toEqual([]);
      for (const { client } of upToDate) void client.dispose();
      await eventually(() => stream.listenerCount === listening, 20_000);

      // The second half resumes from where each stopped: the whole outage to catch up on.
      counter.reset();
      for (const subscriber of secondWave) connect(subscriber, b.url);
      const expected = new Map<Subscriber, Awaited<ReturnType<typeof expectedFor>>>();
      for (const subscriber of subscribers) expected.set(subscriber, await expectedFor(subscriber));
      await Promise.all(secondWave.map((subscriber) => caughtUp(subscriber, expected.get(subscriber)!.length)));
      await eventually(() => stream.listenerCount === listening + secondWave.length, 20_000);
      await stream.catchUp();
      const resumedStatements = counter.count;
      const catchUpStatements = [...counter.statements];

      // What they missed: every event after the oldest of their cursors (one range for the round).
      const oldest = Math.min(
        ...secondWave.map((subscriber) =>
          Number(Buffer.from(subscriber.connections[0]!.received.items.at(-1)!.cursor, 'base64url').toString('utf8').slice('event:'.length)),
        ),
      );
      const [{ missed }] = (await query('SELECT count(*)::int AS missed FROM events WHERE position > $1', [oldest])) as [{ missed: number }];
      const catchUp = resumedStatements - resumingAlone;
      const replayed = secondWave.reduce((sum, subscriber) => sum + subscriber.connections.at(-1)!.received.items.length, 0);
      console.info(
        `fail-over catch-up: ${secondWave.length} subscriptions resumed, ${replayed} deliveries of ${missed} missed events: ` +
          `${catchUp} statements (${resumedStatements} with the ${resumingAlone} of signing in and subscribing); sends that died with A: ${lostWithA.length}`,
      );
      // At least what the writers sent through B after the kill.
      expect(missed).toBeGreaterThanOrEqual(channels.length * (afterKill - 1));
      expect(replayed).toBeGreaterThan(secondWave.length * 5);
      // The shared replay decides each missed event once for the round: who may read it, its
      // message, its channel (3 statements). When each resumed subscription read and authorized
      // its own range, this same scenario took 1,836.
      expect(catchUp, mostFrequent(catchUpStatements)).toBeLessThanOrEqual(3 * missed + 10);

      // Then everyone is live on B: one more message per channel is the next thing each receives.
      publisher.paused = false;
      for (const [index, channelId] of channels.entries()) {
        const sent = await b.graphql<Sent>(sendMessage, { variables: { input: { channelId, body: `the end ${index}` } }, token: members[0]!.token });
        expect(sent.errors).toBeUndefined();
      }
      await allPublished();
      for (const subscriber of subscribers) expected.set(subscriber, await expectedFor(subscriber));
      await Promise.all(subscribers.map((subscriber) => caughtUp(subscriber, expected.get(subscriber)!.length)));
      await stream.catchUp();

      // Exactly once, in commit order, nothing missing, nothing of a channel the viewer is not in.
      for (const subscriber of subscribers) {
        expect(asDelivered(subscriber), `subscriber ${subscriber.index}`).toEqual(expected.get(subscriber));
      }
      // Only the sockets to A ended, and only by A's death; on B, no subscription had an error.
      for (const subscriber of subscribers) {
        const [first, ...resumed] = subscriber.connections;
        expect(first!.received.errors.length, `subscriber ${subscriber.index}`).toBe(subscriber.index < onA ? 1 : 0);
        expect(
          resumed.flatMap((connection) => connection.received.errors),
          `subscriber ${subscriber.index}`,
        ).toEqual([]);
      }
      expect(atA.every((subscriber) => subscriber.connections.length === 2)).toBe(true);
    } finally {
      for (const subscriber of subscribers) for (const { client } of subscriber.connections) void client.dispose();
    }
  }, 120_000);
});
