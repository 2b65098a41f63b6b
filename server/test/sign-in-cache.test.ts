import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { startWorkroom } from '../src/server.js';
import { Factory } from './factories.js';
import { startTestServer, StatementCounter, testJwtSecret, type TestServer } from './helpers.js';

/**
 * The per-request costs taken off the critical path: a bearer token's account is remembered for
 * AUTH_VIEWER_CACHE_MS (here 1 s) instead of read on every request, and rate limits count locally
 * and reach Redis in the background. What a user must still see: a deleted account's token stops
 * working within that time, a change made through the API shows on the very next request, and the
 * (N+1)th request of a window is refused.
 */
const cacheMs = 1_000;
let server: TestServer;
let factory: Factory;
const counter = new StatementCounter();

beforeAll(async () => {
  server = await startTestServer({ sqlLogger: counter, env: { AUTH_VIEWER_CACHE_MS: String(cacheMs), EVENTS_SWEEP_MS: '60000', EVENTS_POLL_MS: '60000' } });
  factory = new Factory(server.workroom.dataSource);
});

afterAll(async () => {
  await server?.stop();
});

const viewerName = async (token: string) => {
  const result = await server.graphql<{ viewer: { name: string } }>('{ viewer { name } }', { token });
  return { status: result.status, name: result.data?.viewer.name ?? null, code: result.errors?.[0]?.extensions?.code ?? null };
};

describe('the signed-in account, remembered for a few seconds', () => {
  it('answers a repeated request without reading the account again', async () => {
    await factory.trainer({ email: 'cache-repeat@test.example', name: 'Repeat Ray' });
    const token = await server.signIn('cache-repeat@test.example');
    expect((await viewerName(token)).name).toBe('Repeat Ray');
    counter.reset();
    expect((await viewerName(token)).name).toBe('Repeat Ray');
    // `viewer { name }` reads nothing but the account: remembered, it costs no statement at all.
    expect(counter.statements.filter((sql) => /FROM "users"/.test(sql))).toEqual([]);
  });

  it("stops a deleted account's token within AUTH_VIEWER_CACHE_MS, however it was deleted", async () => {
    const doomed = await factory.trainer({ email: 'cache-doomed@test.example', name: 'Doomed Dana' });
    const token = await server.signIn('cache-doomed@test.example');
    expect(await viewerName(token)).toEqual({ status: 200, name: 'Doomed Dana', code: null });
    // Behind the server's back, as another instance or a SQL console would.
    await server.workroom.dataSource.query('DELETE FROM users WHERE id = $1', [doomed.id]);
    await sleep(cacheMs + 100);
    expect(await viewerName(token)).toEqual({ status: 401, name: null, code: 'UNAUTHENTICATED' });
  });

  it('shows an account changed elsewhere within AUTH_VIEWER_CACHE_MS', async () => {
    const renamed = await factory.trainer({ email: 'cache-renamed@test.example', name: 'Old Name' });
    const token = await server.signIn('cache-renamed@test.example');
    expect((await viewerName(token)).name).toBe('Old Name');
    await server.workroom.dataSource.query('UPDATE users SET name = $2 WHERE id = $1', [renamed.id, 'New Name']);
    await sleep(cacheMs + 100);
    expect((await viewerName(token)).name).toBe('New Name');
  });

  it('shows a change made through the API on the very next request', async () => {
    await factory.trainer({ email: 'cache-feed@test.example' });
    const token = await server.signIn('cache-feed@test.example');
    const feedUrl = async () =>
      (await server.graphql<{ viewer: { calendarFeedUrl: string | null } }>('{ viewer { calendarFeedUrl } }', { token })).data!.viewer.calendarFeedUrl;
    expect(await feedUrl()).toBeNull();
    for (let rotation = 0; rotation < 3; rotation += 1) {
      const rotated = await server.graphql<{ rotateCalendarFeed: { url: string } }>('mutation { rotateCalendarFeed { url } }', { token });
      expect(await feedUrl()).toBe(rotated.data!.rotateCalendarFeed.url);
    }
    await server.graphql('mutation { revokeCalendarFeed { revoked } }', { token });
    expect(await feedUrl()).toBeNull();
  });

  it('serves nobody with a bad or expired token, remembered or not', async () => {
    await factory.trainer({ email: 'cache-tamper@test.example' });
    const token = await server.signIn('cache-tamper@test.example');
    expect((await viewerName(token)).status).toBe(200);
    const [header, payload, signature] = token.split('.');
    const forged = `${header}.${payload}.${signature!.slice(0, -2)}${signature!.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await viewerName(forged)).toEqual({ status: 401, name: null, code: 'UNAUTHENTICATED' });
  });
});

describe('rate limits counted locally, shared through Redis', () => {
  it('refuses exactly the requests past the limit of a burst on one instance', async () => {
    const limited = await startTestServer({ env: { REDIS_URL: inject('redisUrl'), RATE_LIMIT_USER_PER_MINUTE: '10', RATE_LIMIT_IP_PER_MINUTE: '1000000' } });
    try {
      await new Factory(limited.workroom.dataSource).trainer({ email: 'burst@test.example' });
      const token = await limited.signIn('burst@test.example');
      const statuses = await Promise.all(Array.from({ length: 16 }, async () => (await limited.graphql('{ viewer { name } }', { token })).status));
      expect(statuses.filter((status) => status === 200)).toHaveLength(10);
      expect(statuses.filter((status) => status === 429)).toHaveLength(6);
    } finally {
      await limited.stop();
    }
  });

  it('holds the limit across two instances when their requests interleave in bursts', async () => {
    const env = { REDIS_URL: inject('redisUrl'), RATE_LIMIT_USER_PER_MINUTE: '12', RATE_LIMIT_IP_PER_MINUTE: '1000000' };
    const first = await startTestServer({ env });
    const second = await startWorkroom(
      loadConfig({ NODE_ENV: 'test', PORT: '0', DATABASE_URL: first.database.url, JWT_SECRET: testJwtSecret, LOG_LEVEL: 'silent', SEED_DEMO: 'never', ...env }),
    );
    try {
      await new Factory(first.workroom.dataSource).trainer({ email: 'two-bursts@test.example' });
      const token = await first.signIn('two-bursts@test.example');
      const ask = async (url: string) =>
        (
          await fetch(`${url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ query: '{ viewer { name } }' }),
          })
        ).status;
      const statuses: number[] = [];
      // Bursts of four, alternating instances, one after another: each instance hears back from
      // Redis between its bursts, which is the tolerance the README states.
      for (let burst = 0; burst < 5; burst += 1) {
        const url = burst % 2 === 0 ? first.url : second.url;
        statuses.push(...(await Promise.all([ask(url), ask(url), ask(url), ask(url)])));
      }
      expect(statuses.filter((status) => status === 200)).toHaveLength(12);
      expect(statuses.filter((status) => status === 429)).toHaveLength(8);
    } finally {
      await second.stop();
      await first.stop();
    }
  });
});
