// The fan-out floor: a bare `ws` server that subscribes to one Redis channel (ioredis) and
// sends every message it hears, unchanged, to every connected socket. This is the least a
// Redis-backed fan-out can do: no auth, no GraphQL, no database, one serialization in total.
// Env: PORT, HOST, REDIS_URL, CHANNEL. Prints "fan-out floor is running at <url>".
import { createServer } from 'node:http';
import { Redis } from 'ioredis';
import { WebSocketServer } from 'ws';

const port = Number(process.env.PORT ?? 0);
const host = process.env.HOST ?? '127.0.0.1';
const channel = process.env.CHANNEL ?? 'workroom-bench:floor';

const server = createServer((request, response) => response.writeHead(404).end());
const wss = new WebSocketServer({ server, path: '/graphql', perMessageDeflate: false });
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { connectionName: 'workroom-bench-floor' });

redis.on('message', (from, payload) => {
  if (from !== channel) return;
  for (const socket of wss.clients) socket.send(payload);
});

await redis.subscribe(channel);
server.listen(port, host, () => {
  console.log(`fan-out floor is running at ws://${host}:${server.address().port}/graphql`);
});

async function stop() {
  for (const socket of wss.clients) socket.terminate();
  wss.close();
  server.close();
  redis.disconnect();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
