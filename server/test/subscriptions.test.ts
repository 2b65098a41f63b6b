import pg from 'pg';
import WebSocket from 'ws';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toGlobalId } from '../src/graphql/global-id.js';
import { ChannelKind, type Channel } from '../src/modules/messaging/channel.entity.js';
import type { User } from '../src/modules/accounts/user.entity.js';
import { Factory } from './factories.js';
import { startTestServer, type TestServer } from './helpers.js';
import { collect, eventually, wsClient } from './live-helpers.js';

/**
 * Live updates over graphql-ws on /graphql: signed in at connection_init, authorized per event,
 * resumable with `after`, and ordered by a cursor that is safe against commit order.
 */
let server: TestServer;
let factory: Factory;
let channel: Channel;
let employer: User;
let trainer: User;
const tokens = { employer: '', trainer: '', outsider: '', colleague: '' };

const sendMessage = 'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { message { id body } } }';
const messageAdded =
  'subscription ($channelId: ID, $after: String) { messageAdded(channelId: $channelId, after: $after) { cursor message { body author { name } } } }';
type MessageEvent = { cursor: string; message: { body: string } };

beforeAll(async () => {
  server = await startTestServer({
    env: { EVENTS_POLL_MS: '200', EVENTS_SWEEP_MS: '200', MAX_QUERY_DEPTH: '10', WS_CONNECTION_INIT_TIMEOUT_MS: '300' },
  });
  factory = new Factory(server.workroom.dataSource);
  const organization = await factory.organization();
  const other = await factory.organization();
  employer = await factory.employer(organization, { email: 'live-employer@test.example', name: 'Morgan Lee' });
  await factory.employer(other, { email: 'live-outsider@test.example' });
  trainer = await factory.trainer({ email: 'live-trainer@test.example', name: 'Alex Rivera' });
  const colleague = await factory.trainer({ email: 'live-colleague@test.example' });
  const job = await factory.job(organization);
  await factory.contract(job, trainer);
  await factory.contract(job, colleague);
  // A GROUP channel: only those change members (the test removes one).
  channel = await factory.channel(organization, [employer, trainer, colleague], { jobId: job.id, kind: ChannelKind.GROUP });
  tokens.employer = await server.signIn('live-employer@test.example');
  tokens.trainer = await server.signIn('live-trainer@test.example');
  tokens.outsider = await server.signIn('live-outsider@test.example');
  tokens.colleague = await server.signIn('live-colleague@test.example');
});

afterAll(async () => {
  await server?.stop();
});

// The tests below wait for "N listeners" before sending; a listener a previous test's socket has
// not yet released would make that count true too early, and the message would go out before the
// subscription is attached.
beforeEach(async () => {
  await eventually(() => server.workroom.services.events.stream.listenerCount === 0);
});

const send = (body: string, token = tokens.employer) =>
  server.graphql(sendMessage, { variables: { input: { channelId: toGlobalId('Channel', channel.id), body } }, token });

describe('connecting', () => {
  it('closes with 4403 before any operation when the token is missing or bad', async () => {
    for (const token of [undefined, 'not-a-token']) {
      const client = wsClient(server.url, token);
      const received = collect(client, messageAdded);
      await eventually(() => received.errors.length > 0);
      expect(received.closeCode).toBe(4403);
      expect(received.items).toEqual([]);
      await client.dispose();
    }
  });

  it('applies the HTTP limits to operations on the socket', async () => {
    const client = wsClient(server.url, tokens.trainer);
    const deep = collect(
      client,
      `subscription { activity { contract { job { organization { jobs { nodes { organization { jobs { nodes { organization { name } } } } } } } } } } }`,
    );
    await eventually(() => deep.errors.length > 0);
    expect(JSON.stringify(deep.errors)).toContain('DEPTH_LIMIT_EXCEEDED');
    const badCursor = collect(client, messageAdded, { after: 'nonsense' });
    await eventually(() => badCursor.errors.length > 0);
    expect(JSON.stringify(badCursor.errors)).toContain('BAD_USER_INPUT');
    await client.dispose();
  });
});

describe('socket limits', () => {
  const rawSocket = () => new WebSocket(`${server.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  const closed = (socket: WebSocket) => new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));

  it('closes a connection that never sends connection_init (4408)', async () => {
    const socket = rawSocket();
    expect(await closed(socket)).toBe(4408);
  });

  it('closes a socket that sends a message over the size limit (1009)', async () => {
    const socket = rawSocket();
    await new Promise((resolve) => socket.on('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${tokens.trainer}`, padding: 'x'.repeat(300_000) } }));
    expect(await closed(socket)).toBe(1009);
  });
});

describe('keep-alive', () => {
  // A server of its own: keep-alive every second (the shortest WS_KEEPALIVE_MS allows).
  let quick: TestServer;
  beforeAll(async () => {
    quick = await startTestServer({ env: { WS_KEEPALIVE_MS: '1000' } });
  });
  afterAll(async () => {
    await quick?.stop();
  });

  it('pings every socket and terminates one that stops answering, and only that one', async () => {
    // This server has a database of its own.
    await new Factory(quick.workroom.dataSource).trainer({ email: 'keepalive-trainer@test.example' });
    const signedIn = await quick.signIn('keepalive-trainer@test.example');
    const open = async (autoPong: boolean) => {
      const socket = new WebSocket(`${quick.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', { autoPong });
      const state = { pings: 0, closedWith: undefined as number | undefined };
      socket.on('ping', () => (state.pings += 1));
      socket.on('close', (code) => (state.closedWith = code));
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${signedIn}` } })));
        socket.once('message', () => resolve());
      });
      return { socket, state };
    };
    const answering = await open(true);
    const silent = await open(false);
    // The silent one is pinged at one sweep and terminated at the next (1006: no close frame).
    await eventually(() => silent.state.closedWith !== undefined, 5_000);
    expect(silent.state.closedWith).toBe(1006);
    expect(silent.state.pings).toBeGreaterThanOrEqual(1);
    await eventually(() => answering.state.pings >= 3, 5_000);
    expect(answering.state.closedWith).toBeUndefined();
    expect(answering.socket.readyState).toBe(WebSocket.OPEN);
    answering.socket.close(1000);
  });
});

describe('delivery', () => {
  it('delivers a message to members as it is committed, and nothing to an outsider', async () => {
    const member = wsClient(server.url, tokens.trainer);
    const outsider = wsClient(server.url, tokens.outsider);
    const inside = collect<MessageEvent>(member, messageAdded);
    const outside = collect<MessageEvent>(outsider, messageAdded);
    const activity = collect<{ type: string }>(outsider, 'subscription { activity { type cursor } }');
    await eventually(() => server.workroom.services.events.stream.listenerCount >= 3);
    await send('Welcome to the team');
    const [event] = await inside.waitFor(1);
    expect(event).toMatchObject({ message: { body: 'Welcome to the team', author: { name: 'Morgan Lee' } } });
    expect(event!.cursor).toEqual(expect.any(String));
    await send('Second');
    await inside.waitFor(2);
    await server.workroom.services.events.stream.catchUp();
    expect(outside.items).toEqual([]);
    expect(activity.items).toEqual([]);
    await member.dispose();
    await outsider.dispose();
  });

  it('resumes with `after`: replays exactly what was missed, then goes live, with no duplicate at the seam', async () => {
    const first = wsClient(server.url, tokens.trainer);
    const before = collect<MessageEvent>(first, messageAdded, { channelId: toGlobalId('Channel', channel.id) });
    await eventually(() => server.workroom.services.events.stream.listenerCount >= 1);
    await send('m1');
    const [m1] = await before.waitFor(1);
    await first.dispose();

    for (const body of ['m2', 'm3', 'm4']) await send(body);
    await server.workroom.services.events.publisher.settle();

    const second = wsClient(server.url, tokens.trainer);
    const resumed = collect<MessageEvent>(second, messageAdded, { channelId: toGlobalId('Channel', channel.id), after: m1!.cursor });
    await resumed.waitFor(3);
    await send('m5');
    const all = await resumed.waitFor(4);
    expect(all.map((event) => event.message.body)).toEqual(['m2', 'm3', 'm4', 'm5']);
    await server.workroom.services.events.stream.catchUp();
    expect(resumed.items).toHaveLength(4);
    await second.dispose();
  });

  it('stops delivering to a member once they are removed', async () => {
    const client = wsClient(server.url, tokens.colleague);
    const received = collect<MessageEvent>(client, messageAdded);
    await eventually(() => server.workroom.services.events.stream.listenerCount >= 1);
    await send('before removal');
    await received.waitFor(1);
    await server.graphql('mutation ($input: RemoveChannelMemberInput!) { removeChannelMember(input: $input) { channel { id } } }', {
      variables: { input: { channelId: toGlobalId('Channel', channel.id), userId: toGlobalId('User', await userId('live-colleague@test.example')) } },
      token: tokens.employer,
    });
    await send('after removal');
    await server.workroom.services.events.publisher.settle();
    await server.workroom.services.events.stream.catchUp();
    expect(received.items.map((event) => event.message.body)).toEqual(['before removal']);
    await client.dispose();
  });

  it('gives each subscriber its own view of an event when the payload asks for personal fields', async () => {
    // Payloads are executed once per event and shared when nothing in them depends on the viewer;
    // unread counts and e-mail visibility do, so each subscriber must get its own answer.
    const personal = `subscription ($channelId: ID) {
      messageAdded(channelId: $channelId) { message { body author { email } } channel { unreadCount } }
    }`;
    type Personal = { message: { body: string; author: { email: string | null } }; channel: { unreadCount: number } };
    const viewers = ['employer', 'trainer'] as const;
    const clients = viewers.map((name) => wsClient(server.url, tokens[name]));
    const subscriptions = clients.map((client) => collect<Personal>(client, personal, { channelId: toGlobalId('Channel', channel.id) }));
    await eventually(() => server.workroom.services.events.stream.listenerCount >= 2);
    await send('personal fields');
    const [forEmployer, forTrainer] = (await Promise.all(subscriptions.map((subscription) => subscription.waitFor(1)))).map((items) => items[0]);

    const unreadNow = async (token: string) => {
      const result = await server.graphql<{ node: { unreadCount: number } }>('query ($id: ID!) { node(id: $id) { ... on Channel { unreadCount } } }', {
        variables: { id: toGlobalId('Channel', channel.id) },
        token,
      });
      return result.data!.node.unreadCount;
    };
    expect(forEmployer!.message.author.email).toBe('live-employer@test.example');
    expect(forTrainer!.message.author.email).toBeNull();
    expect(forEmployer!.channel.unreadCount).toBe(await unreadNow(tokens.employer));
    expect(forTrainer!.channel.unreadCount).toBe(await unreadNow(tokens.trainer));
    expect(forTrainer!.channel.unreadCount).toBeGreaterThan(forEmployer!.channel.unreadCount);
    // eslint-disable-next-line @typescript-eslint/await-thenable -- graphql-ws's dispose() returns void | Promise<void>: awaiting both kinds is right
    await Promise.all(clients.map((client) => client.dispose()));
  });

  it('releases its listeners when subscriptions end and sockets close', async () => {
    const stream = server.workroom.services.events.stream;
    await eventually(() => stream.listenerCount === 0).catch(() => {
      throw new Error(`listeners left before the cycles: ${stream.listenerCount}`);
    });
    for (let round = 0; round < 200; round += 1) {
      const client = wsClient(server.url, tokens.trainer);
      const received = collect(client, 'subscription { activity { type } }');
      await eventually(() => stream.listenerCount === 1);
      if (round % 2 === 0) received.dispose();
      await client.dispose();
      await eventually(() => stream.listenerCount === 0);
    }
    await eventually(() => server.workroom.websocketClients.size === 0);
  }, 60_000);
});

describe('cursors follow commit order', () => {
  it('delivers events whose transactions commit out of creation order, live and on resume', async () => {
    const live = wsClient(server.url, tokens.trainer);
    const received = collect<{ summary: string; cursor: string }>(live, 'subscription { activity { summary cursor } }');
    await eventually(() => server.workroom.services.events.stream.listenerCount >= 1);
    const startCursor = (await latestCursor())!;

    // Two writers: the first inserts its event first but commits last.
    const early = new pg.Client({ connectionString: server.database.url });
    const late = new pg.Client({ connectionString: server.database.url });
    await Promise.all([early.connect(), late.connect()]);
    const insert = (client: pg.Client, summary: string) =>
      client.query(
        `INSERT INTO events (type, audience, organization_id, trainer_id, subject_type, subject_id, summary)
         VALUES ('MESSAGE_ADDED', 'TRAINER', $1, $2, 'User', $2, $3)`,
        [employer.organizationId, trainer.id, summary],
      );
    await early.query('BEGIN');
    await insert(early, 'created first, committed second');
    await late.query('BEGIN');
    await insert(late, 'created second, committed first');
    await late.query('COMMIT');
    server.workroom.services.events.publisher.kick();
    await server.workroom.services.events.publisher.settle();
    await early.query('COMMIT');
    server.workroom.services.events.publisher.kick();
    await server.workroom.services.events.publisher.settle();
    await Promise.all([early.end(), late.end()]);

    const liveEvents = await received.waitFor(2);
    expect(liveEvents.map((event) => event.summary)).toEqual(['created second, committed first', 'created first, committed second']);

    // A subscriber that saw only the first committed one resumes and still gets the other.
    const resumedClient = wsClient(server.url, tokens.trainer);
    const resumed = collect<{ summary: string }>(resumedClient, 'subscription ($after: String) { activity(after: $after) { summary } }', {
      after: liveEvents[0]!.cursor,
    });
    expect((await resumed.waitFor(1)).map((event) => event.summary)).toEqual(['created first, committed second']);
    const fromStart = collect<{ summary: string }>(resumedClient, 'subscription ($after: String) { activity(after: $after) { summary } }', {
      after: startCursor,
    });
    expect((await fromStart.waitFor(2)).map((event) => event.summary)).toEqual(liveEvents.map((event) => event.summary));
    await live.dispose();
    await resumedClient.dispose();
  });
});

async function userId(email: string): Promise<string> {
  const [row] = (await server.workroom.dataSource.query('SELECT id FROM users WHERE email = $1', [email])) as Array<{ id: string }>;
  return row!.id;
}

async function latestCursor(): Promise<string | null> {
  const result = await server.graphql<{ viewer: { latestActivity: { nodes: Array<{ cursor: string | null }> } } }>(
    '{ viewer { latestActivity(first: 1) { nodes { cursor } } } }',
    { token: tokens.trainer },
  );
  return result.data!.viewer.latestActivity.nodes[0]?.cursor ?? Buffer.from('event:0').toString('base64url');
}
