import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventAudience } from '../src/events/activity-event.entity.js';
import { toGlobalId } from '../src/graphql/global-id.js';
import { runPayoutProcessor } from '../src/cli/payouts-settle.js';
import type { Contract } from '../src/modules/contracts/contract.entity.js';
import { MilestoneStatus } from '../src/modules/milestones/milestone.entity.js';
import { Factory } from './factories.js';
import { startTestServer, type TestServer } from './helpers.js';
import { collect, eventually, wsClient } from './live-helpers.js';

/**
 * Issue 11, defect 1: a payout is the platform paying a trainer. It must never mix two
 * organizations' money, no employer may settle or fail it, and no employer may read it.
 */
let server: TestServer;
let factory: Factory;
const contracts: Record<'northwind' | 'northwindEur' | 'helios', Contract> = {} as never;
const tokens = { trainer: '', northwind: '', helios: '' };

const requestPayout = `mutation ($input: RequestPayoutInput!) { requestPayout(input: $input) {
  payouts { id status amount { cents currency } invoices { totalCount nodes { number status net { cents } organization { name } } } } } }`;
const completePayout = `mutation ($input: CompletePayoutInput!) { completePayout(input: $input) {
  payout { id status amount { cents } invoices { nodes { number } } } } }`;

interface PayoutResult {
  id: string;
  status: string;
  amount: { cents: number; currency: string };
  invoices: { totalCount: number; nodes: Array<{ number: string; status: string; net: { cents: number }; organization: { name: string } }> };
}

beforeAll(async () => {
  server = await startTestServer();
  factory = new Factory(server.workroom.dataSource);
  const northwind = await factory.organization({ name: 'Northwind AI' });
  const helios = await factory.organization({ name: 'Helios Labs' });
  await factory.employer(northwind, { email: 'po-northwind@test.example' });
  await factory.employer(helios, { email: 'po-helios@test.example' });
  const trainer = await factory.trainer({ email: 'po-trainer@test.example' });
  await factory.payoutMethod(trainer);
  contracts.northwind = await factory.contract(await factory.job(northwind), trainer);
  contracts.northwindEur = await factory.contract(await factory.job(northwind), trainer, { currency: 'EUR' });
  contracts.helios = await factory.contract(await factory.job(helios), trainer);
  tokens.trainer = await server.signIn('po-trainer@test.example');
  tokens.northwind = await server.signIn('po-northwind@test.example');
  tokens.helios = await server.signIn('po-helios@test.example');
});

afterAll(async () => {
  await server?.stop();
});

async function paidInvoice(contract: Contract, grossCents: number) {
  const milestone = await factory.milestone(contract, { status: MilestoneStatus.PAID, amountCents: grossCents });
  return factory.invoice(contract, { milestoneId: milestone.id, grossCents, feeCents: grossCents / 10, netCents: grossCents - grossCents / 10 });
}

async function requestAll(): Promise<PayoutResult[]> {
  const result = await server.graphql<{ requestPayout: { payouts: PayoutResult[] } }>(requestPayout, { variables: { input: {} }, token: tokens.trainer });
  expect(result.errors).toBeUndefined();
  return result.data!.requestPayout.payouts;
}

async function trainersPayout(id: string) {
  const result = await server.graphql<{ node: { status: string; amount: { cents: number }; invoices: { nodes: Array<{ status: string }> } } | null }>(
    'query ($id: ID!) { node(id: $id) { ... on Payout { status amount { cents } invoices { nodes { status } } } } }',
    { variables: { id }, token: tokens.trainer },
  );
  return result.data?.node;
}

describe('requestPayout', () => {
  it('makes one payout per organization and currency, each holding only that organization’s invoices', async () => {
    await paidInvoice(contracts.northwind, 100_000);
    await paidInvoice(contracts.northwind, 20_000);
    await paidInvoice(contracts.helios, 50_000);
    await paidInvoice(contracts.northwindEur, 30_000);
    const payouts = await requestAll();

    const summary = payouts
      .map((payout) => ({
        organizations: [...new Set(payout.invoices.nodes.map((invoice) => invoice.organization.name))],
        currency: payout.amount.currency,
        cents: payout.amount.cents,
        invoices: payout.invoices.totalCount,
      }))
      .sort((a, b) => `${a.organizations[0]}${a.currency}`.localeCompare(`${b.organizations[0]}${b.currency}`));
    expect(summary).toEqual([
      { organizations: ['Helios Labs'], currency: 'USD', cents: 45_000, invoices: 1 },
      { organizations: ['Northwind AI'], currency: 'EUR', cents: 27_000, invoices: 1 },
      { organizations: ['Northwind AI'], currency: 'USD', cents: 108_000, invoices: 2 },
    ]);
    for (const payout of payouts) {
      expect(payout.amount.cents).toBe(payout.invoices.nodes.reduce((sum, invoice) => sum + invoice.net.cents, 0));
    }
  });
});

describe('employers and payouts', () => {
  let payouts: PayoutResult[];
  const northwindUsd = () => payouts.find((payout) => payout.invoices.nodes[0]?.organization.name === 'Northwind AI' && payout.amount.currency === 'USD')!;

  beforeAll(async () => {
    await paidInvoice(contracts.northwind, 10_000);
    await paidInvoice(contracts.helios, 40_000);
    payouts = await requestAll();
  });

  it('refuses settlement by every employer, even the one whose invoices it covers, and changes nothing', async () => {
    for (const token of [tokens.northwind, tokens.helios]) {
      for (const payout of payouts) {
        for (const outcome of ['PAID', 'FAILED']) {
          const result = await server.graphql<{ completePayout: { payout: { amount: { cents: number } } } | null }>(completePayout, {
            variables: { input: { payoutId: payout.id, outcome, failureReason: 'Employer says no' } },
            token,
          });
          expect(result.data?.completePayout ?? null, `an employer answered ${outcome} for a payout`).toBeNull();
          expect(result.errors).toBeDefined();
        }
      }
    }
    for (const payout of payouts) {
      expect(await trainersPayout(payout.id)).toMatchObject({ status: 'REQUESTED', invoices: { nodes: [{ status: 'ISSUED' }] } });
    }
  });

  it('shows an employer no payout: node, nodes, Reports, invoices, activity', async () => {
    const ids = payouts.map((payout) => payout.id);
    const missing = toGlobalId('Payout', '00000000-0000-4000-8000-000000000000');
    for (const token of [tokens.northwind, tokens.helios]) {
      for (const id of ids) {
        const hidden = await server.graphql<{ node: unknown }>('query ($id: ID!) { node(id: $id) { id ... on Payout { amount { cents } } } }', {
          variables: { id },
          token,
        });
        const absent = await server.graphql<{ node: unknown }>('query ($id: ID!) { node(id: $id) { id } }', { variables: { id: missing }, token });
        expect(hidden.data?.node).toBeNull();
        expect(hidden.errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND' });
        expect(hidden.errors?.[0]?.message.replace(id, 'ID')).toBe(absent.errors?.[0]?.message.replace(missing, 'ID'));
      }
      const many = await server.graphql<{ nodes: unknown[] }>('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { variables: { ids }, token });
      expect(many.data?.nodes).toEqual(ids.map(() => null));

      const reports = await server.graphql<{
        viewer: {
          payouts: { totalCount: number };
          invoices: { nodes: Array<{ payout: unknown }> };
          latestActivity: { nodes: Array<{ type: string; summary: string }> };
        };
      }>('{ viewer { payouts { totalCount } invoices(first: 50) { nodes { payout { id } } } latestActivity(first: 100) { nodes { type summary } } } }', {
        token,
      });
      expect(reports.errors).toBeUndefined();
      expect(reports.data?.viewer.payouts.totalCount).toBe(0);
      expect(reports.data?.viewer.invoices.nodes.length).toBeGreaterThan(0);
      expect(reports.data?.viewer.invoices.nodes.every((invoice) => invoice.payout === null)).toBe(true);
      expect(reports.data?.viewer.latestActivity.nodes.filter((event) => /PAYOUT/.test(event.type) || /payout/i.test(event.summary))).toEqual([]);
    }
    // The trainer, whose money it is, still sees all of it.
    expect(await trainersPayout(northwindUsd().id)).toMatchObject({ status: 'REQUESTED', amount: { cents: 9_000 } });
  });
});

describe('the payment processor (npm run payouts:settle)', () => {
  const run = async (...args: string[]) => {
    const lines: string[] = [];
    const code = await runPayoutProcessor(args, server.workroom.dataSource, (line) => lines.push(line));
    return { code, output: lines.join('\n') };
  };
  let northwindPayout: PayoutResult;
  let heliosPayout: PayoutResult;

  beforeAll(async () => {
    await run('all', 'paid'); // what the earlier tests left waiting
    await paidInvoice(contracts.northwind, 60_000);
    await paidInvoice(contracts.helios, 80_000);
    const payouts = await requestAll();
    northwindPayout = payouts.find((payout) => payout.invoices.nodes[0]?.organization.name === 'Northwind AI')!;
    heliosPayout = payouts.find((payout) => payout.invoices.nodes[0]?.organization.name === 'Helios Labs')!;
  });

  it('lists what waits for an answer, one organization per payout', async () => {
    const { code, output } = await run();
    expect(code).toBe(0);
    // One request's payouts share their request time; they are listed by organization name.
    expect(output.split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^${heliosPayout.id} +\\$720\\.00  Helios Labs  → .*po-trainer@test\\.example`)),
      expect.stringMatching(new RegExp(`^${northwindPayout.id} +\\$540\\.00  Northwind AI  → .*po-trainer@test\\.example`)),
    ]);
  });

  it('settles one organization’s payout and touches no other, and tells only the trainer', async () => {
    const trainerLive = wsClient(server.url, tokens.trainer);
    const employersLive = [wsClient(server.url, tokens.northwind), wsClient(server.url, tokens.helios)];
    const subscription = 'subscription { activity { type summary actor { id } } }';
    const trainerEvents = collect<{ type: string; summary: string; actor: unknown }>(trainerLive, subscription);
    const employerEvents = employersLive.map((client) => collect<{ type: string; summary: string; actor: unknown }>(client, subscription));
    try {
      await eventually(() => server.workroom.services.events.stream.listenerCount >= 3);

      expect(await run(northwindPayout.id, 'paid')).toEqual({ code: 0, output: `${northwindPayout.id}  PAID  $540.00` });
      expect(await trainersPayout(northwindPayout.id)).toMatchObject({ status: 'PAID', invoices: { nodes: [{ status: 'PAID' }] } });
      expect(await trainersPayout(heliosPayout.id)).toMatchObject({ status: 'REQUESTED', invoices: { nodes: [{ status: 'ISSUED' }] } });

      expect(await run(heliosPayout.id, 'failed')).toMatchObject({ code: 1, output: expect.stringContaining('refused (BAD_USER_INPUT)') });
      expect(await run(heliosPayout.id, 'failed', 'Bank', 'account', 'closed')).toEqual({
        code: 0,
        output: `${heliosPayout.id}  FAILED  $720.00: Bank account closed`,
      });
      expect(await run(heliosPayout.id, 'paid')).toMatchObject({
        code: 1,
        output: expect.stringContaining('refused (INVALID_TRANSITION): This payout is already FAILED.'),
      });
      expect(await trainersPayout(heliosPayout.id)).toMatchObject({ status: 'FAILED', amount: { cents: 72_000 }, invoices: { nodes: [] } });
      expect(await trainersPayout(northwindPayout.id)).toMatchObject({ status: 'PAID' });

      // The trainer hears both answers live, from no one in particular: the processor is not a user.
      const heard = await trainerEvents.waitFor(2);
      expect(heard).toEqual([
        { type: 'PAYOUT_COMPLETED', summary: 'Payout of $540.00 paid', actor: null },
        { type: 'PAYOUT_COMPLETED', summary: 'Payout of $720.00 failed: Bank account closed', actor: null },
      ]);
      // Each employer's next event is one of their own organization's, published after the payouts: nothing about them came first.
      for (const contract of [contracts.northwind, contracts.helios]) {
        await factory.activity({
          organizationId: contract.organizationId,
          audience: EventAudience.ORGANIZATION,
          subjectType: 'Contract',
          subjectId: contract.id,
          summary: 'marker',
        });
      }
      for (const events of employerEvents) expect(await events.waitFor(1)).toEqual([{ type: 'MILESTONE_STATUS_CHANGED', summary: 'marker', actor: null }]);
      for (const events of [trainerEvents, ...employerEvents]) expect(events.errors).toEqual([]);
    } finally {
      for (const client of [trainerLive, ...employersLive]) await client.dispose();
    }
  });

  it('refuses what is not an answer', async () => {
    expect(await run('all', 'maybe')).toMatchObject({ code: 2, output: expect.stringContaining('SIMULATED payment processor') });
    expect(await run('not-an-id', 'paid')).toMatchObject({ code: 1, output: expect.stringContaining('refused (BAD_USER_INPUT)') });
    const unknown = toGlobalId('Payout', '00000000-0000-4000-8000-000000000000');
    expect(await run(unknown, 'paid')).toMatchObject({ code: 1, output: expect.stringContaining('refused (NOT_FOUND)') });
    expect(await run()).toEqual({ code: 0, output: 'No payout is waiting for the processor.' });
  });
});
