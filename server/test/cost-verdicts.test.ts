import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Factory } from './factories.js';
import { startTestServer, type TestServer } from './helpers.js';

/**
 * The gate measures a document's page sizes and cost once and remembers the verdict, keyed by the
 * variables it depends on (page sizes, @include/@skip), so a tool that repeats a query with other
 * ids is not measured again. What must hold whatever is remembered: every page size and every
 * branch a variable switches on is judged by its own value.
 */
let server: TestServer;
let token: string;

beforeAll(async () => {
  server = await startTestServer({ env: { MAX_QUERY_COST: '200' } });
  await new Factory(server.workroom.dataSource).trainer({ email: 'verdicts@test.example' });
  token = await server.signIn('verdicts@test.example');
});

afterAll(async () => {
  await server?.stop();
});

const codeOf = async (query: string, variables: Record<string, unknown>) => {
  const result = await server.graphql(query, { token, variables });
  return result.errors?.[0]?.extensions?.code ?? 'OK';
};

describe('remembered cost verdicts', () => {
  it('judges each page size by its own value, in any order', async () => {
    const query = 'query Pages($n: Int) { viewer { activeContracts(first: $n) { nodes { id milestones(first: 10) { nodes { id } } } } } }';
    const codes = [];
    for (const n of [2, 50, 2, 101, 0, 50, 2]) codes.push(await codeOf(query, { n }));
    expect(codes).toEqual(['OK', 'COST_LIMIT_EXCEEDED', 'OK', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'COST_LIMIT_EXCEEDED', 'OK']);
  });

  it('judges each @include branch by its own value', async () => {
    const query =
      'query Branch($big: Boolean!) { viewer { name activeContracts(first: 50) @include(if: $big) { nodes { id milestones(first: 10) { nodes { id } } } } } }';
    const codes = [];
    for (const big of [false, true, false, true]) codes.push(await codeOf(query, { big }));
    expect(codes).toEqual(['OK', 'COST_LIMIT_EXCEEDED', 'OK', 'COST_LIMIT_EXCEEDED']);
  });

  it('does not let a request whose variables failed their types stand for the next one', async () => {
    // The cost does not depend on $id, so its verdict is shared by every $id: one that was never
    // measured (the variables did not fit their types) must not be what the valid request gets.
    const query =
      'query Costly($id: ID!) { node(id: $id) { id } viewer { activeContracts(first: 50) { nodes { id milestones(first: 10) { nodes { id } } } } } }';
    expect(await codeOf(query, { id: { not: 'an id' } })).toBe('BAD_USER_INPUT');
    expect(await codeOf(query, { id: 'Q29udHJhY3Q6MQ' })).toBe('COST_LIMIT_EXCEEDED');
  });

  it('answers the same query for other ids without measuring it again, and the same way', async () => {
    const query = 'query Node($id: ID!) { node(id: $id) { id } }';
    const codes = [];
    for (const id of ['Q29udHJhY3Q6MQ', 'Q29udHJhY3Q6Mg', 'Q29udHJhY3Q6Mw']) codes.push(await codeOf(query, { id }));
    expect(new Set(codes).size).toBe(1);
    expect(codes[0]).not.toBe('COST_LIMIT_EXCEEDED');
  });
});
