// Memory a process keeps, not what its garbage collector happens to hold at the moment: a full,
// memory-reducing GC through the process's inspector (started with --inspect=127.0.0.1:<port>),
// then its RSS and V8 heap. The young generation alone can hold 2 × --max-semi-space-size of
// garbage and free pages (128 MB for Workroom's 64), more than 10,000 sockets keep, so RSS read
// mid-run says more about the last scavenge than about the connections. Both sides of the fan-out
// comparison are settled the same way, by the same code.
import WebSocket from 'ws';
import { rssBytes, sleep } from './util.mjs';

/** `--inspect` for a process whose memory settledMemory() will read later. */
export const inspectArg = (port) => `--inspect=127.0.0.1:${port}`;

async function inspectorUrl(port) {
  const response = await fetch(`http://127.0.0.1:${port}/json/list`);
  const [target] = await response.json();
  if (!target?.webSocketDebuggerUrl) throw new Error(`no inspector target on port ${port}`);
  return target.webSocketDebuggerUrl;
}

/** One inspector session: send(method, params) → result. */
async function session(port) {
  const socket = new WebSocket(await inspectorUrl(port), { perMessageDeflate: false });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map();
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString('utf8'));
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error) waiter.reject(new Error(`${message.error.message} (${message.error.code})`));
    else waiter.resolve(message.result);
  });
  return {
    send: (method, params = {}) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        socket.send(JSON.stringify({ id, method, params }));
      }),
    close: () => socket.close(),
  };
}

/**
 * Collects all garbage (twice: the second pass frees what the first one's finalizers let go) and
 * reads RSS (from /proc) and V8's own accounting (process.memoryUsage()), again until RSS holds
 * still: V8 hands freed pages back to the system over a few hundred milliseconds after a GC.
 * Bytes; rss null where the process could not be read.
 */
export async function settledMemory({ pid, inspectPort }) {
  const inspector = await session(inspectPort);
  try {
    let rss = null;
    let usage;
    for (let round = 0; round < 6; round += 1) {
      await inspector.send('HeapProfiler.collectGarbage');
      await inspector.send('HeapProfiler.collectGarbage');
      await sleep(300);
      const { result } = await inspector.send('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true });
      usage = JSON.parse(result.value);
      const previous = rss;
      rss = rssBytes(pid);
      if (rss === null || (previous !== null && Math.abs(rss - previous) < 256 * 1024)) break;
    }
    return { rss, heapUsed: usage.heapUsed, heapTotal: usage.heapTotal, external: usage.external };
  } finally {
    inspector.close();
  }
}
