import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../src/graphql/global-id.js';
import { JobStatus } from '../src/modules/jobs/job.entity.js';
import { MilestoneStatus } from '../src/modules/milestones/milestone.entity.js';
import { Factory } from './factories.js';
import { startTestServer, type TestServer } from './helpers.js';

/**
 * Two organizations, each with an employer and a trainer working on one contract, and one of
 * every private thing on each side. Every viewer asks `node(id:)` for every node: what belongs
 * to the other side must read exactly like an id that never existed.
 */
let server: TestServer;
const tokens: Record<'employerA' | 'trainerA' | 'employerB' | 'trainerB', string> = {} as never;
type Side = Awaited<ReturnType<typeof buildSide>>;
let sideA: Side;
let sideB: Side;

async function buildSide(factory: Factory, label: string) {
  const organization = await factory.organization({ name: `Org ${label}` });
  const employer = await factory.employer(organization, { email: `employer-${label}@test.example` });
  const trainer = await factory.trainer({ email: `trainer-${label}@test.example` });
  const job = await factory.job(organization, { status: JobStatus.CLOSED });
  const proposal = await factory.proposal(job, trainer);
  const contract = await factory.contract(job, trainer);
  const milestone = await factory.milestone(contract, { status: MilestoneStatus.FUNDED });
  const milestoneEvent = await factory.milestoneEvent(milestone, employer);
  const grant = await factory.accessGrant(contract, employer);
  const invoice = await factory.invoice(contract);
  const payout = await factory.payout(trainer);
  const { document, revisions } = await factory.instructions(job, employer, { versions: 2, publishedVersion: 2 });
  const calendarEvent = await factory.calendarEvent(organization, employer, [trainer, employer]);
  const channel = await factory.channel(organization, [trainer, employer]);
  const message = await factory.message(channel, employer, 'Welcome aboard');
  const activity = await factory.activity({
    organizationId: organization.id,
    trainerId: trainer.id,
    contractId: contract.id,
    subjectType: 'Milestone',
    subjectId: milestone.id,
  });
  const privateNodes = {
    Job: job.id,
    Proposal: proposal.id,
    Contract: contract.id,
    Milestone: milestone.id,
    MilestoneEvent: milestoneEvent.id,
    AccessGrant: grant.id,
    Invoice: invoice.id,
    InstructionDocument: document.id,
    InstructionRevision: revisions[1]!.id,
    CalendarEvent: calendarEvent.id,
    Channel: channel.id,
    Message: message.id,
    ActivityEvent: activity.id,
  };
  return { organization, employer, trainer, contract, payout, draftRevision: revisions[0]!, privateNodes };
}

beforeAll(async () => {
  server = await startTestServer();
  const factory = new Factory(server.workroom.dataSource);
  sideA = await buildSide(factory, 'a');
  sideB = await buildSide(factory, 'b');
  tokens.employerA = await server.signIn('employer-a@test.example');
  tokens.trainerA = await server.signIn('trainer-a@test.example');
  tokens.employerB = await server.signIn('employer-b@test.example');
  tokens.trainerB = await server.signIn('trainer-b@test.example');
});

afterAll(async () => {
  await server?.stop();
});

const nodeQuery = 'query Node($id: ID!) { node(id: $id) { id __typename } }';

async function readNode(token: string, typename: string, id: string) {
  const globalId = toGlobalId(typename, id);
  const result = await server.graphql<{ node: { id: string; __typename: string } | null }>(nodeQuery, {
    variables: { id: globalId },
    token,
  });
  return { globalId, result };
}

describe('refused first', () => {
  it('refuses every read without a token', async () => {
    const result = await server.graphql('{ viewer { name } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.data?.viewer).toBeNull();
    const node = await server.graphql(nodeQuery, { variables: { id: toGlobalId('Contract', sideA.contract.id) } });
    expect(node.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a forged or malformed bearer token with 401', async () => {
    const forged = `${tokens.trainerA.slice(0, -4)}AAAA`;
    for (const token of [forged, 'not-a-jwt']) {
      const result = await server.graphql('{ viewer { name } }', { token });
      expect(result.status).toBe(401);
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(result.errors?.[0]?.message).toMatch(/not valid/);
    }
  });

  it('refuses a wrong password and an unknown email with the same message', async () => {
    const query = 'mutation ($input: SignInInput!) { signIn(input: $input) { token } }';
    const wrong = await server.graphql(query, { variables: { input: { email: 'trainer-a@test.example', password: 'nope' } } });
    const unknown = await server.graphql(query, { variables: { input: { email: 'nobody@test.example', password: 'nope' } } });
    expect(wrong.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(unknown.errors?.[0]?.message).toBe(wrong.errors?.[0]?.message);
  });

  it('refuses a malformed email as BAD_USER_INPUT naming the field', async () => {
    const result = await server.graphql('mutation ($input: SignInInput!) { signIn(input: $input) { token } }', {
      variables: { input: { email: 'not-an-email', password: 'x' } },
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
  });
});

describe('node(id:) across two organizations and two trainers', () => {
  const viewers = [
    ['employerA', 'a'],
    ['trainerA', 'a'],
    ['employerB', 'b'],
    ['trainerB', 'b'],
  ] as const;

  for (const [viewer, own] of viewers) {
    it(`${viewer} reads every node of its own side and none of the other's`, async () => {
      const mine = own === 'a' ? sideA : sideB;
      const theirs = own === 'a' ? sideB : sideA;
      for (const [typename, id] of Object.entries(mine.privateNodes)) {
        const { globalId, result } = await readNode(tokens[viewer], typename, id);
        expect(result.errors, `${viewer} reading own ${typename}`).toBeUndefined();
        expect(result.data?.node).toEqual({ id: globalId, __typename: typename });
      }
      for (const [typename, id] of Object.entries(theirs.privateNodes)) {
        const hidden = await readNode(tokens[viewer], typename, id);
        const missing = await readNode(tokens[viewer], typename, '00000000-0000-4000-8000-000000000000');
        expect(hidden.result.data?.node, `${viewer} reading other side's ${typename}`).toBeNull();
        expect(hidden.result.errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND' });
        // Indistinguishable from an id that never existed, apart from the id itself.
        expect(hidden.result.errors?.[0]?.message.replace(hidden.globalId, 'ID')).toBe(missing.result.errors?.[0]?.message.replace(missing.globalId, 'ID'));
      }
    });
  }

  it('keeps payouts to the trainer: the employer of the same contract cannot read them', async () => {
    const own = await readNode(tokens.trainerA, 'Payout', sideA.payout.id);
    expect(own.result.data?.node?.__typename).toBe('Payout');
    for (const viewer of ['employerA', 'employerB', 'trainerB'] as const) {
      const { result } = await readNode(tokens[viewer], 'Payout', sideA.payout.id);
      expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
  });

  it('shows a trainer the published instructions but not earlier drafts', async () => {
    const employer = await readNode(tokens.employerA, 'InstructionRevision', sideA.draftRevision.id);
    expect(employer.result.data?.node?.__typename).toBe('InstructionRevision');
    const trainer = await readNode(tokens.trainerA, 'InstructionRevision', sideA.draftRevision.id);
    expect(trainer.result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('treats organizations and user profiles as public, but e-mail addresses as private', async () => {
    const result = await server.graphql<{ node: { name: string; email: string | null } }>('query ($id: ID!) { node(id: $id) { ... on User { name email } } }', {
      variables: { id: toGlobalId('User', sideA.employer.id) },
      token: tokens.trainerB,
    });
    expect(result.data?.node).toEqual({ name: sideA.employer.name, email: null });
    const colleague = await server.graphql<{ node: { email: string | null } }>('query ($id: ID!) { node(id: $id) { ... on User { email } } }', {
      variables: { id: toGlobalId('User', sideA.employer.id) },
      token: tokens.employerA,
    });
    expect(colleague.data?.node.email).toBe('employer-a@test.example');
    const organization = await readNode(tokens.trainerB, 'Organization', sideA.organization.id);
    expect(organization.result.data?.node?.__typename).toBe('Organization');
  });

  it('answers nodes(ids:) item by item', async () => {
    const ids = [toGlobalId('Contract', sideA.contract.id), toGlobalId('Contract', sideB.contract.id)];
    const result = await server.graphql<{ nodes: Array<{ id: string } | null> }>('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      variables: { ids },
      token: tokens.trainerA,
    });
    expect(result.data?.nodes).toEqual([{ id: ids[0] }, null]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]).toMatchObject({ path: ['nodes', 1], extensions: { code: 'NOT_FOUND' } });
  });

  it('refuses an id that is not a Workroom ID as BAD_USER_INPUT', async () => {
    const result = await server.graphql(nodeQuery, { variables: { id: 'bm90IGFuIGlk' }, token: tokens.trainerA });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });
});

describe('the dashboard is scoped to the viewer', () => {
  const dashboard = `{ viewer { name activeContracts { totalCount nodes { id title } } proposals { totalCount }
    invoices { totalCount } payouts { totalCount } conversations { totalCount nodes { unreadCount } } latestActivity { totalCount } } }`;

  it("a trainer sees their own contract and nothing of the other trainer's", async () => {
    const result = await server.graphql<{ viewer: Record<string, { totalCount: number; nodes?: Array<{ id: string }> }> }>(dashboard, {
      token: tokens.trainerA,
    });
    expect(result.errors).toBeUndefined();
    const viewer = result.data!.viewer;
    expect(viewer.activeContracts!.nodes).toEqual([{ id: toGlobalId('Contract', sideA.contract.id), title: expect.any(String) }]);
    for (const tab of ['proposals', 'invoices', 'payouts', 'conversations', 'latestActivity']) expect(viewer[tab]!.totalCount).toBe(1);
    expect(viewer.conversations!.nodes).toEqual([{ unreadCount: 1 }]);
  });

  it("an employer sees their organization's contract and not the other's", async () => {
    const result = await server.graphql<{ viewer: { activeContracts: { nodes: Array<{ id: string }> }; payouts: { totalCount: number } } }>(dashboard, {
      token: tokens.employerB,
    });
    expect(result.data?.viewer.activeContracts.nodes.map((node) => node.id)).toEqual([toGlobalId('Contract', sideB.contract.id)]);
    expect(result.data?.viewer.payouts.totalCount).toBe(0);
  });
});
