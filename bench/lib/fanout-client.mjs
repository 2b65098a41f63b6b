// The subscriber side of the fan-out benchmark, in its own process (forked by run.mjs on Node 22,
// IPC with `serialization: 'advanced'`), so it never shares the server's event loop.
//
// Both Workroom and the floor are measured with the same minimal client: a raw
// graphql-transport-ws client over `ws` (per-message deflate off): `connection_init` with the
// token, wait for `connection_ack`, `subscribe` with id "1", then one `JSON.parse` per frame. No
// client library on either side, so neither pays for a heavier client on the shared cores.
//
// Commands (process.send → reply with the same `id`):
//   { cmd: 'connect', urls, token, channelId, n, concurrency }
//       opens n sockets, alternating between the urls; replies { connected, failed, notAttempted, ms, errors }.
//   { cmd: 'stats' }    → { delivered, duplicates, perSeq: { seq: count }, closedUnexpectedly, ... }
//   { cmd: 'collect' }  → { receipts: { seq: Float64Array of receive times (ms, epoch) }, ... }
//   { cmd: 'reset' }    → forget receipts (keep sockets)
//   { cmd: 'close' }    → close every socket; replies when they are closed
// A message counts when its body is "bench <seq> <sentAtMs>"; the receive time is taken in the
// socket's message handler (performance.timeOrigin + performance.now(), the same clock as run.mjs).
import WebSocket from 'ws';

const now = () => performance.timeOrigin + performance.now();
const subscription = `subscription Bench($channelId: ID!) { messageAdded(channelId: $channelId) { cursor message { id body createdAt author { name } } } }`;

let sockets = []; // { close(): Promise<void> }
let receipts = new Map(); // seq → number[]
let seen = []; // per subscriber: Set of seqs (duplicates)
let duplicates = 0;
let closedUnexpectedly = 0;
let subscriptionErrors = 0;
let subscriptionsCompleted = 0;
const errorSamples = {};
let shuttingDown = false;

function record(index, body) {
  if (typeof body !== 'string' || !body.startsWith('bench ')) return;
  const at = now();
  const seq = Number(body.split(' ')[1]);
  const mine = seen[index] ?? (seen[index] = new Set());
  if (mine.has(seq)) {
    duplicates += 1;
    return;
  }
  mine.add(seq);
  let list = receipts.get(seq);
  if (!list) receipts.set(seq, (list = []));
  list.push(at);
}

/** One subscriber: a socket speaking graphql-transport-ws by hand, with one subscription (id "1"). */
function open(index, { url, token, channelId }) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws', { perMessageDeflate: false });
    let acked = false;
    let settled = false;
    const fail = (error) => {
      if (settled) return;
      settled = true;
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.on('message', (data) => {
      let message;
      try {
        message = JSON.parse(data.toString('utf8'));
      } catch {
        return;
      }
      switch (message.type) {
        case 'next':
          if (message.payload?.errors) noteError(message.payload.errors);
          record(index, message.payload?.data?.messageAdded?.message?.body);
          return;
        case 'connection_ack':
          acked = true;
          socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: subscription, variables: { channelId } } }));
          settled = true;
          resolve({
            close: () =>
              new Promise((done) => {
                if (socket.readyState === WebSocket.CLOSED) return done();
                socket.once('close', () => done());
                socket.close(1000);
                setTimeout(done, 2_000).unref();
              }),
          });
          return;
        case 'ping':
          socket.send('{"type":"pong"}');
          return;
        case 'error':
          subscriptionErrors += 1;
          noteError(message.payload);
          return;
        case 'complete':
          if (!shuttingDown) subscriptionsCompleted += 1;
          return;
        default:
      }
    });
    socket.on('close', (code, reason) => {
      if (!acked) fail(new Error(`closed before ack: ${code} ${String(reason)}`));
      else if (!shuttingDown) closedUnexpectedly += 1;
    });
    socket.on('error', (error) => fail(error));
  });
}

/** Keeps a count per distinct error message (the server's GraphQL errors, or close events). */
function noteError(error) {
  const list = Array.isArray(error) ? error : [error];
  for (const item of list) {
    const key = String(item?.message ?? item?.reason ?? item?.code ?? item).slice(0, 160);
    errorSamples[key] = (errorSamples[key] ?? 0) + 1;
  }
}

async function connect({ urls, token, channelId, n, concurrency = 100, timeoutMs = 120_000 }) {
  shuttingDown = false;
  const started = now();
  let next = 0;
  let failed = 0;
  const errors = {};
  const deadline = started + timeoutMs;
  async function worker() {
    while (next < n && now() < deadline) {
      const index = next++;
      try {
        // Several servers (two instances): subscribers alternate between them.
        sockets.push(await open(index, { url: urls[index % urls.length], token, channelId }));
      } catch (error) {
        failed += 1;
        const key = String(error?.message ?? error).slice(0, 120);
        errors[key] = (errors[key] ?? 0) + 1;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  return { connected: sockets.length, failed, notAttempted: n - next, ms: now() - started, errors };
}

function stats() {
  let delivered = 0;
  const perSeq = {};
  for (const [seq, list] of receipts) {
    perSeq[seq] = list.length;
    delivered += list.length;
  }
  return {
    delivered,
    duplicates,
    perSeq,
    closedUnexpectedly,
    subscriptionErrors,
    subscriptionsCompleted,
    errorSamples: { ...errorSamples },
    sockets: sockets.length,
  };
}

async function close() {
  shuttingDown = true;
  const all = sockets;
  sockets = [];
  for (let index = 0; index < all.length; index += 500) {
    await Promise.all(all.slice(index, index + 500).map((socket) => socket.close().catch(() => undefined)));
  }
  receipts = new Map();
  seen = [];
  duplicates = 0;
  closedUnexpectedly = 0;
  subscriptionErrors = 0;
  subscriptionsCompleted = 0;
  for (const key of Object.keys(errorSamples)) delete errorSamples[key];
  return { closed: all.length };
}

process.on('message', async (message) => {
  const { id, cmd } = message;
  try {
    let result;
    if (cmd === 'connect') result = await connect(message);
    else if (cmd === 'stats') result = stats();
    else if (cmd === 'collect') {
      result = { ...stats(), receipts: Object.fromEntries([...receipts].map(([seq, list]) => [seq, Float64Array.from(list)])) };
    } else if (cmd === 'reset') {
      receipts = new Map();
      seen = [];
      duplicates = 0;
      result = { ok: true };
    } else if (cmd === 'close') result = await close();
    else if (cmd === 'exit') {
      await close();
      process.send({ id, result: { ok: true } }, () => process.exit(0));
      return;
    } else throw new Error(`unknown command ${cmd}`);
    process.send({ id, result });
  } catch (error) {
    process.send({ id, error: String(error?.stack ?? error) });
  }
});
process.on('disconnect', () => process.exit(0));
