import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Factory } from './factories.js';
import { startTestServer, type TestServer } from './helpers.js';
import { TestRedis } from './live-faults-helpers.js';

/**
 * A busy connection pool is not a database outage: a request that waited its turn in vain is
 * refused with OVERLOADED (and a retry delay spread over a few seconds), never with
 * SERVICE_UNAVAILABLE "cannot reach its database", and readiness says the database is busy, not
 * down. A frozen Redis is reported as a degraded bus, with live delivery by polling.
 */
let server: TestServer;
let token: string;
let redis: TestRedis;

beforeAll(async () => {
  redis = await TestRedis.start();
  // Two connections (start-up migrates on one while holding a lock on the other), and a short wait
  // for one: two slow statements fill the pool.
  server = await startTestServer({ env: { DB_POOL_SIZE: '2', DB_POOL_WAIT_MS: '300', REDIS_URL: redis.url } });
  const factory = new Factory(server.workroom.dataSource);
  await factory.trainer({ email: 'busy@test.example' });
  token = await server.signIn('busy@test.example');
});

afterAll(async () => {
  redis?.resume();
  await server?.stop();
  await redis?.stop();
});

/** Holds both of the pool's connections for `seconds`, as long report queries would. */
function occupyThePool(seconds: number): Promise<unknown> {
  return Promise.all([1, 2].map(() => server.workroom.dataSource.query(`SELECT pg_sleep(${seconds})`)));
}

describe('a busy pool', () => {
  it('answers OVERLOADED with 503 and a spread Retry-After, not SERVICE_UNAVAILABLE, while the database is healthy', async () => {
    const busy = occupyThePool(1.5);
    try {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ viewer { activeContracts { totalCount } } }' }),
      });
      const body = (await response.json()) as { errors?: Array<{ message: string; extensions: Record<string, unknown> }> };
      expect(response.status).toBe(503);
      const error = body.errors?.[0];
      expect(error?.extensions.code).toBe('OVERLOADED');
      expect(error?.message).toMatch(/busy/);
      expect(error?.message).not.toMatch(/cannot reach/);
      const retryAfter = Number(response.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(3);
      expect(error?.extensions.retryAfterSeconds).toBe(retryAfter);
    } finally {
      await busy;
    }
    // Once the pool is free again, the same request is served.
    const again = await server.graphql('{ viewer { activeContracts { totalCount } } }', { token });
    expect(again.errors).toBeUndefined();
  });

  it('reports the database busy on /readyz, and the instance ready, since PostgreSQL answers', async () => {
    const busy = occupyThePool(3);
    try {
      const response = await fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(10_000) });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'ready', database: 'busy' });
    } finally {
      await busy;
    }
    expect(await (await fetch(`${server.url}/readyz`)).json()).toMatchObject({ status: 'ready', database: 'up' });
  });
});

describe('a frozen Redis', () => {
  it('shows on /readyz as a degraded bus with live delivery by polling, and recovers', async () => {
    expect(await (await fetch(`${server.url}/readyz`)).json()).toMatchObject({ bus: 'up', liveDelivery: 'bus' });
    redis.pause();
    try {
      // Its connections stay open and look ready; only an unanswered PING tells.
      const response = await fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(10_000) });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'ready', database: 'up', bus: 'degraded', liveDelivery: 'polling' });
    } finally {
      redis.resume();
    }
    await expect
      .poll(async () => (await (await fetch(`${server.url}/readyz`)).json()) as Record<string, unknown>, { timeout: 10_000 })
      .toMatchObject({ bus: 'up', liveDelivery: 'bus' });
  });
});
