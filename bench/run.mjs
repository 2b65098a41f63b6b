#!/usr/bin/env node
// Workroom benchmarks: query throughput against PostGraphile 5 and a raw-SQL floor, SQL
// statements per request, subscription fan-out against a raw Redis + ws floor, and start-up.
// See bench/README.md. Usage (from the repository root):
//   npm run bench                       the full run (about 17–19 minutes on 2 cores)
//   npm run bench -w bench -- --quick   a short smoke run (small N, 3-second phases); options go after -w bench --
//   npm run bench -- --only=queries,statements   some phases only (startup, queries, statements, profile, fanout, fanout-sweep, failover, webhooks)
// Options: --duration=10 --warmup=3 --connections=16 --fanout=1000,5000,10000 --messages=20
//          --interval=250 --fanout-wait=30 (seconds to wait for deliveries after the last commit) --no-profile --profile-workload=contract (default dashboard) --no-settle (no settled memory in the fan-out runs) --build (run `npm run build` first) --no-save
//          --keep (keep the server logs and .cpuprofile files in the temp directory)
//          --fanout-per-subscriber (also measure Workroom with WS_GROUPED_DELIVERY=false: every subscription on its own)
//          --rounds=2 (query rounds, target order alternating; the best round of each target is reported)
//          --server-node-args="--max-semi-space-size=64" (extra Node flags for every Workroom process)
//          --wait-quiet=300 (first wait up to that many seconds for other processes to leave the CPUs alone)
//          --sweep-subscribers=5000 --sweep-rates=1,2,4,6,8,10,12,14,16 --sweep-seconds=4 (phase fanout-sweep: the
//          fan-out rate sweep, rising messages per second until send→receipt p99 stops being flat; lib/fanout-sweep.mjs)
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { chmod, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join } from 'node:path';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import pg from 'pg';
import { failoverPhase, failoverReport } from './lib/failover.mjs';
import { poster } from './lib/fanout-post.mjs';
import { sweepReport, sweepTarget } from './lib/fanout-sweep.mjs';
import { startCountingProxy } from './lib/pg-count-proxy.mjs';
import { summarizeProfile } from './lib/profile.mjs';
import { inspectArg, settledMemory } from './lib/settle.mjs';
import { backendCpuSeconds, backendCpuSnapshot } from './lib/pg-backend-cpu.mjs';
import * as queries from './lib/queries.mjs';
import { benchTargets, workloads, writeBenchManifest } from './lib/workloads.mjs';
import { loadShape, seedLoad } from './lib/seed-load.mjs';
import {
  benchDir,
  children,
  cpuBetween,
  cpuSeconds,
  cpuSnapshot,
  forkWorker,
  freePort,
  graphql,
  graphqlData,
  mb,
  node22,
  now,
  option,
  repoRoot,
  round,
  rssBytes,
  sleep,
  productionNodeArgs,
  startFanoutFloor,
  startProcess,
  stopProcess,
  summarize,
  table,
  workroomEnv,
} from './lib/util.mjs';

// ── Options ───────────────────────────────────────────────────────────────────────────────
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const quick = flag('quick');
const opts = {
  quick,
  duration: Number(option('duration', quick ? 3 : 10)),
  warmup: Number(option('warmup', quick ? 1 : 3)),
  connections: Number(option('connections', 16)),
  fanout: option('fanout', quick ? '200,500' : '1000,5000,10000')
    .split(',')
    .map(Number),
  messages: Number(option('messages', quick ? 5 : 20)),
  intervalMs: Number(option('interval', 250)),
  fanoutWaitSeconds: Number(option('fanout-wait', quick ? 20 : 30)),
  fanoutPerSubscriber: flag('fanout-per-subscriber'),
  sweepSubscribers: Number(option('sweep-subscribers', quick ? 200 : 5000)),
  sweepRates: option('sweep-rates', quick ? '2,8,32' : '1,2,4,6,8,10,12,14,16')
    .split(',')
    .map(Number),
  sweepSeconds: Number(option('sweep-seconds', quick ? 2 : 4)),
  countRequests: Number(option('count-requests', 20)),
  rounds: Number(option('rounds', quick ? 1 : 2)),
  waitQuietSeconds: Number(option('wait-quiet', 0)),
  serverNodeArgs: option('server-node-args', '').split(' ').filter(Boolean),
  profile: !flag('no-profile'),
  // Settled memory in the fan-out runs (lib/settle.mjs): each server with an inspector, full GCs.
  settle: !flag('no-settle'),
  profileWorkload: option('profile-workload', 'dashboard'),
  only: new Set(option('only', 'startup,queries,statements,profile,fanout,fanout-sweep,failover,webhooks').split(',')),
  save: !flag('no-save'),
  keep: flag('keep'),
};
const postgresAdmin = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const runId = `${new Date().toISOString().replace(/[-:]/g, '').replace(/\..+/, '')}_${randomBytes(3).toString('hex')}`;
const workDir = join(os.tmpdir(), `workroom-bench-${runId}`);
mkdirSync(workDir, { recursive: true });
const jwtSecret = randomBytes(32).toString('base64');
const payoutMethodsKey = randomBytes(32).toString('base64');

const log = (...parts) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...parts);

// ── Cleanup: every process, database, directory and socket we made, also on failure ────────
const databases = new Set();
const tempDirs = new Set([workDir]);
const closers = new Set();
let cleaningUp;
function cleanup() {
  cleaningUp ??= (async () => {
    for (const close of [...closers].reverse())
      await Promise.resolve()
        .then(close)
        .catch(() => undefined);
    await Promise.all([...children].map((child) => stopProcess(child, 10_000)));
    for (const dir of tempDirs) killEmbeddedPostgres(dir);
    if (databases.size) {
      const admin = new pg.Client({ connectionString: postgresAdmin });
      try {
        await admin.connect();
        for (const name of databases) {
          await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch((error) => log(`could not drop ${name}: ${error.message}`));
        }
      } catch (error) {
        log(`cleanup: ${error.message}`);
      } finally {
        await admin.end().catch(() => undefined);
      }
    }
    for (const dir of tempDirs) {
      if (dir === workDir && (process.exitCode || opts.keep)) continue; // keep the logs of a failed run (or with --keep)
      rmSync(dir, { recursive: true, force: true });
    }
  })();
  return cleaningUp;
}
/** An embedded PostgreSQL left behind by a killed Workroom (only ours: under our temp dirs). */
function killEmbeddedPostgres(dir) {
  const findPidFiles = (root, depth = 0) => {
    if (depth > 3 || !existsSync(root)) return [];
    const found = [];
    for (const entry of readdirSync(root, { withFileTypes: true })) {
      const path = join(root, entry.name);
      if (entry.isFile() && entry.name === 'postmaster.pid') found.push(path);
      else if (entry.isDirectory()) found.push(...findPidFiles(path, depth + 1));
    }
    return found;
  };
  for (const file of findPidFiles(dir)) {
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
    // A stale pid file may name a pid reused since: only a postgres serving this data directory
    // (its command line says `-D <dir>`) is ours to stop, never the machine's shared PostgreSQL.
    const commandLine = (() => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      } catch {
        return [];
      }
    })();
    if (Number.isInteger(pid) && pid > 1 && commandLine.includes(dirname(file))) {
      try {
        process.kill(pid, 'SIGINT'); // fast shutdown of that postmaster
        log(`stopped a leftover embedded PostgreSQL (pid ${pid})`);
      } catch {
        /* already gone */
      }
    }
  }
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    log(`${signal}: cleaning up`);
    process.exitCode = 130;
    cleanup().finally(() => process.exit(130));
  });
}

// ── Machine and build facts ───────────────────────────────────────────────────────────────
function sh(command, args, cwd = repoRoot) {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}
async function machineFacts() {
  const admin = new pg.Client({ connectionString: postgresAdmin });
  await admin.connect();
  const postgres = (await admin.query('SHOW server_version')).rows[0].server_version;
  await admin.end();
  const redis = new Redis(redisUrl, { lazyConnect: true });
  await redis.connect();
  const redisVersion = (await redis.info('server')).match(/redis_version:(\S+)/)?.[1] ?? null;
  redis.disconnect();
  const distMain = join(repoRoot, 'server/dist/main.js');
  const distTime = existsSync(distMain) ? newestMtime(join(repoRoot, 'server/dist')) : null;
  const srcTime = newestMtime(join(repoRoot, 'server/src'));
  return {
    nproc: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? null,
    memoryTotalMB: Math.round(os.totalmem() / 1024 / 1024),
    kernel: `${os.type()} ${os.release()}`,
    nodeOrchestrator: process.version,
    nodeServers: sh(node22, ['--version']),
    postgres,
    redis: redisVersion,
    git: {
      head: sh('git', ['rev-parse', '--short', 'HEAD']),
      dirtyFiles: (sh('git', ['status', '--porcelain']) ?? '').split('\n').filter(Boolean).length,
      serverSourceChanges: (sh('git', ['status', '--porcelain', '--', 'server/src']) ?? '').split('\n').filter(Boolean).length,
      serverDistOlderThanSrc: distTime !== null && distTime < srcTime,
    },
  };
}

/** Waits (up to maxSeconds) until other processes use under 0.25 cores over 5 seconds. */
async function waitForQuiet(maxSeconds) {
  const started = now();
  for (;;) {
    const before = cpuSnapshot([process.pid]);
    await sleep(5_000);
    const { otherProcessesCores } = cpuBetween(before, cpuSnapshot([process.pid]));
    const waited = round((now() - started) / 1000, 0);
    if (otherProcessesCores < 0.25) {
      log(`machine quiet (other processes ${otherProcessesCores} cores) after ${waited} s`);
      return { quiet: true, waitedSeconds: waited, otherProcessesCores };
    }
    if (waited >= maxSeconds) {
      log(`machine still busy after ${waited} s (other processes ${otherProcessesCores} cores); measuring anyway`);
      return { quiet: false, waitedSeconds: waited, otherProcessesCores };
    }
    log(`waiting for a quiet machine: other processes use ${otherProcessesCores} cores`);
  }
}

// ── Servers ───────────────────────────────────────────────────────────────────────────────
// Workroom runs with the Node flags of its own `npm start` (server/package.json), as in production.
const serverNodeArgs = productionNodeArgs();
const secrets = { jwtSecret, payoutMethodsKey };

/** a ÷ b rounded, or "?" when either is missing. */
const ratioOf = (a, b) => (a && b ? round(a / b, 2) : '?');

async function startWorkroom(name, { databaseUrl, extraEnv = {}, nodeArgs = [], inspect = false }) {
  const port = await freePort();
  // The fan-out runs read settled memory through the inspector (lib/settle.mjs).
  const inspectPort = inspect && opts.settle ? await freePort() : undefined;
  const record = startProcess({
    name,
    args: [...serverNodeArgs, ...opts.serverNodeArgs, ...nodeArgs, ...(inspectPort ? [inspectArg(inspectPort)] : []), 'server/dist/main.js'],
    env: workroomEnv(secrets, { DATABASE_URL: databaseUrl, PORT: String(port), REDIS_URL: redisUrl, ...extraEnv }),
    logFile: join(workDir, `${name}.log`),
    ready: /Workroom is running at (http:\/\/\S+)/,
    timeoutMs: 90_000,
  });
  const [, url] = await record.ready;
  return { ...record, record, url, graphqlUrl: `${url}/graphql`, port, inspectPort };
}

/**
 * A Workroom instance under `--cpu-prof` (written when it exits). `window()` marks the start and
 * end of what we want to see, relative to the process start, for summarizeProfile().
 */
async function startProfiledWorkroom(name, databaseUrl) {
  const file = join(workDir, `${name}.cpuprofile`);
  const server = await startWorkroom(name, { databaseUrl, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${workDir}`, `--cpu-prof-name=${name}.cpuprofile`] });
  let from = 0;
  let to = Infinity;
  server.profiler = {
    startProfiling: async () => {
      from = now() - server.started;
    },
    stopProfiling: async () => {
      to = now() - server.started;
    },
    /** After the process has exited. */
    summary: (top = 15) => (existsSync(file) ? summarizeProfile(file, { top, fromMs: from, toMs: to }) : null),
  };
  return server;
}

async function startPostGraphile(name, databaseUrl) {
  const port = await freePort();
  const record = startProcess({
    name,
    args: ['bench/lib/postgraphile-server.mjs'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      GRAPHILE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    logFile: join(workDir, `${name}.log`),
    ready: /PostGraphile is running at (http:\/\/\S+)/,
  });
  const [, graphqlUrl] = await record.ready;
  return { ...record, record, graphqlUrl, port };
}

async function startRawFloor(name, databaseUrl) {
  const port = await freePort();
  const record = startProcess({
    name,
    args: ['bench/lib/raw-sql-server.mjs'],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1' },
    logFile: join(workDir, `${name}.log`),
    ready: /raw-sql floor is running at (http:\/\/\S+)/,
  });
  const [, url] = await record.ready;
  return { ...record, record, url, port };
}

const stop = (server) => stopProcess(server?.record ?? server);

// ── Databases ─────────────────────────────────────────────────────────────────────────────
async function createDatabase() {
  const name = `workroom_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresAdmin });
  await admin.connect();
  try {
    databases.add(name);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(postgresAdmin);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

async function databaseCounters(databaseUrl, name) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT xact_commit::bigint AS commits, tup_returned::bigint AS returned FROM pg_stat_database WHERE datname = $1', [
      name,
    ]);
    return { commits: Number(rows[0].commits), returned: Number(rows[0].returned) };
  } finally {
    await client.end();
  }
}

// ── Query throughput ──────────────────────────────────────────────────────────────────────
async function load({ url, headers, body, pid, databaseName, databaseUrl }) {
  const request = {
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    connections: opts.connections,
    pipelining: 1,
    timeout: 30,
    // A 200 with GraphQL errors (or a truncated answer) must not count as a served request.
    verifyBody: (text) => text.length > 1000 && !text.includes('"errors"'),
  };
  await autocannon({ ...request, duration: opts.warmup });
  const backends0 = await backendCpuSnapshot(databaseUrl);
  const cpu0 = cpuSeconds(pid);
  const snapshot0 = cpuSnapshot([pid, process.pid], databaseName);
  const result = await autocannon({ ...request, duration: opts.duration });
  const cpu1 = cpuSeconds(pid);
  const snapshot1 = cpuSnapshot([pid, process.pid], databaseName);
  const backendSeconds = backendCpuSeconds(backends0, await backendCpuSnapshot(databaseUrl));
  const served = result.requests.total - (result.mismatches ?? 0) - result.non2xx;
  return {
    requestsPerSecond: round(served / opts.duration, 1),
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: round(result.latency.average) },
    requests: result.requests.total,
    failures: { non2xx: result.non2xx, mismatches: result.mismatches ?? 0, errors: result.errors, timeouts: result.timeouts },
    responseBytes: result.requests.total ? Math.round(result.throughput.total / result.requests.total) : null,
    serverCpuMsPerRequest: served > 0 ? round((1000 * (cpu1 - cpu0)) / served, 2) : null,
    // PostgreSQL's backends for the bench database (lib/pg-backend-cpu.mjs), per served request.
    postgresCpuMsPerRequest: served > 0 ? round((1000 * backendSeconds) / served, 2) : null,
    // Cores busy during the window: all, ours (server, load generator, our PostgreSQL backends), others.
    cpu: cpuBetween(snapshot0, snapshot1),
    loadAverage1m: round(os.loadavg()[0], 2),
  };
}

// ── Fan-out ───────────────────────────────────────────────────────────────────────────────
const forkClient = () => forkWorker('lib/fanout-client.mjs', 'fanout-client');

/** Waits until `target` receipts of `seq` (or of all) arrived, or nothing moved for `stallMs`. */
async function waitForDelivery(client, { expected, seq, stallMs, maxMs }) {
  const started = now();
  let last = -1;
  let lastChange = now();
  for (;;) {
    const stats = await client.call('stats');
    const got = seq === undefined ? stats.delivered : (stats.perSeq[seq] ?? 0);
    if (got >= expected) return { complete: true, got, ms: now() - started, stats };
    if (got !== last) {
      last = got;
      lastChange = now();
    }
    if (now() - lastChange > stallMs || now() - started > maxMs) return { complete: false, got, ms: now() - started, stats };
    await sleep(100);
  }
}

/** Waits until the process uses < 10% of a core over half a second (or `maxMs` passes). */
async function waitForIdle(pid, maxMs = 30_000) {
  const started = now();
  while (now() - started < maxMs) {
    const before = cpuSeconds(pid);
    await sleep(500);
    const after = cpuSeconds(pid);
    if (before === null || after === null || after - before < 0.05) return round((now() - started) / 1000, 1);
  }
  return round((now() - started) / 1000, 1);
}

/**
 * One fan-out measurement: connect n subscribers, check they are all live with a warm-up
 * message, then post `messages` messages every `intervalMs` and time each receipt. With
 * `singleMessageOnly` only the connection and the warm-up message are measured (used above the
 * size at which the server fell behind, to keep the run bounded).
 */
async function fanoutRun(args) {
  // A fresh subscriber process per run: no garbage or sockets left over from the previous one.
  const client = forkClient();
  try {
    return await fanoutRunWith({ ...args, client });
  } finally {
    await client.call('exit').catch(() => undefined);
    await stopProcess(client, 5_000);
  }
}

async function fanoutRunWith({
  mode,
  n,
  client,
  server,
  servers = [server],
  channelGlobalId,
  trainerToken,
  employerToken,
  database,
  redis,
  floorChannel,
  singleMessageOnly = false,
  profiler,
  proxies,
  twin,
}) {
  // With two instances (mode 'workroom-pair'), subscribers alternate between them and messages
  // are posted to the first: half the deliveries cross Redis. Memory and CPU are the sum of both.
  const pid = server.pid;
  const pids = servers.map((each) => each.pid);
  const rssAll = () => {
    let sum = 0;
    for (const each of pids) {
      const rss = rssBytes(each);
      if (rss === null || rss === undefined) return null;
      sum += rss;
    }
    return sum;
  };
  const cpuAll = () => pids.reduce((sum, each) => sum + (cpuSeconds(each) ?? 0), 0);
  // Settled memory (lib/settle.mjs) of one process per instance, summed; null where one could not be read.
  const settledSum = async (measure) => {
    const sum = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0 };
    for (let index = 0; index < servers.length; index += 1) {
      const memory = await measure(index);
      if (memory.rss === null) return null;
      for (const key of Object.keys(sum)) sum[key] += memory[key];
    }
    return sum;
  };
  const settleAll = () =>
    servers.some((each) => !each.inspectPort)
      ? null
      : settledSum((index) => settledMemory({ pid: servers[index].pid, inspectPort: servers[index].inspectPort }));
  const isWorkroom = mode === 'workroom' || mode === 'workroom-pair';
  const label = mode === 'workroom' ? 'Workroom' : mode === 'workroom-pair' ? 'Workroom, two instances behind Redis' : 'floor (Redis + ws)';
  log(`fan-out ${label}: connecting ${n.toLocaleString('en-US')} subscribers`);
  await sleep(1000);
  // The settled baseline comes from twins: a process of the same kind, started the same way, that
  // never has a subscriber, settled and stopped (one per instance). Settling the measured process
  // itself before connecting would leave V8 in its memory-reducing state for the burst (its first
  // messages came slower in an A/B pair at 5,000; bench/README.md).
  const settledBefore =
    twin && opts.settle
      ? await settledSum(async (index) => {
          const started = await twin(index);
          try {
            await sleep(1000);
            return await settledMemory({ pid: started.pid, inspectPort: started.inspectPort });
          } finally {
            await stop(started);
          }
        })
      : null;
  const rssBefore = rssAll();
  const connect = await client.call('connect', {
    urls: isWorkroom ? servers.map((each) => each.url.replace(/^http/, 'ws') + '/graphql') : [server.wsUrl],
    token: trainerToken,
    channelId: channelGlobalId,
    n,
    concurrency: 100,
  });
  const run = {
    mode,
    subscribers: n,
    connected: connect.connected,
    connectFailed: connect.failed + connect.notAttempted,
    connectSeconds: round(connect.ms / 1000, 1),
    connectErrors: connect.errors,
  };
  log(`  connected ${connect.connected} (failed ${connect.failed}, not attempted ${connect.notAttempted}) in ${run.connectSeconds} s`);
  if (connect.connected === 0) return { ...run, broke: 'no subscriber could connect' };

  let seqCounter = 0;
  const post = poster({ isWorkroom, server, channelGlobalId, employerToken, redis, floorChannel });

  // Readiness: one message every subscriber must receive before the measured ones (graphql-ws
  // has no subscribe acknowledgement, so this is how we know every subscription is live).
  const warm = await post(seqCounter++);
  const ready = await waitForDelivery(client, { expected: connect.connected, seq: 0, stallMs: 15_000, maxMs: opts.fanoutWaitSeconds * 1000 });
  const warmReceipts = (await client.call('collect')).receipts[0] ?? [];
  run.readySubscribers = ready.got;
  run.singleMessage = {
    sendToReceiptMs: summarize(Array.from(warmReceipts, (at) => at - warm.sentAt)),
    mutationMs: round(warm.ackAt - warm.sentAt, 1),
    lastReceiptSeconds: warmReceipts.length ? round((Math.max(...warmReceipts) - warm.sentAt) / 1000, 2) : null,
  };
  const rssConnected = rssAll();
  const afterWarm = await client.call('stats');
  run.subscriptionErrors = afterWarm.subscriptionErrors;
  run.subscriptionsEndedByServer = afterWarm.subscriptionsCompleted;
  run.socketsClosedByServer = afterWarm.closedUnexpectedly;
  if (Object.keys(afterWarm.errorSamples).length) run.errorSamples = afterWarm.errorSamples;
  run.serverRssMB = { before: mb(rssBefore), connected: mb(rssConnected) };
  run.serverRssKBPerConnection = rssBefore && rssConnected ? round((rssConnected - rssBefore) / 1024 / connect.connected, 1) : null;
  log(
    `  ready: ${ready.got}/${connect.connected} got the warm-up message (the last after ${run.singleMessage.lastReceiptSeconds} s); server RSS ${mb(rssBefore)} → ${mb(rssConnected)} MB`,
  );
  // What the connections keep: memory after a full GC, sockets still open, after the measured burst,
  // less the twins' (above).
  let settledConnected = null;
  const settle = async () => {
    settledConnected = settledBefore ? await settleAll() : null;
    if (!settledBefore || !settledConnected) return;
    const perConnection = (key) => round((settledConnected[key] - settledBefore[key]) / 1024 / connect.connected, 2);
    run.settled = {
      rssMB: { before: mb(settledBefore.rss), connected: mb(settledConnected.rss) },
      heapUsedMB: { before: mb(settledBefore.heapUsed), connected: mb(settledConnected.heapUsed) },
      rssKBPerConnection: perConnection('rss'),
      heapKBPerConnection: perConnection('heapUsed'),
      // The heap's pages (heapTotal) grow by more than what lives on them (heapUsed).
      heapTotalKBPerConnection: perConnection('heapTotal'),
      externalKBPerConnection: perConnection('external'),
    };
    log(
      `  settled (after a full GC): RSS ${run.settled.rssMB.before} → ${run.settled.rssMB.connected} MB; per connection ${run.settled.rssKBPerConnection} KB RSS, ${run.settled.heapKBPerConnection} KB heap (${run.settled.heapTotalKBPerConnection} KB of heap pages, ${run.settled.externalKBPerConnection} KB outside the heap)`,
    );
  };
  await client.call('reset');
  if (singleMessageOnly || ready.got < connect.connected) {
    if (ready.got < connect.connected) {
      run.broke = `only ${ready.got} of ${connect.connected} subscribers received the warm-up message within ${opts.fanoutWaitSeconds} s`;
      if (run.subscriptionErrors)
        run.broke += `; ${run.subscriptionErrors} subscriptions ended with an error: ${Object.entries(run.errorSamples ?? {})
          .map(([message, count]) => `${count} × "${message}"`)
          .join(', ')}`;
    } else run.note = 'single message only: the server fell behind at a smaller size';
    await settle();
    await client.call('close');
    run.idleWaitSeconds = await waitForIdle(pid);
    return run;
  }

  const counters0 = isWorkroom ? await databaseCounters(database.url, database.name) : null;
  const cpu0 = cpuAll();
  const cpuEach0 = pids.map((each) => cpuSeconds(each) ?? 0);
  const snapshot0 = cpuSnapshot([...pids, client.pid, process.pid], database.name);
  let rssPeak = rssConnected;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, rssAll() ?? 0);
  }, 200);
  if (profiler) await profiler.startProfiling();
  // Each instance's own counting proxy (the statements-per-event runs): count the burst only.
  for (const proxy of proxies ?? []) proxy.reset();
  const sends = [];
  // Is the API still answering during the burst? A small signed-in query half an interval after
  // each message (cheap on purpose, so it measures the wait for the event loop, not its own work).
  const queries = [];
  const queryDuringBurst = async () => {
    const sentAt = now();
    const result = await graphql(server.graphqlUrl, '{ viewer { name } }', { token: employerToken, timeoutMs: 60_000 }).catch((error) => ({ errors: [error] }));
    return result.errors ? null : now() - sentAt;
  };
  // The burst's schedule, also run once more with no subscriber left (below).
  const burst = async (sends, queries) => {
    const startedAt = now();
    for (let index = 0; index < opts.messages; index += 1) {
      const seq = seqCounter++;
      const due = startedAt + index * opts.intervalMs;
      await sleep(Math.max(0, due - now()));
      sends.push(post(seq)); // on schedule, not waiting for the previous one
      if (isWorkroom) queries.push(sleep(opts.intervalMs / 2).then(queryDuringBurst));
    }
    return startedAt;
  };
  const postedAt = await burst(sends, queries);
  const acks = await Promise.all(sends);
  const queryMs = await Promise.all(queries);
  const expected = connect.connected * opts.messages;
  const delivery = await waitForDelivery(client, { expected, stallMs: 15_000, maxMs: opts.fanoutWaitSeconds * 1000 + (opts.messages - 1) * opts.intervalMs });
  const waitedAfterLastSendMs = now() - Math.max(...acks.map((ack) => ack.sentAt));
  clearInterval(sampler);
  const cpu1 = cpuAll();
  const cpuEach1 = pids.map((each) => cpuSeconds(each) ?? 0);
  const snapshot1 = cpuSnapshot([...pids, client.pid, process.pid], database.name);
  if (profiler) await profiler.stopProfiling();
  const collected = await client.call('collect');
  await sleep(1500); // PostgreSQL publishes backend statistics at most once a second
  const counters1 = isWorkroom ? await databaseCounters(database.url, database.name) : null;
  await settle();

  const fromAck = [];
  const fromSend = [];
  let lastReceipt = postedAt;
  // Each message's slowest receipt, in send order: whether a tail is one slow message or all of them.
  const slowestPerMessageMs = [];
  for (const { seq, sentAt, ackAt } of acks) {
    let slowest = 0;
    for (const at of collected.receipts[seq] ?? []) {
      fromAck.push(at - ackAt);
      fromSend.push(at - sentAt);
      if (at > lastReceipt) lastReceipt = at;
      if (at - sentAt > slowest) slowest = at - sentAt;
    }
    slowestPerMessageMs.push(round(slowest, 0));
  }
  log(`  slowest receipt of each message, in send order (ms): ${slowestPerMessageMs.join(' ')}`);
  const lastSend = Math.max(...acks.map((ack) => ack.sentAt));
  const mutationMs = acks.map((ack) => ack.ackAt - ack.sentAt);
  log(`  the mutation's answer, in send order (ms): ${mutationMs.map((ms) => round(ms, 0)).join(' ')}`);
  const windowSeconds = Math.max(0.001, (lastReceipt - postedAt) / 1000);
  Object.assign(run, {
    messages: opts.messages,
    delivered: collected.delivered,
    expected,
    deliveredRatio: round(collected.delivered / expected, 4),
    duplicates: collected.duplicates,
    closedDuringRun: collected.closedUnexpectedly,
    subscriptionErrors: collected.subscriptionErrors,
    subscriptionsEndedByServer: collected.subscriptionsCompleted,
    ...(Object.keys(collected.errorSamples).length ? { errorSamples: collected.errorSamples } : {}),
    // The primary figure, the same for Workroom and the floor: from the moment the mutation (the
    // floor: the PUBLISH) is sent to each subscriber's receipt.
    sendToReceiptMs: summarize(fromSend),
    slowestPerMessageMs,
    // The mutation's own latency (sendMessage's HTTP answer; the floor: the PUBLISH reply).
    mutationMs: summarize(mutationMs),
    mutationMsPerMessage: mutationMs.map((ms) => round(ms, 1)),
    // A `{ viewer { name } }` query sent half an interval after each message (Workroom only; null: failed).
    ...(isWorkroom ? { queryDuringBurstMs: summarize(queryMs.filter((ms) => ms !== null)), queriesFailed: queryMs.filter((ms) => ms === null).length } : {}),
    // From that answer to each receipt: flatters a server whose answer itself waits behind delivery.
    ackToReceiptMs: summarize(fromAck),
    lastReceiptSecondsAfterLastSend: round((lastReceipt - lastSend) / 1000, 2),
    deliveryComplete: delivery.complete,
    // Offered: what the schedule asks for (every subscriber, one message per interval); delivered:
    // receipts over the window from the first send to the last receipt. Well below offered = saturated.
    offeredDeliveriesPerSecond: round((connect.connected * 1000) / opts.intervalMs, 0),
    deliveriesPerSecond: round(collected.delivered / windowSeconds, 0),
    // With deliveries missing when the wait ended, the true p99 is at least the time waited.
    p99AtLeastMs: collected.delivered < 0.99 * expected ? round(waitedAfterLastSendMs, 0) : null,
    serverRssMB: { before: mb(rssBefore), connected: mb(rssConnected), peak: mb(rssPeak) },
    serverCpuSeconds: round(cpu1 - cpu0, 2),
    cpu: cpuBetween(snapshot0, snapshot1),
    loadAverage1m: round(os.loadavg()[0], 2),
    serverCpuMsPerDelivery: collected.delivered ? round((1000 * (cpu1 - cpu0)) / collected.delivered, 3) : null,
    // Each instance's CPU over the deliveries to its own subscribers (they alternate between instances).
    ...(pids.length > 1 && collected.delivered
      ? {
          serverCpuMsPerDeliveryPerInstance: pids.map((_, index) =>
            round((1000 * (cpuEach1[index] - cpuEach0[index])) / (collected.delivered / pids.length), 3),
          ),
        }
      : {}),
    dbTransactionsPerDelivery: counters0 && collected.delivered ? round((counters1.commits - counters0.commits) / collected.delivered, 2) : null,
    // SQL statements each instance sent during the burst, per message posted (the first instance
    // also runs the sendMessage mutations).
    ...(proxies ? { statementsPerEventPerInstance: proxies.map((proxy) => round(proxy.snapshot().statements / opts.messages, 1)) } : {}),
  });
  log(
    `  delivered ${run.delivered}/${expected} (${run.deliveriesPerSecond}/s of ${run.offeredDeliveriesPerSecond}/s offered); send→receipt p50 ${run.sendToReceiptMs.p50} ms, p99 ${run.sendToReceiptMs.p99} ms; mutation p99 ${run.mutationMs.p99} ms; ${run.serverCpuMsPerDelivery} ms CPU per delivery`,
  );
  const reasons = [];
  if (run.connected < 0.95 * n) reasons.push(`only ${run.connected} of ${n} subscribers connected`);
  if (run.deliveredRatio < 0.99)
    reasons.push(`fell behind: ${run.delivered} of ${expected} delivered ${round(waitedAfterLastSendMs / 1000, 0)} s after the last send`);
  if (reasons.length) run.broke = reasons.join('; ');
  await client.call('close');
  run.idleWaitSeconds = await waitForIdle(pid);
  // The same burst (messages and queries on the same schedule) with every subscriber gone: the
  // server's CPU for the events' own work (Workroom: the sendMessage mutations, the queries, the
  // commit and the publisher; the floor: hearing each PUBLISH). What the burst cost beyond it,
  // over the deliveries, is what delivering cost.
  const aloneSends = [];
  const aloneQueries = [];
  const cpuAlone0 = cpuAll();
  await burst(aloneSends, aloneQueries);
  await Promise.all([...aloneSends, ...aloneQueries]);
  await sleep(Math.max(0, lastReceipt - lastSend));
  const aloneCpuSeconds = cpuAll() - cpuAlone0;
  run.serverCpuSecondsWithoutSubscribers = round(aloneCpuSeconds, 2);
  if (collected.delivered)
    run.serverCpuMsPerDeliveryBeyondTheEvents = round((1000 * Math.max(0, run.serverCpuSeconds - aloneCpuSeconds)) / collected.delivered, 3);
  log(
    `  the same burst without subscribers: ${run.serverCpuSecondsWithoutSubscribers} s of server CPU (${round((1000 * aloneCpuSeconds) / opts.messages, 1)} ms per message); beyond it ${run.serverCpuMsPerDeliveryBeyondTheEvents} ms per delivery`,
  );
  // What the same process gives back when its connections close, after a full GC: measured in one
  // process, so without the twin's start-to-start variance (megabytes, which at 1,000 connections is
  // several KB each). A lower bound of what a connection keeps: the allocator may hold on to some
  // freed memory, on both sides alike.
  const settledClosed = settledConnected ? await settleAll() : null;
  if (settledConnected && settledClosed && run.settled) {
    const released = (key) => round((settledConnected[key] - settledClosed[key]) / 1024 / connect.connected, 2);
    Object.assign(run.settled, {
      rssKBReleasedPerConnection: released('rss'),
      heapKBReleasedPerConnection: released('heapUsed'),
    });
    log(
      `  settled after the connections closed: per connection ${run.settled.rssKBReleasedPerConnection} KB RSS and ${run.settled.heapKBReleasedPerConnection} KB heap given back`,
    );
  }
  return run;
}

// ── Start-up ──────────────────────────────────────────────────────────────────────────────
async function startupRun(dataDir, label) {
  const port = await freePort();
  const pgPort = await freePort();
  const started = now();
  const record = startProcess({
    name: `startup-${label}`,
    args: [...serverNodeArgs, 'server/dist/main.js'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(pgPort),
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'auto',
    },
    logFile: join(workDir, `startup-${label}.log`),
    ready: /Workroom is running at (http:\/\/\S+)/,
    timeoutMs: 180_000,
  });
  // Poll for the first answered query, independently of the log line.
  const url = `http://127.0.0.1:${port}/graphql`;
  let firstAnswer = null;
  while (!record.exited && now() - started < 180_000) {
    try {
      const result = await graphql(url, '{ __typename }', { timeoutMs: 2_000 });
      if (result.data?.__typename === 'Query') {
        firstAnswer = now();
        break;
      }
    } catch {
      /* not listening yet */
    }
    await sleep(20);
  }
  const printed = await record.ready.then(() => record.readyAt).catch(() => null);
  let signInMs = null;
  if (firstAnswer) {
    const t = now();
    const signIn = await graphql(
      url,
      `
        mutation {
          signIn(input: { email: "trainer@example.com", password: "workroom" }) {
            token
          }
        }
      `,
    );
    if (signIn.data?.signIn?.token) signInMs = round(now() - t, 0);
  }
  const stopStarted = now();
  await stopProcess(record, 20_000);
  const stopMs = now() - stopStarted;
  if (!firstAnswer) throw new Error(`start-up (${label}) never answered a query (log: ${join(workDir, `startup-${label}.log`)})`);
  return {
    run: label,
    firstAnsweredQuerySeconds: round((firstAnswer - started) / 1000, 2),
    readyLineSeconds: printed ? round((printed - started) / 1000, 2) : null,
    demoSignInMs: signInMs,
    shutdownSeconds: round(stopMs / 1000, 2),
    exit: record.exit,
  };
}

// ── The run ───────────────────────────────────────────────────────────────────────────────
async function main() {
  const results = { runId, startedAt: new Date().toISOString(), options: { ...opts, only: [...opts.only] } };
  if (flag('build')) {
    log('building (npm run build)');
    execFileSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  }
  if (!existsSync(join(repoRoot, 'server/dist/main.js'))) throw new Error('server/dist/main.js is missing: run `npm run build` first (or pass --build)');
  results.machine = await machineFacts();
  log(
    `machine: ${results.machine.nproc} cores (${results.machine.cpuModel}), ${results.machine.memoryTotalMB} MB; servers on Node ${results.machine.nodeServers}; PostgreSQL ${results.machine.postgres}; Redis ${results.machine.redis}`,
  );
  if (results.machine.git.serverDistOlderThanSrc) log('warning: server/dist is older than server/src; pass --build to measure the current source');
  if (opts.waitQuietSeconds > 0) results.quietBeforeStart = await waitForQuiet(opts.waitQuietSeconds);
  log(`logs in ${workDir}`);

  // 4. Start-up first, on a quiet machine.
  if (opts.only.has('startup')) {
    const dataDir = await mkdtemp(join(os.tmpdir(), 'workroom-bench-startup-'));
    tempDirs.add(dataDir);
    await chmod(dataDir, 0o755); // as root, the embedded PostgreSQL runs as `postgres`
    log('start-up: cold (empty data dir: initdb, migrations, demo seed)');
    const cold = await startupRun(dataDir, 'cold');
    log(`  first answered query after ${cold.firstAnsweredQuerySeconds} s`);
    log('start-up: warm (same data dir)');
    const warm = await startupRun(dataDir, 'warm');
    log(`  first answered query after ${warm.firstAnsweredQuerySeconds} s`);
    results.startup = [cold, warm];
    killEmbeddedPostgres(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
    tempDirs.delete(dataDir);
  }

  const needsWorld = ['queries', 'statements', 'profile', 'fanout', 'fanout-sweep', 'failover'].some((phase) => opts.only.has(phase));
  if (!needsWorld) return results;

  // 1. The world: a database, Workroom with the demo, then the load data.
  const database = await createDatabase();
  log(`database ${database.name}: starting Workroom (SEED_DEMO=always, Redis bus)`);
  // Its trusted documents are the bench's own (lib/workloads.mjs), so the hash variant runs them.
  const manifest = writeBenchManifest(join(workDir, 'bench-persisted-documents.json'));
  const workroom = await startWorkroom('workroom', { databaseUrl: database.url, extraEnv: { SEED_DEMO: 'always', TRUSTED_DOCUMENTS_MANIFEST: manifest } });
  log(`  Workroom at ${workroom.url} (pid ${workroom.pid})`);
  const seeded = await seedLoad(database.url, loadShape);
  results.data = { generated: seeded.shape, totals: seeded.totals };
  log(`  load data: ${JSON.stringify(seeded.totals)}`);
  const signIn = async (email) =>
    (
      await graphqlData(workroom.graphqlUrl, `mutation($e: String!) { signIn(input: { email: $e, password: "workroom" }) { token } }`, {
        variables: { e: email },
      })
    ).signIn.token;
  const trainerToken = await signIn('trainer@example.com');
  const employerToken = await signIn('employer@example.com');
  const contractGlobalId = Buffer.from(`Contract:${seeded.sampleContractId}`).toString('base64url');
  const channelGlobalId = Buffer.from(`Channel:${seeded.sampleChannelId}`).toString('base64url');
  const check = await graphqlData(workroom.graphqlUrl, queries.workroomDashboard, { token: trainerToken });
  if (check.viewer.activeContracts.totalCount < 50) throw new Error('the load data did not show up on the dashboard');

  const targets = benchTargets({ ids: seeded, tokens: { trainer: trainerToken, employer: employerToken }, contractGlobalId });

  // 2. Query throughput.
  if (opts.only.has('queries')) {
    const postgraphile = await startPostGraphile('postgraphile', database.url);
    const raw = await startRawFloor('raw-sql', database.url);
    // Without REDIS_URL: rate limits counted in memory, events on the in-process bus.
    const noRedis = await startWorkroom('workroom-no-redis', {
      databaseUrl: database.url,
      extraEnv: { REDIS_URL: undefined, TRUSTED_DOCUMENTS_MANIFEST: manifest },
    });
    const servers = { workroom, workroomTrusted: workroom, workroomNoRedis: noRedis, postgraphile, raw };
    for (const [key, target] of Object.entries(targets)) {
      for (const workload of workloads) target[workload].url = key === 'raw' ? raw.url + target[workload].path : servers[key].graphqlUrl;
    }
    const pids = Object.fromEntries(Object.entries(servers).map(([key, server]) => [key, server.pid]));
    // Every target must answer fully before it is timed.
    for (const [key, target] of Object.entries(targets)) {
      for (const workload of workloads) {
        const { url, headers = {}, body } = target[workload];
        const text = await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })).text();
        if (text.length < 1000 || text.includes('"errors"')) throw new Error(`${key} ${workload} does not answer properly: ${text.slice(0, 400)}`);
      }
    }
    results.queries = { connections: opts.connections, durationSeconds: opts.duration, warmupSeconds: opts.warmup, rounds: opts.rounds, workloads: {} };
    for (const workload of workloads) {
      results.queries.workloads[workload] = {};
      const rounds = Object.fromEntries(Object.keys(targets).map((key) => [key, []]));
      for (let round = 0; round < opts.rounds; round += 1) {
        // Alternate the order, so that a noisy neighbour does not always hit the same target.
        const order = round % 2 === 0 ? Object.keys(targets) : Object.keys(targets).reverse();
        for (const key of order) {
          const target = targets[key];
          log(
            `queries: ${workload} on ${target.label}, round ${round + 1}/${opts.rounds} (${opts.warmup} s warm-up, ${opts.duration} s × ${opts.connections} connections)`,
          );
          const measured = await load({ ...target[workload], pid: pids[key], databaseName: database.name, databaseUrl: database.url });
          rounds[key].push(measured);
          log(
            `  ${measured.requestsPerSecond} req/s, p50 ${measured.latencyMs.p50} ms, p99 ${measured.latencyMs.p99} ms, ${measured.serverCpuMsPerRequest} ms server CPU/request, ${measured.postgresCpuMsPerRequest} ms PostgreSQL CPU/request; other processes ${measured.cpu.otherProcessesCores} cores ${measured.cpu.busiestOthers.join(', ')}`,
          );
        }
      }
      for (const key of Object.keys(rounds)) {
        const best = rounds[key].reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));
        results.queries.workloads[workload][key] = {
          ...best,
          label: targets[key].label,
          allRounds: rounds[key].map((r) => ({
            requestsPerSecond: r.requestsPerSecond,
            p50: r.latencyMs.p50,
            p99: r.latencyMs.p99,
            serverCpuMsPerRequest: r.serverCpuMsPerRequest,
            postgresCpuMsPerRequest: r.postgresCpuMsPerRequest,
            otherProcessesCores: r.cpu.otherProcessesCores,
          })),
        };
      }
      const w = results.queries.workloads[workload];
      // Each Workroom variant against PostGraphile and the floor (`workroom…` keys; the first is ad-hoc text with Redis).
      w.ratios = Object.fromEntries(
        ['workroom', 'workroomTrusted', 'workroomNoRedis'].flatMap((key) => [
          [`${key}OverPostgraphile`, round(w[key].requestsPerSecond / w.postgraphile.requestsPerSecond, 2)],
          [`${key}OverRaw`, round(w[key].requestsPerSecond / w.raw.requestsPerSecond, 2)],
        ]),
      );
    }
    await stop(postgraphile);
    await stop(raw);
    await stop(noRedis);
  }

  // SQL statements per request, through the counting proxy (separate instances: the proxy is
  // not in the path of any timed run).
  if (opts.only.has('statements')) {
    const proxy = await startCountingProxy({ host: new URL(postgresAdmin).hostname, port: Number(new URL(postgresAdmin).port || 5432) });
    closers.add(() => proxy.close());
    const viaProxy = new URL(database.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const countUrl = viaProxy.toString();
    const counted = {
      // No background polling or sweeping while counting: only the requests' own statements (the
      // webhook worker's poll, and event reads woken by the main instance over the Redis bus, went
      // through the same proxy and counted against every target). Rate limits are not SQL.
      workroom: await startWorkroom('workroom-count', {
        databaseUrl: countUrl,
        extraEnv: { EVENTS_POLL_MS: '60000', EVENTS_SWEEP_MS: '60000', WEBHOOKS_WORKER: 'false', REDIS_URL: undefined },
      }),
      postgraphile: await startPostGraphile('postgraphile-count', countUrl),
      raw: await startRawFloor('raw-sql-count', countUrl),
    };
    // Workroom's tokens are the main instance's (same JWT_SECRET, same database).
    const requestOf = {
      workroom: (workload) => ({ url: counted.workroom.graphqlUrl, headers: targets.workroom[workload].headers, body: targets.workroom[workload].body }),
      postgraphile: (workload) => ({ url: counted.postgraphile.graphqlUrl, headers: {}, body: targets.postgraphile[workload].body }),
      raw: (workload) => ({ url: counted.raw.url + targets.raw[workload].path, headers: {}, body: targets.raw[workload].body }),
    };
    results.statements = { method: 'wire-protocol proxy: Execute (E) and simple Query (Q) messages per request', requests: opts.countRequests, perRequest: {} };
    for (const workload of workloads) {
      results.statements.perRequest[workload] = {};
      for (const key of ['workroom', 'postgraphile', 'raw']) {
        const { url, headers, body } = requestOf[key](workload);
        const send = async () => {
          const text = await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })).text();
          if (text.includes('"errors"')) throw new Error(`${key} ${workload} failed while counting: ${text.slice(0, 300)}`);
        };
        for (let index = 0; index < 3; index += 1) await send(); // warm caches and prepared statements
        await sleep(300);
        proxy.reset();
        for (let index = 0; index < opts.countRequests; index += 1) await send();
        await sleep(100);
        const snapshot = proxy.snapshot();
        const byKeyword = Object.fromEntries(Object.entries(snapshot.byKeyword).map(([keyword, count]) => [keyword, round(count / opts.countRequests, 2)]));
        results.statements.perRequest[workload][key] = { statements: round(snapshot.statements / opts.countRequests, 2), byKeyword };
        if (key === 'workroom') {
          results.statements.perRequest[workload].workroomTop = proxy
            .topStatements(8)
            .map(({ count, sql }) => ({ perRequest: round(count / opts.countRequests, 2), sql: sql.slice(0, 160) }));
        }
        log(`statements: ${workload} on ${key}: ${results.statements.perRequest[workload][key].statements} per request ${JSON.stringify(byKeyword)}`);
      }
    }
    // Workroom's own query cost for the two documents (MAX_QUERY_COST=10 makes it report the cost).
    const costly = await startWorkroom('workroom-cost', { databaseUrl: database.url, extraEnv: { MAX_QUERY_COST: '10' } });
    results.statements.workroomQueryCost = {};
    for (const workload of workloads) {
      const answer = await graphql(costly.graphqlUrl, JSON.parse(targets.workroom[workload].body).query, {
        token: targets.workroom[workload].headers.authorization.slice('Bearer '.length),
        variables: JSON.parse(targets.workroom[workload].body).variables,
      });
      results.statements.workroomQueryCost[workload] = answer.errors?.[0]?.extensions?.cost ?? null;
    }
    results.statements.workroomQueryCost.limit = 50_000;
    await Promise.all([stop(costly), ...Object.values(counted).map(stop)]);
    await proxy.close();
    closers.clear();
  }

  // A CPU profile of Workroom serving the dashboard (or --profile-workload): its own instance (so
  // the timed one is clean), samples kept for the measured window only.
  if (opts.profile && opts.only.has('profile')) {
    const workload = opts.profileWorkload;
    const profiled = await startProfiledWorkroom(`workroom-profile-${workload}`, database.url);
    log(`profile: Workroom under the ${workload} load (${opts.duration} s, --cpu-prof)`);
    const request = {
      url: profiled.graphqlUrl,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...targets.workroom[workload].headers },
      body: targets.workroom[workload].body,
      connections: opts.connections,
    };
    await autocannon({ ...request, duration: opts.warmup });
    await profiled.profiler.startProfiling();
    const measured = await autocannon({ ...request, duration: opts.duration });
    await profiled.profiler.stopProfiling();
    await stop(profiled);
    const summary = profiled.profiler.summary();
    if (summary) {
      results.profile = { [workload]: { requestsPerSecondUnderProfiler: round(measured.requests.average, 1), ...summary } };
      log(
        `  busiest packages: ${summary.byPackage
          .slice(0, 6)
          .map((p) => `${p.owner} ${p.selfPercent}%`)
          .join(', ')}`,
      );
    } else log('  no profile was written');
  }

  // 3. Subscription fan-out: a fresh server process for every size, so that its RSS before
  // connecting is a clean baseline (V8 keeps a heap it has grown).
  await stop(workroom);
  const floorChannel = `workroom-bench:${runId}`;
  const startFloor = async (name) => {
    const port = await freePort();
    const inspectPort = opts.settle ? await freePort() : undefined;
    const record = startFanoutFloor({
      name,
      port,
      redisUrl,
      channel: floorChannel,
      nodeArgs: inspectPort ? [inspectArg(inspectPort)] : [],
      logFile: join(workDir, `${name}.log`),
    });
    const [, wsUrl] = await record.ready;
    return { ...record, record, wsUrl, inspectPort };
  };
  if (opts.only.has('fanout')) {
    const redis = new Redis(redisUrl);
    closers.add(() => redis.disconnect());
    results.fanout = {
      messages: opts.messages,
      intervalMs: opts.intervalMs,
      waitSeconds: opts.fanoutWaitSeconds,
      workroom: [],
      perSubscriber: [],
      twoInstances: [],
      floor: [],
    };
    const common = { channelGlobalId, trainerToken, employerToken, database, redis, floorChannel };
    try {
      let fellBehind = false;
      for (const n of opts.fanout) {
        const server = await startWorkroom(`workroom-fanout-${n}`, { databaseUrl: database.url, inspect: true });
        const twin = () => startWorkroom(`workroom-fanout-${n}-twin`, { databaseUrl: database.url, inspect: true });
        const run = await fanoutRun({ ...common, mode: 'workroom', n, server, singleMessageOnly: fellBehind, twin });
        await stop(server);
        results.fanout.workroom.push(run);
        if (run.broke && (run.connected < 0.95 * n || run.readySubscribers < run.connected)) {
          log(`  Workroom broke at ${n} subscribers (${run.broke}); not trying more`);
          break;
        }
        if (run.broke) {
          log(`  Workroom fell behind at ${n} subscribers; larger sizes: connection and one message only`);
          fellBehind = true;
        }
      }
      // With --fanout-per-subscriber: the same without grouped delivery, to see what grouping saves.
      for (const n of opts.fanoutPerSubscriber ? opts.fanout : []) {
        const server = await startWorkroom(`workroom-per-subscriber-${n}`, {
          databaseUrl: database.url,
          inspect: true,
          extraEnv: { WS_GROUPED_DELIVERY: 'false' },
        });
        const twin = () =>
          startWorkroom(`workroom-per-subscriber-${n}-twin`, { databaseUrl: database.url, inspect: true, extraEnv: { WS_GROUPED_DELIVERY: 'false' } });
        const run = await fanoutRun({ ...common, mode: 'workroom', n, server, twin });
        await stop(server);
        results.fanout.perSubscriber.push(run);
        if (run.broke) break;
      }
      // The same fan-out over two instances behind Redis: subscribers alternate between them, the
      // employer posts to the first, so half of the deliveries cross the bus.
      for (const n of opts.fanout) {
        const pair = [
          await startWorkroom(`workroom-pair-a-${n}`, { databaseUrl: database.url, inspect: true }),
          await startWorkroom(`workroom-pair-b-${n}`, { databaseUrl: database.url, inspect: true }),
        ];
        const twin = (index) => startWorkroom(`workroom-pair-${n}-twin-${index}`, { databaseUrl: database.url, inspect: true });
        const run = await fanoutRun({ ...common, mode: 'workroom-pair', n, server: pair[0], servers: pair, singleMessageOnly: fellBehind, twin });
        for (const instance of pair) await stop(instance);
        results.fanout.twoInstances.push(run);
        if (run.broke && (run.connected < 0.95 * n || run.readySubscribers < run.connected)) break;
      }
      // Statements per event per instance, from one instance to two: each instance reads PostgreSQL
      // through a counting proxy of its own (lib/pg-count-proxy.mjs), so these runs are not timed
      // (the proxies run in this process); no polling while counting, so only the events' own
      // statements (and the mutations', on the first instance) are counted.
      results.fanout.statements = [];
      for (const instances of [1, 2]) {
        const n = Math.min(opts.fanout[0], 1000);
        const proxies = [];
        const servers = [];
        try {
          for (let index = 0; index < instances; index += 1) {
            const proxy = await startCountingProxy({ host: new URL(postgresAdmin).hostname, port: Number(new URL(postgresAdmin).port || 5432) });
            proxies.push(proxy);
            const viaProxy = new URL(database.url);
            viaProxy.host = `127.0.0.1:${proxy.port}`;
            servers.push(
              await startWorkroom(`workroom-count-${instances}-${index}`, {
                databaseUrl: viaProxy.toString(),
                extraEnv: { EVENTS_POLL_MS: '60000', EVENTS_SWEEP_MS: '60000', WEBHOOKS_WORKER: 'false' },
              }),
            );
          }
          const run = await fanoutRun({ ...common, mode: instances === 1 ? 'workroom' : 'workroom-pair', n, server: servers[0], servers, proxies });
          log(`  statements per event per instance, ${instances} instance${instances === 1 ? '' : 's'}: ${run.statementsPerEventPerInstance?.join(' / ')}`);
          results.fanout.statements.push({
            instances,
            subscribers: n,
            delivered: run.delivered,
            expected: run.expected,
            statementsPerEventPerInstance: run.statementsPerEventPerInstance,
            serverCpuMsPerDeliveryPerInstance: run.serverCpuMsPerDeliveryPerInstance ?? [run.serverCpuMsPerDelivery],
          });
        } finally {
          for (const server of servers) await stop(server);
          for (const proxy of proxies) await proxy.close();
        }
      }
      if (opts.profile && opts.only.has('profile')) {
        // A profile of one fan-out burst at the smallest N: from the first post to the last receipt.
        const n = opts.fanout[0];
        const profiled = await startProfiledWorkroom('workroom-profile-fanout', database.url);
        log(`profile: Workroom fan-out to ${n} subscribers (--cpu-prof, samples from the first post to the last receipt)`);
        const run = await fanoutRun({ ...common, mode: 'workroom', n, server: profiled, profiler: profiled.profiler });
        await stop(profiled);
        const summary = profiled.profiler.summary();
        if (summary) {
          results.profile = { ...results.profile, fanout: { subscribers: n, sendToReceiptMsUnderProfiler: run.sendToReceiptMs, ...summary } };
          log(
            `  busiest packages: ${summary.byPackage
              .slice(0, 6)
              .map((p) => `${p.owner} ${p.selfPercent}%`)
              .join(', ')}`,
          );
        }
      }
      for (const n of opts.fanout) {
        const floor = await startFloor(`fanout-floor-${n}`);
        const run = await fanoutRun({ ...common, mode: 'floor', n, server: floor, twin: () => startFloor(`fanout-floor-${n}-twin`) });
        await stop(floor);
        results.fanout.floor.push(run);
        if (run.broke) break;
      }
    } finally {
      redis.disconnect();
    }
  }

  // The rate sweep: one server per target, its subscribers connected once, rising rates until
  // send→receipt p99 stops being flat (lib/fanout-sweep.mjs).
  if (opts.only.has('fanout-sweep')) {
    const redis = new Redis(redisUrl);
    closers.add(() => redis.disconnect());
    const n = opts.sweepSubscribers;
    results.fanoutSweep = { subscribers: n, seconds: opts.sweepSeconds, rates: opts.sweepRates, targets: [] };
    const common = { channelGlobalId, trainerToken, employerToken, redis, floorChannel, databaseName: database.name };
    try {
      for (const mode of ['workroom', 'floor']) {
        const server = mode === 'workroom' ? await startWorkroom(`workroom-sweep-${n}`, { databaseUrl: database.url }) : await startFloor(`floor-sweep-${n}`);
        log(`fan-out rate sweep: ${mode === 'workroom' ? 'Workroom' : 'floor (Redis + ws)'}, ${n.toLocaleString('en-US')} subscribers`);
        const client = forkClient();
        try {
          results.fanoutSweep.targets.push(
            await sweepTarget({ mode, n, server, client, rates: opts.sweepRates, seconds: opts.sweepSeconds, waitSeconds: 10, log, ...common }),
          );
        } finally {
          await client.call('exit').catch(() => undefined);
          await stopProcess(client, 5_000);
          await stop(server);
        }
      }
    } finally {
      redis.disconnect();
    }
  }

  // Recovering from a fault: catch-up vs live, fail-over after SIGKILL (lib/failover.mjs).
  if (opts.only.has('failover')) {
    results.failover = await failoverPhase({ opts, log, startWorkroom, database, databaseCounters, channelGlobalId, trainerToken, employerToken });
  }

  if (opts.only.has('webhooks')) {
    // Webhook delivery to a local receiver: its own script, server and database (bench/webhooks.mjs).
    log('webhooks: delivery throughput and latency to a local receiver');
    const sizes = quick ? ['--events=500', '--steady=50'] : ['--events=2000', '--steady=200'];
    const output = execFileSync(node22, ['bench/webhooks.mjs', '--json', ...sizes], {
      cwd: repoRoot,
      env: { ...process.env, BENCH_POSTGRES_URL: postgresAdmin },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    results.webhooks = JSON.parse(output.toString().trim().split('\n').at(-1));
  }
  return results;
}

// ── Report ────────────────────────────────────────────────────────────────────────────────
function report(results) {
  const out = [];
  const m = results.machine;
  if (m)
    out.push(
      `Machine: ${m.nproc} cores (${m.cpuModel}), ${m.memoryTotalMB.toLocaleString('en-US')} MB RAM, ${m.kernel}; servers and clients on Node ${m.nodeServers}; PostgreSQL ${m.postgres}; Redis ${m.redis}; git ${m.git.head}${m.git.dirtyFiles ? ` (+${m.git.dirtyFiles} uncommitted files, ${m.git.serverSourceChanges} under server/src)` : ''}${m.git.serverDistOlderThanSrc ? ' — server/dist is OLDER than server/src' : ''}`,
    );
  if (results.data)
    out.push(
      `Data: demo world + ${results.data.generated.contracts} active contracts for trainer@example.com (each ${results.data.generated.milestones} milestones, ${results.data.generated.messages} messages, ${results.data.generated.grants} access grants); totals ${JSON.stringify(results.data.totals)}`,
    );
  if (results.queries) {
    const q = results.queries;
    for (const [workload, byTarget] of Object.entries(q.workloads)) {
      const rows = Object.keys(byTarget)
        .filter((key) => key !== 'ratios')
        .map((key) => ({ key, ...byTarget[key] }));
      const statements = results.statements?.perRequest?.[workload];
      // Statements are counted for Workroom once (ad-hoc text): its variants run the same resolvers.
      const statementsOf = (key) => statements?.[key.startsWith('workroom') ? 'workroom' : key]?.statements ?? null;
      out.push(
        table(
          `Query throughput: ${workload} (${q.connections} connections, ${q.durationSeconds} s, loopback; best of ${q.rounds} round${q.rounds === 1 ? '' : 's'})`,
          [
            ['target', (r) => r.label ?? r.key],
            ['req/s', (r) => r.requestsPerSecond],
            ['p50 ms', (r) => r.latencyMs.p50],
            ['p99 ms', (r) => r.latencyMs.p99],
            ['failed', (r) => r.failures.non2xx + r.failures.mismatches + r.failures.errors + r.failures.timeouts],
            ['KB/resp', (r) => round(r.responseBytes / 1024, 1)],
            ['srv CPU ms/req', (r) => r.serverCpuMsPerRequest],
            ['PG CPU ms/req', (r) => r.postgresCpuMsPerRequest],
            ['SQL/req', (r) => statementsOf(r.key)],
            ['other procs cores', (r) => r.cpu?.otherProcessesCores],
          ],
          rows,
        ),
      );
      const r = byTarget.ratios;
      out.push(
        `  ratios (req/s) Workroom ÷ PostGraphile / ÷ raw SQL: ad-hoc text ${r.workroomOverPostgraphile} / ${r.workroomOverRaw}; trusted hash ${r.workroomTrustedOverPostgraphile} / ${r.workroomTrustedOverRaw}; no Redis ${r.workroomNoRedisOverPostgraphile} / ${r.workroomNoRedisOverRaw}`,
      );
    }
  } else if (results.statements) {
    for (const [workload, byTarget] of Object.entries(results.statements.perRequest)) {
      out.push(
        `SQL statements per ${workload}: Workroom ${byTarget.workroom.statements}, PostGraphile ${byTarget.postgraphile.statements}, raw ${byTarget.raw.statements}`,
      );
    }
  }
  if (results.statements?.workroomQueryCost)
    out.push(
      `Workroom query cost: ${Object.entries(results.statements.workroomQueryCost)
        .filter(([key]) => key !== 'limit')
        .map(([key, cost]) => `${key} ${cost}`)
        .join(', ')} (limit 50,000)`,
    );
  if (results.fanout) {
    const rows = [
      ...results.fanout.workroom.map((r) => ({ ...r, label: 'Workroom' })),
      ...(results.fanout.perSubscriber ?? []).map((r) => ({ ...r, label: 'Workroom, not grouped' })),
      ...(results.fanout.twoInstances ?? []).map((r) => ({ ...r, label: 'Workroom ×2 (Redis)' })),
      ...results.fanout.floor.map((r) => ({ ...r, label: 'floor: Redis+ws' })),
    ];
    out.push(
      table(
        `Subscription fan-out: messageAdded(channelId), ${results.fanout.messages} messages every ${results.fanout.intervalMs} ms`,
        [
          ['target', (r) => r.label],
          ['subs', (r) => r.subscribers],
          ['connected', (r) => r.connected],
          ['connect s', (r) => r.connectSeconds],
          ['delivered', (r) => (r.expected ? `${r.delivered}/${r.expected}` : null)],
          ['offered/s', (r) => r.offeredDeliveriesPerSecond],
          ['deliv/s', (r) => r.deliveriesPerSecond],
          ['send→rcpt p50', (r) => r.sendToReceiptMs?.p50],
          ['p95', (r) => r.sendToReceiptMs?.p95],
          ['p99', (r) => (r.p99AtLeastMs ? `>${r.p99AtLeastMs.toLocaleString('en-US')}` : r.sendToReceiptMs?.p99)],
          ['max', (r) => r.sendToReceiptMs?.max],
          ['mutation p50', (r) => r.mutationMs?.p50],
          ['mutation p99', (r) => r.mutationMs?.p99],
          ['query p99', (r) => r.queryDuringBurstMs?.p99],
          ['ack→rcpt p99', (r) => r.ackToReceiptMs?.p99],
          ['1 msg: last s', (r) => r.singleMessage?.lastReceiptSeconds],
          ['RSS KB/conn', (r) => r.serverRssKBPerConnection],
          ['settled RSS KB/conn', (r) => r.settled?.rssKBPerConnection],
          ['heap KB/conn', (r) => r.settled?.heapKBPerConnection],
          ['RSS KB/conn freed on close', (r) => r.settled?.rssKBReleasedPerConnection],
          [
            'CPU ms/deliv',
            (r) =>
              r.serverCpuMsPerDeliveryPerInstance
                ? `${r.serverCpuMsPerDelivery} (${r.serverCpuMsPerDeliveryPerInstance.join(' / ')})`
                : r.serverCpuMsPerDelivery,
          ],
          // Less the same burst's CPU with no subscriber (the mutations, queries, commits: each event's own work).
          ['CPU ms/deliv beyond events', (r) => r.serverCpuMsPerDeliveryBeyondTheEvents],
          ['DB xact/deliv', (r) => r.dbTransactionsPerDelivery],
          ['other procs cores', (r) => r.cpu?.otherProcessesCores],
        ],
        rows,
      ),
    );
    out.push(
      '  send→rcpt (ms): from sending the sendMessage mutation (the floor: the PUBLISH) to the receipt in the subscriber process, over delivered messages;',
    );
    out.push(
      "  mutation: the sendMessage HTTP answer (the floor: the PUBLISH reply); query: a `{ viewer { name } }` query during the burst; ack→rcpt: from the mutation's answer to the receipt (flatters a server whose answer waits behind delivery);",
    );
    out.push('  offered/s: deliveries the schedule asks for; deliv/s: receipts from the first send to the last receipt (well below offered = saturated);');
    out.push(
      '  ">" = deliveries still missing when the wait ended; "1 msg: last s" = one message alone, from its send until the last subscriber had it. Target: send→rcpt p99 within 1.5× the floor',
    );
    for (const n of [...new Set(results.fanout.workroom.map((r) => r.subscribers))]) {
      const ours = results.fanout.workroom.find((r) => r.subscribers === n);
      const floor = results.fanout.floor.find((r) => r.subscribers === n);
      if (ours?.sendToReceiptMs?.p99 && floor?.sendToReceiptMs?.p99 && !ours.p99AtLeastMs)
        out.push(
          `  at ${n.toLocaleString('en-US')}: Workroom/floor send→receipt p99 = ${round(ours.sendToReceiptMs.p99 / floor.sendToReceiptMs.p99, 2)}, CPU per delivery ${round(ours.serverCpuMsPerDelivery / floor.serverCpuMsPerDelivery, 2)}× (beyond the events' own work ${ratioOf(ours.serverCpuMsPerDeliveryBeyondTheEvents, floor.serverCpuMsPerDeliveryBeyondTheEvents)}×), memory per connection after a full GC ${ratioOf(ours.settled?.rssKBPerConnection, floor.settled?.rssKBPerConnection)}× in RSS and ${ratioOf(ours.settled?.heapKBPerConnection, floor.settled?.heapKBPerConnection)}× in heap (target ≤ 2×), RSS freed per closed connection ${ratioOf(ours.settled?.rssKBReleasedPerConnection, floor.settled?.rssKBReleasedPerConnection)}×, RSS per connection as read mid-run ${ratioOf(ours.serverRssKBPerConnection, floor.serverRssKBPerConnection)}×`,
        );
    }
    out.push(
      '  RSS KB/conn: RSS growth over connecting and the first message, as read, divided by the connections (it counts garbage and free pages the GC has not handed back: up to 2 × --max-semi-space-size);',
    );
    out.push(
      '  settled RSS, heap KB/conn: after a full GC (lib/settle.mjs, through the inspector, both sides alike), the server with its sockets after the burst less a twin process that never had any, over N: what the connections keep',
    );
    // RSS per connection above includes what a process grows once, whatever its number of sockets
    // (V8's young generation grows under the connection burst: up to 2 × 64 MB with Workroom's
    // --max-semi-space-size=64). The slope between two sizes (fresh processes alike) leaves it out.
    for (const [label, runs] of [
      ['Workroom', results.fanout.workroom],
      ['floor', results.fanout.floor],
    ]) {
      const sized = runs.filter((r) => r.serverRssMB?.connected && r.connected).sort((a, b) => a.connected - b.connected);
      const slopes = [];
      for (let index = 1; index < sized.length; index += 1) {
        const [a, b] = [sized[index - 1], sized[index]];
        slopes.push(
          `${a.connected.toLocaleString('en-US')}→${b.connected.toLocaleString('en-US')}: ${round(((b.serverRssMB.connected - a.serverRssMB.connected) * 1024) / (b.connected - a.connected), 1)} KB`,
        );
      }
      if (slopes.length) out.push(`  ${label}: RSS per additional connection (slope between sizes) ${slopes.join(', ')}`);
      // The same from the settled figures: what each additional connection keeps, in RSS and heap.
      const settled = sized.filter((r) => r.settled);
      const grown = (r, key) => r.settled[key].connected - r.settled[key].before;
      const settledSlopes = [];
      for (let index = 1; index < settled.length; index += 1) {
        const [a, b] = [settled[index - 1], settled[index]];
        const slope = (key) => round(((grown(b, key) - grown(a, key)) * 1024) / (b.connected - a.connected), 2);
        settledSlopes.push(
          `${a.connected.toLocaleString('en-US')}→${b.connected.toLocaleString('en-US')}: ${slope('rssMB')} KB RSS, ${slope('heapUsedMB')} KB heap`,
        );
      }
      if (settledSlopes.length) out.push(`  ${label}: after a full GC, per additional connection ${settledSlopes.join('; ')}`);
    }
    for (const run of rows.filter((r) => r.broke || r.note)) out.push(`  ${run.label} at ${run.subscribers}: ${run.broke ?? run.note}`);
    for (const counted of results.fanout.statements ?? [])
      out.push(
        `  SQL statements per event, per instance (${counted.instances} instance${counted.instances === 1 ? '' : 's'}, ${counted.subscribers} subscribers, counted through a proxy per instance, not timed): ${counted.statementsPerEventPerInstance?.join(' / ')} (the first instance also runs the sendMessage mutation); CPU ms per delivery to its own subscribers: ${counted.serverCpuMsPerDeliveryPerInstance?.join(' / ')}`,
      );
  }
  if (results.fanoutSweep) out.push(sweepReport(results.fanoutSweep));
  if (results.failover) out.push(failoverReport(results.failover));
  if (results.webhooks) {
    const { burst, steady, rejectedSignatures } = results.webhooks;
    const l = steady.commitToReceiptMs;
    out.push('\nWebhooks: one endpoint, a receiver on 127.0.0.1 verifying every signature (bench/webhooks.mjs)');
    out.push(`  burst:  ${burst.delivered}/${burst.events} events in ${round(burst.seconds, 2)} s = ${burst.eventsPerSecond} events/s`);
    out.push(
      `  steady: ${steady.delivered}/${steady.events}, one per ${steady.intervalMs} ms; commit → receipt p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms, max ${l.max} ms; rejected signatures ${rejectedSignatures}`,
    );
  }
  if (results.startup) {
    out.push(
      table(
        'Start-up: node server/dist/main.js with the embedded PostgreSQL',
        [
          ['run', (r) => r.run],
          ['first answered query s', (r) => r.firstAnsweredQuerySeconds],
          ['"running at" line s', (r) => r.readyLineSeconds],
          ['shutdown s', (r) => r.shutdownSeconds],
        ],
        results.startup,
      ),
    );
  }
  if (results.profile) {
    for (const [name, profile] of Object.entries(results.profile)) {
      out.push(`\nCPU profile (${name}): ${profile.busyMs} ms busy of ${profile.sampledMs} ms sampled (${profile.idlePercent}% idle)`);
      out.push(
        `  by package: ${profile.byPackage
          .slice(0, 10)
          .map((p) => `${p.owner} ${p.selfPercent}%`)
          .join(', ')}`,
      );
      out.push(
        `  top frames: ${profile.topFrames
          .slice(0, 8)
          .map((f) => `${f.frame} ${f.selfPercent}%`)
          .join('; ')}`,
      );
    }
  }
  return out.join('\n');
}

let results;
const started = now();
try {
  results = await main();
  results.totalSeconds = round((now() - started) / 1000, 0);
  console.log(report(results));
  if (opts.save) {
    const dir = join(benchDir, 'results');
    mkdirSync(dir, { recursive: true });
    const json = `${JSON.stringify(results, null, 2)}\n`;
    writeFileSync(join(dir, `${runId}.json`), json);
    writeFileSync(join(dir, 'latest.json'), json);
    log(`results: bench/results/${runId}.json and bench/results/latest.json (${results.totalSeconds} s in all)`);
  }
} catch (error) {
  process.exitCode = 1;
  console.error(error);
  console.error(`logs kept in ${workDir}`);
} finally {
  await cleanup();
}
process.exit(process.exitCode ?? 0);
