import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { startWorkroom } from '../src/server.js';
import { testJwtSecret } from './helpers.js';
import { Factory } from './factories.js';
import { startTestServer, type TestServer } from './helpers.js';
import { collect, eventually, wsClient } from './live-helpers.js';

/** Rate limits per user and per IP, on HTTP and WebSocket, with a clear RATE_LIMITED and when to retry. */
let server: TestServer;
const tokens = { busy: '', other: '' };

beforeAll(async () => {
  server = await startTestServer({ env: { RATE_LIMIT_USER_PER_MINUTE: '5', RATE_LIMIT_IP_PER_MINUTE: '40' } });
  const factory = new Factory(server.workroom.dataSource);
  await factory.trainer({ email: 'busy@test.example' });
  await factory.trainer({ email: 'other@test.example' });
  tokens.busy = await server.signIn('busy@test.example');
  tokens.other = await server.signIn('other@test.example');
});

afterAll(async () => {
  await server?.stop();
});

describe('rate limits', () => {
  it('refuses a user over their limit with 429 RATE_LIMITED and Retry-After, and leaves others alone', async () => {
    const statuses: number[] = [];
    let refusal: Response | undefined;
    for (let attempt = 0; attempt < 7; attempt += 1) {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.busy}` },
        body: JSON.stringify({ query: '{ viewer { name } }' }),
      });
      statuses.push(response.status);
      if (response.status === 429) refusal = response;
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(refusal).toBeDefined();
    expect(Number(refusal!.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await refusal!.json()) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
    expect(body.errors[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    expect(body.errors[0]?.message).toMatch(/try again in \d+ seconds?/);
    expect(JSON.stringify(body)).not.toContain('"http"');
    const other = await server.graphql('{ viewer { name } }', { token: tokens.other });
    expect(other.status).toBe(200);
  });

  it('counts operations on the WebSocket against the same limit', async () => {
    const client = wsClient(server.url, tokens.busy);
    const received = collect(client, 'subscription { activity { type } }');
    await eventually(() => received.errors.length > 0);
    expect(JSON.stringify(received.errors)).toContain('RATE_LIMITED');
    await client.dispose();
  });

  it('limits every request from one IP, signed in or not', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 45; attempt += 1) {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        // Another address each time: the per-account sign-in backoff must not be what answers here.
        body: JSON.stringify({ query: `mutation { signIn(input: { email: "x${attempt}@test.example", password: "guess" }) { token } }` }),
      });
      statuses.push(response.status);
    }
    expect(statuses).toContain(429);
    // Health checks are not GraphQL and stay reachable.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe('rate limits with Redis', () => {
  it('are shared by every instance using the same Redis', async () => {
    const redisServer = await startTestServer({
      env: { REDIS_URL: inject('redisUrl'), RATE_LIMIT_USER_PER_MINUTE: '4', RATE_LIMIT_IP_PER_MINUTE: '1000000' },
    });
    const second = await startWorkroom(
      loadConfig({
        NODE_ENV: 'test',
        PORT: '0',
        DATABASE_URL: redisServer.database.url,
        REDIS_URL: inject('redisUrl'),
        JWT_SECRET: testJwtSecret,
        LOG_LEVEL: 'silent',
        SEED_DEMO: 'never',
        RATE_LIMIT_USER_PER_MINUTE: '4',
        RATE_LIMIT_IP_PER_MINUTE: '1000000',
      }),
    );
    try {
      const factory = new Factory(redisServer.workroom.dataSource);
      await factory.trainer({ email: 'shared@test.example' });
      const token = await redisServer.signIn('shared@test.example');
      const ask = async (url: string) =>
        (
          await fetch(`${url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ query: '{ viewer { name } }' }),
          })
        ).status;
      const statuses = [await ask(redisServer.url), await ask(second.url), await ask(redisServer.url), await ask(second.url), await ask(second.url)];
      expect(statuses).toEqual([200, 200, 200, 200, 429]);
    } finally {
      await second.stop();
      await redisServer.stop();
    }
  });
});
