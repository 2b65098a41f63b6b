import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toGlobalId } from '../src/graphql/global-id.js';
import type { Contract } from '../src/modules/contracts/contract.entity.js';
import { ContractStatus } from '../src/modules/contracts/contract.entity.js';
import { MilestoneStatus } from '../src/modules/milestones/milestone.entity.js';
import { Factory } from './factories.js';
import { startTestServer, type TestServer } from './helpers.js';

/**
 * Milestones and money through the API: who may move them, the state machine, the billing
 * summary after every move, and money that moves exactly once under retries and races.
 */
let server: TestServer;
let factory: Factory;
let contract: Contract;
const tokens = { employer: '', trainer: '', otherEmployer: '', otherTrainer: '' };

beforeAll(async () => {
  server = await startTestServer();
  factory = new Factory(server.workroom.dataSource);
  const organization = await factory.organization({ name: 'Northwind AI' });
  const other = await factory.organization({ name: 'Helios Labs' });
  await factory.employer(organization, { email: 'ms-employer@test.example', name: 'Morgan Lee' });
  await factory.employer(other, { email: 'ms-other-employer@test.example' });
  const trainer = await factory.trainer({ email: 'ms-trainer@test.example', name: 'Alex Rivera' });
  await factory.trainer({ email: 'ms-other-trainer@test.example' });
  contract = await factory.contract(await factory.job(organization), trainer, { totalBudgetCents: 1_000_000 });
  tokens.employer = await server.signIn('ms-employer@test.example');
  tokens.trainer = await server.signIn('ms-trainer@test.example');
  tokens.otherEmployer = await server.signIn('ms-other-employer@test.example');
  tokens.otherTrainer = await server.signIn('ms-other-trainer@test.example');
});

afterAll(async () => {
  await server?.stop();
});

const milestoneFields = 'id number title status version amount { cents amount currency } dueAt';
const eventFields = 'action fromStatus toStatus note attachments { name url } actor { name }';

const mutations = {
  create: `mutation ($input: CreateMilestoneInput!) { createMilestone(input: $input) { milestone { ${milestoneFields} } event { ${eventFields} } } }`,
  update: `mutation ($input: UpdateMilestoneInput!) { updateMilestone(input: $input) { milestone { ${milestoneFields} } } }`,
  fund: `mutation ($input: FundMilestoneInput!) { fundMilestone(input: $input) { milestone { ${milestoneFields} } event { ${eventFields} } } }`,
  submit: `mutation ($input: SubmitMilestoneInput!) { submitMilestone(input: $input) { milestone { ${milestoneFields} } event { ${eventFields} } } }`,
  requestChanges: `mutation ($input: RequestMilestoneChangesInput!) { requestMilestoneChanges(input: $input) { milestone { ${milestoneFields} } event { ${eventFields} } } }`,
  approve: `mutation ($input: ApproveMilestoneInput!) { approveMilestone(input: $input) { milestone { ${milestoneFields} } event { ${eventFields} }
    invoice { number status gross { cents } fee { cents } net { cents } milestone { id } } } }`,
  cancel: `mutation ($input: CancelMilestoneInput!) { cancelMilestone(input: $input) { refunded milestone { ${milestoneFields} } } }`,
  dispute: `mutation ($input: DisputeMilestoneInput!) { disputeMilestone(input: $input) { milestone { ${milestoneFields} } event { ${eventFields} } } }`,
};

type MilestoneResult = { id: string; number: number; status: string; version: number; amount: { cents: number } };

async function run<T = Record<string, { milestone: MilestoneResult }>>(mutation: string, token: string, input: Record<string, unknown>) {
  return server.graphql<T>(mutation, { variables: { input }, token });
}

async function createMilestone(amountCents = 100_000, title = 'Label batch'): Promise<MilestoneResult> {
  const result = await run<{ createMilestone: { milestone: MilestoneResult } }>(mutations.create, tokens.employer, {
    contractId: toGlobalId('Contract', contract.id),
    title,
    amountCents,
  });
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.createMilestone.milestone;
}

async function milestoneState(id: string) {
  const result = await server.graphql<{ node: MilestoneResult & { history: { totalCount: number } } }>(
    `query ($id: ID!) { node(id: $id) { ... on Milestone { ${milestoneFields} history { totalCount } } } }`,
    { variables: { id }, token: tokens.employer },
  );
  return result.data!.node;
}

async function billingSummary() {
  const result = await server.graphql<{ node: { billingSummary: Record<string, { cents: number }> } }>(
    `query ($id: ID!) { node(id: $id) { ... on Contract { billingSummary {
      paidOut { cents } activeAndFunded { cents } pendingApproval { cents } inDispute { cents } totalBudget { cents } } } } }`,
    { variables: { id: toGlobalId('Contract', contract.id) }, token: tokens.trainer },
  );
  const summary = result.data!.node.billingSummary;
  return Object.fromEntries(Object.entries(summary).map(([key, money]) => [key, money.cents]));
}

describe('refused first: nothing changes', () => {
  let milestone: MilestoneResult;

  beforeEach(async () => {
    milestone = await createMilestone();
  });

  it('refuses a signed-out caller', async () => {
    const result = await server.graphql(mutations.fund, { variables: { input: { milestoneId: milestone.id } } });
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses each employer action to the trainer with FORBIDDEN, and to outsiders with NOT_FOUND', async () => {
    const employerActions: Array<[string, Record<string, unknown>]> = [
      [mutations.update, { milestoneId: milestone.id, title: 'Mine now' }],
      [mutations.fund, { milestoneId: milestone.id }],
      [mutations.requestChanges, { milestoneId: milestone.id, note: 'Redo' }],
      [mutations.approve, { milestoneId: milestone.id }],
      [mutations.cancel, { milestoneId: milestone.id }],
      [mutations.dispute, { milestoneId: milestone.id, reason: 'No' }],
    ];
    for (const [mutation, input] of employerActions) {
      const trainer = await run(mutation, tokens.trainer, input);
      expect(trainer.errors?.[0]?.extensions?.code, mutation).toBe('FORBIDDEN');
      for (const outsider of [tokens.otherEmployer, tokens.otherTrainer]) {
        const result = await run(mutation, outsider, input);
        expect(result.errors?.[0]?.extensions?.code, mutation).toBe('NOT_FOUND');
      }
    }
    const submitByEmployer = await run(mutations.submit, tokens.employer, { milestoneId: milestone.id, note: 'Done' });
    expect(submitByEmployer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const submitByOutsider = await run(mutations.submit, tokens.otherTrainer, { milestoneId: milestone.id, note: 'Done' });
    expect(submitByOutsider.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const createByTrainer = await run(mutations.create, tokens.trainer, { contractId: toGlobalId('Contract', contract.id), title: 'x', amountCents: 1 });
    expect(createByTrainer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const after = await milestoneState(milestone.id);
    expect(after).toMatchObject({ status: 'NOT_FUNDED', title: 'Label batch', version: milestone.version });
    expect(after.history.totalCount).toBe(1);
  });

  it('names the field for bad input: amounts, dates, text, ids', async () => {
    const contractId = toGlobalId('Contract', contract.id);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ contractId, title: 'Zero', amountCents: 0 }, 'amountCents'],
      [{ contractId, title: 'Negative', amountCents: -500 }, 'amountCents'],
      [{ contractId, title: 'Huge', amountCents: 2_000_000_000 }, 'amountCents'],
      [{ contractId, title: '', amountCents: 100 }, 'title'],
      [{ contractId, title: 'x'.repeat(201), amountCents: 100 }, 'title'],
      [{ contractId, title: 'Past', amountCents: 100, dueAt: '2001-01-01T00:00:00Z' }, 'dueAt'],
      [{ contractId, title: 'Far', amountCents: 100, dueAt: '2999-01-01T00:00:00Z' }, 'dueAt'],
      [{ contractId: 'not-an-id', title: 'Id', amountCents: 100 }, 'contractId'],
      [{ contractId: toGlobalId('Job', contract.jobId), title: 'Wrong type', amountCents: 100 }, 'contractId'],
    ];
    for (const [input, field] of cases) {
      const result = await run(mutations.create, tokens.employer, input);
      expect(result.errors?.[0]?.extensions, JSON.stringify(input)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const submit = await run(mutations.submit, tokens.trainer, {
      milestoneId: milestone.id,
      note: 'Done',
      attachments: [{ name: 'labels', url: 'javascript:alert(1)' }],
    });
    expect(submit.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'attachments.0.url' });
    const unknown = await run(mutations.fund, tokens.employer, { milestoneId: toGlobalId('Milestone', '00000000-0000-4000-8000-000000000000') });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses a move the state machine does not allow with INVALID_TRANSITION naming the status', async () => {
    const result = await run(mutations.approve, tokens.employer, { milestoneId: milestone.id });
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'INVALID_TRANSITION', currentStatus: 'NOT_FUNDED', attemptedAction: 'APPROVED' });
    expect(result.errors?.[0]?.message).toMatch(/cannot approve milestone \d+ while it is NOT_FUNDED/);
    const submit = await run(mutations.submit, tokens.trainer, { milestoneId: milestone.id, note: 'Early' });
    expect(submit.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'NOT_FUNDED' });
    expect((await milestoneState(milestone.id)).status).toBe('NOT_FUNDED');
  });
});

describe('a milestone from creation to payment', () => {
  it('walks every move, with the history and the billing summary right at each step', async () => {
    const before = await billingSummary();
    const milestone = await createMilestone(250_000, 'RLHF batch 1');
    expect(milestone).toMatchObject({ status: 'NOT_FUNDED', amount: { cents: 250_000, amount: '2500.00', currency: 'USD' } });

    const updated = await run<{ updateMilestone: { milestone: MilestoneResult } }>(mutations.update, tokens.employer, {
      milestoneId: milestone.id,
      amountCents: 300_000,
    });
    expect(updated.data?.updateMilestone.milestone.amount.cents).toBe(300_000);
    expect(await billingSummary()).toEqual(before);

    const funded = await run<{ fundMilestone: { milestone: MilestoneResult; event: Record<string, unknown> } }>(mutations.fund, tokens.employer, {
      milestoneId: milestone.id,
    });
    expect(funded.data?.fundMilestone.event).toMatchObject({ action: 'FUNDED', fromStatus: 'NOT_FUNDED', toStatus: 'FUNDED', actor: { name: 'Morgan Lee' } });
    expect(await billingSummary()).toEqual({ ...before, activeAndFunded: before.activeAndFunded! + 300_000 });

    const editFunded = await run(mutations.update, tokens.employer, { milestoneId: milestone.id, amountCents: 1 });
    expect(editFunded.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'FUNDED' });

    const submitted = await run<{ submitMilestone: { event: Record<string, unknown> } }>(mutations.submit, tokens.trainer, {
      milestoneId: milestone.id,
      note: '  Batch 1 ranked.  ',
      attachments: [{ name: 'batch-1.jsonl', url: 'https://files.example.com/batch-1.jsonl' }],
    });
    expect(submitted.data?.submitMilestone.event).toMatchObject({
      action: 'SUBMITTED',
      note: 'Batch 1 ranked.',
      attachments: [{ name: 'batch-1.jsonl', url: 'https://files.example.com/batch-1.jsonl' }],
      actor: { name: 'Alex Rivera' },
    });
    expect(await billingSummary()).toEqual({ ...before, pendingApproval: before.pendingApproval! + 300_000 });

    await run(mutations.requestChanges, tokens.employer, { milestoneId: milestone.id, note: 'Rows 40–60 need rationales.' });
    expect(await billingSummary()).toEqual({ ...before, activeAndFunded: before.activeAndFunded! + 300_000 });
    await run(mutations.submit, tokens.trainer, { milestoneId: milestone.id, note: 'Rationales added.' });
    expect(await billingSummary()).toEqual({ ...before, pendingApproval: before.pendingApproval! + 300_000 });

    const approved = await run<{ approveMilestone: { milestone: MilestoneResult; invoice: Record<string, unknown> } }>(mutations.approve, tokens.employer, {
      milestoneId: milestone.id,
    });
    expect(approved.errors).toBeUndefined();
    expect(approved.data?.approveMilestone.milestone.status).toBe('PAID');
    // The marketplace fee (10% by default) comes out of the trainer's earning.
    expect(approved.data?.approveMilestone.invoice).toMatchObject({
      status: 'ISSUED',
      gross: { cents: 300_000 },
      fee: { cents: 30_000 },
      net: { cents: 270_000 },
      milestone: { id: milestone.id },
    });
    expect(approved.data?.approveMilestone.invoice.number).toMatch(/^WR-\d{4}-\d{6}$/);
    expect(await billingSummary()).toEqual({ ...before, paidOut: before.paidOut! + 300_000 });

    const history = await server.graphql<{ node: { history: { nodes: Array<{ action: string; toStatus: string }> } } }>(
      `query ($id: ID!) { node(id: $id) { ... on Milestone { history(first: 20) { nodes { action toStatus } } } } }`,
      { variables: { id: milestone.id }, token: tokens.trainer },
    );
    expect(history.data?.node.history.nodes.map((step) => step.action)).toEqual([
      'CREATED',
      'UPDATED',
      'FUNDED',
      'SUBMITTED',
      'CHANGES_REQUESTED',
      'SUBMITTED',
      'APPROVED',
    ]);

    const feed = await server.graphql<{ viewer: { latestActivity: { nodes: Array<{ type: string; subject: { id: string } | null }> } } }>(
      '{ viewer { latestActivity(first: 5) { nodes { type subject { id } } } } }',
      { token: tokens.trainer },
    );
    expect(feed.data?.viewer.latestActivity.nodes.slice(0, 2).map((event) => event.type)).toEqual(['INVOICE_ISSUED', 'MILESTONE_STATUS_CHANGED']);
    const outsiderFeed = await server.graphql<{ viewer: { latestActivity: { totalCount: number } } }>('{ viewer { latestActivity { totalCount } } }', {
      token: tokens.otherTrainer,
    });
    expect(outsiderFeed.data?.viewer.latestActivity.totalCount).toBe(0);
  });

  it('cancels: a funded milestone is refunded, a paid one cannot be cancelled', async () => {
    const before = await billingSummary();
    const milestone = await createMilestone(50_000);
    await run(mutations.fund, tokens.employer, { milestoneId: milestone.id });
    const cancelled = await run<{ cancelMilestone: { refunded: boolean; milestone: MilestoneResult } }>(mutations.cancel, tokens.employer, {
      milestoneId: milestone.id,
      reason: 'Scope changed',
    });
    expect(cancelled.data?.cancelMilestone).toMatchObject({ refunded: true, milestone: { status: 'CANCELLED' } });
    expect(await billingSummary()).toEqual(before);
    const notFunded = await createMilestone(10_000);
    const plain = await run<{ cancelMilestone: { refunded: boolean } }>(mutations.cancel, tokens.employer, { milestoneId: notFunded.id });
    expect(plain.data?.cancelMilestone.refunded).toBe(false);
    const again = await run(mutations.cancel, tokens.employer, { milestoneId: milestone.id });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'CANCELLED' });
  });

  it('disputes hold the money in dispute', async () => {
    const before = await billingSummary();
    const milestone = await createMilestone(70_000);
    await run(mutations.fund, tokens.employer, { milestoneId: milestone.id });
    await run(mutations.submit, tokens.trainer, { milestoneId: milestone.id, note: 'Done' });
    const disputed = await run<{ disputeMilestone: { milestone: MilestoneResult } }>(mutations.dispute, tokens.employer, {
      milestoneId: milestone.id,
      reason: 'Half the rows are empty.',
    });
    expect(disputed.data?.disputeMilestone.milestone.status).toBe('DISPUTED');
    expect(await billingSummary()).toEqual({ ...before, inDispute: before.inDispute! + 70_000 });
  });

  it('freezes money moves on an ended contract', async () => {
    const milestone = await createMilestone(10_000);
    await server.workroom.dataSource.query('UPDATE contracts SET status = $1 WHERE id = $2', [ContractStatus.ENDED, contract.id]);
    try {
      const result = await run(mutations.fund, tokens.employer, { milestoneId: milestone.id });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'ENDED' });
    } finally {
      await server.workroom.dataSource.query('UPDATE contracts SET status = $1 WHERE id = $2', [ContractStatus.ACTIVE, contract.id]);
    }
  });
});

describe('money moves once', () => {
  async function submittedMilestone(): Promise<MilestoneResult> {
    const milestone = await createMilestone(120_000);
    await run(mutations.fund, tokens.employer, { milestoneId: milestone.id });
    await run(mutations.submit, tokens.trainer, { milestoneId: milestone.id, note: 'Done' });
    return milestone;
  }

  async function invoicesOf(milestoneId: string): Promise<number> {
    const [row] = (await server.workroom.dataSource.query('SELECT count(*)::int AS n FROM invoices WHERE milestone_id = $1', [
      milestoneId.length === 36 ? milestoneId : Buffer.from(milestoneId, 'base64url').toString().split(':')[1],
    ])) as Array<{ n: number }>;
    return row!.n;
  }

  it('pays once when two approvals race; the loser gets INVALID_TRANSITION', async () => {
    const milestone = await submittedMilestone();
    const results = await Promise.all(Array.from({ length: 5 }, () => run(mutations.approve, tokens.employer, { milestoneId: milestone.id })));
    const winners = results.filter((result) => !result.errors);
    const losers = results.filter((result) => result.errors);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(4);
    for (const loser of losers) expect(loser.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'PAID' });
    expect(await invoicesOf(milestone.id)).toBe(1);
    const state = await milestoneState(milestone.id);
    expect(state.history.totalCount).toBe(4); // created, funded, submitted, approved: once
  });

  it('replays a retried approval with the same idempotency key, even when the retries race', async () => {
    const milestone = await submittedMilestone();
    const input = { milestoneId: milestone.id, idempotencyKey: `approve-${milestone.id}` };
    const results = await Promise.all(
      Array.from({ length: 4 }, () => run<{ approveMilestone: { invoice: { number: string } } }>(mutations.approve, tokens.employer, input)),
    );
    for (const result of results) expect(result.errors).toBeUndefined();
    const numbers = new Set(results.map((result) => result.data!.approveMilestone.invoice.number));
    expect(numbers.size).toBe(1);
    expect(await invoicesOf(milestone.id)).toBe(1);
    const retry = await run<{ approveMilestone: { invoice: { number: string } } }>(mutations.approve, tokens.employer, input);
    expect(retry.data?.approveMilestone.invoice.number).toBe([...numbers][0]);
  });

  it('funds once per key, and refuses the key reused for another milestone', async () => {
    const milestone = await createMilestone(30_000);
    const input = { milestoneId: milestone.id, idempotencyKey: 'fund-key-1' };
    const first = await run<{ fundMilestone: { milestone: MilestoneResult } }>(mutations.fund, tokens.employer, input);
    const second = await run<{ fundMilestone: { milestone: MilestoneResult } }>(mutations.fund, tokens.employer, input);
    expect(second.errors).toBeUndefined();
    expect(second.data?.fundMilestone.milestone).toEqual(first.data?.fundMilestone.milestone);
    expect((await milestoneState(milestone.id)).history.totalCount).toBe(2);
    const without = await run(mutations.fund, tokens.employer, { milestoneId: milestone.id });
    expect(without.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'FUNDED' });
    const other = await createMilestone(40_000);
    const reused = await run(mutations.fund, tokens.employer, { milestoneId: other.id, idempotencyKey: 'fund-key-1' });
    expect(reused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', idempotencyKey: 'fund-key-1' });
    expect((await milestoneState(other.id)).status).toBe(MilestoneStatus.NOT_FUNDED);
  });
});
