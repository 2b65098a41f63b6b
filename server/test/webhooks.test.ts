import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { ActivityEvent, EventAudience } from '../src/events/activity-event.entity.js';
import { toGlobalId } from '../src/graphql/global-id.js';
import type { Organization } from '../src/modules/accounts/organization.entity.js';
import type { User } from '../src/modules/accounts/user.entity.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkEndpointUrl, isPrivateAddress } from '../src/modules/webhooks/webhook-address.js';
import { sendWebhook } from '../src/modules/webhooks/webhook-sender.js';
import { backoffMs, OrganizationRates } from '../src/modules/webhooks/webhook-worker.js';
import { startWorkroom, type RunningWorkroom } from '../src/server.js';
import { Factory } from './factories.js';
import { startTestServer, testJwtSecret, type TestServer } from './helpers.js';
import { Receiver, waitFor } from './webhooks-helpers.js';

/**
 * Signed webhooks (issue 16): a real receiver on 127.0.0.1 verifies every request with the
 * Standard Webhooks library; the stream arrives at least once and in outbox order, across a
 * restart of the delivering process and a receiver failing for a while; a disabled endpoint gets
 * nothing; another organization's events never arrive; a replay re-delivers exactly its range.
 */
const env = {
  WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: 'true',
  WEBHOOKS_BACKOFF_BASE_MS: '20',
  WEBHOOKS_BACKOFF_MAX_MS: '200',
  WEBHOOKS_POLL_MS: '100',
  WEBHOOKS_TIMEOUT_MS: '2000',
  WEBHOOKS_DISABLE_AFTER_MS: '4000',
  WEBHOOKS_ORG_RATE_PER_SECOND: '100000',
  EVENTS_SWEEP_MS: '100',
  EVENTS_POLL_MS: '100',
};

let server: TestServer;
/** The delivering process now: the test server's, then a second one on the same database. */
let delivering: RunningWorkroom;
let second: RunningWorkroom | undefined;
let factory: Factory;
const receiver = new Receiver();
let northwind: Organization;
let contoso: Organization;
let trainer: User;
const tokens = { northwind: '', contoso: '', trainer: '' };

const endpointFields = 'id url description eventTypes status disabledReason secretHint deliveredThrough consecutiveFailures nextAttemptAt';
const create = `mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret endpoint { ${endpointFields} } } }`;
const disable = `mutation ($input: WebhookEndpointIdInput!) { disableWebhookEndpoint(input: $input) { endpoint { ${endpointFields} } } }`;
const replay = `mutation ($input: ReplayWebhookDeliveriesInput!) { replayWebhookDeliveries(input: $input) { endpoint { ${endpointFields} } } }`;
const resend = `mutation ($input: ResendWebhookDeliveryInput!) { resendWebhookDelivery(input: $input) { delivery { id kind status eventType } } }`;
const rotate = `mutation ($input: RotateWebhookSecretInput!) { rotateWebhookSecret(input: $input) { secret endpoint { secretHint previousSecretExpiresAt } } }`;
const deliveries = `query ($id: ID!, $first: Int) { node(id: $id) { ... on WebhookEndpoint { deliveries(first: $first) { totalCount nodes { id kind status attempts responseStatus latencyMs error nextAttemptAt eventType eventCursor event { id } } } } } }`;

interface Endpoint {
  id: string;
  status: string;
  secretHint: string;
  deliveredThrough: string | null;
  disabledReason: string | null;
}

async function createEndpoint(token: string, path: string, eventTypes: string[]): Promise<Endpoint> {
  const result = await server.graphql<{ createWebhookEndpoint: { secret: string; endpoint: Endpoint } }>(create, {
    token,
    variables: { input: { url: `${receiver.url}${path}`, eventTypes, description: `Receiver ${path}` } },
  });
  expect(result.errors).toBeUndefined();
  const { secret, endpoint } = result.data!.createWebhookEndpoint;
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
  expect(endpoint.secretHint).toBe(`whsec_…${secret.slice(-4)}`);
  receiver.secrets.set(path, [secret]);
  return endpoint;
}

/** Writes events to the outbox as the areas' commands do, and wakes the publisher. */
async function emit(organization: Organization, count: number, values: Partial<ActivityEvent> = {}): Promise<ActivityEvent[]> {
  const repository = delivering.dataSource.getRepository(ActivityEvent);
  const rows = Array.from({ length: count }, (_, index) =>
    repository.create({
      type: 'MILESTONE_STATUS_CHANGED',
      audience: EventAudience.ORGANIZATION,
      organizationId: organization.id,
      subjectType: 'Milestone',
      subjectId: randomUUID(),
      summary: `Milestone ${index} moved`,
      payload: { index },
      ...values,
    }),
  );
  const saved = await repository.save(rows, { chunk: 100 });
  delivering.services.events.publisher.kick();
  return saved;
}

/** Positions of saved events, once the publisher has given them one. */
async function positionsOf(events: ActivityEvent[]): Promise<number[]> {
  await waitFor(
    async () => {
      const [{ unpublished }] = (await delivering.dataSource.query('SELECT count(*)::int AS unpublished FROM events WHERE position IS NULL AND id = ANY($1)', [
        events.map((event) => event.id),
      ])) as [{ unpublished: number }];
      return unpublished === 0;
    },
    10_000,
    'positions',
  );
  const rows = (await delivering.dataSource.query('SELECT position FROM events WHERE id = ANY($1) ORDER BY position', [
    events.map((event) => event.id),
  ])) as Array<{ position: string }>;
  return rows.map((row) => Number(row.position));
}

beforeAll(async () => {
  await receiver.start();
  server = await startTestServer({ env });
  delivering = server.workroom;
  factory = new Factory(server.workroom.dataSource);
  northwind = await factory.organization({ name: 'Northwind AI' });
  contoso = await factory.organization({ name: 'Contoso Labs' });
  await factory.employer(northwind, { email: 'wh-northwind@test.example' });
  await factory.employer(contoso, { email: 'wh-contoso@test.example' });
  trainer = await factory.trainer({ email: 'wh-trainer@test.example' });
  tokens.northwind = await server.signIn('wh-northwind@test.example');
  tokens.contoso = await server.signIn('wh-contoso@test.example');
  tokens.trainer = await server.signIn('wh-trainer@test.example');
}, 60_000);

afterAll(async () => {
  await second?.stop();
  await server?.stop();
  await receiver.stop();
});

describe('webhook delivery to a real receiver', () => {
  let main: Endpoint;
  let mainEvents: ActivityEvent[] = [];

  it('delivers every event of a 500-event stream at least once and in order, across a restart of the delivering process and a receiver failing for a while; never another organization’s', async () => {
    main = await createEndpoint(tokens.northwind, '/northwind', ['MILESTONE_STATUS_CHANGED', 'MESSAGE_ADDED']);
    await createEndpoint(tokens.contoso, '/contoso', ['MILESTONE_STATUS_CHANGED']);
    const contosoEvents: ActivityEvent[] = [];
    const unsubscribed: ActivityEvent[] = [];

    for (let batch = 0; batch < 10; batch += 1) {
      mainEvents.push(...(await emit(northwind, 50)));
      contosoEvents.push(...(await emit(contoso, 5)));
      unsubscribed.push(...(await emit(northwind, 2, { type: 'INVOICE_ISSUED' })));
      if (batch === 3) {
        // The delivering process restarts: a second instance starts on the same database, then the first stops.
        await waitFor(() => receiver.at('/northwind').length >= 100, 30_000, 'the first deliveries');
        second = await startWorkroom(
          loadConfig({
            NODE_ENV: 'test',
            PORT: '0',
            DATABASE_URL: server.database.url,
            JWT_SECRET: testJwtSecret,
            LOG_LEVEL: 'silent',
            SEED_DEMO: 'never',
            ...env,
          }),
        );
        await server.workroom.services.events.publisher.settle();
        // The first process goes away (its HTTP server too), mid-stream; the second carries on.
        await server.workroom.stop();
        delivering = second;
        factory = new Factory(second.dataSource);
        // A TestServer whose workroom is stopped: keep its database, drop it at the end.
        const database = server.database;
        server = { ...server, workroom: second, url: second.url, stop: async () => database.drop() };
        server.graphql = makeGraphql(second.url);
      }
      if (batch === 6) {
        receiver.failing.add('/northwind');
        setTimeout(() => receiver.failing.delete('/northwind'), 1500);
      }
    }

    const expected = await positionsOf(mainEvents);
    expect(expected).toHaveLength(500);
    await waitFor(() => new Set(receiver.at('/northwind').map((entry) => entry.position)).size >= 500, 60_000, 'all 500 events');

    const arrivals = receiver.at('/northwind').map((entry) => entry.position);
    // At least once: every event, and nothing else (no other organization's, no unsubscribed type).
    expect([...new Set(arrivals)]).toEqual(expected);
    // In order: an event arrives again only right after itself (a retry whose answer was lost), never after a later one.
    for (let index = 1; index < arrivals.length; index += 1) expect(arrivals[index]!).toBeGreaterThanOrEqual(arrivals[index - 1]!);
    expect(receiver.rejected).toEqual([]);
    expect(receiver.at('/northwind').every((entry) => entry.organizationId === toGlobalId('Organization', northwind.id))).toBe(true);
    const contosoPositions = await positionsOf(contosoEvents);
    await waitFor(() => receiver.at('/contoso').length >= 50, 30_000, "Contoso's events");
    expect([...new Set(receiver.at('/contoso').map((entry) => entry.position))]).toEqual(contosoPositions);
    expect(receiver.at('/northwind').some((entry) => contosoPositions.includes(entry.position))).toBe(false);

    // The payload and headers a receiver relies on.
    const first = receiver.at('/northwind')[0]!;
    expect(first.eventId).toBe(toGlobalId('ActivityEvent', mainEvents[0]!.id));
    expect(first.deliveryId).toMatch(/^[A-Za-z0-9_=-]+$/);
    expect(first.payload).toMatchObject({
      id: first.eventId,
      type: 'MILESTONE_STATUS_CHANGED',
      summary: 'Milestone 0 moved',
      data: { index: 0 },
      subject: { type: 'Milestone' },
    });

    // The delivery log shows the failures and the retries.
    const log = await server.graphql<{
      node: {
        deliveries: { totalCount: number; nodes: Array<{ status: string; attempts: number; responseStatus: number; latencyMs: number; eventType: string }> };
      };
    }>(deliveries, {
      token: tokens.northwind,
      variables: { id: main.id, first: 100 },
    });
    expect(log.errors).toBeUndefined();
    expect(log.data!.node.deliveries.totalCount).toBeGreaterThanOrEqual(500);
    const all = await delivering.dataSource.query(
      `SELECT d.status, d.attempts, d.response_status FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE e.organization_id = $1 AND e.url LIKE '%/northwind'`,
      [northwind.id],
    );
    expect(all.filter((row: { status: string }) => row.status !== 'SUCCEEDED')).toEqual([]);
    expect(all.some((row: { attempts: number }) => row.attempts > 1)).toBe(true);
    expect(log.data!.node.deliveries.nodes[0]).toMatchObject({ status: 'SUCCEEDED', responseStatus: 204, eventType: 'MILESTONE_STATUS_CHANGED' });
    expect(typeof log.data!.node.deliveries.nodes[0]!.latencyMs).toBe('number');
  }, 120_000);

  it('sends nothing to a disabled endpoint', async () => {
    const off = await createEndpoint(tokens.northwind, '/disabled', ['MILESTONE_STATUS_CHANGED']);
    const result = await server.graphql<{ disableWebhookEndpoint: { endpoint: Endpoint } }>(disable, {
      token: tokens.northwind,
      variables: { input: { endpointId: off.id } },
    });
    expect(result.data!.disableWebhookEndpoint.endpoint).toMatchObject({ status: 'DISABLED', disabledReason: 'Disabled by an employer.' });
    const before = receiver.at('/northwind').length;
    const events = await emit(northwind, 20);
    const positions = await positionsOf(events);
    await waitFor(() => receiver.at('/northwind').some((entry) => entry.position === positions.at(-1)), 20_000, 'the live endpoint');
    expect(receiver.at('/northwind').length - before).toBeGreaterThanOrEqual(20);
    expect(receiver.at('/disabled')).toEqual([]);
    mainEvents = [...mainEvents, ...events];
  }, 60_000);

  it('delivers only what the organization’s employers may read, by the audience rule', async () => {
    const secretChannel = await factory.channel(northwind, [trainer]);
    const employer = (await delivering.dataSource.query('SELECT id FROM users WHERE email = $1', ['wh-northwind@test.example'])) as Array<{ id: string }>;
    const sharedChannel = await factory.channel(northwind, [trainer, { id: employer[0]!.id } as User]);
    const hidden = [
      ...(await emit(northwind, 1, { audience: EventAudience.CHANNEL, channelId: secretChannel.id, type: 'MESSAGE_ADDED', subjectType: 'Message' })),
      ...(await emit(northwind, 1, { audience: EventAudience.TRAINER, trainerId: trainer.id })),
    ];
    const shown = await emit(northwind, 1, { audience: EventAudience.CHANNEL, channelId: sharedChannel.id, type: 'MESSAGE_ADDED', subjectType: 'Message' });
    const [shownPosition] = await positionsOf(shown);
    await waitFor(() => receiver.at('/northwind').some((entry) => entry.position === shownPosition), 20_000, 'the visible channel event');
    const hiddenIds = hidden.map((event) => toGlobalId('ActivityEvent', event.id));
    expect(receiver.at('/northwind').filter((entry) => hiddenIds.includes(entry.eventId))).toEqual([]);
    // The same answer as the JS rule gives the employer through the graph.
    const read = async (id: string) =>
      (await server.graphql<{ node: { id: string } | null }>('query ($id: ID!) { node(id: $id) { id } }', { token: tokens.northwind, variables: { id } })).data!
        .node;
    for (const id of hiddenIds) expect(await read(id)).toBeNull();
    expect(await read(toGlobalId('ActivityEvent', shown[0]!.id))).not.toBeNull();
  }, 60_000);

  it('replays exactly the range after a cursor, in order, and resends one delivery with the same event id', async () => {
    await waitFor(
      async () => {
        const [row] = (await delivering.dataSource.query(
          'SELECT cursor, (SELECT max(position) FROM events WHERE organization_id = $2) AS head FROM webhook_endpoints WHERE url = $1',
          [`${receiver.url}/northwind`, northwind.id],
        )) as Array<{ cursor: string; head: string }>;
        return row!.cursor === row!.head;
      },
      20_000,
      'the stream to be delivered',
    );
    const delivered = [...new Set(receiver.at('/northwind').map((entry) => entry.position))];
    const from = receiver.at('/northwind').find((entry) => entry.position === delivered[299])!;
    const expected = delivered.slice(300);
    const mark = receiver.at('/northwind').length;
    const result = await server.graphql<{ replayWebhookDeliveries: { endpoint: Endpoint } }>(replay, {
      token: tokens.northwind,
      variables: { input: { endpointId: main.id, after: from.cursor } },
    });
    expect(result.errors).toBeUndefined();
    await waitFor(() => receiver.at('/northwind').length - mark >= expected.length, 30_000, 'the replay');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(
      receiver
        .at('/northwind')
        .slice(mark)
        .map((entry) => entry.position),
    ).toEqual(expected);

    // Resend one delivery: the same webhook-id (for de-duplication), a new delivery id.
    const log = await server.graphql<{ node: { deliveries: { nodes: Array<{ id: string; event: { id: string } }> } } }>(deliveries, {
      token: tokens.northwind,
      variables: { id: main.id, first: 1 },
    });
    const last = log.data!.node.deliveries.nodes[0]!;
    const again = await server.graphql<{ resendWebhookDelivery: { delivery: { id: string; kind: string; status: string } } }>(resend, {
      token: tokens.northwind,
      variables: { input: { deliveryId: last.id } },
    });
    expect(again.data!.resendWebhookDelivery.delivery).toMatchObject({ kind: 'RESEND' });
    await waitFor(() => receiver.at('/northwind').some((entry) => entry.deliveryId === again.data!.resendWebhookDelivery.delivery.id), 20_000, 'the resend');
    const resent = receiver.at('/northwind').find((entry) => entry.deliveryId === again.data!.resendWebhookDelivery.delivery.id)!;
    expect(resent.eventId).toBe(last.event.id);

    // Another organization's employer can neither see nor resend it.
    const foreign = await server.graphql(resend, { token: tokens.contoso, variables: { input: { deliveryId: last.id } } });
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  }, 60_000);

  it('signs with the old secret too during a rotation’s overlap', async () => {
    const rotated = await server.graphql<{ rotateWebhookSecret: { secret: string; endpoint: { secretHint: string; previousSecretExpiresAt: string } } }>(
      rotate,
      {
        token: tokens.northwind,
        variables: { input: { endpointId: main.id, overlapMinutes: 60 } },
      },
    );
    expect(rotated.errors).toBeUndefined();
    const { secret } = rotated.data!.rotateWebhookSecret;
    const old = receiver.secrets.get('/northwind')!;
    // A receiver that only knows the old secret still verifies; so does one that knows only the new.
    const [event] = await emit(northwind, 1);
    const [position] = await positionsOf([event!]);
    await waitFor(() => receiver.at('/northwind').some((entry) => entry.position === position), 20_000, 'a delivery after rotation');
    const entry = receiver.at('/northwind').find((candidate) => candidate.position === position)!;
    expect(entry.signatures.split(' ')).toHaveLength(2);
    receiver.secrets.set('/northwind', [secret]);
    const [next] = await emit(northwind, 1);
    const [nextPosition] = await positionsOf([next!]);
    await waitFor(() => receiver.at('/northwind').some((candidate) => candidate.position === nextPosition), 20_000, 'a delivery verified with the new secret');
    expect(old).toHaveLength(1);
    expect(receiver.rejected).toEqual([]);
  }, 60_000);

  it('disables an endpoint after sustained failure, with a notice to the organization', async () => {
    const broken = await createEndpoint(tokens.contoso, '/broken', ['MILESTONE_STATUS_CHANGED']);
    receiver.failing.add('/broken');
    await emit(contoso, 3);
    const status = async () =>
      (
        await server.graphql<{ node: { status: string; disabledReason: string | null } }>(
          `query ($id: ID!) { node(id: $id) { ... on WebhookEndpoint { status disabledReason } } }`,
          { token: tokens.contoso, variables: { id: broken.id } },
        )
      ).data!.node;
    await waitFor(async () => (await status()).status === 'DISABLED', 30_000, 'the endpoint to be disabled');
    expect((await status()).disabledReason).toMatch(/No successful delivery since .* failed attempts; the last: HTTP 503/);
    const feed = await server.graphql<{ viewer: { latestActivity: { nodes: Array<{ type: string; summary: string }> } } }>(
      '{ viewer { latestActivity(first: 5) { nodes { type summary } } } }',
      { token: tokens.contoso },
    );
    expect(feed.data!.viewer.latestActivity.nodes.map((node) => node.type)).toContain('WEBHOOK_ENDPOINT_DISABLED');
  }, 60_000);
});

describe('endpoint rules', () => {
  it('refuses private, loopback and link-local addresses and plain http without the development override', async () => {
    const strict = { allowPrivateAddresses: false };
    for (const url of [
      'https://127.0.0.1/hook',
      'https://10.1.2.3/hook',
      'https://[::1]/hook',
      'https://169.254.169.254/latest',
      'https://192.168.0.10/',
      'https://localhost/hook',
    ]) {
      await expect(checkEndpointUrl(url, strict), url).rejects.toMatchObject({ message: expect.stringMatching(/private, loopback or link-local/) });
    }
    await expect(checkEndpointUrl('http://93.184.216.34/hook', strict)).rejects.toMatchObject({ message: expect.stringMatching(/HTTPS only/) });
    await expect(checkEndpointUrl('https://user:pw@93.184.216.34/hook', strict)).rejects.toMatchObject({ message: expect.stringMatching(/credentials/) });
    expect(await checkEndpointUrl('https://93.184.216.34/hook', strict)).toBe('https://93.184.216.34/hook');
    expect(isPrivateAddress('::ffff:127.0.0.1')).toBe(true);
    expect(isPrivateAddress('8.8.8.8')).toBe(false);
  });

  it('lets only employers manage their own organization’s endpoints, with clear codes', async () => {
    const byTrainer = await server.graphql(create, {
      token: tokens.trainer,
      variables: { input: { url: `${receiver.url}/t`, eventTypes: ['MESSAGE_ADDED'] } },
    });
    expect(byTrainer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const none = await server.graphql(create, { token: tokens.northwind, variables: { input: { url: `${receiver.url}/t`, eventTypes: [] } } });
    expect(none.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const list = await server.graphql<{ viewer: { webhookEndpoints: Array<{ url: string }> } }>('{ viewer { webhookEndpoints { url } } }', {
      token: tokens.contoso,
    });
    expect(list.data!.viewer.webhookEndpoints.every((endpoint) => endpoint.url.endsWith('/contoso') || endpoint.url.endsWith('/broken'))).toBe(true);
    const trainerList = await server.graphql<{ viewer: { webhookEndpoints: unknown[] } }>('{ viewer { webhookEndpoints { url } } }', { token: tokens.trainer });
    expect(trainerList.data!.viewer.webhookEndpoints).toEqual([]);
    const types = await server.graphql<{ webhookEventTypes: string[] }>('{ webhookEventTypes }', { token: tokens.northwind });
    expect(types.data!.webhookEventTypes).toEqual(
      expect.arrayContaining(['MILESTONE_STATUS_CHANGED', 'MESSAGE_ADDED', 'PROPOSAL_SUBMITTED', 'PAYOUT_COMPLETED']),
    );
  });

  it('keeps each organization to its rate, and backs off exponentially with jitter up to the cap', async () => {
    const rates = new OrganizationRates(20);
    const signal = new AbortController().signal;
    const started = performance.now();
    for (let index = 0; index < 30; index += 1) await rates.take('org-a', signal);
    // 20 at once (a full bucket), then 10 more at 20 a second.
    expect(performance.now() - started).toBeGreaterThanOrEqual(450);
    const other = performance.now();
    await rates.take('org-b', signal); // another organization has its own bucket
    expect(performance.now() - other).toBeLessThan(50);
    for (let failures = 1; failures <= 12; failures += 1) {
      const ceiling = Math.min(60_000, 1000 * 2 ** (failures - 1));
      const delay = backoffMs(failures, 1000, 60_000);
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
      expect(delay).toBeLessThanOrEqual(ceiling);
    }
  });

  it('follows no redirect, reads a bounded answer, gives up at the timeout, and refuses a private address at connection time', async () => {
    const target = createServer((request, response) => {
      if (request.url === '/redirect') return response.writeHead(302, { location: 'http://169.254.169.254/' }).end();
      if (request.url === '/huge') {
        response.writeHead(200);
        const chunk = Buffer.alloc(64 * 1024, 'x');
        const push = () => {
          while (response.write(chunk)) if (response.writableLength > 10_000_000) return;
          response.once('drain', push);
        };
        return push(); // never ends on its own
      }
      if (request.url === '/slow') return setTimeout(() => response.writeHead(204).end(), 2000);
      response.writeHead(204).end();
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
    const send = (path: string, allowPrivateAddresses = true) =>
      sendWebhook(`${base}${path}`, '{}', {}, { timeoutMs: 500, allowPrivateAddresses, signal: new AbortController().signal });
    try {
      expect(await send('/ok')).toMatchObject({ ok: true, status: 204, error: null });
      expect(await send('/redirect')).toMatchObject({ ok: false, status: 302, error: 'HTTP 302 (redirects are not followed)' });
      const huge = await send('/huge');
      expect(huge.status).toBe(200);
      expect(huge.latencyMs).toBeLessThan(500);
      expect(await send('/slow')).toMatchObject({ ok: false, status: null, error: 'timed out after 500 ms' });
      expect(await send('/ok', false)).toMatchObject({ ok: false, error: 'refused: a private address' });
    } finally {
      target.closeAllConnections();
      target.close();
    }
  });

  it('updates and deletes an endpoint, and answers another organization’s as missing', async () => {
    const endpoint = await createEndpoint(tokens.northwind, '/temporary', ['MESSAGE_ADDED']);
    const update = 'mutation ($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { endpoint { url description eventTypes } } }';
    const changed = await server.graphql<{ updateWebhookEndpoint: { endpoint: { url: string; description: string; eventTypes: string[] } } }>(update, {
      token: tokens.northwind,
      variables: { input: { endpointId: endpoint.id, description: '  CRM sync ', eventTypes: ['PROPOSAL_SUBMITTED', 'MESSAGE_ADDED', 'MESSAGE_ADDED'] } },
    });
    expect(changed.data!.updateWebhookEndpoint.endpoint).toMatchObject({ description: 'CRM sync', eventTypes: ['MESSAGE_ADDED', 'PROPOSAL_SUBMITTED'] });
    const foreign = await server.graphql(update, { token: tokens.contoso, variables: { input: { endpointId: endpoint.id, description: 'mine now' } } });
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const remove = 'mutation ($input: WebhookEndpointIdInput!) { deleteWebhookEndpoint(input: $input) { deletedEndpointId } }';
    expect((await server.graphql(remove, { token: tokens.contoso, variables: { input: { endpointId: endpoint.id } } })).errors?.[0]?.extensions?.code).toBe(
      'NOT_FOUND',
    );
    const deleted = await server.graphql<{ deleteWebhookEndpoint: { deletedEndpointId: string } }>(remove, {
      token: tokens.northwind,
      variables: { input: { endpointId: endpoint.id } },
    });
    expect(deleted.data!.deleteWebhookEndpoint.deletedEndpointId).toBe(endpoint.id);
    const gone = await server.graphql<{ node: unknown }>('query ($id: ID!) { node(id: $id) { id } }', {
      token: tokens.northwind,
      variables: { id: endpoint.id },
    });
    expect(gone.data!.node).toBeNull();
  });
});

function makeGraphql(url: string): TestServer['graphql'] {
  return async <T>(query: string, { variables, token }: { variables?: Record<string, unknown>; token?: string } = {}) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: [] };
    return { status: response.status, ...body };
  };
}
