import { createServer, request, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { GraphQLServerListener } from '@apollo/server';
import { afterEach, describe, expect, it } from 'vitest';
import { drainHttpServer } from '../src/api/drain-http.js';

/** An HTTP server whose answers take `answerMs`, with the drain plugin's listener. */
async function serve(answerMs: number, graceMs: number): Promise<{ server: Server; port: number; listener: GraphQLServerListener }> {
  const server = createServer((_request, response) => void setTimeout(() => response.end('answered'), answerMs));
  const plugin = drainHttpServer(server, graceMs);
  // The plugin reads nothing of Apollo's start: its listener only needs the server it was made with.
  const listener = (await plugin.serverWillStart!({} as Parameters<NonNullable<typeof plugin.serverWillStart>>[0])) as GraphQLServerListener;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, listener };
}

function get(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    request({ port, host: '127.0.0.1', path: '/' }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve(body));
    })
      .on('error', reject)
      .end();
  });
}

function idleConnection(port: number): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
  });
}

const closedAt = (socket: Socket) => new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())));

let running: Server | undefined;
afterEach(() => {
  running?.closeAllConnections();
  running?.close();
  running = undefined;
});

describe('drainHttpServer (Apollo drain, same steps)', () => {
  it('ends idle connections at once, lets an answer under way finish, then stops', async () => {
    const { server, port, listener } = await serve(300, 5_000);
    running = server;
    const idle = await idleConnection(port);
    const idleClosed = closedAt(idle);
    const answer = get(port);
    // The request reaches the server before the drain starts.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    const drained = listener.drainServer!();
    expect(await answer).toBe('answered');
    expect((await idleClosed) - started).toBeLessThan(250);
    await drained;
    expect(server.listening).toBe(false);
  });

  it('ends every connection once the grace period is over', async () => {
    const { server, port, listener } = await serve(2_000, 200);
    running = server;
    const busy = await idleConnection(port);
    busy.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    const busyClosed = closedAt(busy);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await listener.drainServer!();
    const closed = await busyClosed;
    expect(closed - started).toBeGreaterThanOrEqual(150);
    expect(closed - started).toBeLessThan(1_500);
  });

  it('listens to each connection with one function for all, not a closure (and a once wrapper) each', async () => {
    /** Close listeners of two connections to the server: how many, and how many the two share. */
    async function closeListeners(server: Server): Promise<{ count: number; shared: number }> {
      const accepted: Socket[] = [];
      server.on('connection', (socket: Socket) => accepted.push(socket));
      if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      await Promise.all([idleConnection(port), idleConnection(port)]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const [first, second] = accepted.map((socket) => socket.listeners('close'));
      return { count: first!.length, shared: first!.filter((listener) => second!.includes(listener)).length };
    }
    const plain = createServer();
    running = plain;
    const withoutDrain = await closeListeners(plain);
    plain.closeAllConnections();
    plain.close();
    const { server } = await serve(0, 1_000);
    running = server;
    // Node's HTTP server's own, and the drain's: one more, and the same function for both connections.
    expect(await closeListeners(server)).toEqual({ count: withoutDrain.count + 1, shared: withoutDrain.shared + 1 });
  });
});
