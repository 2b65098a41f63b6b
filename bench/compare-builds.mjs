// Two (or more) Workroom builds side by side, on one bench database, in interleaved windows: the
// way to tell whether a change made a workload faster, on a machine whose speed drifts between
// runs by more than most changes (a run of `run.mjs` on one build and a later run on another
// compares the machine as much as the builds).
//
//   node bench/compare-builds.mjs before=/path/to/other/checkout after=. [--workload=dashboard]
//        [--variant=workroom|workroomTrusted] [--rounds=6] [--duration=8] [--node-args="--cpu-prof"]
//
// Each path is a checkout with `npm ci` and `npm run build` done (`git worktree add` makes one of
// an older commit). The first build seeds the demo and runs the migrations; the others start on
// the same database, so the builds must share a schema. Every build gets the same requests
// (lib/workloads.mjs) from the same autocannon settings as run.mjs (16 connections); the order
// alternates each round. Reported per window and as medians: req/s, the server's CPU per request
// and PostgreSQL's (the database's backends, from /proc).
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { backendCpuSeconds, backendCpuSnapshot } from './lib/pg-backend-cpu.mjs';
import { loadShape, seedLoad } from './lib/seed-load.mjs';
import {
  cpuSeconds,
  freePort,
  graphqlData,
  option,
  postgresAdminQuery,
  productionNodeArgs,
  round,
  startProcess,
  stopProcess,
  workroomEnv,
} from './lib/util.mjs';
import { benchTargets, writeBenchManifest } from './lib/workloads.mjs';

const args = process.argv.slice(2);
const builds = args
  .filter((arg) => !arg.startsWith('--'))
  .map((arg) => {
    const [label, path] = arg.split('=');
    if (!label || !path) throw new Error(`expected label=path, got ${arg}`);
    return { label, root: resolve(path) };
  });
if (builds.length < 2) throw new Error('usage: node bench/compare-builds.mjs before=PATH after=PATH [--workload=dashboard] [--rounds=6] [--duration=8]');
const workload = option('workload', 'dashboard');
const variant = option('variant', 'workroom');
const rounds = Number(option('rounds', 6));
const duration = Number(option('duration', 8));
const nodeArgs = option('node-args', '').split(' ').filter(Boolean);

const postgresAdmin = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const jwtSecret = randomBytes(32).toString('base64');
const payoutMethodsKey = randomBytes(32).toString('base64');
const databaseName = `workroom_compare_${randomBytes(4).toString('hex')}`;
const databaseUrl = Object.assign(new URL(postgresAdmin), { pathname: `/${databaseName}` }).toString();

async function startBuild({ label, root }, { seed, manifest }) {
  const port = await freePort();
  const record = startProcess({
    name: label,
    cwd: root,
    // As run.mjs runs it: each checkout with its own `npm start` flags.
    args: [...productionNodeArgs(root), ...nodeArgs, 'server/dist/main.js'],
    env: workroomEnv(
      { jwtSecret, payoutMethodsKey },
      {
        PORT: String(port),
        SEED_DEMO: seed ? 'always' : 'never',
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
        TRUSTED_DOCUMENTS_MANIFEST: manifest,
      },
    ),
    logFile: `/tmp/${databaseName}-${label}.log`,
    ready: /Workroom is running at (http:\/\/\S+)/,
    timeoutMs: 90_000,
  });
  const [, url] = await record.ready;
  return { label, record, pid: record.pid, graphqlUrl: `${url}/graphql` };
}

async function window(server, target, seconds) {
  const backends0 = await backendCpuSnapshot(databaseUrl);
  const cpu0 = cpuSeconds(server.pid);
  const result = await autocannon({
    url: server.graphqlUrl,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers },
    body: target.body,
    connections: 16,
    pipelining: 1,
    duration: seconds,
    verifyBody: (text) => text.length > 1000 && !text.includes('"errors"'),
  });
  const served = result.requests.total - (result.mismatches ?? 0) - result.non2xx;
  const backendSeconds = backendCpuSeconds(backends0, await backendCpuSnapshot(databaseUrl));
  return {
    requestsPerSecond: served / seconds,
    serverCpuMs: (1000 * (cpuSeconds(server.pid) - cpu0)) / served,
    postgresCpuMs: (1000 * backendSeconds) / served,
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const servers = [];
await postgresAdminQuery(`CREATE DATABASE "${databaseName}"`);
try {
  const manifest = writeBenchManifest(`/tmp/${databaseName}-documents.json`);
  servers.push(await startBuild(builds[0], { seed: true, manifest }));
  const seeded = await seedLoad(databaseUrl, loadShape);
  for (const build of builds.slice(1)) servers.push(await startBuild(build, { seed: false, manifest }));
  const signIn = async (email) =>
    (
      await graphqlData(servers[0].graphqlUrl, `mutation($e: String!) { signIn(input: { email: $e, password: "workroom" }) { token } }`, {
        variables: { e: email },
      })
    ).signIn.token;
  const tokens = { trainer: await signIn('trainer@example.com'), employer: await signIn('employer@example.com') };
  const contractGlobalId = Buffer.from(`Contract:${seeded.sampleContractId}`).toString('base64url');
  const target = benchTargets({ ids: seeded, tokens, contractGlobalId })[variant][workload];
  for (const server of servers) await window(server, target, 3); // warm-up
  const windows = new Map(servers.map((server) => [server.label, []]));
  for (let index = 0; index < rounds; index += 1) {
    for (const server of index % 2 ? [...servers].reverse() : servers) {
      const measured = await window(server, target, duration);
      windows.get(server.label).push(measured);
      console.log(
        `${workload} (${variant}) round ${index + 1}/${rounds} ${server.label}: ${round(measured.requestsPerSecond, 1)} req/s, ` +
          `server ${round(measured.serverCpuMs, 2)} ms, PostgreSQL ${round(measured.postgresCpuMs, 2)} ms per request`,
      );
    }
  }
  for (const [label, measured] of windows) {
    console.log(
      `${label}: median ${round(median(measured.map((m) => m.requestsPerSecond)), 1)} req/s, server ${round(median(measured.map((m) => m.serverCpuMs)), 2)} ms, ` +
        `PostgreSQL ${round(median(measured.map((m) => m.postgresCpuMs)), 2)} ms per request`,
    );
  }
} finally {
  for (const server of servers) await stopProcess(server.record);
  await postgresAdminQuery(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
}
