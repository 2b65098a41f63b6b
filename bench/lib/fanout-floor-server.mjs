// The fan-out floor: a bare `ws` server (per-message deflate off) that subscribes to one Redis
// channel (ioredis) and sends every message it hears, unchanged, to every socket that has
// subscribed. It speaks just enough graphql-transport-ws for the bench's client (ack the
// `connection_init`, note the `subscribe`, answer a `ping`), so both sides are measured with the
// same client. No auth, no GraphQL, no database, one serialization in total (by the publisher):
// the least a Redis-backed fan-out can do.
// Env: PORT, HOST, REDIS_URL, CHANNEL. Prints "fan-out floor is running at <url>".
import { createServer } from 'node:http';
import { Redis } from 'ioredis';
import { WebSocketServer } from 'ws';

const port = Number(process.env.PORT ?? 0);
const host = process.env.HOST ?? '127.0.0.1';
const channel = process.env.CHANNEL ?? 'workroom-bench:floor';

const server = createServer((request, response) => response.writeHead(404).end());
const wss = new WebSocketServer({
  server,
  path: '/graphql',
  perMessageDeflate: false,
  handleProtocols: (protocols) => (protocols.has('graphql-transport-ws') ? 'graphql-transport-ws' : false),
});
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { connectionName: 'workroom-bench-floor' });
const subscribed = new Set();

wss.on('connection', (socket) => {
  socket.on('message', (data) => {
    let message;
    try {
      message = JSON.parse(data.toString('utf8'));
    } catch {
      return socket.close(4400, 'Invalid message received');
    }
    if (message.type === 'connection_init') socket.send('{"type":"connection_ack"}');
    else if (message.type === 'subscribe') subscribed.add(socket);
    else if (message.type === 'ping') socket.send('{"type":"pong"}');
    else if (message.type === 'complete') subscribed.delete(socket);
  });
  socket.on('close', () => subscribed.delete(socket));
});

redis.on('message', (from, payload) => {
  if (from !== channel) return;
  for (const socket of subscribed) socket.send(payload);
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
