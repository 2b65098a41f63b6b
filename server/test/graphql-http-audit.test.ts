import { serverAudits, type AuditFail } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers.js';

/**
 * The GraphQL over HTTP conformance audits of the `graphql-http` package, run against the real
 * server's /graphql, one test per audit. Every MUST passes. A SHOULD or MAY that the server does
 * not meet is pinned to exactly what a client sees today, with the reason, in a test named
 * "… — known: <why>": if the behaviour changes, that test fails and this list must be revisited.
 */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.stop();
});

// The URL is only known once the server has started; the audits ask for it on every request.
const audits = serverAudits({ url: () => `${server.url}/graphql`, fetchFn: fetch });

const csrf =
  "Apollo Server's CSRF prevention refuses a GET that has neither `content-type: application/json` nor an " +
  '`apollo-require-preflight` or `x-apollo-operation-name` header, and the audit sends a bare GET';
const statusPerWatershed =
  'Apollo Server answers a request that fails before execution with 400 whatever the Accept header; ' +
  'the 200 this audit wants is for legacy `accept: application/json` clients';

interface KnownOutcome {
  /** How graphql-http grades the miss: `warn` for SHOULD, `notice` for MAY. */
  grade: AuditFail['status'];
  httpStatus: number;
  code: string;
  message: RegExp;
  why: string;
}

/** Audits the server does not pass, and exactly what it answers instead. */
const known: Record<string, KnownOutcome> = {
  '5A70': { grade: 'notice', httpStatus: 400, code: 'BAD_REQUEST', message: /Cross-Site Request Forgery/, why: csrf },
  D6D5: { grade: 'notice', httpStatus: 400, code: 'BAD_REQUEST', message: /Cross-Site Request Forgery/, why: csrf },
  '6A70': { grade: 'notice', httpStatus: 400, code: 'BAD_REQUEST', message: /Cross-Site Request Forgery/, why: csrf },
  '572B': { grade: 'warn', httpStatus: 400, code: 'GRAPHQL_PARSE_FAILED', message: /Syntax Error/, why: `${statusPerWatershed} (a parse failure)` },
  // The audit's "unknown field" starts with a digit, so its document does not even parse.
  FDE2: { grade: 'warn', httpStatus: 400, code: 'GRAPHQL_PARSE_FAILED', message: /Syntax Error/, why: `${statusPerWatershed} (its document fails to parse)` },
  // The audit's `$id` is declared but never used, so validation refuses it before any coercion.
  '7B9B': {
    grade: 'warn',
    httpStatus: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /Variable "\$id" is never used/,
    why: `${statusPerWatershed} (its document fails validation)`,
  },
};

describe('graphql-http server audits against /graphql', () => {
  it('runs the whole suite, with unique ids, and every pinned exception is still one of its audits', () => {
    const ids = audits.map((audit) => audit.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(50);
    for (const id of Object.keys(known)) expect(ids, `pinned audit ${id}`).toContain(id);
    // No MUST is ever excused.
    for (const audit of audits.filter((audit) => audit.id in known)) expect(audit.name.startsWith('MUST'), audit.id).toBe(false);
  });

  for (const audit of audits) {
    const exception = known[audit.id];
    if (!exception) {
      it(`${audit.id} ${audit.name}`, async () => {
        const result = await audit.fn();
        const detail = result.status === 'ok' ? '' : `${result.reason} (HTTP ${result.response.status})`;
        expect(result.status, detail).toBe('ok');
      });
      continue;
    }
    it(`${audit.id} ${audit.name} — known: ${exception.why}`, async () => {
      const result = await audit.fn();
      expect(result.status).toBe(exception.grade);
      if (result.status === 'ok') return;
      expect(result.reason).toBe('Response status code is not 200');
      expect(result.response.status).toBe(exception.httpStatus);
      expect(result.response.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
      const body = (await result.response.json()) as { data?: unknown; errors: Array<{ message: string; extensions: { code: string } }> };
      expect(body.errors[0]?.extensions.code).toBe(exception.code);
      expect(body.errors[0]?.message).toMatch(exception.message);
      expect(body.data ?? null).toBeNull();
    });
  }
});

/**
 * What the CSRF exceptions above mean for a client: GET works once it says it is not a simple
 * cross-site request, and mutations stay POST-only then too (so audit 9C48, which passes because
 * CSRF prevention refuses its bare GET, would pass on its own merits as well).
 */
describe('what the exceptions mean for a client', () => {
  const get = (query: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/graphql?${new URLSearchParams({ query })}`, { headers: { accept: 'application/json', ...headers } });

  it('refuses a bare GET as a potential CSRF with 400 BAD_REQUEST, naming the headers that lift it', async () => {
    const response = await get('{ __typename }');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0]?.extensions.code).toBe('BAD_REQUEST');
    expect(body.errors[0]?.message).toMatch(/apollo-require-preflight/);
  });

  it('answers a GET query with apollo-require-preflight, x-apollo-operation-name or content-type: application/json', async () => {
    const variants: Array<Record<string, string>> = [
      { 'apollo-require-preflight': 'true' },
      { 'x-apollo-operation-name': 'Typename' },
      { 'content-type': 'application/json' },
    ];
    for (const headers of variants) {
      const response = await get('query Typename { __typename }', headers);
      expect(response.status, JSON.stringify(headers)).toBe(200);
      expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
    }
  });

  it('answers every failure before execution with 400 and its own code, whatever the Accept header', async () => {
    const cases = [
      [{ query: '{' }, 'GRAPHQL_PARSE_FAILED'],
      [{ query: '{ noSuchField }' }, 'GRAPHQL_VALIDATION_FAILED'],
      [{ query: 'query ($id: ID!) { node(id: $id) { id } }', variables: { id: null } }, 'BAD_USER_INPUT'],
    ] as const;
    for (const accept of ['application/json', 'application/graphql-response+json', '*/*']) {
      for (const [request, code] of cases) {
        const response = await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept },
          body: JSON.stringify(request),
        });
        expect(response.status, `${accept} ${request.query}`).toBe(400);
        const body = (await response.json()) as { data?: unknown; errors: Array<{ extensions: { code: string } }> };
        expect(body.errors[0]?.extensions.code, `${accept} ${request.query}`).toBe(code);
        expect(body).not.toHaveProperty('data');
      }
    }
  });

  it('refuses a mutation over GET with 405 even when the preflight header is there', async () => {
    const response = await get('mutation { __typename }', { 'apollo-require-preflight': 'true' });
    expect(response.status).toBe(405);
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0]?.extensions.code).toBe('BAD_REQUEST');
    expect(body.errors[0]?.message).toMatch(/GET requests only support query operations/);
  });
});
