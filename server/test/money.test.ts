import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGlobalId, toGlobalId } from '../src/graphql/global-id.js';
import type { Organization } from '../src/modules/accounts/organization.entity.js';
import type { User } from '../src/modules/accounts/user.entity.js';
import { MilestoneStatus } from '../src/modules/milestones/milestone.entity.js';
import { Factory } from './factories.js';
import { startTestServer, type TestServer } from './helpers.js';

/**
 * Money never overflows what the API can carry: an employer's legitimate moves (creating and
 * funding milestones, paying them) must not break the trainer's dashboard, however large the
 * amounts add up to (issue 11, defect 5).
 */
let server: TestServer;
let factory: Factory;
let organization: Organization;
let trainer: User;
const tokens = { employer: '', trainer: '' };

const oneMillion = 100_000_000; // 1,000,000.00: the most one milestone may be
const int32Max = 2 ** 31 - 1;

beforeAll(async () => {
  server = await startTestServer();
  factory = new Factory(server.workroom.dataSource);
  organization = await factory.organization({ name: 'Northwind AI' });
  await factory.employer(organization, { email: 'money-employer@test.example' });
  trainer = await factory.trainer({ email: 'money-trainer@test.example', name: 'Alex Rivera' });
  await factory.payoutMethod(trainer);
  tokens.employer = await server.signIn('money-employer@test.example');
  tokens.trainer = await server.signIn('money-trainer@test.example');
});

afterAll(async () => {
  await server?.stop();
});

const mutations = {
  create: `mutation ($input: CreateMilestoneInput!) { createMilestone(input: $input) { milestone { id amount { cents } } } }`,
  fund: `mutation ($input: FundMilestoneInput!) { fundMilestone(input: $input) { milestone { id status } } }`,
  submit: `mutation ($input: SubmitMilestoneInput!) { submitMilestone(input: $input) { milestone { id status } } }`,
  approve: `mutation ($input: ApproveMilestoneInput!) { approveMilestone(input: $input) { invoice { gross { cents } fee { cents } net { cents } } } }`,
  requestPayout: `mutation ($input: RequestPayoutInput!) { requestPayout(input: $input) { payouts { amount { cents amount formatted } } } }`,
};

async function ok<T>(query: string, token: string, input: Record<string, unknown>): Promise<T> {
  const result = await server.graphql<T>(query, { variables: { input }, token });
  if (!result.data || result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

/** The trainer's home page: every contract with its money, as the dashboard asks for it. */
const dashboard = `{ viewer { name
  activeContracts(first: 50) { nodes { id title
    billingSummary { paidOut { cents amount } activeAndFunded { cents amount formatted } pendingApproval { cents } inDispute { cents } totalBudget { cents } }
    milestones(first: 50) { totalCount nodes { status amount { cents amount } } } } }
  payouts(first: 10) { nodes { status amount { cents amount formatted } } } } }`;

interface Dashboard {
  viewer: {
    name: string;
    activeContracts: {
      nodes: Array<{
        id: string;
        title: string;
        billingSummary: { activeAndFunded: { cents: number; amount: string; formatted: string } } | null;
        milestones: { totalCount: number; nodes: Array<{ status: string; amount: { cents: number; amount: string } }> };
      }>;
    };
    payouts: { nodes: Array<{ status: string; amount: { cents: number; amount: string; formatted: string } }> };
  } | null;
}

describe("an employer's legitimate moves cannot take the trainer's dashboard down", () => {
  it('creates and funds milestones of 1,000,000.00 past 2^31 cents; the dashboard still answers, exactly', async () => {
    const contract = await factory.contract(await factory.job(organization), trainer, { title: 'Overflow attempt', totalBudgetCents: 1_000_000_000 });
    const contractId = toGlobalId('Contract', contract.id);
    let funded = 0;
    for (let attempt = 0; attempt < 22; attempt += 1) {
      const created = await server.graphql<{ createMilestone: { milestone: { id: string } } }>(mutations.create, {
        variables: { input: { contractId, title: `Batch ${attempt + 1}`, amountCents: oneMillion } },
        token: tokens.employer,
      });
      if (!created.data?.createMilestone) continue;
      const fund = await server.graphql(mutations.fund, {
        variables: { input: { milestoneId: created.data.createMilestone.milestone.id } },
        token: tokens.employer,
      });
      expect(fund.errors).toBeUndefined();
      funded += oneMillion;
    }

    const answer = await server.graphql<Dashboard>(dashboard, { token: tokens.trainer });
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.viewer?.name).toBe('Alex Rivera');
    // Ten fit under the contract's cap of 10,000,000.00; the rest were refused (tested below).
    expect(funded).toBe(1_000_000_000);
    const row = answer.data!.viewer!.activeContracts.nodes.find((node) => node.id === contractId)!;
    expect(row.billingSummary?.activeAndFunded.cents).toBe(funded);
    expect(row.milestones.nodes.reduce((sum, milestone) => sum + milestone.amount.cents, 0)).toBe(funded);
  });

  it('pays a trainer more than 2^31 cents across contracts; the payout and the dashboard show it exactly', async () => {
    let paidNet = 0;
    for (let n = 1; n <= 3; n += 1) {
      const contract = await factory.contract(await factory.job(organization), trainer, { title: `Big contract ${n}`, totalBudgetCents: 1_000_000_000 });
      for (let m = 1; m <= 10; m += 1) {
        const created = await ok<{ createMilestone: { milestone: { id: string } } }>(mutations.create, tokens.employer, {
          contractId: toGlobalId('Contract', contract.id),
          title: `Batch ${m}`,
          amountCents: oneMillion,
        });
        const milestoneId = created.createMilestone.milestone.id;
        await ok(mutations.fund, tokens.employer, { milestoneId });
        await ok(mutations.submit, tokens.trainer, { milestoneId, note: 'Delivered.' });
        const approved = await ok<{ approveMilestone: { invoice: { net: { cents: number } } } }>(mutations.approve, tokens.employer, { milestoneId });
        paidNet += approved.approveMilestone.invoice.net.cents;
      }
    }
    expect(paidNet).toBeGreaterThan(int32Max);

    const requested = await server.graphql<{ requestPayout: { payouts: Array<{ amount: { cents: number; amount: string } }> } }>(mutations.requestPayout, {
      variables: { input: {} },
      token: tokens.trainer,
    });
    expect(requested.errors).toBeUndefined();
    expect(requested.data?.requestPayout.payouts[0]?.amount).toEqual({ cents: paidNet, amount: '27000000.00', formatted: '$27,000,000.00' });

    const answer = await server.graphql<Dashboard>(dashboard, { token: tokens.trainer });
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.viewer?.payouts.nodes[0]?.amount.cents).toBe(paidNet);
  });
});

describe("a contract's milestones are bounded together: refused with the field, nothing half written", () => {
  const update = `mutation ($input: UpdateMilestoneInput!) { updateMilestone(input: $input) { milestone { id amount { cents } } } }`;
  const cancel = `mutation ($input: CancelMilestoneInput!) { cancelMilestone(input: $input) { milestone { id status } } }`;

  /** Milestones, history steps and events of a contract: what a refused move must leave as it was. */
  async function written(contractId: string) {
    const [row] = (await server.workroom.dataSource.query(
      `SELECT (SELECT count(*) FROM milestones WHERE contract_id = $1)::int AS milestones,
              (SELECT COALESCE(sum(amount_cents), 0) FROM milestones WHERE contract_id = $1)::text AS cents,
              (SELECT count(*) FROM milestone_events e JOIN milestones m ON m.id = e.milestone_id WHERE m.contract_id = $1)::int AS history,
              (SELECT count(*) FROM events WHERE contract_id = $1)::int AS events`,
      [contractId],
    )) as [Record<string, unknown>];
    return row;
  }

  async function freshContract(title: string) {
    const contract = await factory.contract(await factory.job(organization), trainer, { title, totalBudgetCents: 1_000_000_000 });
    return { contract, contractId: toGlobalId('Contract', contract.id) };
  }

  const create = (contractId: string, amountCents: number, title = 'Batch') =>
    server.graphql<{ createMilestone: { milestone: { id: string; amount: { cents: number } } } }>(mutations.create, {
      variables: { input: { contractId, title, amountCents } },
      token: tokens.employer,
    });

  it('refuses the milestone that would pass 10,000,000.00 on one contract, saying how much room is left', async () => {
    const { contract, contractId } = await freshContract('Cap on create');
    for (let n = 0; n < 9; n += 1) await ok(mutations.create, tokens.employer, { contractId, title: `Batch ${n}`, amountCents: oneMillion });
    await ok(mutations.create, tokens.employer, { contractId, title: 'Small', amountCents: 60_000_000 });
    const before = await written(contract.id);

    const refused = await create(contractId, 40_000_001);
    expect(refused.data?.createMilestone ?? null).toBeNull();
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amountCents' });
    expect(refused.errors?.[0]?.message).toMatch(/at most \$10,000,000\.00.*\$9,600,000\.00.*at most \$400,000\.00/);
    expect(await written(contract.id)).toEqual(before);

    const fits = await create(contractId, 40_000_000);
    expect(fits.errors).toBeUndefined();
    const full = await create(contractId, 1);
    expect(full.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amountCents' });
    expect(full.errors?.[0]?.message).toMatch(/no room for more/);
  });

  it('does not count cancelled milestones: cancelling one makes room again', async () => {
    const { contractId } = await freshContract('Cap and cancel');
    const ids: string[] = [];
    for (let n = 0; n < 10; n += 1) {
      const created = await ok<{ createMilestone: { milestone: { id: string } } }>(mutations.create, tokens.employer, {
        contractId,
        title: `Batch ${n}`,
        amountCents: oneMillion,
      });
      ids.push(created.createMilestone.milestone.id);
    }
    await ok(mutations.fund, tokens.employer, { milestoneId: ids[0] });
    expect((await create(contractId, 1)).errors?.[0]?.extensions?.field).toBe('amountCents');
    await ok(cancel, tokens.employer, { milestoneId: ids[0] });
    expect((await create(contractId, oneMillion)).errors).toBeUndefined();
  });

  it('refuses an edit that raises the amount past the cap, and allows any edit that lowers it', async () => {
    const { contract, contractId } = await freshContract('Cap on edit');
    for (let n = 0; n < 9; n += 1) await ok(mutations.create, tokens.employer, { contractId, title: `Batch ${n}`, amountCents: oneMillion });
    await ok(mutations.create, tokens.employer, { contractId, title: 'Filler', amountCents: 50_000_000 });
    const last = await ok<{ createMilestone: { milestone: { id: string } } }>(mutations.create, tokens.employer, {
      contractId,
      title: 'Last',
      amountCents: 50_000_000,
    });
    const milestoneId = last.createMilestone.milestone.id;
    const before = await written(contract.id);

    const raised = await server.graphql(update, { variables: { input: { milestoneId, title: 'Renamed', amountCents: 50_000_001 } }, token: tokens.employer });
    expect(raised.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amountCents' });
    expect(raised.errors?.[0]?.message).toMatch(/other milestones come to \$9,500,000\.00, so this amount can be at most \$500,000\.00/);
    expect(await written(contract.id)).toEqual(before);
    const [row] = (await server.workroom.dataSource.query('SELECT title, amount_cents FROM milestones WHERE id = $1', [parseGlobalId(milestoneId)!.id])) as [
      { title: string; amount_cents: string },
    ];
    expect(row).toEqual({ title: 'Last', amount_cents: '50000000' });

    const lowered = await server.graphql(update, { variables: { input: { milestoneId, amountCents: 1 } }, token: tokens.employer });
    expect(lowered.errors).toBeUndefined();
    const backToTheCap = await server.graphql(update, { variables: { input: { milestoneId, amountCents: 50_000_000 } }, token: tokens.employer });
    expect(backToTheCap.errors).toBeUndefined();
  });

  it('lets only one of two concurrent creates take the last room (they queue on the contract row)', async () => {
    const { contract, contractId } = await freshContract('Cap under a race');
    for (let n = 0; n < 9; n += 1) await ok(mutations.create, tokens.employer, { contractId, title: `Batch ${n}`, amountCents: oneMillion });
    const results = await Promise.all(Array.from({ length: 4 }, (_, n) => create(contractId, 60_000_000, `Racer ${n}`)));
    expect(results.filter((result) => !result.errors)).toHaveLength(1);
    for (const refused of results.filter((result) => result.errors)) {
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amountCents' });
    }
    expect(await written(contract.id)).toMatchObject({ milestones: 10, cents: '960000000' });
  });

  it('keeps the cap when an edit and a create race for the same room', async () => {
    const { contract, contractId } = await freshContract('Edit and create race');
    for (let n = 0; n < 9; n += 1) await ok(mutations.create, tokens.employer, { contractId, title: `Batch ${n}`, amountCents: oneMillion });
    const small = await ok<{ createMilestone: { milestone: { id: string } } }>(mutations.create, tokens.employer, {
      contractId,
      title: 'Small',
      amountCents: 1,
    });
    const [edit, added] = await Promise.all([
      server.graphql(update, { variables: { input: { milestoneId: small.createMilestone.milestone.id, amountCents: 80_000_000 } }, token: tokens.employer }),
      create(contractId, 80_000_000, 'Newcomer'),
    ]);
    expect([edit, added].filter((result) => !result.errors)).toHaveLength(1);
    const total = Number((await written(contract.id)).cents);
    expect(total).toBeLessThanOrEqual(1_000_000_000);
  });
});

describe('no amount the API cannot show exactly is ever stored, and a bad sum stays in its own contract', () => {
  it('refuses out-of-bounds amounts in the database itself, whatever writes them', async () => {
    const job = await factory.job(organization);
    const contract = await factory.contract(job, trainer);
    const violated = async (write: Promise<unknown>) => {
      const error = (await write.then(
        () => null,
        (caught: unknown) => caught,
      )) as { driverError?: { code?: string; constraint?: string } } | null;
      return error?.driverError && { code: error.driverError.code, constraint: error.driverError.constraint };
    };
    expect(await violated(factory.milestone(contract, { amountCents: oneMillion + 1 }))).toEqual({ code: '23514', constraint: 'milestones_amount_bounded' });
    expect(await violated(factory.contract(job, trainer, { totalBudgetCents: 1_000_000_001 }))).toEqual({
      code: '23514',
      constraint: 'contracts_amounts_bounded',
    });
    expect(await violated(factory.proposal(job, trainer, { rateCents: oneMillion + 1 }))).toEqual({ code: '23514', constraint: 'proposals_rate_bounded' });
    expect(await violated(factory.job(organization, { budgetCents: 1_000_000_001 }))).toEqual({ code: '23514', constraint: 'jobs_amounts_bounded' });
    expect(await violated(factory.invoice(contract, { grossCents: oneMillion + 1, feeCents: 0, netCents: oneMillion + 1 }))).toEqual({
      code: '23514',
      constraint: 'invoices_gross_bounded',
    });
    expect(await violated(factory.payout(trainer, { amountCents: 2 ** 53 }))).toEqual({ code: '23514', constraint: 'payouts_amount_representable' });
    expect(await violated(factory.milestone(contract, { amountCents: oneMillion }))).toBeUndefined();
  });

  it('shows a contract over the cap from before it existed exactly, and lets its milestones only shrink', async () => {
    const contract = await factory.contract(await factory.job(organization), trainer, { title: 'From before the cap' });
    for (let n = 0; n < 25; n += 1) await factory.milestone(contract, { amountCents: oneMillion, status: MilestoneStatus.FUNDED });
    const unfunded = await factory.milestone(contract, { amountCents: oneMillion, status: MilestoneStatus.NOT_FUNDED });

    const answer = await server.graphql<Dashboard>(dashboard, { token: tokens.trainer });
    expect(answer.errors).toBeUndefined();
    const row = answer.data!.viewer!.activeContracts.nodes.find((node) => node.title === 'From before the cap')!;
    expect(row.billingSummary?.activeAndFunded).toEqual({ cents: 2_500_000_000, amount: '25000000.00', formatted: '$25,000,000.00' });

    const contractId = toGlobalId('Contract', contract.id);
    const added = await server.graphql(mutations.create, { variables: { input: { contractId, title: 'More', amountCents: 1 } }, token: tokens.employer });
    expect(added.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amountCents' });
    const update = `mutation ($input: UpdateMilestoneInput!) { updateMilestone(input: $input) { milestone { amount { cents } } } }`;
    const milestoneId = toGlobalId('Milestone', unfunded.id);
    const lowered = await server.graphql(update, { variables: { input: { milestoneId, amountCents: 1_000 } }, token: tokens.employer });
    expect(lowered.errors).toBeUndefined();
    const raised = await server.graphql(update, { variables: { input: { milestoneId, amountCents: 2_000 } }, token: tokens.employer });
    expect(raised.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amountCents' });
  });

  it('answers the rest of the dashboard when one contract has a sum beyond 2^53 (rows written around every bound)', async () => {
    const { dataSource } = server.workroom;
    const good = await factory.contract(await factory.job(organization), trainer, { title: 'Healthy neighbour' });
    await factory.milestone(good, { amountCents: 250_000, status: MilestoneStatus.FUNDED });
    await factory.payout(trainer, { amountCents: 90_000 });
    const bad = await factory.contract(await factory.job(organization), trainer, { title: 'Corrupted by hand' });
    // Only this test's own database: two rows, each exact on its own, whose sum is not.
    await dataSource.query('ALTER TABLE milestones DROP CONSTRAINT milestones_amount_bounded');
    try {
      for (const number of [1, 2]) {
        await dataSource.query(
          `INSERT INTO milestones (contract_id, number, title, description, amount_cents, currency, status, version)
           VALUES ($1, $2, 'Huge', '', $3, 'USD', 'FUNDED', 1)`,
          [bad.id, number, String(2 ** 52 + 1)],
        );
      }

      const answer = await server.graphql<Dashboard>(dashboard, { token: tokens.trainer });
      expect(answer.data?.viewer?.name).toBe('Alex Rivera');
      const contracts = answer.data!.viewer!.activeContracts.nodes;
      const index = contracts.findIndex((node) => node.title === 'Corrupted by hand');
      expect(contracts[index]!.billingSummary).toBeNull();
      expect(contracts[index]!.milestones.nodes.map((milestone) => milestone.amount)).toEqual([
        { cents: 2 ** 52 + 1, amount: '45035996273704.97' },
        { cents: 2 ** 52 + 1, amount: '45035996273704.97' },
      ]);
      expect(answer.errors).toHaveLength(1);
      expect(answer.errors![0]!.path).toEqual(['viewer', 'activeContracts', 'nodes', index, 'billingSummary']);
      expect(answer.errors![0]!.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(answer.errors![0]!.message).not.toMatch(/2\^53|Corrupted|\d{16}/);
      expect(contracts.find((node) => node.title === 'Healthy neighbour')?.billingSummary?.activeAndFunded.cents).toBe(250_000);
      for (const other of contracts.filter((_, n) => n !== index)) expect(other.billingSummary).not.toBeNull();
      expect(answer.data!.viewer!.payouts.nodes.length).toBeGreaterThan(0);
    } finally {
      await dataSource.query('DELETE FROM milestones WHERE contract_id = $1', [bad.id]);
      await dataSource.query('ALTER TABLE milestones ADD CONSTRAINT milestones_amount_bounded CHECK ("amount_cents" <= 100000000)');
    }
  });
});
