import { gzipSync } from 'node:zlib';
import { SignJWT, UnsecuredJWT } from 'jose';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivityEvent } from '../src/events/activity-event.entity.js';
import { toGlobalId } from '../src/graphql/global-id.js';
import type { Organization } from '../src/modules/accounts/organization.entity.js';
import type { User } from '../src/modules/accounts/user.entity.js';
import type { Channel } from '../src/modules/messaging/channel.entity.js';
import { Message } from '../src/modules/messaging/message.entity.js';
import { MilestoneEvent } from '../src/modules/milestones/milestone-event.entity.js';
import { Milestone, MilestoneStatus } from '../src/modules/milestones/milestone.entity.js';
import type { Contract } from '../src/modules/contracts/contract.entity.js';
import type { Job } from '../src/modules/jobs/job.entity.js';
import { Factory } from './factories.js';
import { startTestServer, testJwtSecret, type TestServer } from './helpers.js';

/**
 * Hostile input, over HTTP and WebSocket. Every attempt gets a clear refusal with a stable
 * `extensions.code` (or a WebSocket close code), nothing is written, and after each group the
 * server is still healthy: /healthz answers and a signed-in query returns the right data.
 * The limits are the defaults (depth 12, 30 aliases, 5,000 tokens, 100,000-byte documents,
 * 2,000,000-byte requests), as a deployment runs them.
 */
let server: TestServer;
let factory: Factory;
const tokens = { employerA: '', trainerA: '', employerB: '' };

interface Side {
  organization: Organization;
  employer: User;
  trainer: User;
  job: Job;
  contract: Contract;
  milestone: Milestone;
  channel: Channel;
}
let sideA: Side;
let sideB: Side;

async function buildSide(label: string): Promise<Side> {
  const organization = await factory.organization({ name: `Hostile Org ${label}` });
  const employer = await factory.employer(organization, { email: `hostile-employer-${label.toLowerCase()}@test.example`, name: `Hostile Employer ${label}` });
  const trainer = await factory.trainer({ email: `hostile-trainer-${label.toLowerCase()}@test.example` });
  const job = await factory.job(organization);
  const contract = await factory.contract(job, trainer);
  const milestone = await factory.milestone(contract, { status: MilestoneStatus.NOT_FUNDED });
  const channel = await factory.channel(organization, [employer, trainer], { jobId: job.id });
  return { organization, employer, trainer, job, contract, milestone, channel };
}

beforeAll(async () => {
  // Floods below are about input handling, not the per-IP and per-user rate limits.
  server = await startTestServer({ env: { RATE_LIMIT_USER_PER_MINUTE: '1000000', RATE_LIMIT_IP_PER_MINUTE: '1000000' } });
  factory = new Factory(server.workroom.dataSource);
  sideA = await buildSide('A');
  sideB = await buildSide('B');
  tokens.employerA = await server.signIn('hostile-employer-a@test.example');
  tokens.trainerA = await server.signIn('hostile-trainer-a@test.example');
  tokens.employerB = await server.signIn('hostile-employer-b@test.example');
});

afterAll(async () => {
  await server?.stop();
});

interface GraphQLBody {
  data?: unknown;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

interface Answer {
  status: number;
  contentType: string;
  body: GraphQLBody;
}

/** A raw POST to /graphql: the body is sent exactly as given. */
async function post(body: string | Uint8Array | undefined, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<Answer> {
  const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: JSON.parse(text) as GraphQLBody };
}

const json = (value: unknown) => JSON.stringify(value);
const signedIn = (token = tokens.employerA) => ({ 'content-type': 'application/json', authorization: `Bearer ${token}` });

/** A refusal before execution: this status, GraphQL-shaped JSON, one code, no data at all. */
function expectRefused(answer: Answer, status: number, code: string, message?: RegExp) {
  expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(status);
  expect(answer.contentType).toMatch(/^application\/json/);
  expect(answer.body.errors?.[0]?.extensions?.code, answer.body.errors?.[0]?.message).toBe(code);
  if (message) expect(answer.body.errors?.[0]?.message).toMatch(message);
  expect(answer.body).not.toHaveProperty('data');
}

const sendMessage = 'mutation Send($input: SendMessageInput!) { sendMessage(input: $input) { message { id body } } }';
const fundMilestone = 'mutation Fund($input: FundMilestoneInput!) { fundMilestone(input: $input) { milestone { id status } } }';
const messageCount = (channel: Channel) => server.workroom.dataSource.getRepository(Message).countBy({ channelId: channel.id });

/** Ends a group: the server still answers, and answers correctly. */
function itStaysHealthy() {
  it('stays healthy afterwards: /healthz is 200 and a signed-in query answers correctly', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const result = await server.graphql('{ viewer { name organization { name } } }', { token: tokens.employerA });
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ viewer: { name: 'Hostile Employer A', organization: { name: 'Hostile Org A' } } });
  });
}

describe('deep documents', () => {
  /** `organization { jobs { nodes { … } } }` three levels at a time, from a Job. */
  const jobChain = (repeats: number, leaf: string) => {
    let selection = leaf;
    for (let level = 0; level < repeats; level += 1) selection = `organization { jobs { nodes { ${selection} } } }`;
    return selection;
  };

  it('refuses 200 levels of nesting with DEPTH_LIMIT_EXCEEDED', async () => {
    // node + 66 × 3 + title = 200 levels.
    const query = `query Deep($id: ID!) { node(id: $id) { ... on Job { ${jobChain(66, 'title')} } } }`;
    const answer = await post(json({ query, variables: { id: toGlobalId('Job', sideA.job.id) } }), signedIn());
    expectRefused(answer, 400, 'DEPTH_LIMIT_EXCEEDED', /depth limit of 12 exceeded, found 20\d/);
    expect(answer.body.errors).toHaveLength(1);
  });

  it('does not exempt introspection: 200 levels of `ofType` are DEPTH_LIMIT_EXCEEDED', async () => {
    let selection = 'name';
    for (let level = 0; level < 200; level += 1) selection = `ofType { ${selection} }`;
    const answer = await post(json({ query: `{ __type(name: "Query") { ${selection} } }` }));
    expectRefused(answer, 400, 'DEPTH_LIMIT_EXCEEDED', /depth limit of 12 exceeded/);
  });

  it('counts depth through fragments: a chain of 70 fragments is DEPTH_LIMIT_EXCEEDED', async () => {
    const fragments = Array.from(
      { length: 70 },
      (_, index) => `fragment F${index} on Job { organization { jobs { nodes { ${index === 69 ? 'title' : `...F${index + 1}`} } } } }`,
    ).join('\n');
    const query = `query Deep($id: ID!) { node(id: $id) { ...F0 } }\n${fragments}`;
    const answer = await post(json({ query, variables: { id: toGlobalId('Job', sideA.job.id) } }), signedIn());
    expectRefused(answer, 400, 'DEPTH_LIMIT_EXCEEDED', /depth limit of 12 exceeded/);
  });

  it('rejects fragment cycles (A → B → A, and A → A) with GRAPHQL_VALIDATION_FAILED instead of recursing', async () => {
    const cycles = [
      'query Cycle($id: ID!) { node(id: $id) { ...A } } fragment A on Job { organization { jobs { nodes { ...B } } } } fragment B on Job { ...A }',
      '{ ...A } fragment A on Query { viewer { name } ...A }',
    ];
    for (const query of cycles) {
      const answer = await post(json({ query, variables: { id: toGlobalId('Job', sideA.job.id) } }), signedIn());
      expectRefused(answer, 400, 'GRAPHQL_VALIDATION_FAILED', /Cannot spread fragment "A" within itself/);
    }
  });

  itStaysHealthy();
});

describe('wide documents', () => {
  it('refuses 1,500 aliases with ALIAS_LIMIT_EXCEEDED', async () => {
    const aliases = Array.from({ length: 1_500 }, (_, index) => `a${index}: name`).join(' ');
    const answer = await post(json({ query: `{ viewer { ${aliases} } }` }), signedIn());
    expectRefused(answer, 400, 'ALIAS_LIMIT_EXCEEDED', /Aliases limit of 30 exceeded, found 1500/);
  });

  it('stops parsing 5,000 aliases at the token limit: DOCUMENT_TOO_LARGE', async () => {
    const aliases = Array.from({ length: 5_000 }, (_, index) => `a${index}: name`).join(' ');
    const answer = await post(json({ query: `{ viewer { ${aliases} } }` }), signedIn());
    expectRefused(answer, 400, 'DOCUMENT_TOO_LARGE', /more than 5000 tokens/);
  });

  it('stops parsing `name` × 10,000 at the token limit: DOCUMENT_TOO_LARGE', async () => {
    const answer = await post(json({ query: `{ viewer { ${'name '.repeat(10_000)}} }` }), signedIn());
    expectRefused(answer, 400, 'DOCUMENT_TOO_LARGE', /more than 5000 tokens/);
  });

  it('refuses `name` × 4,000 (under the token limit) in validation: GRAPHQL_VALIDATION_FAILED, nothing executed', async () => {
    // graphql-js meters the field-merging check and aborts validation past its budget.
    const answer = await post(json({ query: `{ viewer { ${'name '.repeat(4_000)}} }` }), signedIn());
    expectRefused(answer, 400, 'GRAPHQL_VALIDATION_FAILED', /Validation aborted/);
  });

  it('still answers modest, legal duplication (`name` × 200) with the one field', async () => {
    const answer = await post(json({ query: `{ viewer { ${'name '.repeat(200)}} }` }), signedIn());
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { viewer: { name: 'Hostile Employer A' } } });
  });

  it('refuses 1,200 declared, unused variables with GRAPHQL_VALIDATION_FAILED and a bounded list of errors', async () => {
    const declarations = Array.from({ length: 1_200 }, (_, index) => `$v${index}: String`).join(', ');
    const answer = await post(json({ query: `query Many(${declarations}) { viewer { name } }` }), signedIn());
    expectRefused(answer, 400, 'GRAPHQL_VALIDATION_FAILED', /Variable "\$v0" is never used/);
    // graphql-js stops at 100 errors and says so: the answer does not grow with the attack.
    expect(answer.body.errors!.length).toBeLessThanOrEqual(101);
    expect(answer.body.errors!.at(-1)?.message).toMatch(/Too many validation errors/);
  });

  it('refuses 700 variables spread into `nodes(ids:)` with BAD_USER_INPUT on `ids` (at most 100)', async () => {
    const count = 700;
    const declarations = Array.from({ length: count }, (_, index) => `$v${index}: ID!`).join(' ');
    const uses = Array.from({ length: count }, (_, index) => `$v${index}`).join(' ');
    const variables = Object.fromEntries(Array.from({ length: count }, (_, index) => [`v${index}`, toGlobalId('Job', sideA.job.id)]));
    const answer = await post(json({ query: `query Many(${declarations}) { nodes(ids: [${uses}]) { id } }`, variables }), signedIn());
    expect(answer.status).toBe(200);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids' });
    expect(answer.body.data).toBeNull();
  });

  it('ignores 100,000 variables the operation does not declare, and answers it', async () => {
    const variables = Object.fromEntries(Array.from({ length: 100_000 }, (_, index) => [`v${index}`, index]));
    const answer = await post(json({ query: '{ viewer { name } }', variables }), signedIn());
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { viewer: { name: 'Hostile Employer A' } } });
  });

  itStaysHealthy();
});

describe('huge and poisonous values', () => {
  it('refuses a 10 MB string variable with 413 DOCUMENT_TOO_LARGE before parsing it', async () => {
    const answer = await post(json({ query: '{ viewer { name } }', variables: { padding: 'x'.repeat(10_000_000) } }), signedIn());
    expectRefused(answer, 413, 'DOCUMENT_TOO_LARGE', /larger than 2000000 bytes/);
    expect(answer.body.errors?.[0]?.extensions?.limit).toBe(2_000_000);
  });

  it('refuses a 1 MB message body (limit 10,000 characters) with BAD_USER_INPUT on `body`; nothing is written', async () => {
    const before = await messageCount(sideA.channel);
    const answer = await post(
      json({ query: sendMessage, variables: { input: { channelId: toGlobalId('Channel', sideA.channel.id), body: 'x'.repeat(1_000_000) } } }),
      signedIn(),
    );
    expect(answer.status).toBe(200);
    expect(answer.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'body' });
    expect(answer.body.errors?.[0]?.message).toMatch(/1 to 10,000 characters/);
    expect(answer.body.data).toBeNull();
    expect(await messageCount(sideA.channel)).toBe(before);
  });

  it('refuses a NUL character (U+0000) in text input with BAD_USER_INPUT naming the field, not INTERNAL_SERVER_ERROR; nothing is written', async () => {
    const before = await messageCount(sideA.channel);
    const milestonesBefore = await server.workroom.dataSource.getRepository(Milestone).countBy({ contractId: sideA.contract.id });
    const channelId = toGlobalId('Channel', sideA.channel.id);
    const cases: Array<[string, string]> = [
      // In a variable, and as an escape in a string literal of the document.
      [json({ query: sendMessage, variables: { input: { channelId, body: 'before\u0000after' } } }), 'body'],
      [json({ query: `mutation { sendMessage(input: { channelId: "${channelId}", body: "a\\u0000b" }) { message { id } } }` }), 'body'],
      [
        json({
          query: 'mutation Create($input: CreateMilestoneInput!) { createMilestone(input: $input) { milestone { id } } }',
          variables: { input: { contractId: toGlobalId('Contract', sideA.contract.id), title: 'Label\u0000batch', amountCents: 10_000 } },
        }),
        'title',
      ],
    ];
    for (const [body, field] of cases) {
      const answer = await post(body, signedIn());
      expect(answer.body.errors?.[0]?.extensions, body.slice(0, 120)).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(answer.body.errors?.[0]?.message).not.toMatch(/went wrong/);
    }
    expect(await messageCount(sideA.channel)).toBe(before);
    expect(await server.workroom.dataSource.getRepository(Milestone).countBy({ contractId: sideA.contract.id })).toBe(milestonesBefore);
  });

  it('answers a 90,000-character operation name (within MAX_DOCUMENT_BYTES) normally', async () => {
    const name = `Op${'A'.repeat(90_000)}`;
    const answer = await post(json({ query: `query ${name} { viewer { name } }`, operationName: name }), signedIn());
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { viewer: { name: 'Hostile Employer A' } } });
  });

  it('refuses a 150,000-character operation name with 413 DOCUMENT_TOO_LARGE', async () => {
    const answer = await post(json({ query: `query Op${'A'.repeat(150_000)} { viewer { name } }` }), signedIn());
    expectRefused(answer, 413, 'DOCUMENT_TOO_LARGE', /larger than 100000 bytes/);
  });

  it('refuses a 100,000-character `operationName` that names no operation with OPERATION_RESOLUTION_FAILURE', async () => {
    const answer = await post(json({ query: 'query Known { viewer { name } }', operationName: `Unknown${'B'.repeat(100_000)}` }), signedIn());
    expectRefused(answer, 400, 'OPERATION_RESOLUTION_FAILURE', /Unknown operation named/);
  });

  itStaysHealthy();
});

describe('malformed bodies and transports', () => {
  it('refuses bytes that are not JSON at all with 400 BAD_REQUEST', async () => {
    for (const body of [new Uint8Array([0xff, 0xfe, 0x00, 0x7b, 0x80]), Buffer.from(json({ query: '{ viewer { name } }' }), 'utf16le')]) {
      expectRefused(await post(body, signedIn()), 400, 'BAD_REQUEST', /JSON/);
    }
  });

  it('refuses invalid UTF-8 inside the JSON with 400 BAD_REQUEST instead of decoding it to U+FFFD; nothing is written', async () => {
    const before = await messageCount(sideA.channel);
    const channelId = toGlobalId('Channel', sideA.channel.id);
    // JSON is UTF-8 (RFC 8259 §8.1): a body with other bytes is not JSON, wherever they sit.
    const invalid = [
      [0xe9], // Latin-1 "é"
      [0xc3], // a truncated two-byte sequence
      [0xed, 0xa0, 0x80], // a UTF-16 surrogate encoded as UTF-8 (CESU-8)
      [0xc0, 0xaf], // an overlong "/"
    ];
    for (const bytes of invalid) {
      const [head, tail] = json({ query: sendMessage, variables: { input: { channelId, body: 'caf<here>' } } }).split('<here>');
      const answer = await post(Buffer.concat([Buffer.from(head!), Buffer.from(bytes), Buffer.from(tail!)]), signedIn());
      expectRefused(answer, 400, 'BAD_REQUEST', /UTF-8/);
    }
    const [head, tail] = json({ query: '{ viewer { nameSPLIT } }' }).split('SPLIT');
    expectRefused(await post(Buffer.concat([Buffer.from(head!), Buffer.from([0xff, 0xfe]), Buffer.from(tail!)]), signedIn()), 400, 'BAD_REQUEST', /UTF-8/);
    expect(await messageCount(sideA.channel)).toBe(before);
  });

  it('refuses malformed JSON of several shapes with 400 BAD_REQUEST', async () => {
    for (const body of [
      "{'query': '{ viewer { name } }'}",
      '{"query":"{ viewer { name } }"} trailing',
      '{"query":"{ viewer { name } }",}',
      '{"query":"{ viewer { name } }", "variables": {"n": NaN}}',
    ]) {
      expectRefused(await post(body, signedIn()), 400, 'BAD_REQUEST', /not valid JSON/);
    }
  });

  it('parses 100,000 levels of nested arrays in variables without a stack overflow', async () => {
    const answer = await post(`{"query":"{ viewer { name } }","variables":{"deep":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`, signedIn());
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { viewer: { name: 'Hostile Employer A' } } });
  });

  it('refuses JSON that is not an object (`"x"`, `null`, `1`, `true`, `{}`) with 400 BAD_REQUEST', async () => {
    for (const body of ['"x"', 'null', '1', 'true']) expectRefused(await post(body, signedIn()), 400, 'BAD_REQUEST', /JSON/);
    expectRefused(await post('{}', signedIn()), 400, 'BAD_REQUEST', /POST body missing/);
  });

  it('refuses batches (`[]`, `[{query}]`, `[{query},{query}]`) with 400 BAD_REQUEST, executing none of them', async () => {
    // Batching stays off: limits and rate limits count per operation, and a batch would multiply
    // the work one HTTP request may ask for.
    const before = await messageCount(sideA.channel);
    const operation = { query: sendMessage, variables: { input: { channelId: toGlobalId('Channel', sideA.channel.id), body: 'batched' } } };
    for (const batch of [[], [operation], [operation, operation]]) {
      expectRefused(await post(json(batch), signedIn()), 400, 'BAD_REQUEST', /batching disabled/);
    }
    expect(await messageCount(sideA.channel)).toBe(before);
  });

  it('refuses a `query` that is not a string with 400 BAD_REQUEST, and a missing or null one too', async () => {
    for (const query of [1, true, {}, ['{ viewer { name } }']]) {
      expectRefused(await post(json({ query }), signedIn()), 400, 'BAD_REQUEST', /GraphQL queries must be strings/);
    }
    for (const body of [{ query: null }, { variables: {} }]) {
      expectRefused(await post(json(body), signedIn()), 400, 'BAD_REQUEST', /non-empty `query`/);
    }
  });

  it('refuses text/plain, form-urlencoded and multipart bodies as potential CSRF with 400 BAD_REQUEST; the mutation is not run', async () => {
    const before = await messageCount(sideA.channel);
    const mutation = json({ query: sendMessage, variables: { input: { channelId: toGlobalId('Channel', sideA.channel.id), body: 'cross-site' } } });
    const bodies: Array<[string, string]> = [
      ['text/plain', mutation],
      ['application/x-www-form-urlencoded', new URLSearchParams({ query: sendMessage }).toString()],
      ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${mutation}\r\n--x--\r\n`],
    ];
    for (const [contentType, body] of bodies) {
      const answer = await post(body, { 'content-type': contentType, authorization: `Bearer ${tokens.employerA}` });
      expectRefused(answer, 400, 'BAD_REQUEST', /Cross-Site Request Forgery/);
    }
    expect(await messageCount(sideA.channel)).toBe(before);
  });

  it('refuses other non-JSON content types with 400 BAD_REQUEST', async () => {
    for (const contentType of ['application/graphql', 'application/xml', 'application/json-patch+json']) {
      const answer = await post(json({ query: '{ viewer { name } }' }), { 'content-type': contentType, authorization: `Bearer ${tokens.employerA}` });
      expectRefused(answer, 400, 'BAD_REQUEST', /invalid Content-Type/);
    }
  });

  it('refuses a missing body with 400 BAD_REQUEST (with and without a content type)', async () => {
    expectRefused(await post(undefined, signedIn()), 400, 'BAD_REQUEST', /POST body missing/);
    expectRefused(await post(undefined, {}), 400, 'BAD_REQUEST');
  });

  it('refuses a charset other than UTF-8 with 415 BAD_REQUEST, not a server error', async () => {
    for (const charset of ['latin1', 'nope']) {
      const answer = await post(json({ query: '{ __typename }' }), { 'content-type': `application/json; charset=${charset}` });
      expectRefused(answer, 415, 'BAD_REQUEST', /charset/i);
    }
  });

  it('refuses an unsupported Content-Encoding with 415 BAD_REQUEST, not a server error', async () => {
    const answer = await post(json({ query: '{ __typename }' }), { 'content-type': 'application/json', 'content-encoding': 'compress' });
    expectRefused(answer, 415, 'BAD_REQUEST', /encoding/i);
  });

  it('refuses a body that is not what its Content-Encoding says with 400 BAD_REQUEST, not a server error', async () => {
    for (const encoding of ['gzip', 'deflate']) {
      const answer = await post(json({ query: '{ __typename }' }), { 'content-type': 'application/json', 'content-encoding': encoding });
      expectRefused(answer, 400, 'BAD_REQUEST');
    }
  });

  it('accepts a gzipped body, and stops a gzip bomb at MAX_REQUEST_BYTES with 413', async () => {
    const small = await post(gzipSync(json({ query: '{ __typename }' })), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(small.body).toEqual({ data: { __typename: 'Query' } });
    const bomb = gzipSync(json({ query: '{ __typename }', variables: { padding: 'x'.repeat(20_000_000) } }));
    expect(bomb.length).toBeLessThan(100_000);
    expectRefused(await post(bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' }), 413, 'DOCUMENT_TOO_LARGE');
  });

  itStaysHealthy();
});

describe('bearer tokens', () => {
  const secret = new TextEncoder().encode(testJwtSecret);
  const now = () => Math.floor(Date.now() / 1000);
  const claims = (overrides: { sub?: string | undefined; iss?: string; aud?: string; iat?: number; exp?: number } = {}) => ({
    sub: sideA.employer.id,
    iss: 'workroom',
    aud: 'workroom-api',
    iat: now() - 60,
    exp: now() + 3600,
    ...overrides,
  });
  const sign = (payload: Record<string, unknown>, alg = 'HS256', key = secret) => new SignJWT(payload).setProtectedHeader({ alg, typ: 'JWT' }).sign(key);
  const ask = (token: string, query = '{ viewer { name } }') => post(json({ query }), signedIn(token));

  it('a correctly signed token is accepted (the forgeries below differ from it in one thing each)', async () => {
    const answer = await ask(await sign(claims()));
    expect(answer.body).toEqual({ data: { viewer: { name: 'Hostile Employer A' } } });
  });

  it('refuses an expired token with 401 UNAUTHENTICATED saying it expired', async () => {
    const expired = await sign(claims({ iat: now() - 7200, exp: now() - 3600 }));
    expectRefused(await ask(expired), 401, 'UNAUTHENTICATED', /expired/);
  });

  it('refuses an unsigned token (`alg: none`) with 401 UNAUTHENTICATED', async () => {
    const unsigned = new UnsecuredJWT(claims()).encode();
    expect(JSON.parse(Buffer.from(unsigned.split('.')[0]!, 'base64url').toString())).toEqual({ alg: 'none' });
    expectRefused(await ask(unsigned), 401, 'UNAUTHENTICATED', /not valid/);
    // The same with a `typ` header and an empty signature, as hand-forged tokens usually come.
    const handmade = `${Buffer.from(json({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(json(claims())).toString('base64url')}.`;
    expectRefused(await ask(handmade), 401, 'UNAUTHENTICATED', /not valid/);
  });

  it('refuses tokens signed with another key or algorithm, or for another audience, issuer or user, with 401', async () => {
    const forgeries = [
      await sign(claims(), 'HS256', new TextEncoder().encode('another-secret-that-is-at-least-32-characters')),
      await sign(claims(), 'HS512'),
      await sign(claims({ aud: 'workroom-api:invoice-download' })),
      await sign(claims({ iss: 'someone-else' })),
      await sign(claims({ sub: '00000000-0000-4000-8000-000000000000' })),
      await sign(claims({ sub: undefined })),
    ];
    for (const forged of forgeries) expectRefused(await ask(forged), 401, 'UNAUTHENTICATED', /not valid/);
  });

  it('refuses a bad token even on an operation that needs no sign-in, so the client learns at once', async () => {
    expectRefused(await ask(new UnsecuredJWT(claims()).encode(), '{ __typename }'), 401, 'UNAUTHENTICATED');
  });

  itStaysHealthy();
});

describe('ids of other types and other organizations', () => {
  const milestoneRow = (milestone: Milestone) => server.workroom.dataSource.getRepository(Milestone).findOneByOrFail({ id: milestone.id });
  const eventCount = (milestone: Milestone) => server.workroom.dataSource.getRepository(MilestoneEvent).countBy({ milestoneId: milestone.id });
  const activityCount = (organization: Organization) => server.workroom.dataSource.getRepository(ActivityEvent).countBy({ organizationId: organization.id });

  it("refuses a Job's id (as node(id:) returns it) for `milestoneId` with BAD_USER_INPUT on milestoneId; nothing moves", async () => {
    const node = await server.graphql<{ node: { id: string; __typename: string } }>('query ($id: ID!) { node(id: $id) { id __typename } }', {
      variables: { id: toGlobalId('Job', sideA.job.id) },
      token: tokens.employerA,
    });
    expect(node.data?.node.__typename).toBe('Job');
    const answer = await post(json({ query: fundMilestone, variables: { input: { milestoneId: node.data!.node.id } } }), signedIn());
    expect(answer.status).toBe(200);
    expect(answer.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'milestoneId' });
    expect(answer.body.data).toBeNull();
    expect((await milestoneRow(sideA.milestone)).status).toBe(MilestoneStatus.NOT_FUNDED);
  });

  it("answers a Milestone id wrapping another object's uuid with NOT_FOUND", async () => {
    const answer = await post(json({ query: fundMilestone, variables: { input: { milestoneId: toGlobalId('Milestone', sideA.job.id) } } }), signedIn());
    expect(answer.body.errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND' });
    expect((await milestoneRow(sideA.milestone)).status).toBe(MilestoneStatus.NOT_FUNDED);
  });

  it("answers another organization's milestone with NOT_FOUND, like an id never issued; nothing is written", async () => {
    const [eventsBefore, activityBefore] = [await eventCount(sideB.milestone), await activityCount(sideB.organization)];
    const theirs = toGlobalId('Milestone', sideB.milestone.id);
    const answer = await post(json({ query: fundMilestone, variables: { input: { milestoneId: theirs, idempotencyKey: 'hostile-fund-1' } } }), signedIn());
    const never = toGlobalId('Milestone', '00000000-0000-4000-8000-000000000000');
    const missing = await post(json({ query: fundMilestone, variables: { input: { milestoneId: never } } }), signedIn());
    expect(answer.body.errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND' });
    expect(answer.body.errors?.[0]?.message.replace(theirs, 'ID')).toBe(missing.body.errors?.[0]?.message.replace(never, 'ID'));
    expect(answer.body.data).toBeNull();
    const row = await milestoneRow(sideB.milestone);
    expect({ status: row.status, version: row.version }).toEqual({ status: MilestoneStatus.NOT_FUNDED, version: sideB.milestone.version });
    expect(await eventCount(sideB.milestone)).toBe(eventsBefore);
    expect(await activityCount(sideB.organization)).toBe(activityBefore);
  });

  it("answers a message to another organization's channel with NOT_FOUND; nothing is written", async () => {
    const before = await messageCount(sideB.channel);
    const answer = await post(
      json({ query: sendMessage, variables: { input: { channelId: toGlobalId('Channel', sideB.channel.id), body: 'hello?' } } }),
      signedIn(),
    );
    expect(answer.body.errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND' });
    expect(await messageCount(sideB.channel)).toBe(before);
  });

  itStaysHealthy();
});

describe('introspection probing', () => {
  interface IntrospectedType {
    name: string;
    kind: string;
    fields: Array<{ name: string }> | null;
    inputFields: Array<{ name: string }> | null;
  }

  it('is open to anyone, and shows no private column: no password hash, secret or raw foreign key', async () => {
    const answer = await post(json({ query: '{ __schema { types { name kind fields(includeDeprecated: true) { name } inputFields { name } } } }' }));
    expect(answer.status).toBe(200);
    const types = (answer.body.data as { __schema: { types: IntrospectedType[] } }).__schema.types.filter((type) => !type.name.startsWith('__'));
    const outputFields = types.flatMap((type) => (type.fields ?? []).map((field) => `${type.name}.${field.name}`));
    expect(outputFields.length).toBeGreaterThan(100);
    // The one secret the graph hands out is a webhook endpoint's signing secret, to the employer who
    // creates or rotates it, once (with its hint and the old one's expiry after that).
    expect(outputFields.filter((field) => /password|hash|secret|salt/i.test(field)).sort()).toEqual([
      'Mutation.rotateWebhookSecret',
      'WebhookEndpoint.previousSecretExpiresAt',
      'WebhookEndpoint.secretHint',
      'WebhookEndpointWithSecretPayload.endpoint',
      'WebhookEndpointWithSecretPayload.secret',
    ]);
    // Relations are objects with global ids, never raw uuids in `…Id` fields.
    // The one exception is a deleted node's global ID (Relay's `deletedId` convention): there is no
    // object left to return.
    expect(outputFields.filter((field) => /Id$/.test(field))).toEqual(['DeleteWebhookEndpointPayload.deletedEndpointId']);
    const inputFields = types.flatMap((type) => (type.inputFields ?? []).map((field) => `${type.name}.${field.name}`));
    // (The rotation's input is named after what it rotates; it carries no secret.)
    expect(inputFields.filter((field) => /password|hash|secret/i.test(field)).sort()).toEqual([
      'RotateWebhookSecretInput.endpointId',
      'RotateWebhookSecretInput.overlapMinutes',
      'SignInInput.password',
    ]);
  });

  it('refuses a guessed private column (`passwordHash`, `organizationId`) in validation, without executing', async () => {
    for (const query of ['{ viewer { passwordHash } }', '{ viewer { user { organizationId } } }']) {
      const answer = await post(json({ query }), signedIn());
      expectRefused(answer, 400, 'GRAPHQL_VALIDATION_FAILED', /Cannot query field/);
    }
  });

  it("learning a type from introspection opens nothing: another organization's contract is still NOT_FOUND", async () => {
    const type = await post(json({ query: '{ __type(name: "Contract") { fields { name } } }' }), signedIn(tokens.employerB));
    expect(JSON.stringify(type.body)).toContain('"milestones"');
    const answer = await post(
      json({
        query: 'query ($id: ID!) { node(id: $id) { __typename ... on Contract { title milestones { totalCount } } } }',
        variables: { id: toGlobalId('Contract', sideA.contract.id) },
      }),
      signedIn(tokens.employerB),
    );
    expect(answer.body).toMatchObject({ data: { node: null }, errors: [{ extensions: { code: 'NOT_FOUND' } }] });
  });

  itStaysHealthy();
});

describe('over the WebSocket', () => {
  interface Frame {
    type: string;
    id?: string;
    payload?: unknown;
  }

  /** A raw graphql-ws socket that records what it receives and how it closed. */
  async function openSocket(protocol = 'graphql-transport-ws') {
    const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/graphql`, protocol);
    const frames: Frame[] = [];
    const wakers: Array<() => void> = [];
    const wake = () => wakers.splice(0).forEach((resolve) => resolve());
    socket.on('message', (data) => {
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- ws hands a frame as a Buffer, whose String() is its UTF-8 text
      frames.push(JSON.parse(String(data)) as Frame);
      wake();
    });
    const closed = new Promise<{ code: number; reason: string }>((resolve) => {
      socket.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        wake();
      });
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    /** The first frame of this type (and id), waiting for it; fails if the socket closes first. */
    const receive = async (type: string, id?: string): Promise<Frame> => {
      for (let attempt = 0; attempt < 1_000; attempt += 1) {
        const found = frames.find((frame) => frame.type === type && (id === undefined || frame.id === id));
        if (found) return found;
        if (socket.readyState === WebSocket.CLOSED) throw new Error(`socket closed before a ${type} frame arrived: ${JSON.stringify(await closed)}`);
        await new Promise<void>((resolve) => wakers.push(resolve));
      }
      throw new Error(`no ${type} frame among ${frames.length}`);
    };
    const send = (frame: unknown) => socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
    return { socket, frames, closed, receive, send };
  }

  async function signedInSocket(token = tokens.employerA) {
    const connection = await openSocket();
    connection.send({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });
    await connection.receive('connection_ack');
    return connection;
  }

  const activity = { query: 'subscription { activity { cursor } }' };

  it('closes with 4401 when a subscribe comes before connection_init', async () => {
    const connection = await openSocket();
    connection.send({ id: '1', type: 'subscribe', payload: activity });
    expect(await connection.closed).toEqual({ code: 4401, reason: 'Unauthorized' });
    expect(connection.frames).toEqual([]);
  });

  it('closes with 4400 on a frame that is not JSON, before and after connection_init', async () => {
    const early = await openSocket();
    early.send('this is { not json');
    expect(await early.closed).toEqual({ code: 4400, reason: 'Invalid message received' });
    const late = await signedInSocket();
    late.send('{"type": "subscribe", "id": ');
    expect(await late.closed).toEqual({ code: 4400, reason: 'Invalid message received' });
  });

  it('closes with 4400 on a subscribe whose query is not a string', async () => {
    const connection = await signedInSocket();
    connection.send({ id: '1', type: 'subscribe', payload: { query: 42 } });
    expect((await connection.closed).code).toBe(4400);
  });

  it('closes with 4409 on a flood of subscribes with the same id', async () => {
    const connection = await signedInSocket();
    for (let index = 0; index < 200; index += 1) connection.send({ id: 'same', type: 'subscribe', payload: activity });
    expect(await connection.closed).toEqual({ code: 4409, reason: 'Subscriber for same already exists' });
  });

  it('closes with 4429 on a second connection_init', async () => {
    const connection = await signedInSocket();
    connection.send({ type: 'connection_init', payload: { authorization: `Bearer ${tokens.employerA}` } });
    expect(await connection.closed).toEqual({ code: 4429, reason: 'Too many initialisation requests' });
  });

  it('closes with 1007 on a text frame that is not UTF-8', async () => {
    const connection = await signedInSocket();
    connection.socket.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect((await connection.closed).code).toBe(1007);
  });

  it('refuses the legacy subscriptions-transport-ws protocol: no subprotocol is agreed, so the handshake fails', async () => {
    // The server picks no subprotocol (and would close with 4406); a conforming client stops there.
    await expect(openSocket('graphql-ws')).rejects.toThrow(/Server sent no subprotocol/);
  });

  it('still serves a fresh signed-in socket: a query answers and completes', async () => {
    const connection = await signedInSocket();
    connection.send({ id: 'q', type: 'subscribe', payload: { query: '{ viewer { name } }' } });
    expect((await connection.receive('next', 'q')).payload).toEqual({ data: { viewer: { name: 'Hostile Employer A' } } });
    await connection.receive('complete', 'q');
    connection.socket.close(1000);
    expect((await connection.closed).code).toBe(1000);
  });

  itStaysHealthy();
});
