import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGlobalId, toGlobalId } from '../src/graphql/global-id.js';
import type { Organization } from '../src/modules/accounts/organization.entity.js';
import type { User } from '../src/modules/accounts/user.entity.js';
import { ContractStatus, type Contract } from '../src/modules/contracts/contract.entity.js';
import { JobStatus, PaymentType, type Job } from '../src/modules/jobs/job.entity.js';
import { MilestoneStatus } from '../src/modules/milestones/milestone.entity.js';
import { ProposalStatus, type Proposal } from '../src/modules/proposals/proposal.entity.js';
import { Factory } from './factories.js';
import { startTestServer, type GraphQLResponse, type TestServer } from './helpers.js';

/**
 * Proposals and contracts through the API: who may apply, review, hire, pause and end; the
 * state machines; what a hire creates (contract, DIRECT channel, first milestone, events) and
 * who then sees it; and the races (two applications, two hires) that must change things once.
 */
let server: TestServer;
let factory: Factory;
let northwind: Organization;
let helios: Organization;
const people = {} as Record<'employer' | 'colleague' | 'otherEmployer' | 'trainer' | 'otherTrainer' | 'racer', User>;
const tokens = {} as Record<keyof typeof people, string>;
type Party = keyof typeof people;

beforeAll(async () => {
  server = await startTestServer();
  factory = new Factory(server.workroom.dataSource);
  northwind = await factory.organization({ name: 'Northwind AI' });
  helios = await factory.organization({ name: 'Helios Labs' });
  people.employer = await factory.employer(northwind, { email: 'pc-employer@test.example', name: 'Morgan Lee' });
  people.colleague = await factory.employer(northwind, { email: 'pc-colleague@test.example', name: 'Priya Shah' });
  people.otherEmployer = await factory.employer(helios, { email: 'pc-other-employer@test.example', name: 'Sam Ortega' });
  people.trainer = await factory.trainer({ email: 'pc-trainer@test.example', name: 'Alex Rivera' });
  people.otherTrainer = await factory.trainer({ email: 'pc-other-trainer@test.example', name: 'Taylor Kim' });
  people.racer = await factory.trainer({ email: 'pc-racer@test.example', name: 'Jordan Park' });
  for (const party of Object.keys(people) as Party[]) tokens[party] = await server.signIn(people[party].email);
});

afterAll(async () => {
  await server?.stop();
});

const proposalFields = 'id status coverLetter rate { cents currency } job { id title } trainer { name } contract { id }';
const contractFields =
  'id status title scope terms paymentType rate { cents } totalBudget { cents currency } startedAt endedAt proposal { id } trainer { name }';
const channelFields = 'id kind name members { name } contract { id } proposal { id } job { id }';
const milestoneFields = 'id number title status amount { cents currency } dueAt';

const mutations = {
  submit: `mutation ($input: SubmitProposalInput!) { submitProposal(input: $input) { proposal { ${proposalFields} } } }`,
  withdraw: `mutation ($input: WithdrawProposalInput!) { withdrawProposal(input: $input) { proposal { ${proposalFields} } } }`,
  shortlist: `mutation ($input: ShortlistProposalInput!) { shortlistProposal(input: $input) { proposal { ${proposalFields} } } }`,
  decline: `mutation ($input: DeclineProposalInput!) { declineProposal(input: $input) { proposal { ${proposalFields} } } }`,
  hire: `mutation ($input: HireProposalInput!) { hireProposal(input: $input) {
    proposal { ${proposalFields} } contract { ${contractFields} } channel { ${channelFields} } milestone { ${milestoneFields} } } }`,
  pause: `mutation ($input: PauseContractInput!) { pauseContract(input: $input) { contract { ${contractFields} } } }`,
  resume: `mutation ($input: ResumeContractInput!) { resumeContract(input: $input) { contract { ${contractFields} } } }`,
  end: `mutation ($input: EndContractInput!) { endContract(input: $input) { contract { ${contractFields} } } }`,
};

interface ProposalResult {
  id: string;
  status: string;
  coverLetter: string;
  rate: { cents: number; currency: string };
  contract: { id: string } | null;
}
interface ContractResult {
  id: string;
  status: string;
  title: string;
  rate: { cents: number } | null;
  totalBudget: { cents: number };
  endedAt: string | null;
}
interface ChannelResult {
  id: string;
  kind: string;
  name: string;
  members: Array<{ name: string }>;
  contract: { id: string } | null;
  proposal: { id: string } | null;
}
interface HireResult {
  hireProposal: {
    proposal: ProposalResult;
    contract: ContractResult;
    channel: ChannelResult;
    milestone: { id: string; number: number; status: string } | null;
  };
}

function run<T = Record<string, unknown>>(mutation: string, party: Party | null, input: Record<string, unknown>): Promise<GraphQLResponse<T>> {
  return server.graphql<T>(mutation, { variables: { input }, ...(party ? { token: tokens[party] } : {}) });
}

function must<T>(result: GraphQLResponse<T>): T {
  if (!result.data || result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

const gid = (typename: string, id: string) => toGlobalId(typename, id);
const dbId = (globalId: string) => parseGlobalId(globalId)!.id;

const hireInput = (proposalId: string, values: Record<string, unknown> = {}) => ({
  proposalId,
  scope: 'Rank 10,000 preference pairs with rationales.',
  terms: '- Paid per milestone on approval.',
  paymentType: PaymentType.PAY_PER_HOUR,
  rateCents: 4_500,
  totalBudgetCents: 900_000,
  ...values,
});

/** Everything these mutations could touch, counted, with every proposal's and contract's status. */
async function snapshot() {
  const [row] = (await server.workroom.dataSource.query(`
    SELECT (SELECT count(*) FROM proposals) AS proposals, (SELECT count(*) FROM contracts) AS contracts,
           (SELECT count(*) FROM channels) AS channels, (SELECT count(*) FROM channel_members) AS members,
           (SELECT count(*) FROM milestones) AS milestones, (SELECT count(*) FROM milestone_events) AS history,
           (SELECT count(*) FROM events) AS events,
           (SELECT string_agg(id || ':' || status, ',' ORDER BY id) FROM proposals) AS proposal_statuses,
           (SELECT string_agg(id || ':' || status || ':' || coalesce(ended_at::text, ''), ',' ORDER BY id) FROM contracts) AS contract_statuses`)) as Array<
    Record<string, string>
  >;
  return row!;
}

async function count(sql: string, parameters: unknown[]): Promise<number> {
  const [row] = (await server.workroom.dataSource.query(`SELECT count(*)::int AS n FROM ${sql}`, parameters)) as Array<{ n: number }>;
  return row!.n;
}

interface FeedEvent {
  id: string;
  type: string;
  summary: string;
  subject: { id: string } | null;
}

async function feed(party: Party): Promise<FeedEvent[]> {
  const result = await server.graphql<{ viewer: { latestActivity: { nodes: FeedEvent[] } } }>(
    '{ viewer { latestActivity(first: 100) { nodes { id type summary subject { id } } } } }',
    { token: tokens[party] },
  );
  return must(result).viewer.latestActivity.nodes;
}

/** The viewer's feed, narrowed to events about these subjects (global ids), newest first. */
async function feedAbout(party: Party, subjects: string[]): Promise<FeedEvent[]> {
  return (await feed(party)).filter((event) => event.subject && subjects.includes(event.subject.id));
}

async function openJob(values: Partial<Job> = {}): Promise<Job> {
  return factory.job(northwind, { title: 'RLHF preference ranking', ...values });
}

describe('refused first: nothing changes', () => {
  it('refuses a signed-out caller', async () => {
    const job = await openJob();
    const before = await snapshot();
    const result = await run(mutations.submit, null, { jobId: gid('Job', job.id), coverLetter: 'Hi', rateCents: 100 });
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const pause = await run(mutations.pause, null, { contractId: gid('Contract', '00000000-0000-4000-8000-000000000000') });
    expect(pause.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses every mutation to the wrong role (FORBIDDEN) and to outsiders (NOT_FOUND), changing nothing', async () => {
    const job = await openJob();
    const proposal = await factory.proposal(job, people.trainer, { status: ProposalStatus.UNREVIEWED });
    const active = await factory.contract(await openJob(), people.trainer, { status: ContractStatus.ACTIVE });
    const paused = await factory.contract(await openJob(), people.trainer, { status: ContractStatus.PAUSED });
    const proposalId = gid('Proposal', proposal.id);
    const cases: Array<{ name: string; mutation: string; input: Record<string, unknown>; refused: Partial<Record<Party, 'FORBIDDEN' | 'NOT_FOUND'>> }> = [
      {
        name: 'submitProposal',
        mutation: mutations.submit,
        input: { jobId: gid('Job', job.id), coverLetter: 'I can do this.', rateCents: 4_000 },
        // Employers receive proposals, of their own organization or any other.
        refused: { employer: 'FORBIDDEN', colleague: 'FORBIDDEN', otherEmployer: 'FORBIDDEN' },
      },
      {
        name: 'withdrawProposal',
        mutation: mutations.withdraw,
        input: { proposalId },
        refused: { employer: 'FORBIDDEN', otherEmployer: 'NOT_FOUND', otherTrainer: 'NOT_FOUND' },
      },
      {
        name: 'shortlistProposal',
        mutation: mutations.shortlist,
        input: { proposalId },
        refused: { trainer: 'FORBIDDEN', otherEmployer: 'NOT_FOUND', otherTrainer: 'NOT_FOUND' },
      },
      {
        name: 'declineProposal',
        mutation: mutations.decline,
        input: { proposalId, reason: 'No.' },
        refused: { trainer: 'FORBIDDEN', otherEmployer: 'NOT_FOUND', otherTrainer: 'NOT_FOUND' },
      },
      {
        name: 'hireProposal',
        mutation: mutations.hire,
        input: hireInput(proposalId, { firstMilestone: { title: 'Batch 1', amountCents: 10_000 } }),
        refused: { trainer: 'FORBIDDEN', otherEmployer: 'NOT_FOUND', otherTrainer: 'NOT_FOUND' },
      },
      {
        name: 'pauseContract',
        mutation: mutations.pause,
        input: { contractId: gid('Contract', active.id) },
        refused: { trainer: 'FORBIDDEN', otherEmployer: 'NOT_FOUND', otherTrainer: 'NOT_FOUND' },
      },
      {
        name: 'resumeContract',
        mutation: mutations.resume,
        input: { contractId: gid('Contract', paused.id) },
        refused: { trainer: 'FORBIDDEN', otherEmployer: 'NOT_FOUND', otherTrainer: 'NOT_FOUND' },
      },
      {
        name: 'endContract',
        mutation: mutations.end,
        input: { contractId: gid('Contract', active.id) },
        refused: { trainer: 'FORBIDDEN', otherEmployer: 'NOT_FOUND', otherTrainer: 'NOT_FOUND' },
      },
    ];
    const before = await snapshot();
    for (const { name, mutation, input, refused } of cases) {
      for (const [party, code] of Object.entries(refused) as Array<[Party, string]>) {
        const result = await run(mutation, party, input);
        expect(result.errors?.[0]?.extensions?.code, `${name} by ${party}`).toBe(code);
        expect(result.data, `${name} by ${party}`).toBeNull();
        if (code === 'NOT_FOUND') expect(result.errors?.[0]?.message).toMatch(/^No (Proposal|Contract) with id /);
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it('names the field of bad input: cover letter, rates, budget, text, first milestone, ids', async () => {
    const job = await openJob();
    const proposal = await factory.proposal(job, people.trainer);
    const jobId = gid('Job', job.id);
    const proposalId = gid('Proposal', proposal.id);
    const before = await snapshot();
    const cases: Array<[string, Party, Record<string, unknown>, string]> = [
      [mutations.submit, 'otherTrainer', { jobId, coverLetter: '', rateCents: 4_000 }, 'coverLetter'],
      [mutations.submit, 'otherTrainer', { jobId, coverLetter: '  \n ', rateCents: 4_000 }, 'coverLetter'],
      [mutations.submit, 'otherTrainer', { jobId, coverLetter: 'x'.repeat(5_001), rateCents: 4_000 }, 'coverLetter'],
      [mutations.submit, 'otherTrainer', { jobId, coverLetter: 'Hi', rateCents: 0 }, 'rateCents'],
      [mutations.submit, 'otherTrainer', { jobId, coverLetter: 'Hi', rateCents: -100 }, 'rateCents'],
      [mutations.submit, 'otherTrainer', { jobId, coverLetter: 'Hi', rateCents: 100_000_001 }, 'rateCents'],
      [mutations.submit, 'otherTrainer', { jobId: 'not-an-id', coverLetter: 'Hi', rateCents: 100 }, 'jobId'],
      [mutations.submit, 'otherTrainer', { jobId: proposalId, coverLetter: 'Hi', rateCents: 100 }, 'jobId'],
      [mutations.hire, 'employer', hireInput(proposalId, { paymentType: PaymentType.FIXED_PRICE, rateCents: 4_500 }), 'rateCents'],
      [mutations.hire, 'employer', hireInput(proposalId, { paymentType: PaymentType.PAY_PER_HOUR, rateCents: null }), 'rateCents'],
      [mutations.hire, 'employer', { ...hireInput(proposalId, { paymentType: PaymentType.PAY_PER_LABEL }), rateCents: undefined }, 'rateCents'],
      [mutations.hire, 'employer', hireInput(proposalId, { rateCents: 0 }), 'rateCents'],
      [mutations.hire, 'employer', hireInput(proposalId, { totalBudgetCents: 0 }), 'totalBudgetCents'],
      [mutations.hire, 'employer', hireInput(proposalId, { totalBudgetCents: 1_000_000_001 }), 'totalBudgetCents'],
      [mutations.hire, 'employer', hireInput(proposalId, { scope: ' ' }), 'scope'],
      [mutations.hire, 'employer', hireInput(proposalId, { terms: 'x'.repeat(20_001) }), 'terms'],
      [mutations.hire, 'employer', hireInput(proposalId, { title: '' }), 'title'],
      [mutations.hire, 'employer', hireInput(proposalId, { firstMilestone: { title: 'Batch', amountCents: 0 } }), 'firstMilestone.amountCents'],
      [mutations.hire, 'employer', hireInput(proposalId, { firstMilestone: { title: '', amountCents: 100 } }), 'firstMilestone.title'],
      [
        mutations.hire,
        'employer',
        hireInput(proposalId, { firstMilestone: { title: 'Batch', amountCents: 100, dueAt: '2001-01-01T00:00:00Z' } }),
        'firstMilestone.dueAt',
      ],
      [mutations.hire, 'employer', hireInput('nope'), 'proposalId'],
      [mutations.shortlist, 'employer', { proposalId: jobId }, 'proposalId'],
      [mutations.withdraw, 'trainer', { proposalId: 'bad' }, 'proposalId'],
      [mutations.decline, 'employer', { proposalId, reason: 'x'.repeat(5_001) }, 'reason'],
      [mutations.pause, 'employer', { contractId: 'bad' }, 'contractId'],
      [mutations.end, 'employer', { contractId: proposalId }, 'contractId'],
    ];
    for (const [mutation, party, input, field] of cases) {
      const result = await run(mutation, party, input);
      expect(result.errors?.[0]?.extensions, `${JSON.stringify(input).slice(0, 200)}`).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(result.errors?.[0]?.message).not.toMatch(/Argument Validation Error/);
    }
    const fixed = await run(mutations.hire, 'employer', hireInput(proposalId, { paymentType: PaymentType.FIXED_PRICE, rateCents: 4_500 }));
    expect(fixed.errors?.[0]?.message).toMatch(/FIXED_PRICE contract has no rate/);
    const unknown = await run(mutations.shortlist, 'employer', { proposalId: gid('Proposal', '00000000-0000-4000-8000-000000000000') });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const unknownJob = await run(mutations.submit, 'trainer', { jobId: gid('Job', '00000000-0000-4000-8000-000000000000'), coverLetter: 'Hi', rateCents: 100 });
    expect(unknownJob.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await snapshot()).toEqual(before);
  });

  it('accepts proposals only on OPEN jobs: INVALID_TRANSITION for one the trainer can see, NOT_FOUND for a draft they cannot', async () => {
    // Alex holds contracts on both jobs, so both are visible to him (a trainer sees the jobs he works on).
    const draft = await openJob({ title: 'Unannounced eval', status: JobStatus.DRAFT });
    const closed = await openJob({ title: 'Finished labelling', status: JobStatus.CLOSED });
    await factory.contract(draft, people.trainer);
    await factory.contract(closed, people.trainer);
    const before = await snapshot();
    for (const [job, status] of [
      [draft, 'DRAFT'],
      [closed, 'CLOSED'],
    ] as const) {
      const result = await run(mutations.submit, 'trainer', { jobId: gid('Job', job.id), coverLetter: 'Me, please.', rateCents: 4_000 });
      expect(result.errors?.[0]?.extensions).toEqual({ code: 'INVALID_TRANSITION', currentStatus: status, attemptedAction: 'SUBMIT' });
      expect(result.errors?.[0]?.message).toContain(`"${job.title}" is ${status}`);
    }
    // Drafts and closed postings do not exist for a trainer with nothing to do with them.
    for (const job of [draft, closed]) {
      const result = await run(mutations.submit, 'otherTrainer', { jobId: gid('Job', job.id), coverLetter: 'Me, please.', rateCents: 4_000 });
      expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses moves the proposal state machine does not allow, naming the current status', async () => {
    const make = async (status: ProposalStatus) => gid('Proposal', (await factory.proposal(await openJob(), people.trainer, { status })).id);
    const shortlisted = await make(ProposalStatus.SHORTLISTED);
    const declined = await make(ProposalStatus.DECLINED);
    const withdrawn = await make(ProposalStatus.WITHDRAWN);
    const hired = await make(ProposalStatus.HIRED);
    const before = await snapshot();
    const cases: Array<[string, Party, Record<string, unknown>, string, string]> = [
      [mutations.shortlist, 'employer', { proposalId: shortlisted }, 'SHORTLISTED', 'SHORTLIST'],
      [mutations.shortlist, 'employer', { proposalId: declined }, 'DECLINED', 'SHORTLIST'],
      [mutations.withdraw, 'trainer', { proposalId: declined }, 'DECLINED', 'WITHDRAW'],
      [mutations.withdraw, 'trainer', { proposalId: hired }, 'HIRED', 'WITHDRAW'],
      [mutations.decline, 'employer', { proposalId: withdrawn }, 'WITHDRAWN', 'DECLINE'],
      [mutations.hire, 'employer', hireInput(withdrawn), 'WITHDRAWN', 'HIRE'],
      [mutations.hire, 'employer', hireInput(declined), 'DECLINED', 'HIRE'],
      [mutations.hire, 'employer', hireInput(hired), 'HIRED', 'HIRE'],
    ];
    for (const [mutation, party, input, currentStatus, attemptedAction] of cases) {
      const result = await run(mutation, party, input);
      expect(result.errors?.[0]?.extensions, `${attemptedAction} from ${currentStatus}`).toEqual({
        code: 'INVALID_TRANSITION',
        currentStatus,
        attemptedAction,
      });
      expect(result.errors?.[0]?.message).toMatch(new RegExp(`while it is ${currentStatus}`));
    }
    expect(await snapshot()).toEqual(before);
  });

  it('takes one proposal per trainer and job: a second one is a CONFLICT, even a withdrawn one counts', async () => {
    const job = await openJob();
    const input = { jobId: gid('Job', job.id), coverLetter: 'First try.', rateCents: 4_000 };
    const first = must(await run<{ submitProposal: { proposal: ProposalResult } }>(mutations.submit, 'otherTrainer', input));
    const before = await snapshot();
    const second = await run(mutations.submit, 'otherTrainer', { ...input, coverLetter: 'Second try.' });
    expect(second.errors?.[0]?.extensions).toEqual({ code: 'CONFLICT' });
    expect(second.errors?.[0]?.message).toMatch(/^You already applied to this job/);
    must(await run(mutations.withdraw, 'otherTrainer', { proposalId: first.submitProposal.proposal.id }));
    const afterWithdrawal = await snapshot();
    const third = await run(mutations.submit, 'otherTrainer', input);
    expect(third.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await snapshot()).toEqual(afterWithdrawal);
    expect(before.proposals).toBe(afterWithdrawal.proposals);
  });

  it('takes one proposal when the same trainer submits five at once', async () => {
    const job = await openJob({ title: 'Korean ASR transcripts' });
    const input = { jobId: gid('Job', job.id), coverLetter: 'Native Korean speaker.', rateCents: 3_200 };
    const results = await Promise.all(Array.from({ length: 5 }, () => run<{ submitProposal: { proposal: ProposalResult } }>(mutations.submit, 'racer', input)));
    const winners = results.filter((result) => !result.errors);
    const losers = results.filter((result) => result.errors);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(4);
    for (const loser of losers) {
      expect(loser.errors?.[0]?.extensions).toEqual({ code: 'CONFLICT' });
      expect(loser.errors?.[0]?.message).toMatch(/^You already applied to this job/);
    }
    const proposalId = dbId(winners[0]!.data!.submitProposal.proposal.id);
    expect(await count('proposals WHERE job_id = $1 AND trainer_id = $2', [job.id, people.racer.id])).toBe(1);
    expect(await count('channels WHERE job_id = $1', [job.id])).toBe(1);
    expect(await count("events WHERE subject_id = $1 AND type = 'PROPOSAL_SUBMITTED'", [proposalId])).toBe(1);
  });
});

describe('from proposal to contract', () => {
  it('submit → shortlist → hire with a first milestone: both parties then see the contract, milestone, channels and events', async () => {
    const job = await openJob({ title: 'Code review RLHF', paymentType: PaymentType.PAY_PER_HOUR, rateCents: 4_500, budgetCents: null });

    // The trainer applies; the proposal's thread opens with every employer of the organization.
    const submitted = must(
      await run<{ submitProposal: { proposal: ProposalResult & { job: { id: string }; trainer: { name: string } } } }>(mutations.submit, 'trainer', {
        jobId: gid('Job', job.id),
        coverLetter: '  I reviewed 3,000 Python solutions for a code model.  ',
        rateCents: 4_800,
      }),
    ).submitProposal.proposal;
    expect(submitted).toMatchObject({
      status: 'UNREVIEWED',
      coverLetter: 'I reviewed 3,000 Python solutions for a code model.',
      rate: { cents: 4_800, currency: 'USD' },
      job: { id: gid('Job', job.id) },
      trainer: { name: 'Alex Rivera' },
      contract: null,
    });
    const proposalId = submitted.id;

    const shortlisted = must(await run<{ shortlistProposal: { proposal: ProposalResult } }>(mutations.shortlist, 'colleague', { proposalId }));
    expect(shortlisted.shortlistProposal.proposal.status).toBe('SHORTLISTED');

    const hired = must(
      await run<HireResult>(
        mutations.hire,
        'employer',
        hireInput(proposalId, { firstMilestone: { title: '  Calibration batch  ', description: '200 pairs', amountCents: 60_000 } }),
      ),
    ).hireProposal;
    expect(hired.proposal).toMatchObject({ id: proposalId, status: 'HIRED', contract: { id: hired.contract.id } });
    expect(hired.contract).toMatchObject({
      status: 'ACTIVE',
      title: 'Code review RLHF',
      paymentType: 'PAY_PER_HOUR',
      rate: { cents: 4_500 },
      totalBudget: { cents: 900_000, currency: 'USD' },
      endedAt: null,
      proposal: { id: proposalId },
      trainer: { name: 'Alex Rivera' },
    });
    expect(hired.channel).toMatchObject({
      kind: 'DIRECT',
      name: 'Alex Rivera · Code review RLHF',
      contract: { id: hired.contract.id },
      proposal: null,
      job: { id: gid('Job', job.id) },
    });
    expect(hired.channel.members.map((member) => member.name).sort()).toEqual(['Alex Rivera', 'Morgan Lee']);
    expect(hired.milestone).toMatchObject({ number: 1, title: 'Calibration batch', status: 'NOT_FUNDED' });

    // The trainer: the contract in My Jobs with its milestone and its history, both conversations.
    const trainerView = must(
      await server.graphql<{
        viewer: {
          activeContracts: {
            nodes: Array<{
              id: string;
              milestones: {
                nodes: Array<{
                  number: number;
                  status: string;
                  amount: { cents: number };
                  history: { nodes: Array<{ action: string; actor: { name: string } }> };
                }>;
              };
              channels: { nodes: Array<{ id: string }> };
            }>;
          };
          finishedContracts: { nodes: Array<{ id: string }> };
          conversations: { nodes: ChannelResult[] };
          proposals: { nodes: Array<{ id: string; status: string }> };
        };
      }>(
        `{ viewer {
          activeContracts(first: 50) { nodes { id milestones(first: 5) { nodes { number status amount { cents } history(first: 5) { nodes { action actor { name } } } } }
            channels(first: 5) { nodes { id } } } }
          finishedContracts(first: 50) { nodes { id } }
          conversations(first: 50) { nodes { ${channelFields} } }
          proposals(first: 50) { nodes { id status } } } }`,
        { token: tokens.trainer },
      ),
    ).viewer;
    const contract = trainerView.activeContracts.nodes.find((node) => node.id === hired.contract.id);
    expect(contract?.milestones.nodes).toEqual([
      { number: 1, status: 'NOT_FUNDED', amount: { cents: 60_000 }, history: { nodes: [{ action: 'CREATED', actor: { name: 'Morgan Lee' } }] } },
    ]);
    expect(contract?.channels.nodes).toEqual([{ id: hired.channel.id }]);
    expect(trainerView.finishedContracts.nodes.map((node) => node.id)).not.toContain(hired.contract.id);
    expect(trainerView.conversations.nodes.find((channel) => channel.id === hired.channel.id)?.kind).toBe('DIRECT');
    const thread = trainerView.conversations.nodes.find((channel) => channel.proposal?.id === proposalId);
    expect(thread).toMatchObject({ kind: 'PROPOSAL', name: 'Proposal: Code review RLHF · Alex Rivera', contract: null, job: { id: gid('Job', job.id) } });
    expect(thread!.members.map((member) => member.name).sort()).toEqual(['Alex Rivera', 'Morgan Lee', 'Priya Shah']);
    expect(trainerView.proposals.nodes.find((node) => node.id === proposalId)?.status).toBe('HIRED');

    // The employers: the proposal HIRED with its contract; the colleague is in the thread, not in the DIRECT channel.
    for (const party of ['employer', 'colleague'] as const) {
      const view = must(
        await server.graphql<{
          viewer: {
            proposals: { nodes: ProposalResult[] };
            conversations: { nodes: Array<{ id: string }> };
            activeContracts: { nodes: Array<{ id: string }> };
          };
        }>(
          `{ viewer { proposals(first: 50, status: [HIRED]) { nodes { ${proposalFields} } } conversations(first: 50) { nodes { id } } activeContracts(first: 50) { nodes { id } } } }`,
          { token: tokens[party] },
        ),
      ).viewer;
      expect(view.proposals.nodes.find((node) => node.id === proposalId)).toMatchObject({ status: 'HIRED', contract: { id: hired.contract.id } });
      expect(view.activeContracts.nodes.map((node) => node.id)).toContain(hired.contract.id);
      const conversations = view.conversations.nodes.map((node) => node.id);
      expect(conversations).toContain(thread!.id);
      if (party === 'employer') expect(conversations).toContain(hired.channel.id);
      else expect(conversations).not.toContain(hired.channel.id);
    }

    // Outsiders see none of it.
    for (const party of ['otherEmployer', 'otherTrainer'] as const) {
      const view = must(
        await server.graphql<{ viewer: { conversations: { nodes: Array<{ id: string }> }; contracts: { nodes: Array<{ id: string }> } } }>(
          '{ viewer { conversations(first: 100) { nodes { id } } contracts(first: 100) { nodes { id } } } }',
          { token: tokens[party] },
        ),
      ).viewer;
      expect(view.conversations.nodes.map((node) => node.id)).not.toContain(hired.channel.id);
      expect(view.conversations.nodes.map((node) => node.id)).not.toContain(thread!.id);
      expect(view.contracts.nodes.map((node) => node.id)).not.toContain(hired.contract.id);
      const node = await server.graphql<{ node: unknown }>('query ($id: ID!) { node(id: $id) { id } }', {
        variables: { id: proposalId },
        token: tokens[party],
      });
      expect(node.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }

    // The activity, newest first, to both parties; the CHANNEL_CREATED event only to the channel's members.
    const subjects = [proposalId, hired.contract.id, hired.channel.id, hired.milestone!.id];
    const expected = [
      ['MILESTONE_CREATED', 'Morgan Lee added milestone 1 (Calibration batch)'],
      ['CHANNEL_CREATED', 'Morgan Lee created Alex Rivera · Northwind AI · Code review RLHF with Alex Rivera'],
      ['CONTRACT_STARTED', 'Alex Rivera started the contract "Code review RLHF" with Northwind AI'],
      ['PROPOSAL_STATUS_CHANGED', 'Morgan Lee hired Alex Rivera for "Code review RLHF"'],
      ['PROPOSAL_STATUS_CHANGED', 'Priya Shah shortlisted Alex Rivera for "Code review RLHF"'],
      ['PROPOSAL_SUBMITTED', 'Alex Rivera sent a proposal for "Code review RLHF"'],
    ];
    const trainerFeed = await feedAbout('trainer', subjects);
    expect(trainerFeed.map((event) => [event.type, event.summary])).toEqual(expected);
    expect((await feedAbout('employer', subjects)).map((event) => event.id)).toEqual(trainerFeed.map((event) => event.id));
    expect((await feedAbout('colleague', subjects)).map((event) => event.type)).toEqual(
      expected.map(([type]) => type).filter((type) => type !== 'CHANNEL_CREATED'),
    );
    const ids = new Set(trainerFeed.map((event) => event.id));
    for (const party of ['otherEmployer', 'otherTrainer'] as const) {
      expect((await feed(party)).filter((event) => ids.has(event.id))).toEqual([]);
    }
  });

  it('hires a FIXED_PRICE contract without a milestone; the title defaults to the job', async () => {
    const job = await openJob({ title: 'Math grading' });
    const proposal = await factory.proposal(job, people.trainer);
    const hired = must(
      await run<HireResult>(
        mutations.hire,
        'employer',
        hireInput(gid('Proposal', proposal.id), { paymentType: PaymentType.FIXED_PRICE, rateCents: null, totalBudgetCents: 250_000 }),
      ),
    ).hireProposal;
    expect(hired.contract).toMatchObject({ status: 'ACTIVE', title: 'Math grading', paymentType: 'FIXED_PRICE', rate: null, totalBudget: { cents: 250_000 } });
    expect(hired.milestone).toBeNull();
    expect(await count('milestones WHERE contract_id = $1', [dbId(hired.contract.id)])).toBe(0);
    expect(await count("events WHERE contract_id = $1 AND type = 'MILESTONE_CREATED'", [dbId(hired.contract.id)])).toBe(0);

    const titled = await factory.proposal(await openJob(), people.trainer);
    const named = must(
      await run<HireResult>(
        mutations.hire,
        'colleague',
        hireInput(gid('Proposal', titled.id), { title: '  Label set B  ', paymentType: PaymentType.PAY_PER_LABEL, rateCents: 35 }),
      ),
    ).hireProposal;
    expect(named.contract).toMatchObject({ title: 'Label set B', paymentType: 'PAY_PER_LABEL', rate: { cents: 35 } });
    expect(named.channel.members.map((member) => member.name).sort()).toEqual(['Alex Rivera', 'Priya Shah']);
  });

  it('hires once when two hires of one proposal race; the loser gets INVALID_TRANSITION', async () => {
    const proposal = await factory.proposal(await openJob(), people.otherTrainer, { status: ProposalStatus.SHORTLISTED });
    const input = hireInput(gid('Proposal', proposal.id), { firstMilestone: { title: 'Batch 1', amountCents: 10_000 } });
    const results = await Promise.all([run<HireResult>(mutations.hire, 'employer', input), run<HireResult>(mutations.hire, 'colleague', input)]);
    const winners = results.filter((result) => !result.errors);
    const losers = results.filter((result) => result.errors);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0]!.errors?.[0]?.extensions).toEqual({ code: 'INVALID_TRANSITION', currentStatus: 'HIRED', attemptedAction: 'HIRE' });
    expect(await count('contracts WHERE proposal_id = $1', [proposal.id])).toBe(1);
    const contractId = dbId(winners[0]!.data!.hireProposal.contract.id);
    expect(await count("channels WHERE contract_id = $1 AND kind = 'DIRECT'", [contractId])).toBe(1);
    expect(await count('milestones WHERE contract_id = $1', [contractId])).toBe(1);
    expect(await count("events WHERE subject_id = $1 AND type = 'PROPOSAL_STATUS_CHANGED'", [proposal.id])).toBe(1);
    const again = await run(mutations.hire, 'employer', input);
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'HIRED' });
  });

  it('withdraws and declines: the trainer hears the reason, outsiders hear nothing', async () => {
    const toWithdraw = await factory.proposal(await openJob(), people.trainer, { status: ProposalStatus.SHORTLISTED });
    const withdrawn = must(
      await run<{ withdrawProposal: { proposal: ProposalResult } }>(mutations.withdraw, 'trainer', { proposalId: gid('Proposal', toWithdraw.id) }),
    );
    expect(withdrawn.withdrawProposal.proposal.status).toBe('WITHDRAWN');
    const late = await run(mutations.shortlist, 'employer', { proposalId: gid('Proposal', toWithdraw.id) });
    expect(late.errors?.[0]?.extensions).toEqual({ code: 'INVALID_TRANSITION', currentStatus: 'WITHDRAWN', attemptedAction: 'SHORTLIST' });

    const toDecline: Proposal = await factory.proposal(await openJob({ title: 'Toxicity labels' }), people.trainer);
    const declineId = gid('Proposal', toDecline.id);
    const declined = must(
      await run<{ declineProposal: { proposal: ProposalResult } }>(mutations.decline, 'employer', {
        proposalId: declineId,
        reason: '  We need native Korean.  ',
      }),
    );
    expect(declined.declineProposal.proposal.status).toBe('DECLINED');
    const [event] = await feedAbout('trainer', [declineId]);
    expect(event).toMatchObject({
      type: 'PROPOSAL_STATUS_CHANGED',
      summary: 'Morgan Lee declined Alex Rivera\'s proposal for "Toxicity labels": We need native Korean.',
    });
    const [payload] = (await server.workroom.dataSource.query("SELECT payload FROM events WHERE subject_id = $1 AND type = 'PROPOSAL_STATUS_CHANGED'", [
      toDecline.id,
    ])) as Array<{ payload: Record<string, unknown> }>;
    expect(payload!.payload).toEqual({ from: 'UNREVIEWED', to: 'DECLINED', reason: 'We need native Korean.' });
    for (const party of ['otherEmployer', 'otherTrainer'] as const) {
      expect((await feed(party)).map((item) => item.id)).not.toContain(event!.id);
    }
  });
});

describe('a contract from start to finish', () => {
  const state = async (contract: Contract) =>
    (await server.workroom.dataSource.query('SELECT status, ended_at FROM contracts WHERE id = $1', [contract.id]))[0] as {
      status: string;
      ended_at: Date | null;
    };

  it('pauses, resumes and ends; refuses to end while a milestone is in play, then ends once none is', async () => {
    const contract = await factory.contract(await openJob({ title: 'Red-team probes' }), people.trainer, { title: 'Red-team probes' });
    const contractId = gid('Contract', contract.id);

    const paused = must(await run<{ pauseContract: { contract: ContractResult } }>(mutations.pause, 'employer', { contractId }));
    expect(paused.pauseContract.contract.status).toBe('PAUSED');
    const pausedAgain = await run(mutations.pause, 'employer', { contractId });
    expect(pausedAgain.errors?.[0]?.extensions).toEqual({ code: 'INVALID_TRANSITION', currentStatus: 'PAUSED', attemptedAction: 'PAUSE' });
    const resumed = must(await run<{ resumeContract: { contract: ContractResult } }>(mutations.resume, 'colleague', { contractId }));
    expect(resumed.resumeContract.contract.status).toBe('ACTIVE');
    const resumedAgain = await run(mutations.resume, 'employer', { contractId });
    expect(resumedAgain.errors?.[0]?.extensions).toEqual({ code: 'INVALID_TRANSITION', currentStatus: 'ACTIVE', attemptedAction: 'RESUME' });

    // Money in play blocks the end, and the message says how much and where.
    const funded = await factory.milestone(contract, { number: 1, status: MilestoneStatus.FUNDED });
    await factory.milestone(contract, { number: 2, status: MilestoneStatus.NOT_FUNDED });
    const before = await snapshot();
    const refused = await run(mutations.end, 'employer', { contractId });
    expect(refused.errors?.[0]?.extensions).toEqual({ code: 'INVALID_TRANSITION', currentStatus: 'ACTIVE', attemptedAction: 'END' });
    expect(refused.errors?.[0]?.message).toBe(
      'You cannot end this contract while money is in play: 1 funded milestone (milestone 1). It must be paid, cancelled, or its dispute settled or withdrawn first.',
    );
    expect(await snapshot()).toEqual(before);
    const disputed = await factory.milestone(contract, { number: 3, status: MilestoneStatus.DISPUTED });
    const submitted = await factory.milestone(contract, { number: 4, status: MilestoneStatus.SUBMITTED });
    const beforeAgain = await snapshot();
    const refusedAgain = await run(mutations.end, 'employer', { contractId });
    expect(refusedAgain.errors?.[0]?.message).toBe(
      'You cannot end this contract while money is in play: 1 funded milestone, 1 milestone pending approval and 1 milestone in dispute (milestones 1, 3, 4). ' +
        'Each must be paid, cancelled, or its dispute settled or withdrawn first.',
    );
    expect(await snapshot()).toEqual(beforeAgain);
    expect((await state(contract)).status).toBe('ACTIVE');

    const setStatus = (id: string, status: MilestoneStatus) =>
      server.workroom.dataSource.query('UPDATE milestones SET status = $1 WHERE id = $2', [status, id]);
    await setStatus(funded.id, MilestoneStatus.PAID);
    await setStatus(disputed.id, MilestoneStatus.CANCELLED);
    const stillOne = await run(mutations.end, 'employer', { contractId });
    expect(stillOne.errors?.[0]?.message).toMatch(/money is in play: 1 milestone pending approval \(milestone 4\)/);
    await setStatus(submitted.id, MilestoneStatus.PAID);

    const ended = must(await run<{ endContract: { contract: ContractResult } }>(mutations.end, 'employer', { contractId }));
    expect(ended.endContract.contract).toMatchObject({ id: contractId, status: 'ENDED' });
    expect(ended.endContract.contract.endedAt).not.toBeNull();
    expect((await state(contract)).ended_at).not.toBeNull();
    for (const [mutation, action] of [
      [mutations.end, 'END'],
      [mutations.resume, 'RESUME'],
      [mutations.pause, 'PAUSE'],
    ] as const) {
      const result = await run(mutation, 'employer', { contractId });
      expect(result.errors?.[0]?.extensions).toEqual({ code: 'INVALID_TRANSITION', currentStatus: 'ENDED', attemptedAction: action });
    }

    // Finished, for both parties; the feed tells both and nobody else.
    for (const party of ['trainer', 'employer'] as const) {
      const view = must(
        await server.graphql<{
          viewer: { activeContracts: { nodes: Array<{ id: string }> }; finishedContracts: { nodes: Array<{ id: string; status: string }> } };
        }>('{ viewer { activeContracts(first: 100) { nodes { id } } finishedContracts(first: 100) { nodes { id status } } } }', { token: tokens[party] }),
      ).viewer;
      expect(view.finishedContracts.nodes).toContainEqual({ id: contractId, status: 'ENDED' });
      expect(view.activeContracts.nodes.map((node) => node.id)).not.toContain(contractId);
    }
    const expected = [
      ['CONTRACT_STATUS_CHANGED', 'Morgan Lee ended the contract "Red-team probes"'],
      ['CONTRACT_STATUS_CHANGED', 'Priya Shah resumed the contract "Red-team probes"'],
      ['CONTRACT_STATUS_CHANGED', 'Morgan Lee paused the contract "Red-team probes"'],
    ];
    const trainerFeed = await feedAbout('trainer', [contractId]);
    expect(trainerFeed.map((event) => [event.type, event.summary])).toEqual(expected);
    expect((await feedAbout('colleague', [contractId])).map((event) => event.id)).toEqual(trainerFeed.map((event) => event.id));
    const [{ payload }] = (await server.workroom.dataSource.query(
      "SELECT payload FROM events WHERE subject_id = $1 AND type = 'CONTRACT_STATUS_CHANGED' ORDER BY created_at DESC LIMIT 1",
      [contract.id],
    )) as [{ payload: unknown }];
    expect(payload).toEqual({ from: 'ACTIVE', to: 'ENDED' });
    const ids = new Set(trainerFeed.map((event) => event.id));
    for (const party of ['otherEmployer', 'otherTrainer'] as const) {
      expect((await feed(party)).filter((event) => ids.has(event.id))).toEqual([]);
    }
  });

  it('ends a PAUSED contract', async () => {
    const contract = await factory.contract(await openJob(), people.otherTrainer, { status: ContractStatus.PAUSED });
    await factory.milestone(contract, { number: 1, status: MilestoneStatus.CANCELLED });
    const ended = must(await run<{ endContract: { contract: ContractResult } }>(mutations.end, 'colleague', { contractId: gid('Contract', contract.id) }));
    expect(ended.endContract.contract.status).toBe('ENDED');
  });

  it('sees a milestone funded while the end waits for its lock, and refuses', async () => {
    const contract = await factory.contract(await openJob(), people.trainer);
    const milestone = await factory.milestone(contract, { number: 1, status: MilestoneStatus.NOT_FUNDED });
    // Another transaction funds the milestone and has not committed yet.
    const funding = server.workroom.dataSource.createQueryRunner();
    await funding.connect();
    try {
      await funding.startTransaction();
      await funding.query('UPDATE milestones SET status = $1 WHERE id = $2', [MilestoneStatus.FUNDED, milestone.id]);
      const ending = run(mutations.end, 'employer', { contractId: gid('Contract', contract.id) });
      // Wait (by asking PostgreSQL, not by time) until the end is blocked on the milestone's row lock.
      let blocked = false;
      for (let attempt = 0; attempt < 5_000 && !blocked; attempt += 1) {
        const rows: unknown[] = await server.workroom.dataSource.query(
          "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%FROM milestones WHERE contract_id%FOR UPDATE%'",
        );
        blocked = rows.length > 0;
      }
      expect(blocked).toBe(true);
      await funding.commitTransaction();
      const result = await ending;
      expect(result.errors?.[0]?.extensions).toEqual({ code: 'INVALID_TRANSITION', currentStatus: 'ACTIVE', attemptedAction: 'END' });
      expect(result.errors?.[0]?.message).toMatch(/1 funded milestone/);
      expect((await state(contract)).status).toBe('ACTIVE');
    } finally {
      if (funding.isTransactionActive) await funding.rollbackTransaction();
      await funding.release();
    }
  });
});
