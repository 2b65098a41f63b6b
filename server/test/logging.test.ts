import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { startWorkroom, logRedactPaths } from '../src/server.js';
import { createTestDatabase, testJwtSecret } from './helpers.js';

describe('request logs', () => {
  it('keep capability secrets out: calendar feed tokens and signed download links', () => {
    expect(redactSecrets('/calendar/AbC123_-xyz.ics')).toBe('/calendar/[redacted].ics');
    expect(redactSecrets('/invoices/SW52b2ljZTo.html?token=eyJhbGciOi.x.y')).toBe('/invoices/SW52b2ljZTo.html?token=[redacted]');
    expect(redactSecrets('/graphql')).toBe('/graphql');
  });

  it('write one access line per request with its id, method, redacted URL and status, and never its headers', async () => {
    const lines: string[] = [];
    const database = await createTestDatabase();
    const workroom = await startWorkroom(
      loadConfig({
        NODE_ENV: 'test',
        PORT: '0',
        DATABASE_URL: database.url,
        JWT_SECRET: testJwtSecret,
        SEED_DEMO: 'never',
        LOG_LEVEL: 'info',
      }),
      { log: pino({ level: 'info', redact: logRedactPaths }, { write: (line: string) => lines.push(line) }) },
    );
    try {
      const bearer = 'Bearer not.a.real-token-but-secret';
      const answer = await fetch(`${workroom.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: bearer, 'x-request-id': 'access-log-test' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(answer.headers.get('x-request-id')).toBe('access-log-test');
      await answer.text();
      const feed = await fetch(`${workroom.url}/calendar/NotARealFeedToken123.ics`);
      await feed.text();
      const generated = feed.headers.get('x-request-id');
      expect(generated).toMatch(/^[0-9a-f-]{36}$/);
      await (await fetch(`${workroom.url}/healthz`)).text();
      // The line is written when the response has finished, just after the client has it.
      await new Promise((resolve) => setTimeout(resolve, 100));

      const access = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => typeof line.responseTime === 'number');
      expect(access.map(({ reqId, msg, req, res }) => ({ reqId, msg, req, res }))).toEqual([
        {
          reqId: 'access-log-test',
          msg: 'request completed',
          req: { method: 'POST', url: '/graphql', remoteAddress: expect.any(String) as unknown },
          res: { statusCode: 401 },
        },
        {
          reqId: generated,
          msg: 'request completed',
          req: { method: 'GET', url: '/calendar/[redacted].ics', remoteAddress: expect.any(String) as unknown },
          res: { statusCode: 404 },
        },
      ]);
      const logged = lines.join('');
      expect(logged).not.toContain('not.a.real-token-but-secret');
      expect(logged).not.toContain('NotARealFeedToken123');
    } finally {
      await workroom.stop();
      await database.drop();
    }
  });
});
