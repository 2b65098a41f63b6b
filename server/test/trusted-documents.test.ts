import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse, specifiedRules, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, repoRoot } from '../src/config.js';
import { toGlobalId } from '../src/graphql/global-id.js';
import { limitValidationRules } from '../src/api/limits.js';
import { buildWorkroomSchema } from '../src/composition.js';
import { TrustedDocuments } from '../src/api/trusted-documents.js';
import { startWorkroom } from '../src/server.js';
import { Factory } from './factories.js';
import { startTestServer, testJwtSecret, type GraphQLResponse, type TestServer } from './helpers.js';
import { eventually, wsClient } from './live-helpers.js';

/**
 * Trusted documents (TRUSTED_DOCUMENTS): the dashboard's operations, known by hash from the
 * manifest its codegen writes, over HTTP POST and GET and over graphql-ws, under each mode. These
 * use the real client manifest (`npm test` builds it first), so what passes here is what the
 * shipped dashboard sends.
 */
const manifestPath = join(repoRoot, 'client/src/gql/persisted-documents.json');
let manifest: Record<string, string>;

/** The manifest entry of one of the client's operations, by operation name. */
function persisted(operationName: string): { hash: string; text: string } {
  const entry = Object.entries(manifest).find(([, text]) => new RegExp(`(query|mutation|subscription) ${operationName}\\b`).test(text));
  if (!entry) throw new Error(`no ${operationName} in the client's manifest`);
  return { hash: entry[0].replace(/^sha256:/, ''), text: entry[1] };
}

const persistedQuery = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });
const arbitrary = '{ viewer { name } }';

async function post<T = Record<string, unknown>>(server: TestServer, body: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

/** A GET the way Apollo Client sends one (its `content-type: application/json` satisfies CSRF prevention). */
async function get<T = Record<string, unknown>>(
  server: TestServer,
  params: Record<string, unknown>,
  { token, headers = { 'content-type': 'application/json' } }: { token?: string; headers?: Record<string, string> } = {},
): Promise<GraphQLResponse<T>> {
  const search = new URLSearchParams(
    Object.entries(params).map(([key, value]): [string, string] => [key, typeof value === 'string' ? value : JSON.stringify(value)]),
  );
  const response = await fetch(`${server.url}/graphql?${search}`, { headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  return { status: response.status, ...((await response.json()) as object) };
}

const code = (result: GraphQLResponse) => result.errors?.[0]?.extensions?.code;

beforeAll(async () => {
  manifest = JSON.parse(
    await readFile(manifestPath, 'utf8').catch(() => {
      throw new Error(`${manifestPath} is missing: run \`npm run codegen\` (npm test builds it)`);
    }),
  ) as Record<string, string>;
});

describe('the client manifest', () => {
  it('holds every operation of the client, each valid against the schema and within the default limits', async () => {
    const schema = await buildWorkroomSchema();
    const rules = [...specifiedRules, ...limitValidationRules(loadConfig({}).limits)];
    const problems: string[] = [];
    for (const [hash, text] of Object.entries(manifest)) {
      const errors = validate(schema, parse(text), rules);
      if (errors.length > 0) problems.push(`${hash}: ${errors.map((error) => error.message).join('; ')}`);
    }
    expect(problems).toEqual([]);
    // The dashboard's sign-in, shell, home and live feed at least.
    for (const name of ['SignIn', 'ShellViewer', 'DashboardHome', 'LiveActivity', 'SendMessage']) expect(() => persisted(name)).not.toThrow();
  });
});

describe('configuration', () => {
  it('is off in development and allow in production, and reads the manifest codegen writes', () => {
    expect(loadConfig({}).trustedDocuments).toEqual({ mode: 'off', manifestPath });
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x', JWT_SECRET: 'x'.repeat(32), PAYOUT_METHODS_KEY: 'k'.repeat(32) } as const;
    expect(loadConfig(production).trustedDocuments.mode).toBe('allow');
    expect(loadConfig({ TRUSTED_DOCUMENTS: 'require', TRUSTED_DOCUMENTS_MANIFEST: 'elsewhere/m.json' }).trustedDocuments).toEqual({
      mode: 'require',
      manifestPath: join(repoRoot, 'elsewhere/m.json'),
    });
    expect(() => loadConfig({ TRUSTED_DOCUMENTS: 'strict' })).toThrow(/TRUSTED_DOCUMENTS/);
  });

  it('refuses to start under require without a manifest, before touching the database', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      JWT_SECRET: testJwtSecret,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/unreachable',
      TRUSTED_DOCUMENTS: 'require',
      TRUSTED_DOCUMENTS_MANIFEST: '/nonexistent/persisted-documents.json',
    });
    const start = startWorkroom(config);
    await expect(start).rejects.toBeInstanceOf(ConfigError);
    await expect(start).rejects.toThrow(
      /TRUSTED_DOCUMENTS: is "require", but the trusted-documents manifest \/nonexistent\/persisted-documents.json does not exist/,
    );
  });

  it('makes `npm start` exit with that message', async () => {
    const run = promisify(execFile)(process.execPath, [join(repoRoot, 'server/dist/main.js')], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        JWT_SECRET: testJwtSecret,
        DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x',
        TRUSTED_DOCUMENTS: 'require',
        TRUSTED_DOCUMENTS_MANIFEST: '/nonexistent/m.json',
      },
      timeout: 20_000,
    });
    const failure = await run.then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/TRUSTED_DOCUMENTS: is "require", but the trusted-documents manifest \/nonexistent\/m.json does not exist/);
  });

  it('starts under allow without a manifest, with a warning; refuses a manifest that is not SHA-256', async () => {
    const warnings: string[] = [];
    const missing = await TrustedDocuments.load({ mode: 'allow', manifestPath: '/nonexistent/m.json' }, (message) => warnings.push(message));
    expect(missing.size).toBe(0);
    expect(warnings.join()).toMatch(/does not exist/);

    const dir = await mkdtemp(join(tmpdir(), 'workroom-trusted-'));
    try {
      const sha1Manifest = join(dir, 'sha1.json');
      await writeFile(sha1Manifest, JSON.stringify({ '4e1243bd22c66e76c2ba9eddc1f91394e57f9f83': '{ __typename }' }));
      await expect(TrustedDocuments.load({ mode: 'require', manifestPath: sha1Manifest }, () => undefined)).rejects.toThrow(/not the SHA-256 of its document/);
      await writeFile(sha1Manifest, '[]');
      await expect(TrustedDocuments.load({ mode: 'allow', manifestPath: sha1Manifest }, () => undefined)).rejects.toThrow(/JSON object/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('TRUSTED_DOCUMENTS=require', () => {
  let server: TestServer;
  let token: string;
  let employerToken: string;
  let channelId: string;

  beforeAll(async () => {
    server = await startTestServer({
      env: { TRUSTED_DOCUMENTS: 'require', TRUSTED_DOCUMENTS_MANIFEST: manifestPath, EVENTS_POLL_MS: '200', EVENTS_SWEEP_MS: '200' },
    });
    const factory = new Factory(server.workroom.dataSource);
    const organization = await factory.organization();
    const employer = await factory.employer(organization, { email: 'td-employer@test.example' });
    const trainer = await factory.trainer({ email: 'td-trainer@test.example', name: 'Alex Rivera' });
    const job = await factory.job(organization);
    await factory.contract(job, trainer);
    channelId = toGlobalId('Channel', (await factory.channel(organization, [employer, trainer], { jobId: job.id })).id);
    // Signed in the way the dashboard signs in: its SignIn document, by hash.
    const signIn = async (email: string) => {
      const result = await post<{ signIn: { token: string } }>(server, {
        operationName: 'SignIn',
        variables: { input: { email, password: 'workroom' } },
        extensions: persistedQuery(persisted('SignIn').hash),
      });
      if (!result.data?.signIn) throw new Error(`sign-in failed: ${JSON.stringify(result)}`);
      return result.data.signIn.token;
    };
    token = await signIn('td-trainer@test.example');
    employerToken = await signIn('td-employer@test.example');
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('runs a known hash over POST', async () => {
    const result = await post(server, { operationName: 'ShellViewer', extensions: persistedQuery(persisted('ShellViewer').hash) }, token);
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    expect(result.data).toMatchObject({ viewer: { __typename: 'Viewer', name: 'Alex Rivera', role: 'TRAINER' } });
  });

  it('runs a known hash over GET, which CSRF prevention still guards, and never a mutation', async () => {
    const params = {
      operationName: 'DashboardHome',
      variables: { contracts: 5, conversations: 5 },
      extensions: persistedQuery(persisted('DashboardHome').hash),
    };
    const result = await get(server, params, { token });
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    expect(result.data).toHaveProperty('viewer.activeContracts');

    // A bare GET (what a cross-site <img> or form could send) is refused before anything runs.
    const bare = await get(server, params, { token, headers: {} });
    expect(bare.status).toBe(400);
    expect(bare.errors?.[0]?.message).toMatch(/Cross-Site Request Forgery/);

    const mutation = await get(server, {
      operationName: 'SignIn',
      variables: { input: { email: 'td-trainer@test.example', password: 'workroom' } },
      extensions: persistedQuery(persisted('SignIn').hash),
    });
    expect(mutation.status).toBe(405);
  });

  it('answers an unknown hash with PERSISTED_QUERY_NOT_FOUND, over POST and GET', async () => {
    const unknown = persistedQuery('0'.repeat(64));
    for (const result of [await post(server, { extensions: unknown }, token), await get(server, { extensions: unknown }, { token })]) {
      expect(code(result)).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(result.errors?.[0]?.message).toMatch(/No trusted document has this hash/);
      expect(result.data).toBeUndefined();
    }
  });

  it('refuses query text with PERSISTED_QUERY_REQUIRED (400, not 500), over POST and GET, before parsing it', async () => {
    for (const result of [
      await post(server, { query: arbitrary }, token),
      await get(server, { query: arbitrary }, { token }),
      await post(server, { query: '{ not even GraphQL' }, token),
      await post(server, { query: '{ __schema { types { name } } }' }, token),
    ]) {
      expect(result.status).toBe(400);
      expect(code(result)).toBe('PERSISTED_QUERY_REQUIRED');
      expect(result.errors?.[0]?.message).toMatch(/trusted documents/);
    }
  });

  it('accepts the exact text of a trusted document, and no other text under its hash', async () => {
    const shell = persisted('ShellViewer');
    const exact = await post(server, { query: shell.text }, token);
    expect(exact.errors).toBeUndefined();
    expect(exact.data).toHaveProperty('viewer.name', 'Alex Rivera');
    const smuggled = await post(server, { query: arbitrary, extensions: persistedQuery(shell.hash) }, token);
    expect(smuggled.status).toBe(400);
    expect(smuggled.data).toBeUndefined();
  });

  it('serves no IDE, and says why', async () => {
    const response = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(404);
    expect(await response.text()).toMatch(/TRUSTED_DOCUMENTS=require/);
  });

  it("runs the dashboard's live feed over WebSocket by hash, and refuses text and unknown hashes there", async () => {
    const client = wsClient(server.url, token);
    type Next = { data?: { activity?: { summary: string; type: string } } | null; errors?: Array<{ extensions?: { code?: string } }> };
    const subscribe = (payload: { query: string; variables?: Record<string, unknown>; extensions?: Record<string, unknown> }) => {
      const received: Next[] = [];
      const errors: unknown[] = [];
      const dispose = client.subscribe<Next['data'] & object>(payload, {
        next: (value) => received.push(value as Next),
        error: (error) => errors.push(error),
        complete: () => undefined,
      });
      return { received, errors, dispose };
    };
    try {
      const live = persisted('LiveActivity');
      // Apollo Client's GraphQLWsLink prints its own copy of the text next to the hash: the server runs its own.
      const feed = subscribe({ query: 'subscription LiveActivity { activity { id } }', variables: {}, extensions: persistedQuery(live.hash) });
      const text = subscribe({ query: 'subscription { activity { summary } }' });
      const unknown = subscribe({ query: '', extensions: persistedQuery('f'.repeat(64)) });
      await eventually(() => text.errors.length > 0 && unknown.errors.length > 0);
      await eventually(() => server.workroom.services.events.stream.listenerCount >= 1);
      const codes = (errors: unknown[]) => (errors[0] as Array<{ extensions?: { code?: string } }>).map((error) => error.extensions?.code);
      expect(codes(text.errors)).toEqual(['PERSISTED_QUERY_REQUIRED']);
      expect(codes(unknown.errors)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);

      // The employer posts with the dashboard's SendMessage document; the trainer's feed delivers it.
      const sent = await post(
        server,
        { operationName: 'SendMessage', variables: { input: { channelId, body: 'Trusted hello' } }, extensions: persistedQuery(persisted('SendMessage').hash) },
        employerToken,
      );
      expect(sent.errors).toBeUndefined();
      await eventually(() => feed.received.length > 0);
      expect(feed.errors).toEqual([]);
      expect(feed.received[0]?.errors).toBeUndefined();
      // The manifest's selection ran (summary, __typename), not the one-field text sent along.
      expect(feed.received[0]?.data?.activity).toMatchObject({ __typename: 'ActivityEvent', type: 'MESSAGE_ADDED', summary: expect.any(String) });
      feed.dispose();
    } finally {
      await client.dispose();
    }
  });
});

describe('limits under TRUSTED_DOCUMENTS=require', () => {
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer({
      env: { TRUSTED_DOCUMENTS: 'require', TRUSTED_DOCUMENTS_MANIFEST: manifestPath, MAX_QUERY_DEPTH: '3', RATE_LIMIT_USER_PER_MINUTE: '3' },
    });
    const trainer = await new Factory(server.workroom.dataSource).trainer();
    token = (await server.workroom.services.tokens.issue(trainer.id)).token;
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('holds a trusted document to the depth limit and the per-user rate limit like any other', async () => {
    const home = { operationName: 'DashboardHome', variables: { contracts: 5, conversations: 5 }, extensions: persistedQuery(persisted('DashboardHome').hash) };
    const deep = await post(server, home, token);
    expect(code(deep)).toBe('DEPTH_LIMIT_EXCEEDED');
    const shell = { operationName: 'ShellViewer', extensions: persistedQuery(persisted('ShellViewer').hash) };
    const results = [await post(server, shell, token), await post(server, shell, token), await post(server, shell, token)];
    expect(results.map(code)).toContain('RATE_LIMITED');
    expect(results.at(-1)?.status).toBe(429);
  });
});

describe.each([
  ['allow', 'PERSISTED_QUERY_NOT_FOUND'],
  ['off', 'PERSISTED_QUERY_NOT_SUPPORTED'],
] as const)('TRUSTED_DOCUMENTS=%s', (mode, unknownHashCode) => {
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer({ env: { TRUSTED_DOCUMENTS: mode, TRUSTED_DOCUMENTS_MANIFEST: manifestPath } });
    const trainer = await new Factory(server.workroom.dataSource).trainer({ name: 'Jordan Kim' });
    token = (await server.workroom.services.tokens.issue(trainer.id)).token;
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('accepts arbitrary query text, over HTTP and WebSocket', async () => {
    const result = await server.graphql(arbitrary, { token });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ viewer: { name: 'Jordan Kim' } });
    const client = wsClient(server.url, token);
    try {
      const errors: unknown[] = [];
      let completed = false;
      client.subscribe(
        { query: 'subscription { activity { id } }' },
        { next: () => undefined, error: (error) => errors.push(error), complete: () => (completed = true) },
      );
      // Accepted: nothing arrives and nothing fails (no events happen here).
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(errors).toEqual([]);
      expect(completed).toBe(false);
    } finally {
      await client.dispose();
    }
  });

  it(
    mode === 'allow' ? 'runs a known hash, and answers an unknown one with PERSISTED_QUERY_NOT_FOUND' : 'answers any hash with PERSISTED_QUERY_NOT_SUPPORTED',
    async () => {
      const known = await post(server, { extensions: persistedQuery(persisted('ShellViewer').hash) }, token);
      if (mode === 'allow') {
        expect(known.errors).toBeUndefined();
        expect(known.data).toHaveProperty('viewer.name', 'Jordan Kim');
        expect(code(await post(server, { extensions: persistedQuery('0'.repeat(64)) }, token))).toBe(unknownHashCode);
        // Text with a hash that is not its own, or a protocol version that does not exist: the request's fault.
        for (const body of [
          { query: arbitrary, extensions: persistedQuery('a'.repeat(64)) },
          { extensions: { persistedQuery: { version: 2, sha256Hash: 'a'.repeat(64) } } },
        ]) {
          const refused = await post(server, body, token);
          expect(refused.status).toBe(400);
          expect(code(refused)).toBe('BAD_REQUEST');
        }
      } else {
        // Apollo Client takes this as "send the text instead" and stops sending hashes.
        expect(code(known)).toBe(unknownHashCode);
      }
    },
  );
});
