import WebSocket from 'ws';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { groupedDeliveryStats } from '../src/api/shared-execution.js';
import { EventDelivery } from '../src/events/delivery.js';
import { toGlobalId } from '../src/graphql/global-id.js';
import { ChannelKind, type Channel } from '../src/modules/messaging/channel.entity.js';
import { Factory } from './factories.js';
import { startTestServer, type TestServer } from './helpers.js';
import { collect, eventually, wsClient, type Received } from './live-helpers.js';

/**
 * Grouped delivery: subscriptions whose payload does not depend on the viewer are served by one
 * execution and one serialization per event, the same bytes written to every socket that may see
 * it. What a subscriber receives must not change: the same frames, exactly once, in commit order,
 * and only while it may see the channel.
 */
let server: TestServer;
let channel: Channel;
const tokens = { employer: '', trainer: '', colleague: '' };
const emails = { employer: 'grouped-employer@test.example', trainer: 'grouped-trainer@test.example', colleague: 'grouped-colleague@test.example' };

const sendMessage = 'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { message { id } } }';
// Nothing in it depends on the viewer (a channel's `name` would: a DIRECT channel is named after the other party).
const messageAdded = `subscription ($channelId: ID, $after: String) {
  messageAdded(channelId: $channelId, after: $after) { cursor message { id body createdAt author { name } } channel { kind } }
}`;
type Added = { cursor: string; message: { body: string } };

beforeAll(async () => {
  server = await startTestServer({ env: { EVENTS_POLL_MS: '200', EVENTS_SWEEP_MS: '200' } });
  const factory = new Factory(server.workroom.dataSource);
  const organization = await factory.organization();
  const employer = await factory.employer(organization, { email: emails.employer, name: 'Morgan Lee' });
  const trainer = await factory.trainer({ email: emails.trainer });
  const colleague = await factory.trainer({ email: emails.colleague });
  const job = await factory.job(organization);
  await factory.contract(job, trainer);
  await factory.contract(job, colleague);
  channel = await factory.channel(organization, [employer, trainer, colleague], { jobId: job.id, kind: ChannelKind.GROUP });
  for (const name of Object.keys(tokens) as Array<keyof typeof tokens>) tokens[name] = await server.signIn(emails[name]);
});

afterAll(async () => {
  await server?.stop();
});

beforeEach(async () => {
  await eventually(() => server.workroom.services.events.stream.listenerCount === 0);
});

const channelId = () => toGlobalId('Channel', channel.id);
const send = (body: string) => server.graphql(sendMessage, { variables: { input: { channelId: channelId(), body } }, token: tokens.employer });
const position = (cursor: string) => Number(Buffer.from(cursor, 'base64url').toString('utf8').slice('event:'.length));

/** A socket speaking graphql-transport-ws by hand, keeping every `next` frame as the bytes it received. */
async function rawSocket(token: string) {
  const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  const frames: string[] = [];
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.on('message', (data) => {
      const text = (data as Buffer).toString('utf8');
      const type = (JSON.parse(text) as { type: string }).type;
      if (type === 'connection_ack') resolve();
      else if (type === 'next') frames.push(text);
    });
  });
  return {
    frames,
    subscribe: (id: string, variables: Record<string, unknown>) =>
      socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query: messageAdded, variables } })),
    close: () => new Promise<void>((resolve) => (socket.once('close', () => resolve()), socket.close(1000))),
  };
}

function setGrouped(on: boolean): void {
  (server.workroom.services.config.websocket as { groupedDelivery: boolean }).groupedDelivery = on;
}

describe('grouped delivery', () => {
  it('sends the same next frame, byte for byte, as per-subscriber delivery and a per-subscriber replay', async () => {
    const { stream } = server.workroom.services.events;
    const grouped = await rawSocket(tokens.trainer);
    const alone = await rawSocket(tokens.trainer);
    try {
      grouped.subscribe('7', { channelId: channelId() });
      await eventually(() => stream.listenerCount === 1);
      setGrouped(false);
      alone.subscribe('7', { channelId: channelId() });
      await eventually(() => stream.listenerCount === 2);
    } finally {
      setGrouped(true);
    }
    expect(groupedDeliveryStats()).toEqual({ groups: 1, members: 1 });
    await send('byte for byte "quoted" — ünïcode');
    await eventually(() => grouped.frames.length === 1 && alone.frames.length === 1);
    // Still a group after the event: it was written by the group, not handed back.
    expect(groupedDeliveryStats()).toEqual({ groups: 1, members: 1 });
    expect(grouped.frames[0]).toBe(alone.frames[0]);
    expect(JSON.parse(grouped.frames[0]!)).toMatchObject({
      id: '7',
      type: 'next',
      payload: { data: { messageAdded: { message: { body: 'byte for byte "quoted" — ünïcode' } } } },
    });

    // A subscription resuming from before that message gets it replayed, executed on its own.
    const before = Buffer.from(
      `event:${position((JSON.parse(grouped.frames[0]!) as { payload: { data: { messageAdded: Added } } }).payload.data.messageAdded.cursor) - 1}`,
    ).toString('base64url');
    const resumed = await rawSocket(tokens.trainer);
    resumed.subscribe('7', { channelId: channelId(), after: before });
    await eventually(() => resumed.frames.length === 1);
    expect(resumed.frames[0]).toBe(grouped.frames[0]);
    await Promise.all([grouped.close(), alone.close(), resumed.close()]);
  });

  it('delivers to 60 grouped subscriptions exactly once and in commit order, across a resume at the seam', async () => {
    const clients = (['employer', 'trainer', 'colleague'] as const).map((name) => wsClient(server.url, tokens[name]));
    const subscriptions: Array<Received<Added>> = [];
    for (const client of clients)
      for (let index = 0; index < 20; index += 1) subscriptions.push(collect<Added>(client, messageAdded, { channelId: channelId() }));
    await eventually(() => server.workroom.services.events.stream.listenerCount === subscriptions.length);
    expect(groupedDeliveryStats()).toEqual({ groups: 1, members: 60 });

    const bodies = Array.from({ length: 12 }, (_, index) => `ordered ${index}`);
    // One subscriber leaves after the fourth message and resumes from its last cursor while the
    // others keep coming: it must miss nothing and get nothing twice.
    const leaving = wsClient(server.url, tokens.trainer);
    const first = collect<Added>(leaving, messageAdded, { channelId: channelId() });
    await eventually(() => server.workroom.services.events.stream.listenerCount === subscriptions.length + 1);
    let second: Received<Added> | undefined;
    const sends = (async () => {
      for (const body of bodies) {
        await send(body);
        if (body === 'ordered 3') {
          const seen = await first.waitFor(4);
          first.dispose();
          second = collect<Added>(leaving, messageAdded, { channelId: channelId(), after: seen.at(-1)!.cursor });
        }
      }
    })();
    await sends;
    const everyone = await Promise.all(subscriptions.map((subscription) => subscription.waitFor(bodies.length)));
    for (const items of everyone) {
      expect(items.map((item) => item.message.body)).toEqual(bodies);
      const positions = items.map((item) => position(item.cursor));
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
    const resumedItems = await second!.waitFor(bodies.length - 4);
    await server.workroom.services.events.stream.catchUp();
    expect([...first.items.slice(0, 4), ...resumedItems].map((item) => item.message.body)).toEqual(bodies);
    expect(second!.items).toHaveLength(bodies.length - 4);
    expect(subscriptions.every((subscription) => subscription.items.length === bodies.length)).toBe(true);
    expect(subscriptions.flatMap((subscription) => subscription.errors)).toEqual([]);
    for (const client of [...clients, leaving]) void client.dispose();
    await eventually(() => groupedDeliveryStats().members === 0);
  });

  it('goes back to per-subscriber execution, in order, when the payload turns out to be personal', async () => {
    // Not known to read the viewer until its first event is executed: the group dissolves then.
    const personal = 'subscription ($channelId: ID) { messageAdded(channelId: $channelId) { message { body } channel { unreadCount } } }';
    type Personal = { message: { body: string }; channel: { unreadCount: number } };
    const employer = wsClient(server.url, tokens.employer);
    const trainer = wsClient(server.url, tokens.trainer);
    const forEmployer = collect<Personal>(employer, personal, { channelId: channelId() });
    const forTrainer = collect<Personal>(trainer, personal, { channelId: channelId() });
    await eventually(() => server.workroom.services.events.stream.listenerCount === 2);
    expect(groupedDeliveryStats().members).toBe(2);
    const bodies = ['personal 1', 'personal 2', 'personal 3'];
    await Promise.all(bodies.map((body, index) => new Promise((resolve) => setTimeout(resolve, index * 5)).then(() => send(body))));
    const [mine, theirs] = await Promise.all([forEmployer.waitFor(3), forTrainer.waitFor(3)]);
    expect(mine.map((item) => item.message.body).sort()).toEqual(bodies);
    expect(theirs.map((item) => item.message.body)).toEqual(mine.map((item) => item.message.body));
    // The employer sent them (read); the trainer has not read them: the counts differ per viewer.
    expect(theirs.at(-1)!.channel.unreadCount).toBeGreaterThan(mine.at(-1)!.channel.unreadCount);
    expect(groupedDeliveryStats().members).toBe(0);
    await Promise.all([employer.dispose(), trainer.dispose()]);
  });

  it('stops writing to a member removed from the channel at the next event, and keeps writing to the rest of its group', async () => {
    const colleague = wsClient(server.url, tokens.colleague);
    const trainer = wsClient(server.url, tokens.trainer);
    const removed = collect<Added>(colleague, messageAdded, { channelId: channelId() });
    const staying = collect<Added>(trainer, messageAdded, { channelId: channelId() });
    await eventually(() => server.workroom.services.events.stream.listenerCount === 2);
    expect(groupedDeliveryStats()).toEqual({ groups: 1, members: 2 });
    await send('before removal');
    await Promise.all([removed.waitFor(1), staying.waitFor(1)]);
    const [row] = (await server.workroom.dataSource.query('SELECT id FROM users WHERE email = $1', [emails.colleague])) as Array<{ id: string }>;
    const removal = await server.graphql('mutation ($input: RemoveChannelMemberInput!) { removeChannelMember(input: $input) { channel { id } } }', {
      variables: { input: { channelId: channelId(), userId: toGlobalId('User', row!.id) } },
      token: tokens.employer,
    });
    expect(removal.errors).toBeUndefined();
    await send('after removal');
    await staying.waitFor(2);
    await server.workroom.services.events.stream.catchUp();
    expect(staying.items.map((item) => item.message.body)).toEqual(['before removal', 'after removal']);
    expect(removed.items.map((item) => item.message.body)).toEqual(['before removal']);
    await Promise.all([colleague.dispose(), trainer.dispose()]);
  });
});

describe('grouped subscriptions served by the socket after their replay', () => {
  /** Like rawSocket, keeping every frame (not only `next`) and the close code. */
  async function protocolSocket(token: string) {
    const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    const frames: Array<{ id?: string; type: string; payload?: unknown }> = [];
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
      socket.on('message', (data) => {
        const frame = JSON.parse((data as Buffer).toString('utf8')) as { type: string };
        if (frame.type === 'connection_ack') resolve();
        else frames.push(frame);
      });
    });
    return {
      frames,
      closed,
      send: (message: Record<string, unknown>) => socket.send(JSON.stringify(message)),
      subscribe: (id: string) =>
        socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query: messageAdded, variables: { channelId: channelId() } } })),
      close: () =>
        new Promise<void>((resolve) => (socket.readyState === socket.CLOSED ? resolve() : (socket.once('close', () => resolve()), socket.close(1000)))),
    };
  }

  it('keeps the protocol: no complete while it lives, the client’s complete ends it, its id may be used again after, and only after', async () => {
    const { stream } = server.workroom.services.events;
    const client = await protocolSocket(tokens.trainer);
    client.subscribe('a');
    await eventually(() => stream.listenerCount === 1);
    await send('adopted one');
    await eventually(() => client.frames.length === 1);
    expect(client.frames[0]).toMatchObject({ id: 'a', type: 'next', payload: { data: { messageAdded: { message: { body: 'adopted one' } } } } });

    // The client ends it: nothing more arrives, and its listener is gone.
    client.send({ id: 'a', type: 'complete' });
    await eventually(() => stream.listenerCount === 0);
    expect(groupedDeliveryStats()).toEqual({ groups: 0, members: 0 });
    await send('after complete');
    await server.workroom.services.events.publisher.settle();
    await stream.catchUp();
    // The same id again: a new subscription, from now on.
    client.subscribe('a');
    await eventually(() => stream.listenerCount === 1);
    await send('adopted two');
    await eventually(() => client.frames.length === 2);
    expect(client.frames.map((frame) => frame.type)).toEqual(['next', 'next']);
    expect(client.frames[1]).toMatchObject({ id: 'a', payload: { data: { messageAdded: { message: { body: 'adopted two' } } } } });

    // A second subscribe with a live id: 4409, as graphql-ws answers it; closing the socket ends the subscription.
    client.subscribe('a');
    expect(await client.closed).toBe(4409);
    await eventually(() => stream.listenerCount === 0);
    expect(groupedDeliveryStats()).toEqual({ groups: 0, members: 0 });
    await client.close();
  });

  it('ends with an error frame, as graphql-ws would, when delivery fails after it was adopted; the socket stays open', async () => {
    const { stream } = server.workroom.services.events;
    const client = await protocolSocket(tokens.trainer);
    client.subscribe('e');
    await eventually(() => stream.listenerCount === 1);
    await send('delivered');
    await eventually(() => client.frames.length === 1);
    // The database goes away while the next event's audience is read.
    const failing = vi.spyOn(EventDelivery.prototype, 'audience').mockRejectedValueOnce(new Error('connection terminated unexpectedly'));
    try {
      await send('not delivered');
      await eventually(() => client.frames.length === 2);
    } finally {
      failing.mockRestore();
    }
    expect(client.frames[1]).toMatchObject({ id: 'e', type: 'error' });
    expect((client.frames[1]!.payload as unknown[]).length).toBe(1);
    // Its listener is gone and its id free; the socket still serves.
    await eventually(() => stream.listenerCount === 0);
    expect(groupedDeliveryStats()).toEqual({ groups: 0, members: 0 });
    client.subscribe('e');
    await eventually(() => stream.listenerCount === 1);
    await send('after the error');
    await eventually(() => client.frames.length === 3);
    expect(client.frames[2]).toMatchObject({ id: 'e', type: 'next', payload: { data: { messageAdded: { message: { body: 'after the error' } } } } });
    await client.close();
  });
});
