import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../src/graphql/global-id.js';
import type { Organization } from '../src/modules/accounts/organization.entity.js';
import type { User } from '../src/modules/accounts/user.entity.js';
import { JobStatus, PaymentType, type Job } from '../src/modules/jobs/job.entity.js';
import { ChannelKind } from '../src/modules/messaging/channel.entity.js';
import { ProposalStatus } from '../src/modules/proposals/proposal.entity.js';
import { Factory } from './factories.js';
import { startTestServer, type GraphQLResponse, type TestServer } from './helpers.js';

/**
 * A trainer finds work and applies, through the API: the job board (`Query.openJobs`) with each
 * of its filters and its pages, `Job.viewerProposal`, applying and its refusals, withdrawing, and
 * `Proposal.thread`, which only the thread's members read.
 */
let server: TestServer;
let factory: Factory;
let northwind: Organization;
let helios: Organization;
const people = {} as Record<'employer' | 'colleague' | 'otherEmployer' | 'trainer' | 'otherTrainer', User>;
type Party = keyof typeof people;
const tokens = {} as Record<Party, string>;
/** The open jobs of this file, by a short name; every other job in the database is not OPEN. */
const jobs = {} as Record<'rlhfHourly' | 'rlhfPython' | 'labels' | 'fixedSmall' | 'fixedLarge' | 'percent', Job>;

beforeAll(async () => {
  server = await startTestServer();
  factory = new Factory(server.workroom.dataSource);
  northwind = await factory.organization({ name: 'Northwind AI' });
  helios = await factory.organization({ name: 'Helios Labs' });
  people.employer = await factory.employer(northwind, { email: 'board-employer@test.example', name: 'Morgan Lee' });
  people.otherEmployer = await factory.employer(helios, { email: 'board-other-employer@test.example', name: 'Sam Ortega' });
  people.trainer = await factory.trainer({ email: 'board-trainer@test.example', name: 'Alex Rivera', skills: ['rlhf'] });
  people.otherTrainer = await factory.trainer({ email: 'board-other-trainer@test.example', name: 'Taylor Kim' });
  // Created in this order, so newest first is the reverse (created_at is set by PostgreSQL).
  const hour = (values: Partial<Job>) => ({ paymentType: PaymentType.PAY_PER_HOUR, budgetCents: null, ...values });
  jobs.rlhfHourly = await factory.job(northwind, hour({ title: 'RLHF preference ranking', skills: ['rlhf'], rateCents: 4_200 }));
  jobs.rlhfPython = await factory.job(helios, hour({ title: 'Review Python answers', skills: ['rlhf', 'python'], rateCents: 6_000 }));
  jobs.labels = await factory.job(helios, {
    title: 'Bounding boxes for street scenes',
    skills: ['computer-vision'],
    paymentType: PaymentType.PAY_PER_LABEL,
    rateCents: 12,
    budgetCents: null,
  });
  jobs.fixedSmall = await factory.job(northwind, { title: 'Write 50 math word problems', skills: ['math'], budgetCents: 50_000 });
  jobs.fixedLarge = await factory.job(northwind, {
    title: 'Red-team a support chatbot',
    description: 'Find prompts that make it leak customer data.',
    skills: ['red-teaming', 'safety'],
    budgetCents: 900_000,
  });
  jobs.percent = await factory.job(helios, { title: 'Grade 100% of the eval set', skills: ['evaluation'], budgetCents: 20_000 });
  // Never on the board: a draft and a closed posting (also of the employer's own organization).
  await factory.job(northwind, { title: 'RLHF draft', skills: ['rlhf'], status: JobStatus.DRAFT });
  await factory.job(helios, { title: 'RLHF closed', skills: ['rlhf'], status: JobStatus.CLOSED });
  for (const party of Object.keys(people) as Party[]) tokens[party] = await server.signIn(people[party].email);
});

afterAll(async () => {
  await server?.stop();
});

interface BoardPage {
  openJobs: {
    totalCount: number;
    edges: Array<{ cursor: string; node: { id: string; title: string } }>;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null; startCursor: string | null };
  };
}

const boardQuery = `query Board($first: Int, $after: String, $last: Int, $before: String, $skills: [String!], $paymentType: [PaymentType!],
    $minRateCents: Int, $maxRateCents: Int, $search: String) {
  openJobs(first: $first, after: $after, last: $last, before: $before, skills: $skills, paymentType: $paymentType,
           minRateCents: $minRateCents, maxRateCents: $maxRateCents, search: $search) {
    totalCount
    edges { cursor node { id title } }
    pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
  }
}`;

const gid = (typename: string, id: string) => toGlobalId(typename, id);

function must<T>(result: GraphQLResponse<T>): T {
  if (!result.data || result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

function board(variables: Record<string, unknown>, party: Party | null = 'trainer') {
  return server.graphql<BoardPage>(boardQuery, { variables, ...(party ? { token: tokens[party] } : {}) });
}

/** The titles the board lists for these filters, in its order (one page holds them all). */
async function titles(variables: Record<string, unknown>, party: Party = 'trainer'): Promise<string[]> {
  const page = must(await board({ first: 50, ...variables }, party)).openJobs;
  expect(page.totalCount).toBe(page.edges.length);
  return page.edges.map((edge) => edge.node.title);
}

const titleOf = (job: Job) => job.title;
const newestFirst = (...list: Job[]) => [...list].reverse().map(titleOf);

const mutations = {
  submit: 'mutation ($input: SubmitProposalInput!) { submitProposal(input: $input) { proposal { id status rate { cents currency } thread { id } } } }',
  withdraw: 'mutation ($input: WithdrawProposalInput!) { withdrawProposal(input: $input) { proposal { id status } } }',
};

function run<T = Record<string, unknown>>(mutation: string, party: Party, input: Record<string, unknown>) {
  return server.graphql<T>(mutation, { variables: { input }, token: tokens[party] });
}

describe('the job board (Query.openJobs): refused first', () => {
  it('is for signed-in users', async () => {
    const result = await board({ first: 5 }, null);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('names the offending argument of a bad filter or page size', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ first: 0 }, 'first'],
      [{ first: 101 }, 'first'],
      [{ minRateCents: -1 }, 'minRateCents'],
      [{ maxRateCents: 2_000_000_000 }, 'maxRateCents'],
      [{ minRateCents: 5_000, maxRateCents: 4_000 }, 'maxRateCents'],
      [{ search: 'x'.repeat(201) }, 'search'],
      [{ skills: Array.from({ length: 21 }, (_, index) => `skill-${index}`) }, 'skills'],
    ];
    for (const [variables, field] of cases) {
      const result = await board({ first: 10, ...variables });
      expect(result.errors?.[0]?.extensions, JSON.stringify(variables)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });
});

describe('the job board (Query.openJobs)', () => {
  it('lists every OPEN job, newest first, to trainers and employers alike; never drafts or closed ones', async () => {
    const all = newestFirst(jobs.rlhfHourly, jobs.rlhfPython, jobs.labels, jobs.fixedSmall, jobs.fixedLarge, jobs.percent);
    expect(await titles({})).toEqual(all);
    // An employer sees the board too, their own drafts not included: it is the board, not their console.
    expect(await titles({}, 'employer')).toEqual(all);
  });

  it('filters by skills: every one given, case-insensitively', async () => {
    expect(await titles({ skills: ['rlhf'] })).toEqual(newestFirst(jobs.rlhfHourly, jobs.rlhfPython));
    expect(await titles({ skills: ['RLHF', ' Python '] })).toEqual([jobs.rlhfPython.title]);
    expect(await titles({ skills: ['rlhf', 'safety'] })).toEqual([]);
    expect(await titles({ skills: [] })).toHaveLength(6);
  });

  it('filters by payment type', async () => {
    expect(await titles({ paymentType: ['PAY_PER_LABEL'] })).toEqual([jobs.labels.title]);
    expect(await titles({ paymentType: ['PAY_PER_HOUR', 'PAY_PER_LABEL'] })).toEqual(newestFirst(jobs.rlhfHourly, jobs.rlhfPython, jobs.labels));
    expect(await titles({ paymentType: ['FIXED_PRICE'] })).toEqual(newestFirst(jobs.fixedSmall, jobs.fixedLarge, jobs.percent));
  });

  it('filters by pay: the rate per hour or label, or the fixed price, in cents, both bounds inclusive', async () => {
    expect(await titles({ paymentType: ['PAY_PER_HOUR'], minRateCents: 5_000 })).toEqual([jobs.rlhfPython.title]);
    expect(await titles({ paymentType: ['PAY_PER_HOUR'], maxRateCents: 4_200 })).toEqual([jobs.rlhfHourly.title]);
    expect(await titles({ minRateCents: 4_200, maxRateCents: 6_000 })).toEqual(newestFirst(jobs.rlhfHourly, jobs.rlhfPython));
    expect(await titles({ paymentType: ['FIXED_PRICE'], minRateCents: 50_000 })).toEqual(newestFirst(jobs.fixedSmall, jobs.fixedLarge));
    expect(await titles({ maxRateCents: 12 })).toEqual([jobs.labels.title]);
  });

  it('searches the title and the description, case-insensitively, with % and _ taken literally', async () => {
    expect(await titles({ search: 'red-team' })).toEqual([jobs.fixedLarge.title]);
    expect(await titles({ search: 'CUSTOMER DATA' })).toEqual([jobs.fixedLarge.title]);
    expect(await titles({ search: '100%' })).toEqual([jobs.percent.title]);
    expect(await titles({ search: '%' })).toEqual([jobs.percent.title]);
    expect(await titles({ search: '_' })).toEqual([]);
    expect(await titles({ search: '   ' })).toHaveLength(6);
  });

  it('combines filters with AND', async () => {
    expect(await titles({ skills: ['rlhf'], paymentType: ['PAY_PER_HOUR'], minRateCents: 5_000, search: 'python' })).toEqual([jobs.rlhfPython.title]);
    expect(await titles({ skills: ['rlhf'], paymentType: ['FIXED_PRICE'] })).toEqual([]);
  });

  it('pages forwards and backwards with cursors, each page counting the whole filtered list', async () => {
    const all = await titles({});
    const first = must(await board({ first: 4 })).openJobs;
    expect(first.totalCount).toBe(6);
    expect(first.edges.map((edge) => edge.node.title)).toEqual(all.slice(0, 4));
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = must(await board({ first: 4, after: first.pageInfo.endCursor })).openJobs;
    expect(second.edges.map((edge) => edge.node.title)).toEqual(all.slice(4));
    expect(second.pageInfo.hasNextPage).toBe(false);
    const back = must(await board({ last: 2, before: second.pageInfo.startCursor })).openJobs;
    expect(back.edges.map((edge) => edge.node.title)).toEqual(all.slice(2, 4));
    // Filters hold across pages.
    const fixed = must(await board({ first: 2, paymentType: ['FIXED_PRICE'] })).openJobs;
    expect(fixed.totalCount).toBe(3);
    const rest = must(await board({ first: 2, after: fixed.pageInfo.endCursor, paymentType: ['FIXED_PRICE'] })).openJobs;
    expect([...fixed.edges, ...rest.edges].map((edge) => edge.node.title)).toEqual(newestFirst(jobs.fixedSmall, jobs.fixedLarge, jobs.percent));
  });
});

interface ThreadView {
  id: string;
  kind: string;
  name: string;
  members: Array<{ name: string }>;
}

const proposalQuery = `query ($id: ID!) { node(id: $id) { ... on Proposal { id status thread { id kind name members { name } } } } }`;
const proposalsQuery = '{ viewer { proposals(first: 50) { nodes { id job { title } thread { id kind } } } } }';
const jobQuery = 'query ($id: ID!) { node(id: $id) { ... on Job { id status viewerProposal { id status } } } }';

async function proposalAs(party: Party, proposalId: string) {
  return server.graphql<{ node: { id: string; status: string; thread: ThreadView | null } | null }>(proposalQuery, {
    variables: { id: proposalId },
    token: tokens[party],
  });
}

async function viewerProposal(party: Party, job: Job) {
  const result = must(
    await server.graphql<{ node: { viewerProposal: { id: string; status: string } | null } }>(jobQuery, {
      variables: { id: gid('Job', job.id) },
      token: tokens[party],
    }),
  );
  return result.node.viewerProposal;
}

describe('applying to a job and withdrawing', () => {
  it('applies from the board: the proposal shows on the job, on the Proposals tab and on the employer’s side, with its thread', async () => {
    const job = jobs.rlhfHourly;
    expect(await viewerProposal('trainer', job)).toBeNull();
    const submitted = must(
      await run<{ submitProposal: { proposal: { id: string; status: string; rate: { cents: number; currency: string }; thread: { id: string } | null } } }>(
        mutations.submit,
        'trainer',
        { jobId: gid('Job', job.id), coverLetter: 'I have ranked 20,000 answer pairs.', rateCents: 4_500 },
      ),
    ).submitProposal.proposal;
    expect(submitted).toMatchObject({ status: 'UNREVIEWED', rate: { cents: 4_500, currency: 'USD' } });
    expect(submitted.thread).not.toBeNull();
    expect(await viewerProposal('trainer', job)).toEqual({ id: submitted.id, status: 'UNREVIEWED' });
    // Still on the board (browsing finds it again), unlike recommendations.
    expect(await titles({ skills: ['rlhf'] })).toContain(job.title);
    // Employers have no proposals of their own.
    expect(await viewerProposal('employer', job)).toBeNull();

    const mine = must(
      await server.graphql<{ viewer: { proposals: { nodes: Array<{ id: string; thread: { id: string; kind: string } | null }> } } }>(proposalsQuery, {
        token: tokens.trainer,
      }),
    );
    expect(mine.viewer.proposals.nodes.find((proposal) => proposal.id === submitted.id)?.thread).toEqual({ id: submitted.thread!.id, kind: 'PROPOSAL' });
    const received = must(
      await server.graphql<{ viewer: { proposals: { nodes: Array<{ id: string; thread: { id: string; kind: string } | null }> } } }>(proposalsQuery, {
        token: tokens.employer,
      }),
    );
    expect(received.viewer.proposals.nodes.find((proposal) => proposal.id === submitted.id)?.thread).toEqual({ id: submitted.thread!.id, kind: 'PROPOSAL' });
  });

  it('refuses a second application to the same job with CONFLICT, and changes nothing', async () => {
    const job = jobs.labels;
    const input = { jobId: gid('Job', job.id), coverLetter: 'Fast and careful.', rateCents: 12 };
    must(await run(mutations.submit, 'trainer', input));
    const again = await run(mutations.submit, 'trainer', { ...input, coverLetter: 'Did you see my first one?' });
    expect(again.errors?.[0]?.extensions).toEqual({ code: 'CONFLICT' });
    expect(again.errors?.[0]?.message).toMatch(/^You already applied to this job/);
    const [row] = (await server.workroom.dataSource.query('SELECT count(*)::int AS n FROM proposals WHERE job_id = $1', [job.id])) as Array<{ n: number }>;
    expect(row!.n).toBe(1);
  });

  it('refuses an application to a job that is no longer OPEN with INVALID_TRANSITION', async () => {
    // The trainer can see this closed job because they work on it (an earlier contract).
    const closed = await factory.job(northwind, { title: 'Closed ranking round', status: JobStatus.CLOSED });
    await factory.contract(closed, people.trainer);
    const result = await run(mutations.submit, 'trainer', { jobId: gid('Job', closed.id), coverLetter: 'Again, please.', rateCents: 4_000 });
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'INVALID_TRANSITION', currentStatus: 'CLOSED', attemptedAction: 'SUBMIT' });
    expect(result.errors?.[0]?.message).toContain('proposals are accepted only while a job is OPEN');
    expect(await viewerProposal('trainer', closed)).toBeNull();
  });

  it('withdraws an open proposal once; the job then shows it WITHDRAWN, and a second withdrawal is INVALID_TRANSITION', async () => {
    const job = jobs.fixedSmall;
    const { id } = must(
      await run<{ submitProposal: { proposal: { id: string } } }>(mutations.submit, 'trainer', {
        jobId: gid('Job', job.id),
        coverLetter: 'Former teacher.',
        rateCents: 45_000,
      }),
    ).submitProposal.proposal;
    // Only the trainer who sent it withdraws it.
    expect((await run(mutations.withdraw, 'employer', { proposalId: id })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const withdrawn = must(await run<{ withdrawProposal: { proposal: { status: string } } }>(mutations.withdraw, 'trainer', { proposalId: id }));
    expect(withdrawn.withdrawProposal.proposal.status).toBe('WITHDRAWN');
    expect(await viewerProposal('trainer', job)).toEqual({ id, status: 'WITHDRAWN' });
    const again = await run(mutations.withdraw, 'trainer', { proposalId: id });
    expect(again.errors?.[0]?.extensions).toEqual({ code: 'INVALID_TRANSITION', currentStatus: 'WITHDRAWN', attemptedAction: 'WITHDRAW' });
    // Withdrawn counts as applied.
    expect(
      (await run(mutations.submit, 'trainer', { jobId: gid('Job', job.id), coverLetter: 'Changed my mind.', rateCents: 45_000 })).errors?.[0]?.extensions?.code,
    ).toBe('CONFLICT');
  });
});

describe('Proposal.thread', () => {
  it('is the PROPOSAL channel, read by the trainer and the job’s employers; null for an employer who is not in it; the proposal itself is hidden from others', async () => {
    const job = jobs.fixedLarge;
    const { id } = must(
      await run<{ submitProposal: { proposal: { id: string } } }>(mutations.submit, 'otherTrainer', {
        jobId: gid('Job', job.id),
        coverLetter: 'Red-teamer for 3 years.',
        rateCents: 800_000,
      }),
    ).submitProposal.proposal;
    // Joined the organization after the proposal came in: not a member of its thread (yet).
    people.colleague = await factory.employer(northwind, { email: 'board-colleague@test.example', name: 'Priya Shah' });
    tokens.colleague = await server.signIn(people.colleague.email);

    for (const party of ['otherTrainer', 'employer'] as const) {
      const { node } = must(await proposalAs(party, id));
      expect(node?.thread, party).toMatchObject({
        kind: ChannelKind.PROPOSAL,
        name: `Proposal: ${job.title} · Taylor Kim`,
      });
      expect(node!.thread!.members.map((member) => member.name).sort()).toEqual(['Morgan Lee', 'Taylor Kim']);
    }
    const colleague = must(await proposalAs('colleague', id));
    expect(colleague.node?.status).toBe(ProposalStatus.UNREVIEWED);
    expect(colleague.node?.thread).toBeNull();
    // Outsiders do not see the proposal at all, so not its thread either.
    for (const party of ['trainer', 'otherEmployer'] as const) {
      const result = await proposalAs(party, id);
      expect(result.errors?.[0]?.extensions?.code, party).toBe('NOT_FOUND');
    }
  });

  it('is null for a proposal without a thread (sent before threads existed)', async () => {
    const proposal = await factory.proposal(jobs.percent, people.trainer);
    const { node } = must(await proposalAs('trainer', gid('Proposal', proposal.id)));
    expect(node?.thread).toBeNull();
  });
});
