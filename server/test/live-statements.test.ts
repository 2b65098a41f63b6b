import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../src/graphql/global-id.js';
import type { Channel } from '../src/modules/messaging/channel.entity.js';
import { Factory } from './factories.js';
import { startTestServer, StatementCounter, type TestServer } from './helpers.js';
import { collect, eventually, wsClient, type Received } from './live-helpers.js';

/**
 * Fan-out does not cost SQL per subscriber: who may see an event is decided once, and the rows of
 * the payload are loaded once, for all the subscribers of an instance. One message to 40
 * subscriptions issues exactly as many statements as one message to 4.
 */
let server: TestServer;
let channel: Channel;
const counter = new StatementCounter();
const tokens: string[] = [];

const sendMessage = 'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { message { id } } }';
const messageAdded = `subscription ($channelId: ID) {
  messageAdded(channelId: $channelId) { cursor message { body createdAt author { name } } channel { name kind } }
}`;
const activity = 'subscription { activity { cursor type summary actor { name } } }';

beforeAll(async () => {
  // No background polling or sweeping during the count: only the delivery's own statements.
  server = await startTestServer({ sqlLogger: counter, env: { EVENTS_POLL_MS: '60000', EVENTS_SWEEP_MS: '60000' } });
  const factory = new Factory(server.workroom.dataSource);
  const organization = await factory.organization();
  const employer = await factory.employer(organization, { email: 'fanout-employer@test.example' });
  const trainers = [];
  for (let index = 0; index < 3; index += 1) trainers.push(await factory.trainer({ email: `fanout-trainer-${index}@test.example` }));
  channel = await factory.channel(organization, [employer, ...trainers]);
  tokens.push(await server.signIn('fanout-employer@test.example'));
  for (let index = 0; index < 3; index += 1) tokens.push(await server.signIn(`fanout-trainer-${index}@test.example`));
});

afterAll(async () => {
  await server?.stop();
});

const send = (body: string) =>
  server.graphql(sendMessage, { variables: { input: { channelId: toGlobalId('Channel', channel.id), body } }, token: tokens[0] });

/** Statements issued while one message reaches `perViewer` subscriptions of each of the four members. */
async function statementsForOneMessage(perViewer: number, label: string): Promise<number> {
  const clients = tokens.map((token) => wsClient(server.url, token));
  const subscriptions: Array<Received<unknown>> = [];
  for (const client of clients) {
    for (let index = 0; index < perViewer; index += 1) {
      subscriptions.push(collect(client, messageAdded, { channelId: toGlobalId('Channel', channel.id) }));
      subscriptions.push(collect(client, activity));
    }
  }
  // graphql-ws does not acknowledge a subscribe: wait until every subscription listens (each is
  // admitted by the request gate first), then a first message proves every one is live.
  await eventually(() => server.workroom.services.events.stream.listenerCount >= subscriptions.length);
  await send(`${label} warm-up`);
  await Promise.all(subscriptions.map((subscription) => subscription.waitFor(1)));
  await server.workroom.services.events.stream.catchUp();

  counter.reset();
  await send(`${label} counted`);
  const received = await Promise.all(subscriptions.map((subscription) => subscription.waitFor(2)));
  await server.workroom.services.events.stream.catchUp();
  const statements = counter.count;

  expect(received.every((items) => JSON.stringify(items[1]).includes(`${label} counted`))).toBe(true);
  expect(subscriptions.flatMap((subscription) => subscription.errors)).toEqual([]);
  for (const subscription of subscriptions) subscription.dispose();
  await Promise.all(clients.map((client) => client.dispose()));
  return statements;
}

describe('live delivery', () => {
  it('issues the same SQL for one message whether 8 or 80 subscriptions receive it', async () => {
    const few = await statementsForOneMessage(1, 'few');
    const many = await statementsForOneMessage(10, 'many');
    expect(many).toBe(few);
  });
});
