import {
  getNamedType,
  GraphQLObjectType,
  isAbstractType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from '../src/auth/tokens.js';
import { isConnectionField } from '../src/api/gate.js';
import { toGlobalId } from '../src/graphql/global-id.js';
import { buildWorkroomSchema } from '../src/composition.js';
import type { Channel } from '../src/modules/messaging/channel.entity.js';
import type { User } from '../src/modules/accounts/user.entity.js';
import { Factory } from './factories.js';
import { startTestServer, testJwtSecret, type GraphQLResponse, type TestServer } from './helpers.js';
import { collect, eventually, wsClient } from './live-helpers.js';

/**
 * One gate for HTTP and graphql-ws: the same hostile documents get the same codes on both
 * transports, a limit fails closed, and a socket stops serving once its sign-in is no longer good.
 */
let server: TestServer;
let factory: Factory;
let channel: Channel;
let trainer: User;
let token: string;

beforeAll(async () => {
  server = await startTestServer({
    env: { MAX_QUERY_COST: '5000', MAX_QUERY_DEPTH: '10', EVENTS_POLL_MS: '200', EVENTS_SWEEP_MS: '200', WS_SESSION_CHECK_MS: '300' },
  });
  factory = new Factory(server.workroom.dataSource);
  const organization = await factory.organization();
  const employer = await factory.employer(organization, { email: 'gate-employer@test.example' });
  trainer = await factory.trainer({ email: 'gate-trainer@test.example' });
  const job = await factory.job(organization);
  await factory.contract(job, trainer);
  channel = await factory.channel(organization, [employer, trainer], { jobId: job.id });
  token = await server.signIn('gate-trainer@test.example');
});

afterAll(async () => {
  await server?.stop();
});

/** Runs one operation over a socket of its own and returns its result (or the errors it was refused with). */
async function overSocket(query: string, variables: Record<string, unknown> = {}, bearer = token): Promise<GraphQLResponse> {
  const client = wsClient(server.url, bearer);
  try {
    return await runOn(client, query, variables);
  } finally {
    await client.dispose();
  }
}

function runOn(client: Client, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse> {
  return new Promise((resolve) => {
    let result: GraphQLResponse = { status: 0 };
    client.subscribe(
      { query, variables },
      {
        next: (value) => {
          result = { status: 0, data: value.data, errors: value.errors as GraphQLResponse['errors'] };
        },
        error: (error) => {
          const errors = Array.isArray(error)
            ? error
            : [{ message: String((error as { reason?: string }).reason ?? error), extensions: { closeCode: (error as { code?: number }).code } }];
          resolve({ status: 0, errors });
        },
        complete: () => resolve(result),
      },
    );
  });
}

const codeOf = (result: GraphQLResponse) => result.errors?.[0]?.extensions?.code;

// A 100 × 100 page (a cost of a million) behind 50 × 50 repeated spreads: more fields than the
// cost walk counts, which it used to treat as a cost of zero.
const paddedFragments = `
  query Padded { viewer { ${'...Padding '.repeat(50)} } }
  fragment Padding on Viewer { ${'...Heavy '.repeat(50)} }
  fragment Heavy on Viewer { activeContracts(first: 100) { nodes { milestones(first: 100) { nodes { title } } } } }`;

describe('the cost limit fails closed, on both transports', () => {
  it('refuses a query padded with repeated fragment spreads over HTTP, with 400', async () => {
    const result = await server.graphql(paddedFragments, { token });
    expect(codeOf(result)).toBe('COST_LIMIT_EXCEEDED');
    expect(result.status).toBe(400);
    expect(result.data ?? null).toBeNull();
  });

  it('refuses the same padded query over WebSocket', async () => {
    const result = await overSocket(paddedFragments);
    expect(codeOf(result)).toBe('COST_LIMIT_EXCEEDED');
    expect(result.data ?? null).toBeNull();
  });

  it('answers a plain COST_LIMIT_EXCEEDED with 400, like every other limit, not 500', async () => {
    const result = await server.graphql('{ viewer { activeContracts(first: 100) { nodes { milestones(first: 100) { nodes { title } } } } } }', { token });
    expect(codeOf(result)).toBe('COST_LIMIT_EXCEEDED');
    expect(result.status).toBe(400);
  });
});

describe('the same hostile documents get the same codes over HTTP and WebSocket', () => {
  const hostile: Array<[string, string, Record<string, unknown>?]> = [
    ['cost', '{ viewer { activeContracts(first: 100) { nodes { milestones(first: 100) { nodes { title } } } } } }'],
    [
      'depth',
      '{ viewer { activeContracts { nodes { job { organization { jobs { nodes { organization { jobs { nodes { organization { name } } } } } } } } } } } }',
    ],
    ['aliases', `{ ${Array.from({ length: 40 }, (_, index) => `a${index}: viewer { name }`).join(' ')} }`],
    ['page size', '{ viewer { contracts(first: 5000) { totalCount } } }'],
    ['page size in a variable', 'query ($n: Int) { viewer { invoices(first: $n) { totalCount } } }', { n: 0 }],
    ['syntax', '{ viewer { name '],
    ['unknown field', '{ viewer { nonsense } }'],
  ];
  for (const [name, query, variables] of hostile) {
    it(`refuses ${name} with one code on both`, async () => {
      const overHttp = await server.graphql(query, { token, variables });
      const overWs = await overSocket(query, variables);
      expect(codeOf(overHttp)).toBeDefined();
      expect(codeOf(overWs)).toBe(codeOf(overHttp));
      expect(overWs.data ?? null).toBeNull();
    });
  }
});

describe('every connection enforces 1–100', () => {
  const filtered = [
    '{ viewer { contracts(first: $n) { totalCount } } }',
    '{ viewer { proposals(first: $n) { totalCount } } }',
    '{ viewer { invoices(first: $n) { totalCount } } }',
    '{ viewer { payouts(first: $n) { totalCount } } }',
  ];
  for (const query of filtered) {
    it(`refuses first: 5000, 0 and -5 on ${query.replace(/[{}$]/g, '').trim()}`, async () => {
      for (const size of [5000, 0, -5]) {
        const result = await server.graphql(`query ($n: Int) ${query}`, { token, variables: { n: size } });
        expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
        expect(result.errors?.[0]?.message).toMatch(/between 1 and 100/);
        expect(result.data ?? null).toBeNull();
      }
    });
  }
});

describe('mutations over the socket', () => {
  it('runs a mutation sent over graphql-ws like one sent over HTTP: committed, delivered, no 500', async () => {
    const sendMessage = 'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { message { body } } }';
    const result = await overSocket(sendMessage, { input: { channelId: toGlobalId('Channel', channel.id), body: 'sent over the socket' } });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ sendMessage: { message: { body: 'sent over the socket' } } });
    const stored = await server.workroom.dataSource.query('SELECT count(*)::int AS n FROM messages WHERE body = $1', ['sent over the socket']);
    expect(stored[0].n).toBe(1);
  });

  it('refuses a bad mutation over the socket with the same code as over HTTP', async () => {
    const sendMessage = 'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { message { body } } }';
    const variables = { input: { channelId: toGlobalId('Channel', channel.id), body: '' } };
    const overHttp = await server.graphql(sendMessage, { token, variables });
    const overWs = await overSocket(sendMessage, variables);
    expect(codeOf(overHttp)).toBe('BAD_USER_INPUT');
    expect(codeOf(overWs)).toBe('BAD_USER_INPUT');
  });

  it('masks an unexpected failure on the socket with a real request id, not the word "websocket"', async () => {
    const result = await overSocket('{ viewer { name } }');
    expect(result.errors).toBeUndefined();
    // A failure that is nobody's input: the database refuses the statement.
    await server.workroom.dataSource.query('ALTER TABLE milestones RENAME COLUMN title TO title_gone');
    try {
      const failed = await overSocket('{ viewer { activeContracts { nodes { milestones { nodes { title } } } } } }');
      expect(codeOf(failed)).toBe('INTERNAL_SERVER_ERROR');
      const requestId = failed.errors?.[0]?.extensions?.requestId;
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(failed.errors?.[0]?.message).toContain(String(requestId));
    } finally {
      await server.workroom.dataSource.query('ALTER TABLE milestones RENAME COLUMN title_gone TO title');
    }
  });
});

describe('a socket does not outlive its sign-in', () => {
  it('closes with 4403 when the token expires, ending live subscriptions, and serves nothing after', async () => {
    const shortLived = await new TokenService(testJwtSecret, 2).issue(trainer.id);
    const client = wsClient(server.url, shortLived.token);
    const live = collect(client, 'subscription { activity { cursor } }');
    const before = await runOn(client, '{ viewer { email } }');
    expect(before.data).toEqual({ viewer: { email: 'gate-trainer@test.example' } });
    await eventually(() => live.closeCode !== undefined || client.closeCodes.length > 0, 6_000);
    expect(client.closeCodes).toContain(4403);
    // The client connects anew with the same expired token: refused at once.
    const after = await runOn(client, '{ viewer { email } }');
    expect(after.data ?? null).toBeNull();
    expect(JSON.stringify(after.errors)).not.toContain('gate-trainer@test.example');
    await client.dispose();
  });

  it('closes with 4403 once the account is deleted, and refuses the next operation', async () => {
    const doomed = await factory.trainer({ email: 'gate-doomed@test.example' });
    const doomedToken = await server.signIn('gate-doomed@test.example');
    const client = wsClient(server.url, doomedToken);
    const live = collect(client, 'subscription { activity { cursor } }');
    expect((await runOn(client, '{ viewer { email } }')).data).toEqual({ viewer: { email: 'gate-doomed@test.example' } });
    await server.workroom.dataSource.query('DELETE FROM users WHERE id = $1', [doomed.id]);
    await eventually(() => client.closeCodes.includes(4403), 6_000);
    expect(live.items).toEqual([]);
    const after = await runOn(client, '{ viewer { email } }');
    expect(after.data ?? null).toBeNull();
    await client.dispose();
  });
});

describe('every connection field of the schema, found by walking it', () => {
  it('refuses first: 0, -5 and 101 on each, before anything runs', async () => {
    const schema = await buildWorkroomSchema();
    const documents = connectionProbes(schema);
    // The walk must find the connections a reader knows of, or it proves nothing.
    expect(documents.length).toBeGreaterThan(20);
    expect(documents.some((probe) => probe.field === 'Viewer.contracts')).toBe(true);
    expect(documents.some((probe) => probe.field === 'Contract.milestones')).toBe(true);
    const failures: string[] = [];
    for (const probe of documents) {
      for (const size of [0, -5, 101]) {
        const result = await server.graphql(probe.document, { token, variables: { n: size } });
        const error = result.errors?.[0];
        if (error?.extensions?.code !== 'BAD_USER_INPUT' || error.extensions.field !== 'first' || result.data != null) {
          failures.push(`${probe.field} (first: ${size}): ${JSON.stringify(result.errors ?? result.data)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

interface ConnectionProbe {
  field: string;
  document: string;
}

/**
 * For each connection field, a document that reaches it from a root type by the shortest path,
 * with placeholder values for required arguments on the way: the gate refuses the page size
 * before execution, so nothing on the path needs to exist.
 */
function connectionProbes(schema: GraphQLSchema): ConnectionProbe[] {
  const roots = [schema.getQueryType(), schema.getMutationType()].filter((root): root is GraphQLObjectType => root != null);
  // Breadth first: the path (as selection text around a hole) to each composite type.
  const paths = new Map<string, { operation: string; wrap: (inner: string) => string }>();
  const queue: Array<{ type: GraphQLCompositeType; operation: string; wrap: (inner: string) => string }> = [];
  for (const root of roots) {
    const operation = root === schema.getMutationType() ? 'mutation' : 'query';
    queue.push({ type: root, operation, wrap: (inner) => inner });
  }
  const probes: ConnectionProbe[] = [];
  while (queue.length > 0) {
    const { type, operation, wrap } = queue.shift()!;
    if (paths.has(type.name)) continue;
    paths.set(type.name, { operation, wrap });
    if (isAbstractType(type)) {
      for (const possible of schema.getPossibleTypes(type)) {
        queue.push({ type: possible, operation, wrap: (inner) => wrap(`... on ${possible.name} { ${inner} }`) });
      }
      continue;
    }
    if (!(type instanceof GraphQLObjectType)) continue;
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      if (!isCompositeType(named)) continue;
      if (isConnectionField(field)) {
        const others = placeholderArguments(field.args.filter((argument) => argument.name !== 'first'));
        const selection = `${field.name}(first: $n${others ? `, ${others}` : ''}) { totalCount }`;
        probes.push({ field: `${type.name}.${field.name}`, document: `${operation} ($n: Int) { ${wrap(selection)} }` });
      }
      const args = placeholderArguments(field.args);
      queue.push({ type: named, operation, wrap: (inner) => wrap(`${field.name}${args ? `(${args})` : ''} { ${inner} }`) });
    }
  }
  return probes;
}

/** Values for the required arguments only; optional ones are left out. */
function placeholderArguments(args: readonly GraphQLArgument[]): string {
  return args
    .filter((argument) => isNonNullType(argument.type) && argument.defaultValue === undefined)
    .map((argument) => `${argument.name}: ${placeholder(argument.type)}`)
    .join(', ');
}

function placeholder(type: GraphQLInputType): string {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return `[${placeholder(inner.ofType)}]`;
  if (isEnumType(inner)) return inner.getValues()[0]!.name;
  if (isInputObjectType(inner)) {
    const fields = Object.values(inner.getFields()).filter((field) => isNonNullType(field.type) && field.defaultValue === undefined);
    return `{ ${fields.map((field) => `${field.name}: ${placeholder(field.type)}`).join(', ')} }`;
  }
  switch (inner.name) {
    case 'Int':
    case 'Float':
      return '1';
    case 'Boolean':
      return 'true';
    case 'DateTime':
      return '"2026-01-01T00:00:00Z"';
    default:
      return '"placeholder"';
  }
}
