// What one subscribed socket keeps on Workroom's heap, by constructor: two heap snapshots of one
// server (the bench's world, the Redis bus), before and after N subscribers of the fan-out bench's
// `messageAdded` connected and received one message, the difference divided by N.
//
//   node bench/heap-per-socket.mjs [--subscribers=3000] [--top=40] [--floor]
//
// --floor measures the fan-out floor (bench/lib/fanout-floor-server.mjs: ws + ioredis) the same
// way, so the two heaps per socket can be set side by side.
//
// Needs `npm run build` and `npm ci --prefix bench`. A snapshot runs a full GC first, so what is
// left is what the sockets keep, not garbage; RSS per connection (run.mjs's fan-out phase) also
// counts memory outside the JS heap. Snapshots go to a temporary directory, removed at the end.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { poster } from './lib/fanout-post.mjs';
import { loadShape, seedLoad } from './lib/seed-load.mjs';
import {
  forkWorker,
  freePort,
  graphqlData,
  option,
  postgresAdminQuery,
  productionNodeArgs,
  sleep,
  startFanoutFloor,
  startProcess,
  stopProcess,
  workroomEnv,
} from './lib/util.mjs';

const subscribers = Number(option('subscribers', 3000));
const top = Number(option('top', 40));
const floor = process.argv.includes('--floor');
const postgresAdmin = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const snapshots = mkdtempSync(join(os.tmpdir(), 'workroom-heap-'));
const databaseName = `workroom_heap_${randomBytes(4).toString('hex')}`;
const databaseUrl = Object.assign(new URL(postgresAdmin), { pathname: `/${databaseName}` }).toString();

/** Asks the server for a heap snapshot (--heapsnapshot-signal) and waits until it is written. */
async function snapshot(pid) {
  const before = new Set(readdirSync(snapshots));
  process.kill(pid, 'SIGUSR2');
  for (;;) {
    await sleep(500);
    const file = readdirSync(snapshots).find((name) => !before.has(name) && name.endsWith('.heapsnapshot'));
    if (!file) continue;
    // The file appears before the GC that precedes the writing: it is complete when it has
    // stopped growing and ends the JSON document.
    const path = join(snapshots, file);
    let size = -1;
    for (;;) {
      const now = statSync(path).size;
      if (now > 0 && now === size && readFileSync(path).subarray(-1).toString() === '}') return path;
      size = now;
      await sleep(1000);
    }
  }
}

/** Self size and count per kind of node: objects and closures by constructor or function name. */
function byKind(file) {
  const { snapshot: meta, nodes, strings } = JSON.parse(readFileSync(file, 'utf8'));
  const fields = meta.meta.node_fields;
  const types = meta.meta.node_types[0];
  const [width, type, name, size] = [fields.length, fields.indexOf('type'), fields.indexOf('name'), fields.indexOf('self_size')];
  const kinds = new Map();
  for (let index = 0; index < nodes.length; index += width) {
    const kind = types[nodes[index + type]];
    const label = kind.endsWith('string') ? 'string' : kind === 'code' ? 'code' : `${kind}: ${strings[nodes[index + name]].slice(0, 40)}`;
    const entry = kinds.get(label) ?? { count: 0, bytes: 0 };
    entry.count += 1;
    entry.bytes += nodes[index + size];
    kinds.set(label, entry);
  }
  return kinds;
}

let server;
let client;
let redis;
await postgresAdminQuery(`CREATE DATABASE "${databaseName}"`);
try {
  const port = await freePort();
  let wsUrl;
  let post;
  let token = 'none';
  let channelGlobalId = 'floor';
  if (floor) {
    const floorChannel = `workroom-heap-floor:${randomBytes(4).toString('hex')}`;
    server = startFanoutFloor({
      name: 'floor-heap',
      port,
      redisUrl,
      channel: floorChannel,
      nodeArgs: ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${snapshots}`],
      logFile: join(snapshots, 'floor.log'),
    });
    [, wsUrl] = await server.ready;
    redis = new Redis(redisUrl);
    post = poster({ isWorkroom: false, redis, floorChannel });
  } else {
    server = startProcess({
      name: 'workroom-heap',
      args: [...productionNodeArgs(), '--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${snapshots}`, 'server/dist/main.js'],
      env: workroomEnv(
        { jwtSecret: randomBytes(32).toString('base64'), payoutMethodsKey: randomBytes(32).toString('base64') },
        { PORT: String(port), SEED_DEMO: 'always', DATABASE_URL: databaseUrl, REDIS_URL: redisUrl },
      ),
      logFile: join(snapshots, 'server.log'),
      ready: /Workroom is running at (http:\/\/\S+)/,
      timeoutMs: 90_000,
    });
    const [, url] = await server.ready;
    const graphqlUrl = `${url}/graphql`;
    wsUrl = `${url.replace(/^http/, 'ws')}/graphql`;
    const seeded = await seedLoad(databaseUrl, loadShape);
    const signIn = async (email) =>
      (await graphqlData(graphqlUrl, `mutation($e: String!) { signIn(input: { email: $e, password: "workroom" }) { token } }`, { variables: { e: email } }))
        .signIn.token;
    channelGlobalId = Buffer.from(`Channel:${seeded.sampleChannelId}`).toString('base64url');
    post = poster({ isWorkroom: true, server: { graphqlUrl }, channelGlobalId, employerToken: await signIn('employer@example.com') });
    token = await signIn('trainer@example.com');
  }
  // Everything a first delivery compiles and caches is made before the first snapshot.
  await post(0);
  await sleep(2000);
  const before = byKind(await snapshot(server.pid));
  client = forkWorker('lib/fanout-client.mjs', 'fanout-client');
  const connected = (
    await client.call('connect', {
      urls: [wsUrl],
      token,
      channelId: channelGlobalId,
      n: subscribers,
      concurrency: 100,
    })
  ).connected;
  await post(1);
  await sleep(4000);
  const { perSeq } = await client.call('stats');
  const after = byKind(await snapshot(server.pid));
  const rows = [...after].map(([label, { count, bytes }]) => {
    const was = before.get(label) ?? { count: 0, bytes: 0 };
    return { label, count: (count - was.count) / connected, bytes: (bytes - was.bytes) / connected };
  });
  rows.sort((a, b) => b.bytes - a.bytes);
  const total = rows.reduce((sum, row) => sum + row.bytes, 0);
  console.log(
    `${floor ? 'floor (ws + ioredis)' : 'Workroom'}: ${connected} subscribers connected, ${perSeq?.[1] ?? 0} received the message; heap per subscribed socket: ${total.toFixed(0)} bytes`,
  );
  console.log('bytes/socket  count/socket  kind');
  for (const row of rows.slice(0, top)) console.log(`${row.bytes.toFixed(1).padStart(12)}  ${row.count.toFixed(2).padStart(12)}  ${row.label}`);
} finally {
  if (client) {
    await client.call('close').catch(() => undefined);
    client.child.kill();
  }
  redis?.disconnect();
  if (server) await stopProcess(server);
  await postgresAdminQuery(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
  rmSync(snapshots, { recursive: true, force: true });
}
