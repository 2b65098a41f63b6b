import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ApolloServerPlugin } from '@apollo/server';

/**
 * Apollo's ApolloServerPluginDrainHttpServer, the same steps (its Stopper): on stop, the server
 * stops accepting, idle connections are ended, a busy one is ended when its last response is
 * sent, and after the grace period every connection is ended, then destroyed. What differs is what
 * it keeps for each open connection: an entry in one map, and a `close` listener that is the same
 * function for every socket, where Apollo's adds a closure and a `once` wrapper per connection,
 * which for a WebSocket (an upgraded connection, also tracked) lives as long as the socket.
 */
export function drainHttpServer(server: Server, stopGracePeriodMillis = 10_000): ApolloServerPlugin {
  /** Open connections, with their responses not yet sent. */
  const requestsPerSocket = new Map<Socket, number>();
  let stopped = false;
  function forget(this: Socket): void {
    requestsPerSocket.delete(this);
  }
  server.on('connection', (socket: Socket) => {
    requestsPerSocket.set(socket, 0);
    socket.on('close', forget);
  });
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const { socket } = request;
    requestsPerSocket.set(socket, (requestsPerSocket.get(socket) ?? 0) + 1);
    response.once('finish', () => {
      const pending = (requestsPerSocket.get(socket) ?? 0) - 1;
      requestsPerSocket.set(socket, pending);
      if (stopped && pending === 0) socket.end();
    });
  });

  async function stop(hardDestroy: AbortSignal): Promise<void> {
    // As Apollo's: a turn first, so that a request whose socket connected just now is counted.
    await new Promise((resolve) => setImmediate(resolve));
    stopped = true;
    const onAbort = () => {
      requestsPerSocket.forEach((_, socket) => socket.end());
      setImmediate(() => requestsPerSocket.forEach((_, socket) => socket.destroy()));
    };
    hardDestroy.addEventListener('abort', onAbort);
    const closed = new Promise<void>((resolve) =>
      server.close(() => {
        hardDestroy.removeEventListener('abort', onAbort);
        resolve();
      }),
    );
    requestsPerSocket.forEach((requests, socket) => {
      if (requests === 0) socket.end();
    });
    await closed;
  }

  return {
    async serverWillStart() {
      return {
        async drainServer() {
          await stop(AbortSignal.timeout(stopGracePeriodMillis));
        },
      };
    },
  };
}
