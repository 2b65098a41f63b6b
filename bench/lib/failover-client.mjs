// The subscriber side of the fail-over benchmark (bench/lib/failover.mjs), in its own process
// (forked on Node 22, IPC with `serialization: 'advanced'`), as a fleet of dashboards would be:
// every subscriber remembers the last `cursor` it received and, when its socket closes, at once
// subscribes again on the survivor with `after: <cursor>`.
//
// Commands (process.send → reply with the same `id`):
//   { cmd: 'connect', urls, token, channelId, n, concurrency }
//       opens n sockets, alternating between the urls, each subscribed to messageAdded(channelId).
//   { cmd: 'failTo', url }   from now on a closed socket resubscribes through `url`
//   { cmd: 'disconnect' }    closes every socket; subscribers keep their cursors
//   { cmd: 'resume', url, concurrency }  every subscriber subscribes again through `url`, after its cursor
//   { cmd: 'stats' }         → counts (delivered, duplicates, out of order, errors, failed over…)
//   { cmd: 'collect' }       → stats plus, per failed-over subscriber, when it closed, when it
//                              resubscribed and when each message arrived; and receipts per 100 ms
//   { cmd: 'close' }         closes every socket and forgets everything
// A message counts when its body is "bench <seq> …". Order is checked on the cursor (the event's
// position: commit order), duplicates on the seq.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const now = () => performance.timeOrigin + performance.now();
const subscription = `subscription Failover($channelId: ID!, $after: String) {
  messageAdded(channelId: $channelId, after: $after) { cursor message { id body createdAt author { name } } }
}`;

/** @type {Array<{ index: number, url: string, cursor?: string, position: number, seen: Set<number>, client?: any, closedAt?: number, resubscribedAt?: number, receipts?: Map<number, number>, failedOver: boolean }>} */
let subscribers = [];
let failoverUrl;
let shuttingDown = false;
const counters = () => ({ delivered: 0, duplicates: 0, outOfOrder: 0, closedUnexpectedly: 0, resubscribed: 0, subscriptionErrors: 0, errorSamples: {} });
let totals = counters();
/** Deliveries per 100 ms bucket (epoch ms / 100): the receive rate over time. */
let buckets = new Map();
/** seq → receive times at subscribers that never failed over (the survivor's own live delivery). */
let liveReceipts = new Map();

const positionOf = (cursor) => Number(Buffer.from(cursor, 'base64url').toString('utf8').slice('event:'.length));

function noteError(error) {
  const list = Array.isArray(error) ? error : [error];
  for (const item of list) {
    const key = String(item?.extensions?.code ?? item?.message ?? item?.reason ?? item?.code ?? item).slice(0, 160);
    totals.errorSamples[key] = (totals.errorSamples[key] ?? 0) + 1;
  }
}

function receive(subscriber, added) {
  const body = added?.message?.body;
  if (typeof body !== 'string' || !body.startsWith('bench ')) return;
  const at = now();
  const seq = Number(body.split(' ')[1]);
  const position = positionOf(added.cursor);
  if (subscriber.seen.has(seq)) {
    totals.duplicates += 1;
    return;
  }
  if (position <= subscriber.position) totals.outOfOrder += 1;
  subscriber.seen.add(seq);
  subscriber.position = Math.max(subscriber.position, position);
  subscriber.cursor = added.cursor;
  totals.delivered += 1;
  const bucket = Math.floor(at / 100);
  buckets.set(bucket, (buckets.get(bucket) ?? 0) + 1);
  if (subscriber.receipts) subscriber.receipts.set(seq, at);
  else {
    let list = liveReceipts.get(seq);
    if (!list) liveReceipts.set(seq, (list = []));
    list.push(at);
  }
}

/** Opens a socket for the subscriber through `url` (after its cursor, if it has one); resolves once acknowledged. */
function open(subscriber, url) {
  subscriber.url = url;
  return new Promise((resolve, reject) => {
    let settled = false;
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${subscriber.token}` },
      lazy: true,
      retryAttempts: 0,
      keepAlive: 0,
      on: {
        connected: () => {
          if (!settled) {
            settled = true;
            resolve();
          }
        },
        closed: (event) => {
          if (!settled) {
            settled = true;
            reject(new Error(`closed before ack: ${event?.code ?? ''} ${event?.reason ?? ''}`));
            return;
          }
          if (shuttingDown || subscriber.client !== client) return;
          totals.closedUnexpectedly += 1;
          if (event?.code === 1013 || event?.code === 4503) noteError({ message: `closed ${event.code}: ${event.reason}` });
          if (failoverUrl) failOver(subscriber);
        },
        error: (error) => {
          if (!settled) {
            settled = true;
            reject(error instanceof Error ? error : new Error(String(error?.message ?? error?.type ?? 'socket error')));
          }
        },
      },
    });
    subscriber.client = client;
    client.subscribe(
      { query: subscription, variables: { channelId: subscriber.channelId, ...(subscriber.cursor ? { after: subscriber.cursor } : {}) } },
      {
        next: (result) => {
          if (result?.errors) {
            totals.subscriptionErrors += 1;
            noteError(result.errors);
          }
          receive(subscriber, result?.data?.messageAdded);
        },
        error: (error) => {
          // A socket that closes under a subscription reports it here too; counted above.
          if (!(error && typeof error === 'object' && 'code' in error && 'reason' in error)) {
            totals.subscriptionErrors += 1;
            noteError(error);
          }
        },
        complete: () => undefined,
      },
    );
  });
}

/** The dashboard's reaction to a dropped socket: subscribe again on the survivor, after the last cursor. */
function failOver(subscriber) {
  if (subscriber.closedAt === undefined) {
    subscriber.failedOver = true;
    subscriber.closedAt = now();
    subscriber.receipts = new Map();
  }
  subscriber.resubscribedAt = now();
  totals.resubscribed += 1;
  open(subscriber, failoverUrl).catch((error) => {
    noteError(error);
    // The survivor refused (busy, or not ready): try again shortly, as a client with backoff would.
    setTimeout(() => failOver(subscriber), 250 + Math.random() * 250);
  });
}

async function connect({ urls, token, channelId, n, concurrency = 100 }) {
  shuttingDown = false;
  const started = now();
  let next = 0;
  let failed = 0;
  const errors = {};
  async function worker() {
    while (next < n) {
      const index = next++;
      const subscriber = { index, token, channelId, url: urls[index % urls.length], position: 0, seen: new Set(), failedOver: false };
      subscribers.push(subscriber);
      try {
        await open(subscriber, subscriber.url);
      } catch (error) {
        failed += 1;
        const key = String(error?.message ?? error).slice(0, 120);
        errors[key] = (errors[key] ?? 0) + 1;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  return { connected: n - failed, failed, ms: now() - started, errors };
}

async function disconnect() {
  shuttingDown = true;
  const all = subscribers.map((subscriber) => subscriber.client).filter(Boolean);
  for (const subscriber of subscribers) subscriber.client = undefined;
  await Promise.all(all.map((client) => client.dispose()));
  await new Promise((resolve) => setTimeout(resolve, 100));
  shuttingDown = false;
  return { closed: all.length };
}

async function resume({ url, concurrency = 100 }) {
  const started = now();
  let next = 0;
  let failed = 0;
  async function worker() {
    while (next < subscribers.length) {
      const subscriber = subscribers[next++];
      await open(subscriber, url).catch(() => (failed += 1));
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, subscribers.length) }, worker));
  return { resumed: subscribers.length - failed, failed, ms: now() - started };
}

function stats() {
  return {
    ...totals,
    errorSamples: { ...totals.errorSamples },
    subscribers: subscribers.length,
    failedOver: subscribers.filter((subscriber) => subscriber.failedOver).length,
    /** Subscribers whose latest socket is on the failover url. */
    onFailoverUrl: failoverUrl ? subscribers.filter((subscriber) => subscriber.url === failoverUrl).length : 0,
  };
}

process.on('message', async (message) => {
  const { id, cmd } = message;
  try {
    let result;
    if (cmd === 'connect') result = await connect(message);
    else if (cmd === 'failTo') {
      failoverUrl = message.url;
      result = { ok: true };
    } else if (cmd === 'disconnect') result = await disconnect();
    else if (cmd === 'resume') result = await resume(message);
    else if (cmd === 'stats') result = stats();
    else if (cmd === 'collect') {
      result = {
        ...stats(),
        failedOverSubscribers: subscribers
          .filter((subscriber) => subscriber.failedOver)
          .map((subscriber) => ({ closedAt: subscriber.closedAt, resubscribedAt: subscriber.resubscribedAt, receipts: subscriber.receipts })),
        perSubscriberDelivered: Int32Array.from(subscribers, (subscriber) => subscriber.seen.size),
        buckets: [...buckets],
        liveReceipts: Object.fromEntries([...liveReceipts].map(([seq, list]) => [seq, Float64Array.from(list)])),
      };
    } else if (cmd === 'close' || cmd === 'exit') {
      failoverUrl = undefined;
      await disconnect();
      subscribers = [];
      totals = counters();
      buckets = new Map();
      liveReceipts = new Map();
      if (cmd === 'exit') {
        process.send({ id, result: { ok: true } }, () => process.exit(0));
        return;
      }
      result = { ok: true };
    } else throw new Error(`unknown command ${cmd}`);
    process.send({ id, result });
  } catch (error) {
    process.send({ id, error: String(error?.stack ?? error) });
  }
});
process.on('disconnect', () => process.exit(0));
