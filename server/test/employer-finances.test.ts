import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../src/graphql/global-id.js';
import type { Organization } from '../src/modules/accounts/organization.entity.js';
import { utcMonthStart } from '../src/modules/billing/billing.service.js';
import { InvoiceStatus } from '../src/modules/billing/invoice.entity.js';
import { MilestoneStatus } from '../src/modules/milestones/milestone.entity.js';
import { Factory } from './factories.js';
import { startTestServer, StatementCounter, type TestServer } from './helpers.js';

/** The employer Reports page: an organization's spend, escrow and fees, per currency and per month. */

const financesQuery = `query Finances($months: Int!) {
  viewer { organization { id finances {
    spent { cents currency } marketplaceFees { cents currency } inEscrow { cents currency } funded { cents currency }
    spendByMonth(months: $months) { month startsAt spent { cents currency } marketplaceFees { cents currency } invoiceCount }
    spendByContract(first: 20) { totalCount nodes { contract { title } spent { cents currency } marketplaceFees { cents }
      inEscrow { cents } funded { cents currency } invoiceCount } }
    invoices(first: 20) { totalCount nodes { number status gross { cents currency } organization { name } } }
  } } } }`;

const nodeFinances = `query ($id: ID!) { node(id: $id) { ... on Organization { name finances { spent { cents currency } } } } }`;

interface Amount {
  cents: number;
  currency: string;
}
interface Finances {
  spent: Amount[];
  marketplaceFees: Amount[];
  inEscrow: Amount[];
  funded: Amount[];
  spendByMonth: Array<{ month: string; startsAt: string; spent: Amount[]; marketplaceFees: Amount[]; invoiceCount: number }>;
  spendByContract: {
    totalCount: number;
    nodes: Array<{
      contract: { title: string };
      spent: Amount;
      marketplaceFees: { cents: number };
      inEscrow: { cents: number };
      funded: Amount;
      invoiceCount: number;
    }>;
  };
  invoices: { totalCount: number; nodes: Array<{ number: string; status: string; gross: Amount; organization: { name: string } }> };
}
type FinancesResult = { viewer: { organization: { id: string; finances: Finances } } };

let server: TestServer;
let factory: Factory;
let organization: Organization;
const tokens = { employer: '', trainer: '', otherEmployer: '' };
const now = new Date();
const thisMonth = utcMonthStart(now);
const lastMonth = utcMonthStart(now, 1);
const twoMonthsAgo = utcMonthStart(now, 2);
const monthKey = (date: Date) => date.toISOString().slice(0, 7);

beforeAll(async () => {
  server = await startTestServer();
  factory = new Factory(server.workroom.dataSource);
  organization = await factory.organization({ name: 'Northwind AI' });
  const other = await factory.organization({ name: 'Helios Labs' });
  await factory.employer(organization, { email: 'fin-employer@test.example' });
  await factory.employer(other, { email: 'fin-other-employer@test.example' });
  const trainer = await factory.trainer({ email: 'fin-trainer@test.example' });

  // Dollars: paid 1,000 (this month) and 300 (two months ago, on another contract); held 500 + 200 + 50.
  const dollars = await factory.contract(await factory.job(organization), trainer, {
    title: 'Ranking (USD)',
    startedAt: new Date(now.getTime() - 3 * 86_400_000),
  });
  const paid = await factory.milestone(dollars, { status: MilestoneStatus.PAID, amountCents: 100_000 });
  await factory.invoice(dollars, {
    milestoneId: paid.id,
    grossCents: 100_000,
    feeCents: 10_000,
    netCents: 90_000,
    issuedAt: new Date(thisMonth.getTime() + 1000),
  });
  await factory.milestone(dollars, { status: MilestoneStatus.FUNDED, amountCents: 50_000 });
  await factory.milestone(dollars, { status: MilestoneStatus.SUBMITTED, amountCents: 20_000 });
  await factory.milestone(dollars, { status: MilestoneStatus.DISPUTED, amountCents: 5_000 });
  await factory.milestone(dollars, { status: MilestoneStatus.NOT_FUNDED, amountCents: 70_000 });
  await factory.milestone(dollars, { status: MilestoneStatus.CANCELLED, amountCents: 30_000 });
  // A void invoice is no spend.
  await factory.invoice(dollars, {
    grossCents: 99_999,
    feeCents: 9_999,
    netCents: 90_000,
    status: InvoiceStatus.VOID,
    issuedAt: new Date(thisMonth.getTime() + 2000),
  });

  const older = await factory.contract(await factory.job(organization), trainer, {
    title: 'Older (USD)',
    startedAt: new Date(now.getTime() - 90 * 86_400_000),
  });
  const olderPaid = await factory.milestone(older, { status: MilestoneStatus.PAID, amountCents: 30_000 });
  await factory.invoice(older, {
    milestoneId: olderPaid.id,
    grossCents: 30_000,
    feeCents: 3_000,
    netCents: 27_000,
    status: InvoiceStatus.PAID,
    issuedAt: twoMonthsAgo,
    paidAt: twoMonthsAgo,
  });

  // Euros: paid 400 on the last second of last month (UTC), held 150 awaiting changes.
  const euros = await factory.contract(await factory.job(organization, { currency: 'EUR' }), trainer, {
    title: 'Labelling (EUR)',
    currency: 'EUR',
    startedAt: new Date(now.getTime() - 30 * 86_400_000),
  });
  const eurosPaid = await factory.milestone(euros, { status: MilestoneStatus.PAID, amountCents: 40_000 });
  await factory.invoice(euros, {
    milestoneId: eurosPaid.id,
    grossCents: 40_000,
    feeCents: 4_000,
    netCents: 36_000,
    issuedAt: new Date(thisMonth.getTime() - 1000),
  });
  await factory.milestone(euros, { status: MilestoneStatus.CHANGES_REQUESTED, amountCents: 15_000 });

  // Another organization's money, which Northwind must never see.
  const theirs = await factory.contract(await factory.job(other), trainer, { title: 'Helios work' });
  const theirsPaid = await factory.milestone(theirs, { status: MilestoneStatus.PAID, amountCents: 77_700 });
  await factory.invoice(theirs, { milestoneId: theirsPaid.id, grossCents: 77_700, feeCents: 7_770, netCents: 69_930 });
  await factory.milestone(theirs, { status: MilestoneStatus.FUNDED, amountCents: 11_100 });

  tokens.employer = await server.signIn('fin-employer@test.example');
  tokens.trainer = await server.signIn('fin-trainer@test.example');
  tokens.otherEmployer = await server.signIn('fin-other-employer@test.example');
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

async function finances(token: string, months = 3): Promise<Finances> {
  const result = await server.graphql<FinancesResult>(financesQuery, { variables: { months }, token });
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data!.viewer.organization.finances;
}

describe('employer finances', () => {
  it('adds up per currency, never across currencies', async () => {
    const figures = await finances(tokens.employer);
    expect(figures.spent).toEqual([
      { cents: 40_000, currency: 'EUR' },
      { cents: 130_000, currency: 'USD' },
    ]);
    expect(figures.marketplaceFees).toEqual([
      { cents: 4_000, currency: 'EUR' },
      { cents: 13_000, currency: 'USD' },
    ]);
    expect(figures.inEscrow).toEqual([
      { cents: 15_000, currency: 'EUR' },
      { cents: 75_000, currency: 'USD' },
    ]);
    expect(figures.funded).toEqual([
      { cents: 55_000, currency: 'EUR' },
      { cents: 205_000, currency: 'USD' },
    ]);
  });

  it('buckets spend by calendar month in UTC, oldest first, with empty months present', async () => {
    const months = (await finances(tokens.employer, 4)).spendByMonth;
    expect(months.map((month) => month.month)).toEqual([monthKey(utcMonthStart(now, 3)), monthKey(twoMonthsAgo), monthKey(lastMonth), monthKey(thisMonth)]);
    expect(months[0]).toMatchObject({ spent: [], marketplaceFees: [], invoiceCount: 0, startsAt: utcMonthStart(now, 3).toISOString() });
    expect(months[1]).toMatchObject({ spent: [{ cents: 30_000, currency: 'USD' }], marketplaceFees: [{ cents: 3_000, currency: 'USD' }], invoiceCount: 1 });
    // One second before midnight UTC on the 1st belongs to the month before.
    expect(months[2]).toMatchObject({ spent: [{ cents: 40_000, currency: 'EUR' }], invoiceCount: 1 });
    expect(months[3]).toMatchObject({ spent: [{ cents: 100_000, currency: 'USD' }], invoiceCount: 1 });
  });

  it('refuses a window outside 1–36 months with a clear code', async () => {
    const result = await server.graphql(financesQuery, { variables: { months: 37 }, token: tokens.employer });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('breaks spend down per contract, newest first, in the contract currency', async () => {
    const { spendByContract } = await finances(tokens.employer);
    expect(spendByContract.totalCount).toBe(3);
    expect(spendByContract.nodes).toEqual([
      {
        contract: { title: 'Ranking (USD)' },
        spent: { cents: 100_000, currency: 'USD' },
        marketplaceFees: { cents: 10_000 },
        inEscrow: { cents: 75_000 },
        funded: { cents: 175_000, currency: 'USD' },
        invoiceCount: 1,
      },
      {
        contract: { title: 'Labelling (EUR)' },
        spent: { cents: 40_000, currency: 'EUR' },
        marketplaceFees: { cents: 4_000 },
        inEscrow: { cents: 15_000 },
        funded: { cents: 55_000, currency: 'EUR' },
        invoiceCount: 1,
      },
      {
        contract: { title: 'Older (USD)' },
        spent: { cents: 30_000, currency: 'USD' },
        marketplaceFees: { cents: 3_000 },
        inEscrow: { cents: 0 },
        funded: { cents: 30_000, currency: 'USD' },
        invoiceCount: 1,
      },
    ]);
  });

  it("lists the organization's invoices only", async () => {
    const { invoices } = await finances(tokens.employer);
    expect(invoices.totalCount).toBe(4);
    expect(new Set(invoices.nodes.map((invoice) => invoice.organization.name))).toEqual(new Set(['Northwind AI']));
    expect(invoices.nodes.map((invoice) => invoice.gross.cents)).not.toContain(77_700);
  });

  it("refuses a trainer the organization's finances with FORBIDDEN", async () => {
    const result = await server.graphql<{ node: { name: string; finances: unknown } }>(nodeFinances, {
      variables: { id: toGlobalId('Organization', organization.id) },
      token: tokens.trainer,
    });
    expect(result.data?.node).toEqual({ name: 'Northwind AI', finances: null });
    expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    const own = await server.graphql<{ viewer: { organization: null } }>('{ viewer { organization { id } } }', { token: tokens.trainer });
    expect(own.data?.viewer.organization).toBeNull();
  });

  it("shows an employer of another organization nothing of this one's", async () => {
    const result = await server.graphql<{ node: { finances: unknown } }>(nodeFinances, {
      variables: { id: toGlobalId('Organization', organization.id) },
      token: tokens.otherEmployer,
    });
    expect(result.data?.node.finances).toBeNull();
    expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    const theirs = await finances(tokens.otherEmployer);
    expect(theirs.spent).toEqual([{ cents: 77_700, currency: 'USD' }]);
    expect(theirs.inEscrow).toEqual([{ cents: 11_100, currency: 'USD' }]);
    expect(theirs.spendByContract.nodes.map((row) => row.contract.title)).toEqual(['Helios work']);
    expect(theirs.invoices.totalCount).toBe(1);
  });

  it('shows a new organization empty figures, not an error', async () => {
    const empty = await factory.organization({ name: 'Fresh Co' });
    await factory.employer(empty, { email: 'fin-fresh@test.example' });
    const figures = await finances(await server.signIn('fin-fresh@test.example'));
    expect(figures).toMatchObject({ spent: [], marketplaceFees: [], inEscrow: [], funded: [], spendByContract: { totalCount: 0, nodes: [] } });
    expect(figures.spendByMonth).toHaveLength(3);
  });
});

describe('employer finances cost does not grow with the number of contracts', () => {
  const worlds: Array<{ server: TestServer; counter: StatementCounter; token: string }> = [];

  async function world(contracts: number) {
    const counter = new StatementCounter();
    const worldServer = await startTestServer({ sqlLogger: counter, env: { EVENTS_SWEEP_MS: '60000', EVENTS_POLL_MS: '60000' } });
    const worldFactory = new Factory(worldServer.workroom.dataSource);
    const org = await worldFactory.organization();
    const employer = await worldFactory.employer(org);
    for (let index = 0; index < contracts; index += 1) {
      const trainer = await worldFactory.trainer();
      const currency = index % 2 ? 'EUR' : 'USD';
      const contract = await worldFactory.contract(await worldFactory.job(org, { currency }), trainer, { currency });
      const paid = await worldFactory.milestone(contract, { status: MilestoneStatus.PAID });
      await worldFactory.milestone(contract, { status: MilestoneStatus.FUNDED });
      await worldFactory.invoice(contract, { milestoneId: paid.id });
    }
    const entry = { server: worldServer, counter, token: await worldServer.signIn(employer.email) };
    worlds.push(entry);
    return entry;
  }

  async function statements(entry: { server: TestServer; counter: StatementCounter; token: string }): Promise<number> {
    entry.counter.reset();
    const result = await entry.server.graphql(financesQuery, { variables: { months: 12 }, token: entry.token });
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    return entry.counter.count;
  }

  afterAll(async () => {
    for (const entry of worlds) await entry.server.stop();
  });

  it('issues no more statements for 20 contracts than for 3', async () => {
    const small = await statements(await world(3));
    const large = await statements(await world(20));
    expect(large).toBeLessThanOrEqual(small);
    expect(large).toBeLessThan(20);
  }, 120_000);
});
