import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupedDeliveryStats } from '../src/api/shared-execution.js';
import { toGlobalId } from '../src/graphql/global-id.js';
import type { Channel } from '../src/modules/messaging/channel.entity.js';
import { Factory } from './factories.js';
import { startTestServer, StatementCounter, type TestServer } from './helpers.js';
import { collect, eventually, wsClient, type Received } from './live-helpers.js';

/**
 * Fan-out does not cost SQL per subscriber: who may see an event is decided once, and the rows of
 * the payload are loaded once, for all the subscribers of an instance. One message to 40
 * subscriptions issues exactly as many statements as one message to 4; catching 200 resumed
 * subscriptions up on what they missed costs what delivering it live did.
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
// Nothing in it depends on the viewer (the channel's `name` above does): served as one group.
const messageAddedShared = `subscription ($channelId: ID) {
  messageAdded(channelId: $channelId) { cursor message { body createdAt author { name } } channel { kind } }
}`;

beforeAll(async () => {
  // No background polling or sweeping during the count: only the delivery's own statements.
  // One replay round for the whole test: the count must not depend on how fast 200 subscriptions connect.
  server = await startTestServer({ sqlLogger: counter, env: { EVENTS_POLL_MS: '60000', EVENTS_SWEEP_MS: '60000', EVENTS_REPLAY_ROUND_MS: '600000' } });
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

const send = (body: string) => server.graphql(sendMessage, { variables: { input: { channelId: toGlobalId('Channel', channel.id), body } }, token: tokens[0] });

/** Statements issued while one message reaches `perViewer` subscriptions of each of the four members. */
async function statementsForOneMessage(perViewer: number, label: string, message = messageAdded): Promise<number> {
  const clients = tokens.map((token) => wsClient(server.url, token));
  const subscriptions: Array<Received<unknown>> = [];
  for (const client of clients) {
    for (let index = 0; index < perViewer; index += 1) {
      subscriptions.push(collect(client, message, { channelId: toGlobalId('Channel', channel.id) }));
      subscriptions.push(collect(client, activity));
    }
  }
  // graphql-ws does not acknowledge a subscribe: wait until every subscription listens (each is
  // admitted by the request gate first), then a first message proves every one is live.
  await eventually(() => server.workroom.services.events.stream.listenerCount >= subscriptions.length);
  await send(`${label} warm-up`);
  await Promise.all(subscriptions.map((subscription) => subscription.waitFor(1)));
  await server.workroom.services.events.stream.catchUp();

  if (message === messageAddedShared) expect(groupedDeliveryStats()).toEqual({ groups: 2, members: subscriptions.length });
  counter.reset();
  await send(`${label} counted`);
  const received = await Promise.all(subscriptions.map((subscription) => subscription.waitFor(2)));
  await server.workroom.services.events.stream.catchUp();
  const statements = counter.count;

  expect(received.every((items) => JSON.stringify(items[1]).includes(`${label} counted`))).toBe(true);
  expect(subscriptions.flatMap((subscription) => subscription.errors)).toEqual([]);
  for (const subscription of subscriptions) subscription.dispose();
  // eslint-disable-next-line @typescript-eslint/await-thenable -- graphql-ws's dispose() returns void | Promise<void>: awaiting both kinds is right
  await Promise.all(clients.map((client) => client.dispose()));
  // Gone on the server too: the next count waits for its own subscriptions to listen, and
  // listeners of these, not yet detached, would pass for them (its warm-up then went out before
  // some had subscribed: a flaky "expected 1 events, got 0").
  await eventually(() => server.workroom.services.events.stream.listenerCount === 0);
  return statements;
}

describe('live delivery', () => {
  it('issues the same SQL for one message whether 8 or 80 subscriptions receive it', async () => {
    const few = await statementsForOneMessage(1, 'few');
    const many = await statementsForOneMessage(10, 'many');
    expect(many).toBe(few);
  });

  it('issues the same SQL for one message whether 8 or 80 grouped subscriptions receive it', async () => {
    const few = await statementsForOneMessage(1, 'grouped few', messageAddedShared);
    const many = await statementsForOneMessage(10, 'grouped many', messageAddedShared);
    expect(many).toBe(few);
  });
});

type Cursored = { cursor: string };

const messageAddedResuming = `subscription ($channelId: ID, $after: String) {
  messageAdded(channelId: $channelId, after: $after) { cursor message { body createdAt author { name } } channel { name kind } }
}`;
const activityResuming = 'subscription ($after: String) { activity(after: $after) { cursor type summary actor { name } } }';

describe('catching up', () => {
  it('replays what 200 resumed subscriptions missed with the statements of delivering it live', async () => {
    const missed = 5;
    const { stream } = server.workroom.services.events;
    // One at a time, each published and read before the next, so the sends' own statements are
    // the same whether anyone listens or not.
    const sendAll = async (label: string) => {
      for (let index = 0; index < missed; index += 1) {
        const before = stream.position;
        await send(`${label} ${index}`);
        await eventually(() => stream.position > before);
        await stream.catchUp();
      }
    };

    // The cost of the sends alone, with nobody listening.
    counter.reset();
    await sendAll('alone');
    const sendsAlone = counter.count;

    // Live: 200 subscriptions listening, a warm-up each, then the counted messages.
    const live = await openSubscriptionsOf(messageAddedResuming, activityResuming, () => undefined);
    await eventually(() => server.workroom.services.events.stream.listenerCount >= live.subscriptions.length);
    await send('live warm-up');
    await Promise.all(live.subscriptions.map((subscription) => subscription.waitFor(1)));
    await server.workroom.services.events.stream.catchUp();
    counter.reset();
    await sendAll('live');
    await Promise.all(live.subscriptions.map((subscription) => subscription.waitFor(1 + missed)));
    await server.workroom.services.events.stream.catchUp();
    const liveDelivery = counter.count - sendsAlone;
    const cursors = live.subscriptions.map((subscription) => subscription.items.at(-1)!.cursor);
    for (const subscription of live.subscriptions) subscription.dispose();
    // eslint-disable-next-line @typescript-eslint/await-thenable -- graphql-ws's dispose() returns void | Promise<void>: awaiting both kinds is right
    await Promise.all(live.clients.map((client) => client.dispose()));
    await eventually(() => server.workroom.services.events.stream.listenerCount === 0);

    // What resuming costs by itself (each subscription is signed in again): resuming with nothing missed.
    const settle = async (opened: Awaited<ReturnType<typeof openSubscriptionsOf>>, count: number) => {
      await eventually(() => server.workroom.services.events.stream.listenerCount >= opened.subscriptions.length);
      if (count > 0) await Promise.all(opened.subscriptions.map((subscription) => subscription.waitFor(count)));
      await server.workroom.services.events.stream.catchUp();
      const statements = counter.count;
      expect(opened.subscriptions.flatMap((subscription) => subscription.errors)).toEqual([]);
      for (const subscription of opened.subscriptions) subscription.dispose();
      // eslint-disable-next-line @typescript-eslint/await-thenable -- graphql-ws's dispose() returns void | Promise<void>: awaiting both kinds is right
      await Promise.all(opened.clients.map((client) => client.dispose()));
      await eventually(() => server.workroom.services.events.stream.listenerCount === 0);
      return statements;
    };
    counter.reset();
    const upToDate = await openSubscriptionsOf(messageAddedResuming, activityResuming, (slot) => cursors[slot]);
    const resumingAlone = await settle(upToDate, 0);
    expect(upToDate.subscriptions.map((subscription) => subscription.items.length)).toEqual(upToDate.subscriptions.map(() => 0));

    // Missed while away, then resumed from where each stopped.
    const lastLive = cursors;
    await sendAll('missed');
    counter.reset();
    const resumed = await openSubscriptionsOf(messageAddedResuming, activityResuming, (slot) => lastLive[slot]);
    const replayedStatements = await settle(resumed, missed);
    expect(resumed.subscriptions.map((subscription) => subscription.items.length)).toEqual(resumed.subscriptions.map(() => missed));
    const bodies = resumed.subscriptions.map((subscription) => JSON.stringify(subscription.items));
    expect(bodies.filter((body) => !body.includes('missed 0') || !body.includes(`missed ${missed - 1}`))).toEqual([]);

    const replayDelivery = replayedStatements - resumingAlone;
    expect(liveDelivery).toBeGreaterThan(0);
    expect(replayDelivery).toBeLessThanOrEqual(Math.ceil(liveDelivery * 1.2));
  });
});

async function openSubscriptionsOf(messageQuery: string, activityQuery: string, cursorOf: (slot: number) => string | undefined) {
  const clients = tokens.map((token) => wsClient(server.url, token));
  const subscriptions: Array<Received<Cursored>> = [];
  for (const client of clients) {
    for (let index = 0; index < 25; index += 1) {
      const messageCursor = cursorOf(subscriptions.length);
      subscriptions.push(
        collect<Cursored>(client, messageQuery, { channelId: toGlobalId('Channel', channel.id), ...(messageCursor ? { after: messageCursor } : {}) }),
      );
      const activityCursor = cursorOf(subscriptions.length);
      subscriptions.push(collect<Cursored>(client, activityQuery, activityCursor ? { after: activityCursor } : {}));
    }
  }
  return { clients, subscriptions };
}
