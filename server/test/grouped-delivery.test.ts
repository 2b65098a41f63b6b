import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
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

/**
 * A socket speaking WebSocket and graphql-transport-ws by hand over TCP, keeping every frame the
 * server sent as the bytes that came over the wire (header and payload), in order: what `ws` does
 * on the server's side is checked on the wire, not through a client that would hide it.
 */
async function wireSocket(token: string) {
  const { hostname, port } = new URL(server.url);
  const tcp = connect(Number(port), hostname);
  const frames: Buffer[] = [];
  let pending = Buffer.alloc(0);
  let upgraded = false;
  let acknowledged: () => void = () => {};
  const ack = new Promise<void>((resolve) => (acknowledged = resolve));
  const ended = new Promise<void>((resolve) => tcp.once('close', () => resolve()));
  // A client's frames are masked (RFC 6455 §5.3); these are all under 64 KB.
  const write = (opcode: number, payload: Buffer) => {
    const mask = randomBytes(4);
    const length = payload.length < 126 ? Buffer.from([payload.length | 0x80]) : Buffer.from([126 | 0x80, payload.length >> 8, payload.length & 0xff]);
    tcp.write(Buffer.concat([Buffer.from([0x80 | opcode]), length, mask, payload.map((byte, index) => byte ^ mask[index % 4]!)]));
  };
  const send = (message: Record<string, unknown>) => write(1, Buffer.from(JSON.stringify(message)));
  tcp.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    if (!upgraded) {
      const end = pending.indexOf('\r\n\r\n');
      if (end < 0) return;
      expect(pending.subarray(0, end).toString('latin1')).toMatch(/^HTTP\/1\.1 101 /);
      pending = pending.subarray(end + 4);
      upgraded = true;
    }
    for (;;) {
      if (pending.length < 2) return;
      const short = pending[1]! & 0x7f;
      const headerBytes = short < 126 ? 2 : short === 126 ? 4 : 10;
      if (pending.length < headerBytes) return;
      const length = short < 126 ? short : short === 126 ? pending.readUInt16BE(2) : Number(pending.readBigUInt64BE(2));
      if (pending.length < headerBytes + length) return;
      const frame = Buffer.from(pending.subarray(0, headerBytes + length));
      pending = pending.subarray(headerBytes + length);
      const opcode = frame[0]! & 0x0f;
      if (opcode === 9)
        write(10, frame.subarray(headerBytes)); // keep-alive: pong
      else if (opcode === 1 && messageOf(frame).type === 'connection_ack') acknowledged();
      else frames.push(frame);
    }
  });
  await new Promise<void>((resolve, reject) => (tcp.once('error', reject), tcp.once('connect', () => resolve())));
  tcp.write(
    `GET /graphql HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n`,
  );
  send({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });
  await ack;
  return {
    /** Every frame after `connection_ack`, pongs answered and left out. */
    frames,
    /** The `next` frames of an operation id, as they came over the wire. */
    next: (id: string) => frames.filter((frame) => (frame[0]! & 0x0f) === 1 && messageOf(frame).type === 'next' && messageOf(frame).id === id),
    subscribe: (id: string) => send({ id, type: 'subscribe', payload: { query: messageAdded, variables: { channelId: channelId() } } }),
    /** The server's side of this connection (ws keeps it as `_socket`, not in its types). */
    serverSide: () => {
      for (const client of server.workroom.websocketClients) {
        const connection = (client as { _socket: Socket })._socket;
        if (connection.remotePort === tcp.localPort) return { socket: client as WebSocket, connection };
      }
      throw new Error('no such socket on the server');
    },
    /** Sends a close frame (1000) and waits until the server has closed the connection. */
    close: async () => {
      if (!tcp.destroyed) write(8, Buffer.from([0x03, 0xe8]));
      await ended;
    },
    destroy: () => tcp.destroy(),
  };
}

type WireMessage = { id?: string; type: string; payload?: { data?: { messageAdded?: Added } } };

/** A text frame's message. */
function messageOf(frame: Buffer): WireMessage {
  const short = frame[1]! & 0x7f;
  return JSON.parse(frame.subarray(short < 126 ? 2 : short === 126 ? 4 : 10).toString('utf8')) as WireMessage;
}

const bodyOf = (frame: Buffer) => messageOf(frame).payload?.data?.messageAdded?.message.body;

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

describe('grouped next frames on the wire', () => {
  it('are the bytes ws.send writes for a per-subscriber subscription, header and all, for every operation id', async () => {
    const { stream } = server.workroom.services.events;
    const ids = ['1', 'operation "ü" 2'];
    // (The colleague was removed from the channel above.)
    const grouped = await Promise.all([wireSocket(tokens.trainer), wireSocket(tokens.employer)]);
    // Two subscriptions of the group on one socket, ids of their own.
    const both = await wireSocket(tokens.trainer);
    const alone = await Promise.all([wireSocket(tokens.trainer), wireSocket(tokens.employer)]);
    try {
      grouped.forEach((socket, index) => socket.subscribe(ids[index]!));
      both.subscribe('a');
      both.subscribe('b');
      await eventually(() => stream.listenerCount === 4);
      setGrouped(false);
      alone.forEach((socket, index) => socket.subscribe(ids[index]!));
      await eventually(() => stream.listenerCount === 6);
    } finally {
      setGrouped(true);
    }
    expect(groupedDeliveryStats()).toEqual({ groups: 1, members: 4 });
    await send(`on the wire "quoted" — ünïcode ${'long '.repeat(30)}`);
    await eventually(() => [...grouped, ...alone].every((socket, index) => socket.next(ids[index % 2]!).length === 1) && both.frames.length === 2);
    expect(groupedDeliveryStats()).toEqual({ groups: 1, members: 4 });
    for (const [index, id] of ids.entries()) {
      const [frame] = grouped[index]!.next(id);
      expect(frame![0]).toBe(0x81); // FIN, text: one whole frame
      expect(frame!.equals(alone[index]!.next(id)[0]!)).toBe(true);
    }
    const [expected] = grouped[0]!.next('1');
    for (const id of ['a', 'b']) {
      expect(both.next(id)).toHaveLength(1);
      expect(messageOf(both.next(id)[0]!)).toEqual({ ...messageOf(expected!), id });
    }
    await Promise.all([...grouped, ...alone, both].map((socket) => socket.close()));
    await eventually(() => groupedDeliveryStats().members === 0);
  });

  it('wait, whole and in order, behind what a socket cannot write yet, counted in its bufferedAmount as ws counts its own', async () => {
    const { stream } = server.workroom.services.events;
    const slow = await wireSocket(tokens.trainer);
    const fast = await wireSocket(tokens.employer);
    try {
      slow.subscribe('1');
      fast.subscribe('1');
      await eventually(() => stream.listenerCount === 2);
      // One per subscriber on the same socket: its frames go through ws.send, between the group's.
      setGrouped(false);
      slow.subscribe('2');
      await eventually(() => stream.listenerCount === 3);
    } finally {
      setGrouped(true);
    }
    expect(groupedDeliveryStats()).toEqual({ groups: 1, members: 2 });
    const { socket, connection } = slow.serverSide();
    // The connection accepts nothing for now: everything written waits in its buffer, as for a reader that stopped reading.
    connection.cork();
    const bodies = ['slow 1', 'slow 2', 'slow 3'];
    for (const body of bodies) await send(body);
    await eventually(() => fast.next('1').length === 3);
    const bytes = fast.next('1').reduce((sum, frame) => sum + frame.length, 0);
    // Ids "1" and "2" are as long: a per-subscriber frame is as many bytes as the group's.
    // The group's three frames, and the first per-subscriber one: graphql-ws waits until each of
    // its frames is written before it sends the next (the group does not wait, as before).
    await eventually(() => socket.bufferedAmount === bytes + bytes / 3);
    expect(slow.frames).toEqual([]);
    connection.uncork();
    await eventually(() => slow.frames.length === 6);
    expect(slow.next('1').map(bodyOf)).toEqual(bodies);
    expect(slow.next('2').map(bodyOf)).toEqual(bodies);
    slow.next('1').forEach((frame, index) => expect(frame.equals(fast.next('1')[index]!)).toBe(true));
    slow.next('2').forEach((frame, index) => expect(messageOf(frame)).toEqual({ ...messageOf(fast.next('1')[index]!), id: '2' }));
    await Promise.all([slow.close(), fast.close()]);
    await eventually(() => groupedDeliveryStats().members === 0);
  });

  it('stop at a socket that is closing or gone, and go on to the rest of the group', async () => {
    const { stream } = server.workroom.services.events;
    const closing = await wireSocket(tokens.trainer);
    const gone = await wireSocket(tokens.employer);
    const staying = await wireSocket(tokens.trainer);
    for (const socket of [closing, gone, staying]) socket.subscribe('1');
    await eventually(() => stream.listenerCount === 3);
    expect(groupedDeliveryStats()).toEqual({ groups: 1, members: 3 });
    await send('before closing');
    await eventually(() => [closing, gone, staying].every((socket) => socket.next('1').length === 1));
    // The close handshake and the TCP connection's end race the next event's writes.
    gone.destroy();
    await Promise.all([closing.close(), send('while closing')]);
    await send('after closing');
    await eventually(() => staying.next('1').length === 3);
    expect(staying.next('1').map(bodyOf)).toEqual(['before closing', 'while closing', 'after closing']);
    // Nothing after the server's close frame, and that frame whole: 1000, as the client asked.
    const last = closing.frames.at(-1)!;
    expect(last[0]).toBe(0x88);
    expect(last.readUInt16BE(2)).toBe(1000);
    expect(closing.frames.slice(0, -1).map(bodyOf)).toEqual(['before closing', 'while closing'].slice(0, closing.frames.length - 1));
    await eventually(() => groupedDeliveryStats().members === 1);
    await staying.close();
    await eventually(() => groupedDeliveryStats().members === 0);
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
