import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../src/graphql/global-id.js';
import type { Contract } from '../src/modules/contracts/contract.entity.js';
import { Factory } from './factories.js';
import { startTestServer, type GraphQLResponse, type TestServer } from './helpers.js';

/**
 * The employer's optional note on approving a milestone: kept on the approval in the history,
 * where the trainer reads it; bounded, and refused whole when too long (nothing is paid).
 */
let server: TestServer;
let factory: Factory;
let contract: Contract;
const tokens = { employer: '', trainer: '', otherTrainer: '' };

beforeAll(async () => {
  server = await startTestServer();
  factory = new Factory(server.workroom.dataSource);
  const organization = await factory.organization({ name: 'Northwind AI' });
  await factory.employer(organization, { email: 'an-employer@test.example', name: 'Morgan Lee' });
  const trainer = await factory.trainer({ email: 'an-trainer@test.example', name: 'Alex Rivera' });
  await factory.trainer({ email: 'an-other-trainer@test.example' });
  contract = await factory.contract(await factory.job(organization), trainer, { totalBudgetCents: 1_000_000 });
  tokens.employer = await server.signIn('an-employer@test.example');
  tokens.trainer = await server.signIn('an-trainer@test.example');
  tokens.otherTrainer = await server.signIn('an-other-trainer@test.example');
});

afterAll(async () => {
  await server?.stop();
});

type Who = keyof typeof tokens;
const run = <T = Record<string, unknown>>(who: Who, mutation: string, input: Record<string, unknown>): Promise<GraphQLResponse<T>> =>
  server.graphql<T>(mutation, { variables: { input }, token: tokens[who] });

const APPROVE = `mutation ($input: ApproveMilestoneInput!) { approveMilestone(input: $input) {
  milestone { status } event { action note actor { name } } } }`;

/** A milestone the trainer submitted, waiting for the employer. */
async function submitted(): Promise<string> {
  const created = await run<{ createMilestone: { milestone: { id: string } } }>(
    'employer',
    'mutation ($input: CreateMilestoneInput!) { createMilestone(input: $input) { milestone { id } } }',
    { contractId: toGlobalId('Contract', contract.id), title: 'Label batch', amountCents: 50_000 },
  );
  const milestoneId = created.data!.createMilestone.milestone.id;
  await run('employer', 'mutation ($input: FundMilestoneInput!) { fundMilestone(input: $input) { milestone { id } } }', { milestoneId });
  const submit = await run('trainer', 'mutation ($input: SubmitMilestoneInput!) { submitMilestone(input: $input) { milestone { status } } }', {
    milestoneId,
    note: 'Batch ranked.',
    attachments: [{ name: 'batch.jsonl', url: 'https://files.example.com/batch.jsonl' }],
  });
  expect(submit.errors).toBeUndefined();
  return milestoneId;
}

async function historyAs(who: Who, milestoneId: string) {
  const result = await server.graphql<{
    node: { status: string; history: { nodes: Array<{ action: string; note: string | null; actor: { name: string } }> } } | null;
  }>('query ($id: ID!) { node(id: $id) { ... on Milestone { status history(first: 20) { nodes { action note actor { name } } } } } }', {
    variables: { id: milestoneId },
    token: tokens[who],
  });
  return result.data?.node ?? null;
}

describe('approving with a note', () => {
  it('keeps the trimmed note on the approval, where the trainer reads it', async () => {
    const milestoneId = await submitted();
    const approved = await run<{ approveMilestone: { milestone: { status: string }; event: { action: string; note: string | null } } }>('employer', APPROVE, {
      milestoneId,
      note: '  Great rationales, thank you!  ',
    });
    expect(approved.errors).toBeUndefined();
    expect(approved.data!.approveMilestone).toEqual({
      milestone: { status: 'PAID' },
      event: { action: 'APPROVED', note: 'Great rationales, thank you!', actor: { name: 'Morgan Lee' } },
    });

    const trainerView = await historyAs('trainer', milestoneId);
    expect(trainerView!.status).toBe('PAID');
    expect(trainerView!.history.nodes.at(-1)).toEqual({ action: 'APPROVED', note: 'Great rationales, thank you!', actor: { name: 'Morgan Lee' } });
    // Someone else's trainer learns nothing of it.
    expect(await historyAs('otherTrainer', milestoneId)).toBeNull();
  });

  it('approves without a note (or a blank one) as before', async () => {
    for (const note of [undefined, '   ']) {
      const milestoneId = await submitted();
      const approved = await run<{ approveMilestone: { event: { note: string | null } } }>('employer', APPROVE, {
        milestoneId,
        ...(note === undefined ? {} : { note }),
      });
      expect(approved.data!.approveMilestone.event.note).toBeNull();
    }
  });

  it('refuses a note over 5,000 characters with BAD_USER_INPUT on note, and pays nothing', async () => {
    const milestoneId = await submitted();
    const refused = await run('employer', APPROVE, { milestoneId, note: 'x'.repeat(5001) });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note' });
    expect(refused.errors?.[0]?.message).toMatch(/approval note is at most 5,000 characters/);
    const after = await historyAs('trainer', milestoneId);
    expect(after!.status).toBe('SUBMITTED');
    expect(after!.history.nodes.map((step) => step.action)).not.toContain('APPROVED');
  });
});
