import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, eventually, wsClient } from '../server/test/live-helpers.js';

/**
 * What a newcomer's `npm start` does, on no database at all: the built server starts an
 * embedded PostgreSQL under DATA_DIR, migrates, seeds the demo, prints the URL and the demo
 * sign-ins, serves the graph and the IDE, and stops cleanly on SIGTERM.
 */
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const mainScript = join(repoRoot, 'server', 'dist', 'main.js');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Started {
  child: ChildProcessWithoutNullStreams;
  url: string;
  output: () => string;
}

async function startServer(dataDir: string, pgPort: number): Promise<Started> {
  const child = spawn(process.execPath, [mainScript], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), PORT: '0', LOG_LEVEL: 'warn' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start banner within 120 s:\n${output}`)), 120_000);
    const check = () => {
      const match = /Workroom is running at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before starting:\n${output}`));
    });
  });
  return { child, url, output: () => output };
}

async function stopServer(started: Started): Promise<number | null> {
  if (started.child.exitCode !== null) return started.child.exitCode;
  const exited = new Promise<number | null>((resolve) => started.child.once('exit', (code) => resolve(code)));
  started.child.kill('SIGTERM');
  return exited;
}

async function graphql<T>(url: string, query: string, variables?: Record<string, unknown>, token?: string) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

async function signIn(url: string, email: string): Promise<string> {
  const result = await graphql<{ signIn: { token: string } }>(url, 'mutation ($input: SignInInput!) { signIn(input: $input) { token } }', {
    input: { email, password: 'workroom' },
  });
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.signIn.token;
}

const myJobs = `{ viewer { name activeContracts(first: 20) { totalCount nodes { title organization { name }
  milestones(first: 20) { nodes { number title status amount { amount currency } dueAt } }
  billingSummary { paidOut { amount } activeAndFunded { amount } pendingApproval { amount } totalBudget { amount } } } } } }`;

interface MyJobs {
  viewer: {
    name: string;
    activeContracts: { totalCount: number; nodes: Array<{ title: string; milestones: { nodes: Array<{ status: string }> } }> };
  };
}

describe('npm start on a machine with no database', () => {
  let dataDir: string;
  let pgPort: number;
  let first: Started;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'workroom-start-'));
    // As root the embedded PostgreSQL runs as the `postgres` user, who must reach its data dir.
    await chmod(dataDir, 0o755);
    pgPort = await freePort();
    first = await startServer(join(dataDir, 'data'), pgPort);
  }, 180_000);

  afterAll(async () => {
    if (first) await stopServer(first);
    await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('prints the URL and the demo sign-ins', () => {
    expect(first.output()).toContain(`${first.url}/graphql`);
    expect(first.output()).toMatch(/trainer@example\.com/);
    expect(first.output()).toMatch(/employer@example\.com/);
    expect(first.output()).toMatch(/password "workroom"/);
  });

  it('serves the demo trainer their active contracts with milestones and billing summary', async () => {
    const token = await signIn(first.url, 'trainer@example.com');
    const result = await graphql<MyJobs>(first.url, myJobs, undefined, token);
    expect(result.errors).toBeUndefined();
    const contracts = result.data!.viewer.activeContracts;
    expect(contracts.totalCount).toBeGreaterThanOrEqual(3);
    expect(contracts.nodes.flatMap((contract) => contract.milestones.nodes).length).toBeGreaterThan(0);
  });

  it('shows another trainer none of those contracts', async () => {
    const idsOf = async (email: string) => {
      const result = await graphql<{ viewer: { activeContracts: { nodes: Array<{ id: string }> } } }>(
        first.url,
        '{ viewer { activeContracts { nodes { id } } } }',
        undefined,
        await signIn(first.url, email),
      );
      return result.data!.viewer.activeContracts.nodes.map((node) => node.id);
    };
    const alex = new Set(await idsOf('trainer@example.com'));
    const taylor = await idsOf('trainer3@example.com');
    expect(taylor.length).toBeGreaterThan(0);
    expect(taylor.filter((id) => alex.has(id))).toEqual([]);
  });

  it('serves the GraphQL IDE from the server itself, with no CDN', async () => {
    for (const path of ['/graphql', '/explorer']) {
      const response = await fetch(`${first.url}${path}`, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain('Workroom GraphQL IDE');
      const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
      expect(sources.length).toBeGreaterThan(0);
      for (const source of sources) expect(source).not.toMatch(/^(https?:)?\/\//);
      const script = sources.find((source) => source.endsWith('.js'))!;
      expect((await fetch(`${first.url}${script}`)).status).toBe(200);
    }
  });

  it('serves live subscriptions on the same port: a message sent by the employer reaches the trainer', async () => {
    const trainerToken = await signIn(first.url, 'trainer@example.com');
    const employerToken = await signIn(first.url, 'employer@example.com');
    const conversations = await graphql<{ viewer: { conversations: { nodes: Array<{ id: string; kind: string }> } } }>(
      first.url,
      '{ viewer { conversations(first: 50) { nodes { id kind } } } }',
      undefined,
      employerToken,
    );
    const channelId = conversations.data!.viewer.conversations.nodes.find((node) => node.kind === 'DIRECT')!.id;
    const client = wsClient(first.url, trainerToken);
    const received = collect<{ message: { body: string } }>(
      client,
      'subscription ($channelId: ID) { messageAdded(channelId: $channelId) { cursor message { body } } }',
      {
        channelId,
      },
    );
    // The subscription is live once the server acknowledges it; a message sent before may be missed, so retry until one lands.
    let attempt = 0;
    await eventually(async () => {
      attempt += 1;
      await graphql(
        first.url,
        'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { message { id } } }',
        {
          input: { channelId, body: `Live check ${attempt}` },
        },
        employerToken,
      );
      return received.items.length > 0;
    }, 15_000);
    expect(received.items[0]!.message.body).toMatch(/^Live check \d+$/);
    await client.dispose();
  });

  it('keeps its JWT secret under the data directory', async () => {
    const secret = await readFile(join(dataDir, 'data', 'jwt-secret'), 'utf8');
    expect(secret.trim().length).toBeGreaterThanOrEqual(32);
  });

  it('stops cleanly on SIGTERM and starts again on the same data without seeding twice', async () => {
    const token = await signIn(first.url, 'trainer@example.com');
    const before = await graphql<MyJobs>(first.url, myJobs, undefined, token);
    const socket = wsClient(first.url, token);
    const open = collect(socket, 'subscription { activity { type } }');
    await eventually(() => socket.connections === 1);
    expect(await stopServer(first)).toBe(0);
    // Open sockets are told the server is going away (1001), not dropped.
    await eventually(() => socket.closeCodes.length > 0 || open.errors.length > 0);
    expect([...socket.closeCodes, open.closeCode]).toContain(1001);
    await socket.dispose();
    const second = await startServer(join(dataDir, 'data'), pgPort);
    try {
      const again = await graphql<MyJobs>(second.url, myJobs, undefined, await signIn(second.url, 'trainer@example.com'));
      expect(again.data!.viewer.activeContracts.totalCount).toBe(before.data!.viewer.activeContracts.totalCount);
      // A token from the first run is still valid: the secret was kept.
      const reused = await graphql<MyJobs>(second.url, '{ viewer { name } }', undefined, token);
      expect(reused.errors).toBeUndefined();
    } finally {
      expect(await stopServer(second)).toBe(0);
    }
  }, 180_000);
});
