import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from '../src/auth/tokens.js';
import type { User } from '../src/modules/accounts/user.entity.js';
import { Factory } from './factories.js';
import { startTestServer, testJwtSecret, type TestServer } from './helpers.js';
import { collect, eventually, wsClient } from './live-helpers.js';

/**
 * Sign-in expiry for many sockets is one timer (api/websocket.ts, SocketSessions), not one per
 * socket: what a user notices must not change. Each socket is closed with 4403 when its own token
 * expires, whichever expires first, and the others go on serving.
 */
let server: TestServer;
let trainer: User;
let token: string;

beforeAll(async () => {
  server = await startTestServer({ env: { EVENTS_POLL_MS: '200', EVENTS_SWEEP_MS: '200' } });
  const factory = new Factory(server.workroom.dataSource);
  trainer = await factory.trainer({ email: 'sessions-trainer@test.example' });
  token = await server.signIn('sessions-trainer@test.example');
});

afterAll(async () => {
  await server?.stop();
});

/** The viewer's e-mail, asked over the client's socket. */
function email(client: Client): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let data: unknown;
    client.subscribe({ query: '{ viewer { email } }' }, { next: (result) => (data = result.data), error: reject, complete: () => resolve(data) });
  });
}

describe('sign-in expiry on many sockets', () => {
  it('closes each socket with 4403 when its own token expires, and leaves the others serving', async () => {
    // Tokens carry whole seconds: these expire one and two seconds apart, two of them in the same second.
    const [soon, sameSecond] = await Promise.all([new TokenService(testJwtSecret, 2).issue(trainer.id), new TokenService(testJwtSecret, 2).issue(trainer.id)]);
    const later = await new TokenService(testJwtSecret, 3).issue(trainer.id);
    const leaving = await new TokenService(testJwtSecret, 2).issue(trainer.id);
    const expiring = [soon, sameSecond, later].map((issued) => wsClient(server.url, issued.token));
    const lasting = wsClient(server.url, token);
    const gone = wsClient(server.url, leaving.token);
    const live = [...expiring, lasting, gone].map((client) => collect(client, 'subscription { activity { cursor } }'));
    await eventually(() => server.workroom.websocketClients.size === 5);
    // One leaves on its own before its token expires.
    await gone.dispose();
    await eventually(() => server.workroom.websocketClients.size === 4);

    await eventually(() => expiring.every((client) => client.closeCodes.includes(4403)), 8_000);
    expect(live.slice(0, 3).every((subscription) => subscription.closeCode === 4403)).toBe(true);
    expect(gone.closeCodes).not.toContain(4403);
    expect(lasting.closeCodes).toEqual([]);
    expect(await email(lasting)).toEqual({ viewer: { email: 'sessions-trainer@test.example' } });
    await eventually(() => server.workroom.websocketClients.size === 1);
    for (const client of [...expiring, lasting]) void client.dispose();
  });
});
