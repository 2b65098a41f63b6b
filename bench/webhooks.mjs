#!/usr/bin/env node
// Webhook delivery: throughput and latency from the outbox to a local receiver on 127.0.0.1 that
// verifies every signature (HMAC-SHA256, Standard Webhooks). One Workroom process (server/dist:
// run `npm run build` first) over a fresh database on the local PostgreSQL; one organization, one
// endpoint. Two phases:
//   burst   N events committed at once; throughput = N / (last arrival − commit)
//   steady  one event every --interval ms; latency = arrival − the event's commit time
// Usage (from the repository root): node bench/webhooks.mjs [--events=2000] [--steady=200] [--interval=20] [--json]
import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const option = (name, fallback) => Number(argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const opts = { events: option('events', 2000), steady: option('steady', 200), intervalMs: option('interval', 20) };
const json = argv.includes('--json');
const say = (...parts) => (json ? process.stderr : process.stdout).write(`${parts.join(' ')}\n`);
const adminUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const database = `workroom_bench_webhooks_${randomBytes(4).toString('hex')}`;
const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${database}` }).href;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function percentiles(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  return { count: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted.at(-1) };
}

// ── The receiver: verifies each request as a customer's tool would, remembers when each position arrived.
let secretKey;
const arrivals = new Map();
let rejected = 0;
const receiver = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const id = request.headers['webhook-id'];
    const timestamp = request.headers['webhook-timestamp'];
    const expected = `v1,${createHmac('sha256', secretKey).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
    if (!String(request.headers['webhook-signature']).split(' ').includes(expected)) {
      rejected += 1;
      return response.writeHead(400).end();
    }
    const { position } = JSON.parse(body);
    if (!arrivals.has(position)) arrivals.set(position, Date.now());
    response.writeHead(204).end();
  });
});
await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${receiver.address().port}/hook`;

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE "${database}"`);
let server;
try {
  // ── Workroom, as `npm start` runs it, with the development override for a receiver on 127.0.0.1.
  const port = await new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address();
      probe.close(() => resolve(free));
    });
  });
  server = spawn(process.execPath, ['server/dist/main.js'], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      JWT_SECRET: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'never',
      RATE_LIMIT_USER_PER_MINUTE: '1000000',
      RATE_LIMIT_IP_PER_MINUTE: '1000000',
      WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: 'true',
      WEBHOOKS_ORG_RATE_PER_SECOND: '100000',
      // Events are written here by plain INSERTs, which the publisher finds on its sweep; a
      // command kicks it right after its commit instead. A short sweep stands in for that kick.
      EVENTS_SWEEP_MS: '50',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let output = '';
    server.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /Workroom is running at (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]);
    });
    server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const graphql = async (query, variables, token) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const answer = await response.json();
    if (answer.errors) throw new Error(JSON.stringify(answer.errors));
    return answer.data;
  };

  // ── One organization, its employer, one endpoint.
  const { hashPassword } = await import(join(repoRoot, 'server/dist/auth/passwords.js'));
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const [{ id: organizationId }] = (await db.query(`INSERT INTO organizations (name) VALUES ('Bench Labs') RETURNING id`)).rows;
  await db.query(
    `INSERT INTO users (email, name, role, organization_id, password_hash, timezone, skills) VALUES ('bench@example.com', 'Bench', 'EMPLOYER', $1, $2, 'UTC', '{}')`,
    [organizationId, await hashPassword('workroom')],
  );
  const { signIn } = await graphql('mutation ($input: SignInInput!) { signIn(input: $input) { token } }', {
    input: { email: 'bench@example.com', password: 'workroom' },
  });
  const created = await graphql(
    'mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret } }',
    { input: { url: receiverUrl, eventTypes: ['MILESTONE_STATUS_CHANGED'] } },
    signIn.token,
  );
  secretKey = Buffer.from(created.createWebhookEndpoint.secret.slice('whsec_'.length), 'base64');

  const insert = (count) =>
    db.query(
      `INSERT INTO events (type, audience, organization_id, subject_type, subject_id, summary, payload)
       SELECT 'MILESTONE_STATUS_CHANGED', 'ORGANIZATION', $1, 'Milestone', gen_random_uuid(), 'Bench event ' || i, jsonb_build_object('i', i)
       FROM generate_series(1, $2) AS i`,
      [organizationId, count],
    );
  const waitForArrivals = async (count, timeoutMs) => {
    const deadline = Date.now() + timeoutMs;
    while (arrivals.size < count && Date.now() < deadline) await sleep(5);
    return arrivals.size >= count;
  };

  // ── Burst: N events in one commit.
  say(`webhooks: burst of ${opts.events} events…`);
  const committed = Date.now();
  await insert(opts.events);
  const complete = await waitForArrivals(opts.events, 300_000);
  const lastArrival = Math.max(...arrivals.values());
  const burst = {
    events: opts.events,
    delivered: arrivals.size,
    complete,
    seconds: (lastArrival - committed) / 1000,
    eventsPerSecond: Math.round(arrivals.size / ((lastArrival - committed) / 1000)),
  };

  // ── Steady: one event every interval; latency from commit (created_at) to arrival.
  say(`webhooks: steady, ${opts.steady} events every ${opts.intervalMs} ms…`);
  arrivals.clear();
  const commits = new Map();
  for (let index = 0; index < opts.steady; index += 1) {
    const { rows } = await db.query(
      `INSERT INTO events (type, audience, organization_id, subject_type, subject_id, summary) VALUES ('MILESTONE_STATUS_CHANGED', 'ORGANIZATION', $1, 'Milestone', gen_random_uuid(), 'Steady') RETURNING id`,
      [organizationId],
    );
    commits.set(rows[0].id, Date.now());
    await sleep(opts.intervalMs);
  }
  await waitForArrivals(opts.steady, 60_000);
  const positions = (await db.query(`SELECT id, position FROM events WHERE id = ANY($1)`, [[...commits.keys()]])).rows;
  const latencies = positions.filter((row) => arrivals.has(Number(row.position))).map((row) => arrivals.get(Number(row.position)) - commits.get(row.id));
  const steady = { events: opts.steady, intervalMs: opts.intervalMs, delivered: latencies.length, commitToReceiptMs: percentiles(latencies) };
  await db.end();

  const results = { burst, steady, rejectedSignatures: rejected };
  if (json) process.stdout.write(`${JSON.stringify(results)}\n`);
  else {
    say(`\nWebhook delivery to a local receiver (one endpoint, signatures verified)`);
    say(`  burst:  ${burst.delivered}/${burst.events} events in ${burst.seconds.toFixed(2)} s = ${burst.eventsPerSecond} events/s`);
    const l = steady.commitToReceiptMs;
    say(
      `  steady: ${steady.delivered}/${steady.events} events, one per ${steady.intervalMs} ms; commit → receipt p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms, max ${l.max} ms`,
    );
    say(`  rejected signatures: ${rejected}`);
  }
} finally {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
  receiver.close();
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin.end();
}
