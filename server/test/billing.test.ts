import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvoiceStatus } from '../src/modules/billing/invoice.entity.js';
import { PayoutOutcome, settlePayout } from '../src/modules/billing/payout-processor.js';
import type { Contract } from '../src/modules/contracts/contract.entity.js';
import type { User } from '../src/modules/accounts/user.entity.js';
import { MilestoneStatus } from '../src/modules/milestones/milestone.entity.js';
import { Factory } from './factories.js';
import { startTestServer, type TestServer } from './helpers.js';

/** Reports: payouts over paid invoices, the (simulated) processor's answer, invoice downloads. */
let server: TestServer;
let factory: Factory;
let contract: Contract;
let trainer: User;
const tokens = { employer: '', trainer: '', otherEmployer: '', otherTrainer: '' };

const requestPayout = `mutation ($input: RequestPayoutInput!) { requestPayout(input: $input) {
  payouts { id status amount { cents currency } invoices { totalCount nodes { number status } } } } }`;
const payoutQuery = `query ($id: ID!) { node(id: $id) { ... on Payout { id status failureReason completedAt invoices { nodes { status } } } } }`;

interface PayoutResult {
  id: string;
  status: string;
  amount: { cents: number; currency: string };
  invoices: { totalCount: number; nodes: Array<{ number: string; status: string }> };
}

beforeAll(async () => {
  server = await startTestServer();
  factory = new Factory(server.workroom.dataSource);
  const organization = await factory.organization({ name: 'Northwind AI' });
  const other = await factory.organization({ name: 'Helios Labs' });
  await factory.employer(organization, { email: 'bill-employer@test.example' });
  await factory.employer(other, { email: 'bill-other-employer@test.example' });
  trainer = await factory.trainer({ email: 'bill-trainer@test.example', name: 'Alex <Rivera>' });
  // Payouts go to the trainer's default payout method (Settings → Payouts).
  await factory.payoutMethod(trainer);
  await factory.trainer({ email: 'bill-other-trainer@test.example' });
  contract = await factory.contract(await factory.job(organization), trainer, { title: 'RLHF & ranking' });
  tokens.employer = await server.signIn('bill-employer@test.example');
  tokens.trainer = await server.signIn('bill-trainer@test.example');
  tokens.otherEmployer = await server.signIn('bill-other-employer@test.example');
  tokens.otherTrainer = await server.signIn('bill-other-trainer@test.example');
});

afterAll(async () => {
  await server?.stop();
});

/** The payout as its trainer reads it. */
async function readPayout(id: string) {
  const result = await server.graphql<{ node: { status: string; failureReason: string | null; invoices: { nodes: Array<{ status: string }> } } }>(payoutQuery, {
    variables: { id },
    token: tokens.trainer,
  });
  return result.data?.node;
}

async function paidInvoice(grossCents: number) {
  const milestone = await factory.milestone(contract, { status: MilestoneStatus.PAID, amountCents: grossCents });
  return factory.invoice(contract, { milestoneId: milestone.id, grossCents, feeCents: grossCents / 10, netCents: grossCents - grossCents / 10 });
}

describe('payouts', () => {
  it('refuses employers, and says when there is nothing to pay out', async () => {
    const employer = await server.graphql(requestPayout, { variables: { input: {} }, token: tokens.employer });
    expect(employer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const nothing = await server.graphql(requestPayout, { variables: { input: {} }, token: tokens.otherTrainer });
    expect(nothing.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'NOTHING_TO_PAY_OUT' });
  });

  it('pays out every paid invoice once, even when requests race', async () => {
    await paidInvoice(100_000);
    await paidInvoice(50_000);
    const results = await Promise.all(
      Array.from({ length: 3 }, () =>
        server.graphql<{ requestPayout: { payouts: PayoutResult[] } }>(requestPayout, { variables: { input: {} }, token: tokens.trainer }),
      ),
    );
    const succeeded = results.filter((result) => !result.errors);
    expect(succeeded).toHaveLength(1);
    for (const failed of results.filter((result) => result.errors)) {
      expect(failed.errors?.[0]?.extensions?.code).toBe('INVALID_TRANSITION');
    }
    const [payout] = succeeded[0]!.data!.requestPayout.payouts;
    expect(payout).toMatchObject({ status: 'REQUESTED', amount: { cents: 135_000, currency: 'USD' }, invoices: { totalCount: 2 } });

    // The processor's answer is the platform's (payout-processor.ts): no one answers it through the API.
    for (const token of [tokens.trainer, tokens.employer, tokens.otherEmployer]) {
      const settle = await server.graphql('mutation ($input: CompletePayoutInput!) { completePayout(input: $input) { payout { id } } }', {
        variables: { input: { payoutId: payout!.id, outcome: 'PAID' } },
        token,
      });
      expect(settle.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    const paid = await settlePayout(server.workroom.dataSource, { payoutId: payout!.id, outcome: PayoutOutcome.PAID });
    expect(paid.status).toBe('PAID');
    expect(await readPayout(payout!.id)).toMatchObject({ status: 'PAID', invoices: { nodes: [{ status: 'PAID' }, { status: 'PAID' }] } });
    await expect(settlePayout(server.workroom.dataSource, { payoutId: payout!.id, outcome: PayoutOutcome.FAILED, failureReason: 'x' })).rejects.toMatchObject({
      kind: 'INVALID_TRANSITION',
      details: { currentStatus: 'PAID' },
    });

    const reports = await server.graphql<{ viewer: { payouts: { nodes: Array<{ status: string }> }; invoices: { totalCount: number } } }>(
      '{ viewer { payouts { nodes { status } } invoices(status: [PAID]) { totalCount } } }',
      { token: tokens.trainer },
    );
    expect(reports.data?.viewer.payouts.nodes[0]?.status).toBe('PAID');
    expect(reports.data?.viewer.invoices.totalCount).toBe(2);
  });

  it('releases the invoices of a failed payout so they can be requested again', async () => {
    await paidInvoice(20_000);
    const first = await server.graphql<{ requestPayout: { payouts: PayoutResult[] } }>(requestPayout, { variables: { input: {} }, token: tokens.trainer });
    const payoutId = first.data!.requestPayout.payouts[0]!.id;
    await expect(settlePayout(server.workroom.dataSource, { payoutId, outcome: PayoutOutcome.FAILED })).rejects.toMatchObject({
      kind: 'BAD_USER_INPUT',
      field: 'failureReason',
    });
    await settlePayout(server.workroom.dataSource, { payoutId, outcome: PayoutOutcome.FAILED, failureReason: 'Bank account closed' });
    expect(await readPayout(payoutId)).toMatchObject({ status: 'FAILED', failureReason: 'Bank account closed' });
    const again = await server.graphql<{ requestPayout: { payouts: PayoutResult[] } }>(requestPayout, { variables: { input: {} }, token: tokens.trainer });
    expect(again.data?.requestPayout.payouts[0]).toMatchObject({ status: 'REQUESTED', amount: { cents: 18_000 } });
  });

  it('filters payouts by status and request date', async () => {
    const query = `query ($from: DateTime, $to: DateTime) { viewer {
      all: payouts { totalCount } paid: payouts(status: [PAID]) { totalCount }
      window: payouts(requestedFrom: $from, requestedTo: $to) { totalCount } } }`;
    const now = Date.now();
    const result = await server.graphql<{ viewer: Record<string, { totalCount: number }> }>(query, {
      variables: { from: new Date(now - 3600_000).toISOString(), to: new Date(now + 3600_000).toISOString() },
      token: tokens.trainer,
    });
    const { all, paid, window } = result.data!.viewer;
    expect(all!.totalCount).toBeGreaterThan(paid!.totalCount);
    expect(window!.totalCount).toBe(all!.totalCount);
    const past = await server.graphql<{ viewer: Record<string, { totalCount: number }> }>(query, {
      variables: { from: '2020-01-01T00:00:00Z', to: '2020-02-01T00:00:00Z' },
      token: tokens.trainer,
    });
    expect(past.data!.viewer.window!.totalCount).toBe(0);
  });

  it('replays a retried request with the same idempotency key', async () => {
    await paidInvoice(10_000);
    const input = { idempotencyKey: 'payout-retry-1' };
    const first = await server.graphql<{ requestPayout: { payouts: PayoutResult[] } }>(requestPayout, { variables: { input }, token: tokens.trainer });
    const retry = await server.graphql<{ requestPayout: { payouts: PayoutResult[] } }>(requestPayout, { variables: { input }, token: tokens.trainer });
    expect(retry.errors).toBeUndefined();
    expect(retry.data?.requestPayout.payouts.map((payout) => payout.id)).toEqual(first.data?.requestPayout.payouts.map((payout) => payout.id));
  });
});

describe('invoice download', () => {
  it('serves the printable invoice at a short-lived link to whoever may read it, and to no one else', async () => {
    const invoice = await factory.invoice(contract, { grossCents: 120_000, feeCents: 12_000, netCents: 108_000, status: InvoiceStatus.ISSUED });
    const query = `{ viewer { invoices(first: 50) { nodes { number downloadUrl } } } }`;
    const trainerView = await server.graphql<{ viewer: { invoices: { nodes: Array<{ number: string; downloadUrl: string }> } } }>(query, {
      token: tokens.trainer,
    });
    const link = trainerView.data!.viewer.invoices.nodes.find((node) => node.number === invoice.number)!.downloadUrl;
    expect(link).toMatch(/^\/invoices\/[\w-]+\.html\?token=/);

    const response = await fetch(`${server.url}${link}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain(`Invoice ${invoice.number}`);
    expect(html).toContain('$1,200.00');
    expect(html).toContain('$120.00');
    expect(html).toContain('$1,080.00');
    // Names are escaped, never injected.
    expect(html).toContain('Alex &lt;Rivera&gt;');
    expect(html).toContain('RLHF &amp; ranking');

    expect((await fetch(`${server.url}${link.replace(/token=.*/, 'token=forged')}`)).status).toBe(404);
    expect((await fetch(`${server.url}${link.split('?')[0]}`)).status).toBe(404);
    // A sign-in token is not a download token, and a link for one invoice opens no other.
    expect((await fetch(`${server.url}${link.split('?')[0]}?token=${tokens.trainer}`)).status).toBe(404);
    const other = await factory.invoice(contract);
    const otherPath = link.replace(/\/invoices\/[\w-]+\.html/, `/invoices/${other.globalId}.html`);
    expect((await fetch(`${server.url}${otherPath}`)).status).toBe(404);
  });

  it('is a printable document: parties, number, dates, gross/fee/net, a print button, and no paid line until paid', async () => {
    const issuedAt = new Date('2026-03-04T10:00:00Z');
    const milestone = await factory.milestone(contract, { title: 'Batch <1> & "two"', status: MilestoneStatus.PAID, amountCents: 50_000 });
    const unpaid = await factory.invoice(contract, { milestoneId: milestone.id, grossCents: 50_000, feeCents: 5_000, netCents: 45_000, issuedAt });
    const paid = await factory.invoice(contract, {
      grossCents: 20_000,
      feeCents: 2_000,
      netCents: 18_000,
      status: InvoiceStatus.PAID,
      issuedAt,
      paidAt: new Date('2026-03-11T23:30:00Z'),
    });
    const query = `query ($id: ID!) { node(id: $id) { ... on Invoice { downloadUrl } } }`;
    const open = async (globalId: string, token: string) => {
      const link = (await server.graphql<{ node: { downloadUrl: string } }>(query, { variables: { id: globalId }, token })).data!.node.downloadUrl;
      const response = await fetch(`${server.url}${link}`);
      expect(response.status).toBe(200);
      return { html: await response.text(), headers: response.headers };
    };

    // The employer opens it too: the same document.
    const { html, headers } = await open(unpaid.globalId, tokens.employer);
    expect(html).toContain(`Invoice ${unpaid.number}`);
    expect(html).toMatch(/From \(the trainer\)<\/h2>\s*<p>Alex &lt;Rivera&gt;<\/p>/);
    expect(html).toMatch(/Billed to \(the organization\)<\/h2>\s*<p>Northwind AI<\/p>/);
    expect(html).toContain('Issue date</dt><dd><time datetime="2026-03-04T10:00:00.000Z">4 March 2026</time>');
    expect(html).not.toContain('Payment date');
    expect(html).not.toMatch(/Paid\b[^:]/);
    expect(html).toContain('Milestone ' + milestone.number + ': Batch &lt;1&gt; &amp; &quot;two&quot;');
    expect(html).not.toContain('<1>');
    expect(html).toContain('$500.00');
    expect(html).toContain('−$50.00');
    expect(html).toContain('$450.00');
    expect(html).toContain('Print / Save as PDF');
    expect(html).toContain('@media print');
    expect(html).toContain('borne by the trainer');
    // Only the print button's own script may run.
    expect(headers.get('content-security-policy')).toMatch(/script-src 'sha256-[\w+/=]+'/);
    expect(headers.get('content-security-policy')).toContain("default-src 'none'");

    const paidDocument = (await open(paid.globalId, tokens.trainer)).html;
    expect(paidDocument).toContain('Payment date</dt><dd><time datetime="2026-03-11T23:30:00.000Z">11 March 2026</time>');
    expect(paidDocument).toContain('Paid: the net amount has been paid out to the trainer.');
  });
});
