import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hashPassword } from '../src/auth/passwords.js';
import { loadConfig } from '../src/config.js';
import { startWorkroom } from '../src/server.js';
import { Factory } from './factories.js';
import { startTestServer, testJwtSecret, type TestServer } from './helpers.js';

/**
 * Sign-in guessing on one account slows down whatever address it comes from: after a few
 * failures each further attempt waits, longer each time but never more than a few seconds here
 * (minutes by default), and a successful sign-in clears it. An unknown e-mail is answered exactly
 * like a wrong password, backoff included. E-mails are unique per run: the Redis test shares
 * one Redis with every other run.
 */
const backoffEnv = { SIGN_IN_FREE_FAILURES: '3', SIGN_IN_BACKOFF_MIN_SECONDS: '1', SIGN_IN_BACKOFF_MAX_SECONDS: '2' };
const password = 'correct horse battery staple';
const run = randomUUID().slice(0, 8);
const email = (name: string) => `${name}-${run}@test.example`;

let server: TestServer;
let factory: Factory;
let passwordHash: string;

beforeAll(async () => {
  server = await startTestServer({ env: backoffEnv });
  factory = new Factory(server.workroom.dataSource);
  passwordHash = await hashPassword(password);
});

afterAll(async () => {
  await server?.stop();
});

interface Answer {
  status: number;
  retryAfter: string | null;
  code: unknown;
  message: string | undefined;
  extensions: Record<string, unknown> | undefined;
  token: string | undefined;
  body: string;
}

let addresses = 0;

/** One sign-in attempt, each from another client address (the server trusts a loopback proxy). */
async function attempt(url: string, address: string, secret: string): Promise<Answer> {
  addresses += 1;
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.${addresses % 250}` },
    body: JSON.stringify({
      query: 'mutation ($input: SignInInput!) { signIn(input: $input) { token } }',
      variables: { input: { email: address, password: secret } },
    }),
  });
  const body = await response.text();
  const parsed = JSON.parse(body) as {
    data?: { signIn: { token: string } | null } | null;
    errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  };
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    code: parsed.errors?.[0]?.extensions?.code,
    message: parsed.errors?.[0]?.message,
    extensions: parsed.errors?.[0]?.extensions,
    token: parsed.data?.signIn?.token,
    body,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Waits out a refusal's Retry-After, and a little more. */
const waitOut = (answer: Answer) => sleep(Number(answer.retryAfter) * 1000 + 150);

function expectRefused(answer: Answer, retryAfterSeconds: number) {
  expect(answer.status).toBe(429);
  expect(answer.retryAfter).toBe(String(retryAfterSeconds));
  expect(answer.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds });
  expect(answer.message).toMatch(/^Too many failed sign-ins .*try again in \d+ seconds?\.$/);
  expect(answer.body).not.toContain('"http"');
  expect(answer.token).toBeUndefined();
}

function expectWrong(answer: Answer) {
  expect(answer.status).toBe(200);
  expect(answer.code).toBe('UNAUTHENTICATED');
  expect(answer.message).toBe('That email and password do not match an account.');
}

describe('sign-in backoff per account', () => {
  it('slows guessing on one account from any address after a few failures, longer each time, capped', async () => {
    const victim = email('victim');
    await factory.trainer({ email: victim, passwordHash });
    const bystander = email('bystander');
    await factory.trainer({ email: bystander, passwordHash });

    // Three free failures, from three addresses and spelled two ways: it is the same account.
    expectWrong(await attempt(server.url, victim, 'guess-1'));
    expectWrong(await attempt(server.url, victim.toUpperCase(), 'guess-2'));
    expectWrong(await attempt(server.url, victim, 'guess-3'));

    // Then every attempt waits, even with the right password, and even from a new address.
    const first = await attempt(server.url, victim, password);
    expectRefused(first, 1);
    expectRefused(await attempt(server.url, victim, 'guess-4'), 1);
    // Other accounts are not affected.
    expect((await attempt(server.url, bystander, password)).token).toEqual(expect.any(String));

    await waitOut(first);
    expectWrong(await attempt(server.url, victim, 'guess-5'));
    const second = await attempt(server.url, victim, 'guess-6');
    expectRefused(second, 2);

    await waitOut(second);
    expectWrong(await attempt(server.url, victim, 'guess-7'));
    // Capped: SIGN_IN_BACKOFF_MAX_SECONDS.
    const third = await attempt(server.url, victim, 'guess-8');
    expectRefused(third, 2);

    // A successful sign-in clears it: three free failures again.
    await waitOut(third);
    expect((await attempt(server.url, victim, password)).token).toEqual(expect.any(String));
    for (const guess of ['again-1', 'again-2', 'again-3']) expectWrong(await attempt(server.url, victim, guess));
    expectRefused(await attempt(server.url, victim, 'again-4'), 1);
  }, 40_000);

  it('answers an unknown e-mail exactly like a wrong password, backoff included', async () => {
    const known = email('known');
    await factory.trainer({ email: known, passwordHash });
    const unknown = email('unknown');
    for (let round = 0; round < 5; round += 1) {
      const [forKnown, forUnknown] = [await attempt(server.url, known, `wrong-${round}`), await attempt(server.url, unknown, `wrong-${round}`)];
      expect(forUnknown).toEqual(forKnown);
      if (round >= 3) expectRefused(forKnown, 1);
      else expectWrong(forKnown);
    }
  });
});

describe('sign-in backoff with Redis', () => {
  it('is shared by every instance, and keeps e-mails and passwords out of Redis keys and logs', async () => {
    const redisUrl = inject('redisUrl');
    const env = { REDIS_URL: redisUrl, ...backoffEnv };
    const first = await startTestServer({ env });
    const lines: string[] = [];
    const capture = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const second = await startWorkroom(
      loadConfig({
        NODE_ENV: 'test',
        PORT: '0',
        DATABASE_URL: first.database.url,
        JWT_SECRET: testJwtSecret,
        SEED_DEMO: 'never',
        RATE_LIMIT_USER_PER_MINUTE: '1000000',
        RATE_LIMIT_IP_PER_MINUTE: '1000000',
        ...env,
      }),
      { log: pino({ level: 'trace' }, capture) },
    );
    const redis = new Redis(redisUrl);
    try {
      const shared = email('shared');
      await new Factory(first.workroom.dataSource).trainer({ email: shared, passwordHash });
      expectWrong(await attempt(first.url, shared, 'guess-a'));
      expectWrong(await attempt(second.url, shared, 'guess-b'));
      expectWrong(await attempt(first.url, shared, 'guess-c'));
      expectRefused(await attempt(second.url, shared, password), 1);
      expectRefused(await attempt(first.url, shared, password), 1);

      const keys = await redis.keys(`*${run}*`);
      expect(keys).toEqual([]);
      const logged = lines.join('');
      expect(logged.length).toBeGreaterThan(0);
      for (const secret of [shared, `shared-${run}`, 'guess-b', password]) expect(logged).not.toContain(secret);
    } finally {
      redis.disconnect();
      await second.stop();
      await first.stop();
    }
  }, 20_000);
});
