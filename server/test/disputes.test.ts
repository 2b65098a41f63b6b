import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDisputeResolver } from '../src/cli/disputes-resolve.js';
import { buildWorkroomSchema } from '../src/composition.js';
import { toGlobalId } from '../src/graphql/global-id.js';
import type { Contract } from '../src/modules/contracts/contract.entity.js';
import { Factory } from './factories.js';
import { startTestServer, type TestServer } from './helpers.js';
import { collect, eventually, wsClient } from './live-helpers.js';

/**
 * Disputes that end, through the API and the platform's CLI: who may take each step, the split's
 * arithmetic on the milestone, the invoice and the billing summary, money that moves once under
 * races and retries, and what the other party receives live.
 */
let server: TestServer;
let factory: Factory;
let contract: Contract;
const tokens = { employer: '', trainer: '', otherEmployer: '', otherTrainer: '' };

beforeAll(async () => {
  // A quick sweep, so the platform's resolution (written outside the server) is published promptly.
  server = await startTestServer({ env: { EVENTS_SWEEP_MS: '100' } });
  factory = new Factory(server.workroom.dataSource);
  const organization = await factory.organization({ name: 'Northwind AI' });
  const other = await factory.organization({ name: 'Helios Labs' });
  await factory.employer(organization, { email: 'dp-employer@test.example', name: 'Morgan Lee' });
  await factory.employer(other, { email: 'dp-other-employer@test.example' });
  const trainer = await factory.trainer({ email: 'dp-trainer@test.example', name: 'Alex Rivera' });
  await factory.trainer({ email: 'dp-other-trainer@test.example' });
  contract = await factory.contract(await factory.job(organization), trainer, { totalBudgetCents: 10_000_000 });
  tokens.employer = await server.signIn('dp-employer@test.example');
  tokens.trainer = await server.signIn('dp-trainer@test.example');
  tokens.otherEmployer = await server.signIn('dp-other-employer@test.example');
  tokens.otherTrainer = await server.signIn('dp-other-trainer@test.example');
});

afterAll(async () => {
  await server?.stop();
});

const disputeFields = `id status reason priorStatus response respondedAt escalatedBy escalatedAt closedAt resolutionNote
  held { cents } released { cents } refunded { cents } openedBy { name }
  proposal { proposedBy release { cents } refund { cents } note }`;
const milestoneFields = `id number status amount { cents } released { cents } refunded { cents } dispute { ${disputeFields} }`;
const step = `milestone { ${milestoneFields} } event { action fromStatus toStatus note actor { name } } dispute { ${disputeFields} }`;

const mutations = {
  create: `mutation ($input: CreateMilestoneInput!) { createMilestone(input: $input) { milestone { id } } }`,
  fund: `mutation ($input: FundMilestoneInput!) { fundMilestone(input: $input) { milestone { id status } } }`,
  submit: `mutation ($input: SubmitMilestoneInput!) { submitMilestone(input: $input) { milestone { id status } } }`,
  approve: `mutation ($input: ApproveMilestoneInput!) { approveMilestone(input: $input) { milestone { id status } } }`,
  dispute: `mutation ($input: DisputeMilestoneInput!) { disputeMilestone(input: $input) { ${step} } }`,
  respond: `mutation ($input: RespondToDisputeInput!) { respondToDispute(input: $input) { ${step} } }`,
  propose: `mutation ($input: ProposeDisputeSettlementInput!) { proposeDisputeSettlement(input: $input) { ${step} } }`,
  accept: `mutation ($input: AcceptDisputeSettlementInput!) { acceptDisputeSettlement(input: $input) { ${step}
    invoice { id number gross { cents } fee { cents } net { cents } milestone { id } } } }`,
  reject: `mutation ($input: RejectDisputeSettlementInput!) { rejectDisputeSettlement(input: $input) { ${step} } }`,
  escalate: `mutation ($input: EscalateDisputeInput!) { escalateDispute(input: $input) { ${step} } }`,
  withdraw: `mutation ($input: WithdrawDisputeInput!) { withdrawDispute(input: $input) { ${step} } }`,
  end: `mutation ($input: EndContractInput!) { endContract(input: $input) { contract { status } } }`,
};

type Money = { cents: number };
interface DisputeResult {
  id: string;
  status: string;
  reason: string;
  priorStatus: string;
  response: string | null;
  escalatedBy: string | null;
  closedAt: string | null;
  resolutionNote: string | null;
  held: Money;
  released: Money | null;
  refunded: Money | null;
  openedBy: { name: string } | null;
  proposal: { proposedBy: string; release: Money; refund: Money; note: string | null } | null;
}
interface MilestoneResult {
  id: string;
  number: number;
  status: string;
  amount: Money;
  released: Money;
  refunded: Money;
  dispute: DisputeResult | null;
}
interface StepResult {
  milestone: MilestoneResult;
  event: { action: string; fromStatus: string; toStatus: string; note: string | null; actor: { name: string } | null };
  dispute: DisputeResult;
  invoice?: { id: string; number: string; gross: Money; fee: Money; net: Money; milestone: { id: string } } | null;
}
type Role = keyof typeof tokens;

async function run(mutation: string, role: Role, input: Record<string, unknown>) {
  const result = await server.graphql<Record<string, StepResult>>(mutation, { variables: { input }, token: tokens[role] });
  const data = result.data ? (Object.values(result.data)[0] ?? null) : null;
  return { data, errors: result.errors, code: result.errors?.[0]?.extensions?.code, field: result.errors?.[0]?.extensions?.field };
}

async function must(mutation: string, role: Role, input: Record<string, unknown>): Promise<StepResult> {
  const result = await run(mutation, role, input);
  if (!result.data) throw new Error(`${mutation.slice(0, 60)}: ${JSON.stringify(result.errors)}`);
  return result.data;
}

/** A milestone taken through the API to `until`: FUNDED, SUBMITTED, or DISPUTED (from SUBMITTED). */
async function milestone(amountCents: number, until: 'FUNDED' | 'SUBMITTED' | 'DISPUTED' = 'DISPUTED'): Promise<string> {
  const created = await server.graphql<{ createMilestone: { milestone: { id: string } } }>(mutations.create, {
    variables: { input: { contractId: toGlobalId('Contract', contract.id), title: 'Label batch', amountCents } },
    token: tokens.employer,
  });
  const id = created.data!.createMilestone.milestone.id;
  await must(mutations.fund, 'employer', { milestoneId: id });
  if (until === 'FUNDED') return id;
  await must(mutations.submit, 'trainer', { milestoneId: id, note: 'Done.' });
  if (until === 'SUBMITTED') return id;
  await must(mutations.dispute, 'employer', { milestoneId: id, reason: 'Half of the labels are wrong.' });
  return id;
}

async function read(id: string, role: Role = 'employer') {
  const result = await server.graphql<{ node: MilestoneResult | null }>(`query ($id: ID!) { node(id: $id) { ... on Milestone { ${milestoneFields} } } }`, {
    variables: { id },
    token: tokens[role],
  });
  return { milestone: result.data?.node ?? null, errors: result.errors };
}

async function billingSummary() {
  const result = await server.graphql<{ node: { billingSummary: Record<string, Money> } }>(
    `query ($id: ID!) { node(id: $id) { ... on Contract { billingSummary {
      paidOut { cents } activeAndFunded { cents } pendingApproval { cents } inDispute { cents } refunded { cents } totalBudget { cents } } } } }`,
    { variables: { id: toGlobalId('Contract', contract.id) }, token: tokens.trainer },
  );
  return Object.fromEntries(Object.entries(result.data!.node.billingSummary).map(([key, money]) => [key, money.cents])) as Record<string, number>;
}

/** Everything ever funded on the contract, as the summary splits it. */
const funded = (summary: Record<string, number>) =>
  summary.paidOut! + summary.activeAndFunded! + summary.pendingApproval! + summary.inDispute! + summary.refunded!;

async function invoicesOf(milestoneId: string): Promise<number> {
  const rows: Array<{ count: string }> = await server.workroom.dataSource.query('SELECT count(*) FROM invoices WHERE milestone_id = $1', [
    milestoneId.length > 36 ? Buffer.from(milestoneId, 'base64url').toString().split(':')[1] : milestoneId,
  ]);
  return Number(rows[0]!.count);
}

describe('refused first: the wrong party, the wrong state, outsiders; nothing moves', () => {
  let id: string;

  beforeAll(async () => {
    id = await milestone(50_000);
  });

  it('lets only the trainer respond, only the employer withdraw, and tells outsiders nothing', async () => {
    const before = await read(id);
    expect((await run(mutations.respond, 'employer', { milestoneId: id, response: 'Mine' })).code).toBe('FORBIDDEN');
    expect((await run(mutations.withdraw, 'trainer', { milestoneId: id })).code).toBe('FORBIDDEN');
    for (const outsider of ['otherEmployer', 'otherTrainer'] as const) {
      for (const [mutation, input] of [
        [mutations.respond, { milestoneId: id, response: 'x' }],
        [mutations.propose, { milestoneId: id, releaseCents: 1 }],
        [mutations.accept, { milestoneId: id, releaseCents: 1 }],
        [mutations.reject, { milestoneId: id }],
        [mutations.escalate, { milestoneId: id }],
        [mutations.withdraw, { milestoneId: id }],
      ] as const) {
        const result = await run(mutation, outsider, input);
        expect(result.code, `${outsider} ${mutation.slice(20, 50)}`).toBe('NOT_FOUND');
        expect(result.errors?.[0]?.message).toBe(`No Milestone with id ${id}.`);
      }
      // Reading: the milestone and its dispute answer exactly like missing ones.
      const seen = await read(id, outsider);
      expect(seen.milestone).toBeNull();
      const disputeId = before.milestone!.dispute!.id;
      const node = await server.graphql<{ node: unknown }>('query ($id: ID!) { node(id: $id) { id } }', {
        variables: { id: disputeId },
        token: tokens[outsider],
      });
      expect(node.data?.node ?? null).toBeNull();
    }
    expect(await read(id)).toEqual(before);
  });

  it('refuses a settlement beyond the held amount, accepting without a proposal, and accepting your own', async () => {
    const tooMuch = await run(mutations.propose, 'trainer', { milestoneId: id, releaseCents: 50_001 });
    expect(tooMuch.code).toBe('BAD_USER_INPUT');
    expect(tooMuch.field).toBe('releaseCents');
    expect(tooMuch.errors?.[0]?.message).toBe('At most the $500.00 in dispute can be released ($500.01 was proposed).');
    const negative = await run(mutations.propose, 'trainer', { milestoneId: id, releaseCents: -1 });
    expect(negative.code).toBe('BAD_USER_INPUT');

    const nothing = await run(mutations.accept, 'employer', { milestoneId: id, releaseCents: 0 });
    expect(nothing.code).toBe('INVALID_TRANSITION');
    expect(nothing.errors?.[0]?.message).toMatch(/no settlement of milestone \d+ waiting for an answer/);

    await must(mutations.propose, 'trainer', { milestoneId: id, releaseCents: 30_000 });
    const own = await run(mutations.accept, 'trainer', { milestoneId: id, releaseCents: 30_000 });
    expect(own.code).toBe('FORBIDDEN');
    expect(own.errors?.[0]?.message).toMatch(/You proposed this settlement: the employer accepts or rejects it/);
    expect((await run(mutations.reject, 'trainer', { milestoneId: id })).code).toBe('FORBIDDEN');
    // The employer accepts what they saw; the trainer has since changed it: nothing moves.
    await must(mutations.propose, 'trainer', { milestoneId: id, releaseCents: 35_000 });
    const stale = await run(mutations.accept, 'employer', { milestoneId: id, releaseCents: 30_000 });
    expect(stale.code).toBe('CONFLICT');
    expect(stale.errors?.[0]?.message).toBe(
      'The proposal changed: it now says $350.00 released to the trainer, $150.00 refunded to the employer. Look at it again before accepting.',
    );
    expect((await read(id)).milestone).toMatchObject({ status: 'DISPUTED', dispute: { status: 'OPEN', proposal: { release: { cents: 35_000 } } } });
    expect(await invoicesOf(id)).toBe(0);
  });

  it('refuses dispute steps on a milestone that is not in dispute, naming its status', async () => {
    const fundedId = await milestone(10_000, 'FUNDED');
    const result = await run(mutations.respond, 'trainer', { milestoneId: fundedId, response: 'Nothing to answer' });
    expect(result.code).toBe('INVALID_TRANSITION');
    expect(result.errors?.[0]?.message).toMatch(/^Milestone \d+ is not in dispute \(it is FUNDED\)/);
    await must(mutations.dispute, 'employer', { milestoneId: fundedId, reason: 'Wrong data' });
    await must(mutations.withdraw, 'employer', { milestoneId: fundedId });
    const closed = await run(mutations.respond, 'trainer', { milestoneId: fundedId, response: 'Late' });
    expect(closed.code).toBe('INVALID_TRANSITION');
    expect(closed.errors?.[0]?.extensions).toMatchObject({ currentStatus: 'WITHDRAWN', attemptedAction: 'RESPOND' });
    expect(closed.errors?.[0]?.message).toMatch(/You cannot respond to the dispute on milestone \d+ while it is WITHDRAWN/);
  });

  it("has no API path for the platform's resolution", async () => {
    const schema = await buildWorkroomSchema();
    const names = Object.keys(schema.getMutationType()!.getFields());
    expect(names).toEqual(
      expect.arrayContaining(['respondToDispute', 'proposeDisputeSettlement', 'acceptDisputeSettlement', 'escalateDispute', 'withdrawDispute']),
    );
    expect(names.filter((name) => /resolve/i.test(name))).toEqual([]);
  });
});

describe('respond, propose, reject, settle with a split', () => {
  it('moves the money as the accepted split says: the invoice, the milestone and the billing summary follow', async () => {
    const before = await billingSummary();
    const id = await milestone(100_000);
    const opened = (await read(id, 'trainer')).milestone!;
    expect(opened).toMatchObject({
      status: 'DISPUTED',
      dispute: {
        status: 'OPEN',
        reason: 'Half of the labels are wrong.',
        priorStatus: 'SUBMITTED',
        held: { cents: 100_000 },
        openedBy: { name: 'Morgan Lee' },
        proposal: null,
      },
    });
    expect(await billingSummary()).toEqual({ ...before, inDispute: before.inDispute! + 100_000 });

    const responded = await must(mutations.respond, 'trainer', { milestoneId: id, response: '  The rubric changed after funding.  ' });
    expect(responded.event).toMatchObject({ action: 'DISPUTE_RESPONDED', actor: { name: 'Alex Rivera' } });
    expect((await read(id, 'employer')).milestone!.dispute).toMatchObject({ response: 'The rubric changed after funding.' });

    const offer = await must(mutations.propose, 'employer', { milestoneId: id, releaseCents: 40_000, note: 'Paying for the good half' });
    expect(offer.dispute.proposal).toEqual({ proposedBy: 'EMPLOYER', release: { cents: 40_000 }, refund: { cents: 60_000 }, note: 'Paying for the good half' });
    const rejected = await must(mutations.reject, 'trainer', { milestoneId: id, note: 'Too low' });
    expect(rejected.dispute.proposal).toBeNull();
    expect(rejected.event.note).toBe('Rejected: $400.00 released to the trainer, $600.00 refunded to the employer. Too low');

    await must(mutations.propose, 'trainer', { milestoneId: id, releaseCents: 60_000 });
    const settled = await must(mutations.accept, 'employer', { milestoneId: id, releaseCents: 60_000, idempotencyKey: 'settle-split-1' });
    expect(settled.milestone).toMatchObject({ status: 'PAID', amount: { cents: 100_000 }, released: { cents: 60_000 }, refunded: { cents: 40_000 } });
    expect(settled.dispute).toMatchObject({ status: 'SETTLED', released: { cents: 60_000 }, refunded: { cents: 40_000 }, proposal: null });
    expect(settled.dispute.closedAt).not.toBeNull();
    expect(settled.event).toMatchObject({ action: 'DISPUTE_SETTLED', fromStatus: 'DISPUTED', toStatus: 'PAID' });
    // The trainer's earning is the released part, with the marketplace fee (10%) as on any earning.
    expect(settled.invoice).toMatchObject({ gross: { cents: 60_000 }, fee: { cents: 6_000 }, net: { cents: 54_000 }, milestone: { id } });

    const after = await billingSummary();
    expect(after).toEqual({ ...before, paidOut: before.paidOut! + 60_000, refunded: before.refunded! + 40_000 });
    expect(funded(after)).toBe(funded(before) + 100_000);

    // The trainer sees the same, in their Reports.
    const reports = await server.graphql<{ viewer: { invoices: { nodes: Array<{ gross: Money; milestone: { id: string } }> } } }>(
      '{ viewer { invoices(first: 100) { nodes { gross { cents } milestone { id } } } } }',
      { token: tokens.trainer },
    );
    expect(reports.data!.viewer.invoices.nodes.filter((invoice) => invoice.milestone.id === id)).toEqual([{ gross: { cents: 60_000 }, milestone: { id } }]);
  });

  it('settles a full refund as CANCELLED, with no invoice, and a full release as PAID', async () => {
    const before = await billingSummary();
    const refundId = await milestone(20_000);
    await must(mutations.propose, 'trainer', { milestoneId: refundId, releaseCents: 0 });
    const refunded = await must(mutations.accept, 'employer', { milestoneId: refundId, releaseCents: 0 });
    expect(refunded.milestone).toMatchObject({ status: 'CANCELLED', released: { cents: 0 }, refunded: { cents: 20_000 } });
    expect(refunded.invoice).toBeNull();
    expect(await invoicesOf(refundId)).toBe(0);

    const releaseId = await milestone(30_000);
    await must(mutations.propose, 'employer', { milestoneId: releaseId, releaseCents: 30_000 });
    const released = await must(mutations.accept, 'trainer', { milestoneId: releaseId, releaseCents: 30_000 });
    expect(released.milestone).toMatchObject({ status: 'PAID', released: { cents: 30_000 }, refunded: { cents: 0 } });
    expect(released.invoice).toMatchObject({ gross: { cents: 30_000 }, net: { cents: 27_000 } });
    expect(await billingSummary()).toEqual({ ...before, paidOut: before.paidOut! + 30_000, refunded: before.refunded! + 20_000 });
  });
});

describe('withdraw', () => {
  it('takes the milestone back to where it was, its money in play again; it can then be approved', async () => {
    const before = await billingSummary();
    const id = await milestone(25_000);
    await must(mutations.propose, 'trainer', { milestoneId: id, releaseCents: 20_000 });
    const withdrawn = await must(mutations.withdraw, 'employer', { milestoneId: id, note: 'Checked again: fine.', idempotencyKey: 'withdraw-1' });
    expect(withdrawn.milestone).toMatchObject({ status: 'SUBMITTED', dispute: { status: 'WITHDRAWN', proposal: null } });
    expect(withdrawn.event).toMatchObject({ action: 'DISPUTE_WITHDRAWN', fromStatus: 'DISPUTED', toStatus: 'SUBMITTED', note: 'Checked again: fine.' });
    expect(await billingSummary()).toEqual({ ...before, pendingApproval: before.pendingApproval! + 25_000 });
    // A retry with the same key returns the first result; it moves nothing twice.
    const retried = await must(mutations.withdraw, 'employer', { milestoneId: id, note: 'Checked again: fine.', idempotencyKey: 'withdraw-1' });
    expect(retried.event).toEqual(withdrawn.event);
    await must(mutations.approve, 'employer', { milestoneId: id });
    expect((await read(id)).milestone).toMatchObject({ status: 'PAID', released: { cents: 25_000 } });
  });
});

describe('escalation and the platform (npm run disputes:resolve)', () => {
  const resolve = async (...args: string[]) => {
    const lines: string[] = [];
    const code = await runDisputeResolver(args, server.workroom.dataSource, 10, (line) => lines.push(line));
    return { code, output: lines.join('\n') };
  };

  it('says how to use it when the arguments are not a decision', async () => {
    for (const args of [['--help'], ['X', '--release'], ['X', '--release', '-5', '--note', 'x'], ['X', '--note', 'no amount']]) {
      const { code, output } = await resolve(...args);
      expect(code, args.join(' ')).toBe(args[0] === '--help' ? 0 : 2);
      expect(output).toContain('THE PLATFORM resolving escalated disputes');
    }
    expect((await resolve('not-an-id', '--refund-all', '--note', 'x')).output).toMatch(
      /refused \(BAD_USER_INPUT\): not-an-id is not the ID of a milestone or a dispute/,
    );
  });

  it('refuses to resolve an open dispute: the parties can still settle it', async () => {
    const id = await milestone(15_000);
    const { code, output } = await resolve(id, '--release', '5000', '--note', 'Too early');
    expect(code).toBe(1);
    expect(output).toMatch(/refused \(INVALID_TRANSITION\): The dispute on milestone \d+ is OPEN: the parties can still settle it/);
    expect((await read(id)).milestone!.dispute!.status).toBe('OPEN');
    await must(mutations.withdraw, 'employer', { milestoneId: id });
  });

  it('escalates (a waiting proposal lapses), lists it for the platform, and the platform decides; the trainer hears it live', async () => {
    const id = await milestone(80_000);
    await must(mutations.respond, 'trainer', { milestoneId: id, response: 'All labels follow rubric v1.' });
    await must(mutations.propose, 'employer', { milestoneId: id, releaseCents: 10_000 });
    const escalated = await must(mutations.escalate, 'trainer', { milestoneId: id, note: 'We cannot agree.' });
    expect(escalated.dispute).toMatchObject({ status: 'ESCALATED', escalatedBy: 'TRAINER', proposal: null });
    expect((await run(mutations.propose, 'employer', { milestoneId: id, releaseCents: 1 })).code).toBe('INVALID_TRANSITION');
    expect((await run(mutations.escalate, 'employer', { milestoneId: id })).code).toBe('INVALID_TRANSITION');

    const listed = await resolve();
    expect(listed.code).toBe(0);
    expect(listed.output).toContain(`${id}       $800.00`);
    expect(listed.output).toContain('response: All labels follow rubric v1.');

    const client = wsClient(server.url, tokens.trainer);
    const live = collect<{ type: string; actor: unknown; summary: string }>(client, 'subscription { activity { type actor { name } summary } }');
    await new Promise((resolve) => setTimeout(resolve, 200));
    try {
      const before = await billingSummary();
      expect((await resolve(id, '--release', '90000', '--note', 'x')).output).toMatch(
        /refused \(BAD_USER_INPUT\): At most the \$800.00 in dispute can be released/,
      );
      expect((await resolve(id, '--release', '50000')).output).toMatch(/refused \(BAD_USER_INPUT\): Say why/);
      const decided = await resolve(id, '--release', '50000', '--note', 'Rubric v1 applies to most of the batch.');
      expect(decided.code).toBe(0);
      expect(decided.output).toBe(`${id}  RESOLVED: $500.00 released to the trainer, $300.00 refunded to the employer`);
      const { milestone: after } = await read(id, 'trainer');
      expect(after).toMatchObject({
        status: 'PAID',
        released: { cents: 50_000 },
        refunded: { cents: 30_000 },
        dispute: { status: 'RESOLVED', resolutionNote: 'Rubric v1 applies to most of the batch.' },
      });
      expect(await invoicesOf(id)).toBe(1);
      expect(await billingSummary()).toEqual({
        ...before,
        inDispute: before.inDispute! - 80_000,
        paidOut: before.paidOut! + 50_000,
        refunded: before.refunded! + 30_000,
      });
      // Once only: the platform cannot decide it again.
      expect((await resolve(id, '--refund-all', '--note', 'again')).output).toMatch(/refused \(INVALID_TRANSITION\)/);
      await eventually(() => live.items.some((event) => event.type === 'DISPUTE_RESOLVED'));
      const resolved = live.items.find((event) => event.type === 'DISPUTE_RESOLVED')!;
      expect(resolved).toMatchObject({ actor: null, summary: expect.stringMatching(/^Workroom resolved the dispute on milestone \d+/) });
    } finally {
      live.dispose();
      await client.dispose();
    }
  });

  it("resolves by the dispute's id too, refunding everything", async () => {
    const id = await milestone(12_000);
    const { dispute } = await must(mutations.escalate, 'employer', { milestoneId: id });
    const decided = await resolve(dispute.id, '--refund-all', '--note', 'No work was delivered.');
    expect(decided.code).toBe(0);
    expect((await read(id)).milestone).toMatchObject({ status: 'CANCELLED', refunded: { cents: 12_000 }, dispute: { status: 'RESOLVED' } });
    expect(await invoicesOf(id)).toBe(0);
  });

  it('lets the employer withdraw an escalated dispute', async () => {
    const id = await milestone(11_000, 'FUNDED');
    await must(mutations.dispute, 'employer', { milestoneId: id, reason: 'Late' });
    await must(mutations.escalate, 'employer', { milestoneId: id });
    const withdrawn = await must(mutations.withdraw, 'employer', { milestoneId: id });
    expect(withdrawn.milestone.status).toBe('FUNDED');
    expect((await resolve(id, '--refund-all', '--note', 'x')).output).toMatch(/refused \(INVALID_TRANSITION\)/);
  });
});

describe('money moves once: races and retries', () => {
  it('pays once when the same settlement is accepted five times at once', async () => {
    const before = await billingSummary();
    const id = await milestone(70_000);
    await must(mutations.propose, 'trainer', { milestoneId: id, releaseCents: 45_000 });
    const results = await Promise.all(Array.from({ length: 5 }, () => run(mutations.accept, 'employer', { milestoneId: id, releaseCents: 45_000 })));
    expect(results.filter((result) => result.data).length).toBe(1);
    expect(results.filter((result) => result.code === 'INVALID_TRANSITION').length).toBe(4);
    expect(await invoicesOf(id)).toBe(1);
    expect(await billingSummary()).toEqual({ ...before, paidOut: before.paidOut! + 45_000, refunded: before.refunded! + 25_000 });
  });

  it('returns the first result to retries with one key, also concurrent ones, and refuses the key with another input', async () => {
    const id = await milestone(40_000);
    await must(mutations.propose, 'employer', { milestoneId: id, releaseCents: 10_000 });
    const input = { milestoneId: id, releaseCents: 10_000, idempotencyKey: 'accept-retry-1' };
    const results = await Promise.all(Array.from({ length: 3 }, () => run(mutations.accept, 'trainer', input)));
    expect(results.map((result) => result.errors)).toEqual([undefined, undefined, undefined]);
    expect(new Set(results.map((result) => result.data!.invoice!.number)).size).toBe(1);
    expect(await invoicesOf(id)).toBe(1);
    const other = await run(mutations.accept, 'trainer', { ...input, releaseCents: 9_000 });
    expect(other.code).toBe('CONFLICT');
  });

  it('lets exactly one of an escalation and an acceptance at the same moment win', async () => {
    for (let round = 0; round < 3; round += 1) {
      const id = await milestone(9_000);
      await must(mutations.propose, 'trainer', { milestoneId: id, releaseCents: 4_000 });
      const [escalated, accepted] = await Promise.all([
        run(mutations.escalate, 'trainer', { milestoneId: id }),
        run(mutations.accept, 'employer', { milestoneId: id, releaseCents: 4_000 }),
      ]);
      expect([escalated, accepted].filter((result) => result.data).length).toBe(1);
      expect([escalated, accepted].filter((result) => result.code).map((result) => result.code)).toEqual(['INVALID_TRANSITION']);
      const { milestone: after } = await read(id);
      if (accepted.data) {
        expect(after).toMatchObject({ status: 'PAID', dispute: { status: 'SETTLED' } });
        expect(await invoicesOf(id)).toBe(1);
      } else {
        expect(after).toMatchObject({ status: 'DISPUTED', dispute: { status: 'ESCALATED', proposal: null } });
        expect(await invoicesOf(id)).toBe(0);
        await must(mutations.withdraw, 'employer', { milestoneId: id });
      }
    }
  });
});

describe('live: the other party follows every step', () => {
  it('delivers each step to the employer while the trainer acts, and to the trainer while the employer acts', async () => {
    const id = await milestone(60_000, 'SUBMITTED');
    const subscription = `subscription { activity { type summary actor { name }
      subject { ... on Milestone { id status dispute { status response proposal { release { cents } } } } } } }`;
    type Live = {
      type: string;
      summary: string;
      actor: { name: string } | null;
      subject: { id: string; status: string; dispute: { status: string; response: string | null; proposal: { release: Money } | null } | null };
    };
    const employerClient = wsClient(server.url, tokens.employer);
    const trainerClient = wsClient(server.url, tokens.trainer);
    const toEmployer = collect<Live>(employerClient, subscription);
    const toTrainer = collect<Live>(trainerClient, subscription);
    await new Promise((resolve) => setTimeout(resolve, 200));
    try {
      const mine = (items: Live[]) => items.filter((event) => event.subject?.id === id);
      // The latest event of `type` about this milestone, once there are `count` of them.
      const next = async (received: typeof toEmployer, type: string, count = 1) => {
        const ofType = () => mine(received.items).filter((event) => event.type === type);
        await eventually(() => ofType().length >= count);
        return ofType().at(-1)!;
      };
      await must(mutations.dispute, 'employer', { milestoneId: id, reason: 'Wrong format' });
      // (The submission's own move may still be on its way: wait for the dispute's.)
      await eventually(() => mine(toTrainer.items).some((event) => event.type === 'MILESTONE_STATUS_CHANGED' && event.subject.status === 'DISPUTED'));
      expect(mine(toTrainer.items).at(-1)).toMatchObject({ subject: { status: 'DISPUTED', dispute: { status: 'OPEN' } } });
      await must(mutations.respond, 'trainer', { milestoneId: id, response: 'Format as agreed.' });
      expect(await next(toEmployer, 'DISPUTE_RESPONDED')).toMatchObject({
        actor: { name: 'Alex Rivera' },
        subject: { dispute: { response: 'Format as agreed.' } },
      });
      await must(mutations.propose, 'trainer', { milestoneId: id, releaseCents: 45_000 });
      expect(await next(toEmployer, 'DISPUTE_SETTLEMENT_PROPOSED')).toMatchObject({ subject: { dispute: { proposal: { release: { cents: 45_000 } } } } });
      await must(mutations.reject, 'employer', { milestoneId: id });
      expect(await next(toTrainer, 'DISPUTE_SETTLEMENT_REJECTED')).toMatchObject({ subject: { dispute: { proposal: null } } });
      await must(mutations.propose, 'employer', { milestoneId: id, releaseCents: 30_000 });
      // Each side hears its own steps too (its other windows follow); this is the second proposal.
      expect(await next(toTrainer, 'DISPUTE_SETTLEMENT_PROPOSED', 2)).toMatchObject({ actor: { name: 'Morgan Lee' } });
      await must(mutations.accept, 'trainer', { milestoneId: id, releaseCents: 30_000 });
      const settled = await next(toEmployer, 'DISPUTE_SETTLED');
      expect(settled.summary).toMatch(
        /accepted the settlement of milestone \d+ \(Label batch\): \$300.00 released to the trainer, \$300.00 refunded to the employer/,
      );
      expect(settled.subject).toMatchObject({ status: 'PAID', dispute: { status: 'SETTLED' } });
      // The invoice for the released part, net of the fee (its subject is the invoice).
      await eventually(() => toEmployer.items.some((event) => event.type === 'INVOICE_ISSUED' && /\$270\.00 to be paid out/.test(event.summary)));

      const other = await milestone(5_000, 'FUNDED');
      await must(mutations.dispute, 'employer', { milestoneId: other, reason: 'x' });
      await must(mutations.escalate, 'employer', { milestoneId: other });
      await eventually(() => toTrainer.items.some((event) => event.type === 'DISPUTE_ESCALATED' && event.subject.id === other));
      await must(mutations.withdraw, 'employer', { milestoneId: other });
      await eventually(() =>
        toTrainer.items.some((event) => event.type === 'DISPUTE_WITHDRAWN' && event.subject.id === other && event.subject.status === 'FUNDED'),
      );
    } finally {
      toEmployer.dispose();
      toTrainer.dispose();
      await employerClient.dispose();
      await trainerClient.dispose();
    }
  });
});

describe('ending the contract', () => {
  it('is refused while a milestone is in dispute, in words, and allowed once no money is in play', async () => {
    const contractId = toGlobalId('Contract', contract.id);
    const rows: Array<{ id: string; status: string }> = await server.workroom.dataSource.query(
      "SELECT id, status FROM milestones WHERE contract_id = $1 AND status IN ('FUNDED', 'SUBMITTED', 'CHANGES_REQUESTED', 'DISPUTED') ORDER BY number",
      [contract.id],
    );
    expect(rows.map((row) => row.status)).toContain('DISPUTED');
    const refused = await run(mutations.end, 'employer', { contractId });
    expect(refused.code).toBe('INVALID_TRANSITION');
    expect(refused.errors?.[0]?.message).toMatch(/^You cannot end this contract while money is in play: .*milestones? in dispute \(milestones? [\d, ]+\)\./);
    expect(refused.errors?.[0]?.message).not.toMatch(/DISPUTED|FUNDED/);

    // Settle every dispute, release every other milestone: then it ends.
    for (const row of rows) {
      const id = toGlobalId('Milestone', row.id);
      if (row.status === 'DISPUTED') {
        const { milestone: current } = await read(id);
        if (current!.dispute!.status === 'ESCALATED') {
          await must(mutations.withdraw, 'employer', { milestoneId: id });
        } else {
          await must(mutations.propose, 'employer', { milestoneId: id, releaseCents: 0 });
          await must(mutations.accept, 'trainer', { milestoneId: id, releaseCents: 0 });
          continue;
        }
      }
      const { milestone: now } = await read(id);
      if (now!.status === 'FUNDED') await must(mutations.submit, 'trainer', { milestoneId: id, note: 'Done' });
      if (now!.status !== 'PAID') await must(mutations.approve, 'employer', { milestoneId: id });
    }
    const ended = await run(mutations.end, 'employer', { contractId });
    expect(ended.errors).toBeUndefined();
    const summary = await billingSummary();
    expect(summary.activeAndFunded! + summary.pendingApproval! + summary.inDispute!).toBe(0);
  });
});
