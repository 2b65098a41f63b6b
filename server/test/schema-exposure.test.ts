import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { Factory } from './factories.js';
import { startTestServer, type TestServer } from './helpers.js';
import { collect, eventually, wsClient } from './live-helpers.js';

/** With EXPOSE_SCHEMA=false (the production default): no introspection, no IDE, no suggestions. */
let server: TestServer;
let token: string;

beforeAll(async () => {
  server = await startTestServer({ env: { EXPOSE_SCHEMA: 'false' } });
  await new Factory(server.workroom.dataSource).trainer({ email: 'hidden@test.example' });
  token = await server.signIn('hidden@test.example');
});

afterAll(async () => {
  await server?.stop();
});

describe('a production server does not advertise its schema', () => {
  it('is the default with NODE_ENV=production, and can be switched on', () => {
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x', JWT_SECRET: 'x'.repeat(32), PAYOUT_METHODS_KEY: 'k'.repeat(32) } as const;
    expect(loadConfig(production).exposeSchema).toBe(false);
    expect(loadConfig({ ...production, EXPOSE_SCHEMA: 'true' }).exposeSchema).toBe(true);
    expect(loadConfig({}).exposeSchema).toBe(true);
  });

  it('refuses introspection over HTTP and the WebSocket', async () => {
    const http = await server.graphql('{ __schema { types { name } } }', { token });
    expect(http.errors?.[0]?.message).toMatch(/introspection/i);
    const client = wsClient(server.url, token);
    const received = collect(client, 'subscription { __schema { queryType { name } } }');
    await eventually(() => received.errors.length > 0);
    expect(JSON.stringify(received.errors)).toMatch(/introspection|Subscription/i);
    await client.dispose();
  });

  it('does not suggest field names in errors', async () => {
    const result = await server.graphql('{ viewer { nam } }', { token });
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it('does not serve the IDE', async () => {
    // (The dashboard's own pages still load: /explorer is then just an unknown dashboard route.)
    const explorer = await fetch(`${server.url}/explorer`, { headers: { accept: 'text/html' } });
    expect(await explorer.text()).not.toContain('Workroom GraphQL IDE');
    const page = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('Workroom GraphQL IDE');
  });
});
