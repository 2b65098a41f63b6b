import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Factory } from './factories.js';
import { startTestServer, type TestServer } from './helpers.js';

let server: TestServer;
let token: string;

beforeAll(async () => {
  server = await startTestServer({
    env: { MAX_QUERY_DEPTH: '8', MAX_ALIASES: '5', MAX_QUERY_COST: '5000', MAX_QUERY_TOKENS: '800', MAX_DOCUMENT_BYTES: '6000' },
  });
  const factory = new Factory(server.workroom.dataSource);
  const organization = await factory.organization();
  const trainer = await factory.trainer({ email: 'limits@test.example' });
  const job = await factory.job(organization);
  await factory.contract(job, trainer);
  token = await server.signIn('limits@test.example');
});

afterAll(async () => {
  await server?.stop();
});

describe('limits are refused before execution, each with its own code', () => {
  it('refuses a query deeper than the limit with DEPTH_LIMIT_EXCEEDED', async () => {
    const deep = '{ viewer { activeContracts { nodes { job { organization { jobs { nodes { organization { jobs { nodes { title } } } } } } } } } } }';
    const result = await server.graphql(deep, { token });
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe('DEPTH_LIMIT_EXCEEDED');
    expect(result.data).toBeUndefined();
  });

  it('refuses too many aliases with ALIAS_LIMIT_EXCEEDED', async () => {
    const aliases = Array.from({ length: 8 }, (_, index) => `a${index}: viewer { name }`).join(' ');
    const result = await server.graphql(`{ ${aliases} }`, { token });
    expect(result.errors?.[0]?.extensions?.code).toBe('ALIAS_LIMIT_EXCEEDED');
    expect(result.data).toBeUndefined();
  });

  it('multiplies nested connections and refuses an expensive query with COST_LIMIT_EXCEEDED', async () => {
    const expensive = '{ viewer { activeContracts(first: 100) { nodes { milestones(first: 100) { nodes { title } } } } } }';
    const result = await server.graphql(expensive, { token });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'COST_LIMIT_EXCEEDED', limit: 5000 });
    expect(result.errors?.[0]?.message).toMatch(/smaller pages/);
    expect(result.data ?? null).toBeNull();
    // The same shape with small pages is fine.
    const cheap = await server.graphql('{ viewer { activeContracts(first: 5) { nodes { milestones(first: 5) { nodes { title } } } } } }', { token });
    expect(cheap.errors).toBeUndefined();
  });

  it('counts page sizes given as variables', async () => {
    const result = await server.graphql('query ($n: Int!) { viewer { activeContracts(first: $n) { nodes { milestones(first: $n) { nodes { title } } } } } }', {
      token,
      variables: { n: 100 },
    });
    expect(result.errors?.[0]?.extensions?.code).toBe('COST_LIMIT_EXCEEDED');
  });

  it('refuses a document over the token limit with DOCUMENT_TOO_LARGE', async () => {
    const result = await server.graphql(`{ viewer { ${'name '.repeat(1000)} } }`, { token });
    expect(result.errors?.[0]?.extensions?.code).toBe('DOCUMENT_TOO_LARGE');
  });

  it('refuses a document over the byte limit with DOCUMENT_TOO_LARGE', async () => {
    const result = await server.graphql(`{ viewer { name } } # ${'x'.repeat(7000)}`, { token });
    expect(result.status).toBe(413);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'DOCUMENT_TOO_LARGE', limit: 6000 });
  });

  it('refuses page sizes outside 1–100 as BAD_USER_INPUT naming the argument', async () => {
    for (const [argument, value] of [
      ['first', 101],
      ['first', 0],
      ['last', 500],
    ] as const) {
      const result = await server.graphql(`{ viewer { activeContracts(${argument}: ${value}) { totalCount } } }`, { token });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: argument });
      expect(result.errors?.[0]?.message).toMatch(/between 1 and 100/);
    }
  });

  it('refuses a cursor that did not come from the list', async () => {
    const result = await server.graphql('{ viewer { activeContracts(after: "garbage") { totalCount } } }', { token });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});

describe('variables', () => {
  it('answers a variable with an unknown field as BAD_USER_INPUT, not a server error', async () => {
    const result = await server.graphql('mutation ($input: SignInInput!) { signIn(input: $input) { token } }', {
      variables: { input: { email: 'limits@test.example', password: 'workroom', extra: 'field' } },
    });
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/extra/);
  });

  it('accepts large variables within the request limit, though the document itself is small', async () => {
    const result = await server.graphql('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      variables: { ids: Array.from({ length: 100 }, () => 'x'.repeat(150)) },
      token,
    });
    expect(result.status).toBe(200);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids.0' });
  });

  it('refuses a request body over MAX_REQUEST_BYTES with 413', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { name } }', variables: { padding: 'x'.repeat(3_000_000) } }),
    });
    expect(response.status).toBe(413);
    const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors[0]?.extensions.code).toBe('DOCUMENT_TOO_LARGE');
  });
});

describe('errors', () => {
  it('answers malformed JSON with a GraphQL-shaped 400', async () => {
    const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors[0]?.extensions.code).toBe('BAD_REQUEST');
  });

  it('answers a syntax error with GRAPHQL_PARSE_FAILED and where it is', async () => {
    const result = await server.graphql('{ viewer { name ', { token });
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(result.errors?.[0]).toHaveProperty('locations');
  });

  it('masks an unexpected failure: no SQL or stack reaches the client, only a request id', async () => {
    // Break this test's own database underneath the running server.
    await server.workroom.dataSource.query('ALTER TABLE instruction_documents RENAME TO instruction_documents_gone');
    try {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': 'req-masking-test' },
        body: JSON.stringify({ query: '{ viewer { activeContracts { nodes { title instructions { status } } } } }' }),
      });
      const body = (await response.json()) as { errors: Array<{ message: string; extensions: Record<string, unknown> }>; data: unknown };
      expect(response.headers.get('x-request-id')).toBe('req-masking-test');
      expect(body.errors[0]?.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: 'req-masking-test' });
      expect(body.errors[0]?.message).toMatch(/req-masking-test/);
      const text = JSON.stringify(body);
      expect(text).not.toMatch(/instruction_documents|relation|stack|at .*\.js/);
      // The rest of the query still answered; only the failed (nullable) field is null.
      expect(body.data).toMatchObject({ viewer: { activeContracts: { nodes: [{ title: expect.any(String), instructions: null }] } } });
    } finally {
      await server.workroom.dataSource.query('ALTER TABLE instruction_documents_gone RENAME TO instruction_documents');
    }
  });

  it('quotes the request id too when the failure comes before the query runs (signing the viewer in)', async () => {
    await server.workroom.dataSource.query('ALTER TABLE users RENAME TO users_gone');
    try {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': 'req-context-test' },
        body: JSON.stringify({ query: '{ viewer { name } }' }),
      });
      const body = (await response.json()) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
      expect(body.errors[0]?.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: 'req-context-test' });
      expect(JSON.stringify(body)).not.toMatch(/users|relation|stack/);
    } finally {
      await server.workroom.dataSource.query('ALTER TABLE users_gone RENAME TO users');
    }
  });

  it('serves health and readiness', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', database: 'up', bus: 'up', liveDelivery: 'bus' });
  });

  it('answers unknown paths with a JSON 404', async () => {
    const response = await fetch(`${server.url}/nope`, { method: 'POST' });
    expect(response.status).toBe(404);
  });
});
