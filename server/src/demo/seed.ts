import { randomBytes } from 'node:crypto';
import { In } from 'typeorm';
import type { DataSource, DeepPartial, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { hashPassword } from '../auth/passwords.js';
import { ActivityEvent, EventAudience, type ActivityType } from '../events/activity-event.entity.js';
import { AccessGrant, AccessKind } from '../modules/access/access-grant.entity.js';
import { Organization } from '../modules/accounts/organization.entity.js';
import { User, UserRole } from '../modules/accounts/user.entity.js';
import { Invoice, InvoiceStatus } from '../modules/billing/invoice.entity.js';
import { DisputeParty, DisputeStatus, MilestoneDispute } from '../modules/milestones/milestone-dispute.entity.js';
import { Payout, PayoutStatus } from '../modules/billing/payout.entity.js';
import { PayoutMethod } from '../modules/billing/payout-method.entity.js';
import { payoutMethodRow, type AddPayoutMethodCommand } from '../modules/billing/payout-methods.mutations.js';
import { devPayoutMethodsKey } from '../config.js';
import { CalendarEventAttendee } from '../modules/calendar/calendar-event-attendee.entity.js';
import { CalendarEvent, CalendarEventKind } from '../modules/calendar/calendar-event.entity.js';
import { Contract, ContractStatus } from '../modules/contracts/contract.entity.js';
import { InstructionAck } from '../modules/instructions/instruction-ack.entity.js';
import { InstructionDocument, InstructionStatus } from '../modules/instructions/instruction-document.entity.js';
import { InstructionRevision } from '../modules/instructions/instruction-revision.entity.js';
import { Job, JobStatus, PaymentType } from '../modules/jobs/job.entity.js';
import { ChannelMember } from '../modules/messaging/channel-member.entity.js';
import { Channel, ChannelKind } from '../modules/messaging/channel.entity.js';
import { Message } from '../modules/messaging/message.entity.js';
import { MilestoneAction, MilestoneEvent, type Attachment } from '../modules/milestones/milestone-event.entity.js';
import { Milestone, MilestoneStatus } from '../modules/milestones/milestone.entity.js';
import { Proposal, ProposalStatus } from '../modules/proposals/proposal.entity.js';
import { WebhookDelivery, WebhookDeliveryKind, WebhookDeliveryStatus } from '../modules/webhooks/webhook-delivery.entity.js';
import { WebhookEndpoint, WebhookEndpointStatus } from '../modules/webhooks/webhook-endpoint.entity.js';
import { webhookSecretVault } from '../modules/webhooks/webhook-secret-vault.js';

/**
 * The demo world that `npm start` and `npm run seed` put into an empty database: two employer
 * organizations, three trainers and a few weeks of work around "today" — contracts in every
 * state, milestones in every status with their history, instructions with revisions, a calendar,
 * conversations with unread messages, invoices, payout methods and payouts, access grants and the
 * activity log.
 */
export const demoPassword = 'workroom';

export interface SeedSummary {
  seeded: boolean;
  accounts: Array<{ email: string; role: 'TRAINER' | 'EMPLOYER'; name: string; organization: string | null }>;
}

/** Inserts the demo world in one transaction, unless the database already has users. */
export async function seedDemo(dataSource: DataSource, options: { now?: Date; payoutMethodsKey?: string } = {}): Promise<SeedSummary> {
  const clock = makeClock(options.now ?? new Date());
  return dataSource.transaction(async (manager) => {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [seedLockKey]); // instances starting together seed once
    if ((await manager.getRepository(User).count()) > 0) {
      // Seeded before (or a real database): report the demo sign-ins that exist, so every start can print them.
      const emails = demoAccounts().map((account) => account.email);
      const existing = new Set((await manager.getRepository(User).findBy({ email: In(emails) })).map((user) => user.email));
      return { seeded: false, accounts: demoAccounts().filter((account) => existing.has(account.email)) };
    }
    const world = new DemoWorld(manager, clock, await hashPassword(demoPassword)); // hashed once: scrypt is slow
    await world.people();
    await world.payoutMethodsOfTrainers(options.payoutMethodsKey ?? devPayoutMethodsKey);
    await world.jobsProposalsAndContracts();
    await world.milestonesWithHistory();
    await world.invoicesAndPayouts();
    await world.instructions();
    await world.calendarEvents();
    await world.conversations();
    await world.accessGrants();
    await world.activity();
    await world.webhooks(options.payoutMethodsKey ?? devPayoutMethodsKey);
    return {
      seeded: true,
      accounts: demoAccounts(),
    };
  });
}

/** The demo sign-ins, as printed at start and listed in the README. */
function demoAccounts(): SeedSummary['accounts'] {
  return keysOf(people).map((who) => ({
    email: people[who].email,
    role: people[who].org ? 'EMPLOYER' : 'TRAINER',
    name: people[who].name,
    organization: orgOf(who),
  }));
}

// ── The cast and the postings (no dates beyond "days ago") ───────────────────────────────

type OrgKey = 'northwind' | 'helios';
type PayoutKey = 'paidNorthwind' | 'paidHelios' | 'failedNorthwind' | 'failedHelios' | 'requestedNorthwind' | 'requestedHelios';
type PayoutMethodKey = 'alexClosedBank' | 'alexBank' | 'alexPaypal' | 'jordanBank';
type UserKey = 'morgan' | 'priya' | 'sam' | 'alex' | 'jordan' | 'taylor';
type JobKey =
  | 'rlhf'
  | 'bbox'
  | 'codeReview'
  | 'spanishEval'
  | 'agentTraces'
  | 'koreanAsr'
  | 'chartQa'
  | 'redTeam'
  | 'mathEval'
  | 'translationRank'
  | 'toxicity'
  | 'docstrings';
type ContractKey = 'alexRlhf' | 'alexCodeReview' | 'alexRedTeam' | 'alexMath' | 'alexSpanish' | 'jordanBbox' | 'jordanRlhf' | 'taylorRedTeam';
type ProposalKey = 'alexAgents' | 'alexTranslation' | 'jordanAsr' | 'jordanToxicity' | 'taylorAgents' | 'taylorMath' | 'taylorCodeReview';
type ChannelKey = ContractKey | 'rlhfTeam' | 'redTeamGroup' | 'translationProposal';
/** [days, hours, minutes] before now. */
type Ago = [days: number, hours?: number, minutes?: number];

const seedLockKey = 7_201_338;
const orgNames: Record<OrgKey, string> = { northwind: 'Northwind AI', helios: 'Helios Labs' };

const people: Record<UserKey, { email: string; name: string; org: OrgKey | null; timezone: string; skills: string[] }> = {
  morgan: { email: 'employer@example.com', name: 'Morgan Lee', org: 'northwind', timezone: 'America/New_York', skills: [] },
  priya: { email: 'employer2@example.com', name: 'Priya Shah', org: 'northwind', timezone: 'Europe/London', skills: [] },
  sam: { email: 'helios@example.com', name: 'Sam Ortega', org: 'helios', timezone: 'America/Los_Angeles', skills: [] },
  alex: { email: 'trainer@example.com', name: 'Alex Rivera', org: null, timezone: 'America/Mexico_City', skills: ['rlhf', 'python', 'code-review', 'spanish'] },
  jordan: {
    email: 'trainer2@example.com',
    name: 'Jordan Kim',
    org: null,
    timezone: 'Asia/Seoul',
    skills: ['data-labeling', 'computer-vision', 'bounding-boxes', 'rlhf', 'korean'],
  },
  taylor: {
    email: 'trainer3@example.com',
    name: 'Taylor Chen',
    org: null,
    timezone: 'Europe/Berlin',
    skills: ['red-teaming', 'safety', 'evaluation', 'mandarin'],
  },
};
const orgOf = (who: UserKey) => {
  const org = people[who].org;
  return org ? orgNames[org] : null;
};

type Pay = [PaymentType, number];
const hourly = (cents: number): Pay => [PaymentType.PAY_PER_HOUR, cents];
const perLabel = (cents: number): Pay => [PaymentType.PAY_PER_LABEL, cents];
const fixed = (cents: number): Pay => [PaymentType.FIXED_PRICE, cents];
interface JobSpec {
  org: OrgKey;
  status: JobStatus;
  postedDaysAgo: number;
  pay: Pay;
  skills: string[];
  title: string;
  description: string;
}
const job = (org: OrgKey, status: JobStatus, postedDaysAgo: number, pay: Pay, skills: string[], title: string, description: string): JobSpec => ({
  org,
  status,
  postedDaysAgo,
  pay,
  skills,
  title,
  description,
});
const { OPEN: Open, DRAFT: Draft, CLOSED: Closed } = JobStatus;

const jobSpecs: Record<JobKey, JobSpec> = {
  rlhf: job(
    'northwind',
    Open,
    45,
    hourly(45_00),
    ['rlhf', 'python', 'code-review'],
    'RLHF preference ranking for a coding assistant',
    'Compare pairs of assistant answers to programming questions and rank them for correctness, safety and helpfulness, with a one-line rationale. Python fluency required; SQL a plus.',
  ),
  bbox: job(
    'northwind',
    Open,
    20,
    perLabel(12),
    ['data-labeling', 'computer-vision', 'bounding-boxes'],
    'Bounding-box labelling for warehouse robotics',
    'Draw tight boxes around pallets, forklifts and people in warehouse camera frames (12 classes). Consistency matters more than speed; every batch is spot-checked.',
  ),
  codeReview: job(
    'northwind',
    Closed,
    28,
    fixed(2_400_00),
    ['python', 'code-review', 'unit-testing'],
    'Code review of model-written Python solutions',
    'Review 450 model-written solutions to interview-style problems: run the tests, judge correctness and style, and explain every failing verdict.',
  ),
  spanishEval: job(
    'northwind',
    Closed,
    85,
    fixed(1_800_00),
    ['spanish', 'evaluation', 'rlhf'],
    'Spanish customer-support dialogue evaluation',
    'Score 1,000 Spanish support conversations for accuracy, tone and policy compliance, and write a short report of recurring errors.',
  ),
  agentTraces: job(
    'northwind',
    Open,
    4,
    hourly(50_00),
    ['python', 'rlhf', 'web-research'],
    'Review agentic web-browsing trajectories',
    'Step through recorded browsing sessions of an agent, mark the first wrong action, and rank alternative continuations. Some traces include small Python tool calls.',
  ),
  koreanAsr: job(
    'northwind',
    Open,
    9,
    hourly(32_00),
    ['korean', 'transcription', 'audio'],
    'Korean speech transcription QA',
    'Check and correct machine transcripts of Korean customer calls; flag overlapping speech and code-switching.',
  ),
  chartQa: job(
    'northwind',
    Draft,
    1,
    perLabel(40),
    ['data-labeling', 'charts', 'math'],
    'Chart question-answering dataset (multimodal)',
    'Write question–answer pairs about business charts that require reading values and doing light arithmetic.',
  ),
  redTeam: job(
    'helios',
    Open,
    30,
    hourly(55_00),
    ['red-teaming', 'safety', 'python'],
    'Red-team a customer-service LLM',
    'Find ways to make our support assistant leak data, take unauthorized account actions or break policy. Log reproducible findings with a severity.',
  ),
  mathEval: job(
    'helios',
    Closed,
    55,
    fixed(1_500_00),
    ['math', 'evaluation', 'latex'],
    'Step-by-step grading of math reasoning',
    'Grade model solutions to algebra, geometry and calculus problems step by step, marking the first incorrect step.',
  ),
  translationRank: job(
    'helios',
    Open,
    6,
    perLabel(35),
    ['spanish', 'translation', 'rlhf'],
    'Spanish–English translation quality ranking',
    'Rank three candidate translations of support articles (ES→EN and EN→ES) and note meaning errors.',
  ),
  toxicity: job(
    'helios',
    Closed,
    70,
    perLabel(8),
    ['safety', 'data-labeling', 'content-moderation'],
    'Toxicity classifier labelling',
    'Label forum posts against a six-category toxicity taxonomy. Content may be disturbing.',
  ),
  docstrings: job(
    'helios',
    Open,
    3,
    fixed(1_200_00),
    ['python', 'code-review', 'technical-writing'],
    'Python docstring and code-explanation writing',
    'Write reference docstrings and plain-English explanations for 300 functions from open-source Python projects.',
  ),
};

interface ContractSpec {
  job: JobKey;
  trainer: UserKey;
  hiredBy: UserKey;
  short: string;
  status: ContractStatus;
  startedDaysAgo: number;
  /** When it was paused or ended. */
  changed?: Ago;
  rateCents: number | null;
  totalBudgetCents: number;
  scope: string;
  coverLetter: string;
}
const { ACTIVE: Active, PAUSED: Paused, ENDED: Ended } = ContractStatus;
const contractSpecs: Record<ContractKey, ContractSpec> = {
  alexRlhf: {
    job: 'rlhf',
    trainer: 'alex',
    hiredBy: 'morgan',
    short: 'RLHF ranking',
    status: Active,
    startedDaysAgo: 40,
    rateCents: 45_00,
    totalBudgetCents: 9_000_00,
    scope: 'Rank up to 5,000 preference pairs (about 200 hours) in five milestones, with rationales.',
    coverLetter: 'I have ranked ~20k coding preference pairs for two labs and write Python daily. Happy to start with a calibration batch.',
  },
  alexCodeReview: {
    job: 'codeReview',
    trainer: 'alex',
    hiredBy: 'priya',
    short: 'Code review',
    status: Active,
    startedDaysAgo: 20,
    rateCents: null,
    totalBudgetCents: 2_400_00,
    scope: 'Review 450 solutions in three batches of 150, each verdict with a reason.',
    coverLetter: 'Senior Python reviewer; I can run the hidden test harness locally and explain failures clearly.',
  },
  alexRedTeam: {
    job: 'redTeam',
    trainer: 'alex',
    hiredBy: 'sam',
    short: 'Red team',
    status: Active,
    startedDaysAgo: 25,
    rateCents: 55_00,
    totalBudgetCents: 6_600_00,
    scope: 'Up to 120 hours of red-teaming against system prompt v1: billing flows, prompt injection, tool use.',
    coverLetter: 'I red-teamed two support bots last year (prompt injection, data exfiltration) and write reproducible reports.',
  },
  alexMath: {
    job: 'mathEval',
    trainer: 'alex',
    hiredBy: 'sam',
    short: 'Math grading',
    status: Paused,
    startedDaysAgo: 50,
    changed: [6, 0, 30],
    rateCents: null,
    totalBudgetCents: 1_500_00,
    scope: 'Grade 750 solutions (algebra, geometry, calculus) step by step.',
    coverLetter: 'BSc in mathematics; comfortable grading proofs and LaTeX-heavy solutions.',
  },
  alexSpanish: {
    job: 'spanishEval',
    trainer: 'alex',
    hiredBy: 'morgan',
    short: 'Spanish eval',
    status: Ended,
    startedDaysAgo: 75,
    changed: [3],
    rateCents: null,
    totalBudgetCents: 1_800_00,
    scope: 'Score 1,000 Spanish support dialogues and write a summary report of recurring errors.',
    coverLetter: 'Native Spanish speaker (Mexico), five years in customer-support QA before moving to AI training.',
  },
  jordanBbox: {
    job: 'bbox',
    trainer: 'jordan',
    hiredBy: 'priya',
    short: 'Bounding boxes',
    status: Active,
    startedDaysAgo: 15,
    rateCents: 12,
    totalBudgetCents: 6_000_00,
    scope: 'Up to 50,000 boxes: a 5,000-box pilot, then batches of 20,000.',
    coverLetter: 'Two years of CV annotation (autonomous driving and retail); about 400 boxes an hour at >98% QA.',
  },
  jordanRlhf: {
    job: 'rlhf',
    trainer: 'jordan',
    hiredBy: 'morgan',
    short: 'RLHF ranking',
    status: Active,
    startedDaysAgo: 30,
    rateCents: 42_00,
    totalBudgetCents: 5_040_00,
    scope: 'Rank Korean-language coding preference pairs, about 120 hours.',
    coverLetter: 'Native Korean speaker with RLHF experience; I can cover your Korean-language pairs.',
  },
  taylorRedTeam: {
    job: 'redTeam',
    trainer: 'taylor',
    hiredBy: 'sam',
    short: 'Red team',
    status: Active,
    startedDaysAgo: 24,
    rateCents: 55_00,
    totalBudgetCents: 4_400_00,
    scope: 'Up to 80 hours of safety-policy bypass probes.',
    coverLetter: 'Safety researcher; I keep a taxonomy of policy-bypass techniques and can probe in English and Mandarin.',
  },
};

/** Proposals that did not become contracts: every other status, spread over the trainers. */
const proposalSpecs: Record<
  ProposalKey,
  { job: JobKey; trainer: UserKey; status: ProposalStatus; rateCents: number; sent: Ago; decided: Ago; coverLetter: string }
> = {
  alexAgents: {
    job: 'agentTraces',
    trainer: 'alex',
    status: ProposalStatus.UNREVIEWED,
    rateCents: 50_00,
    sent: [1, 8],
    decided: [1, 8],
    coverLetter: 'I review agent traces for a coding assistant today and would enjoy the browsing side. Available 15 h/week.',
  },
  alexTranslation: {
    job: 'translationRank',
    trainer: 'alex',
    status: ProposalStatus.SHORTLISTED,
    rateCents: 35,
    sent: [5],
    decided: [1, 4],
    coverLetter: 'Bilingual ES/EN, with recent Spanish evaluation work for Northwind AI. I can do 2,000 segments a week.',
  },
  jordanAsr: {
    job: 'koreanAsr',
    trainer: 'jordan',
    status: ProposalStatus.UNREVIEWED,
    rateCents: 32_00,
    sent: [3],
    decided: [3],
    coverLetter: 'Native Korean speaker; I have corrected call-centre transcripts before.',
  },
  jordanToxicity: {
    job: 'toxicity',
    trainer: 'jordan',
    status: ProposalStatus.DECLINED,
    rateCents: 8,
    sent: [62],
    decided: [58],
    coverLetter: 'Experienced with moderation taxonomies and comfortable with difficult content.',
  },
  taylorAgents: {
    job: 'agentTraces',
    trainer: 'taylor',
    status: ProposalStatus.UNREVIEWED,
    rateCents: 48_00,
    sent: [2],
    decided: [2],
    coverLetter: 'I evaluate agent safety for a living; happy to mark the first unsafe or wrong action in each trace.',
  },
  taylorMath: {
    job: 'mathEval',
    trainer: 'taylor',
    status: ProposalStatus.DECLINED,
    rateCents: 1_450_00,
    sent: [54],
    decided: [51],
    coverLetter: 'Evaluation background with some maths; can start immediately.',
  },
  taylorCodeReview: {
    job: 'codeReview',
    trainer: 'taylor',
    status: ProposalStatus.WITHDRAWN,
    rateCents: 2_300_00,
    sent: [27],
    decided: [24],
    coverLetter: 'Python reviewer with a testing focus.',
  },
};

// ── The world, built section by section in one transaction ──────────────────────────────

// Function properties, not methods: they use no `this`, so `const { ago } = this.clock` is safe.
interface Clock {
  ago: (...at: Ago) => Date;
  /** A UTC wall-clock time `offset` days from today. */
  day: (offset: number, hour?: number, minute?: number) => Date;
  /** The end of that day, for due dates. */
  due: (offset: number) => Date;
}

function makeClock(now: Date): Clock {
  const MINUTE = 60_000;
  const HOUR = 60 * MINUTE;
  const DAY = 24 * HOUR;
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const day = (offset: number, hour = 0, minute = 0) => new Date(midnight + offset * DAY + hour * HOUR + minute * MINUTE);
  return {
    ago: (days, hours = 0, minutes = 0) => new Date(now.getTime() - days * DAY - hours * HOUR - minutes * MINUTE),
    day,
    due: (offset) => day(offset, 23, 59),
  };
}

type SeededMilestone = { contract: ContractKey; number: number; title: string; amountCents: number; refundedCents?: number; row: Milestone } & ReturnType<
  typeof history
>;
type Line = [author: UserKey, at: Date, body: string];
interface ChannelSpec {
  kind: ChannelKind;
  name: string;
  org: OrgKey;
  job: JobKey;
  contract?: ContractKey;
  proposal?: ProposalKey;
  members: UserKey[];
  /** How many of the newest messages each member has not read yet (written by others); default none. */
  unread?: Partial<Record<UserKey, number>>;
  lines: Line[];
}
type EventDraft = Omit<DeepPartial<ActivityEvent>, 'createdAt'> & { createdAt: Date };

class DemoWorld {
  readonly manager: EntityManager;
  readonly clock: Clock;
  readonly passwordHash: string;
  orgs: Record<OrgKey, Organization>;
  users: Record<UserKey, User>;
  jobs: Record<JobKey, Job>;
  contracts: Record<ContractKey, Contract>;
  proposals: Record<ProposalKey, Proposal>;
  milestones: SeededMilestone[];
  invoices: Array<{ milestone: SeededMilestone; row: Invoice }>;
  payouts: Record<PayoutKey, Payout>;
  payoutMethods: Record<PayoutMethodKey, PayoutMethod>;
  documents: Record<'rlhf' | 'redTeam' | 'codeReview', InstructionDocument>;
  calendar: Record<
    'rlhfSync' | 'labelSetBDue' | 'injectionWalkthrough' | 'calibrationWorkshop' | 'mathSync' | 'bboxKickoff' | 'reviewRetro' | 'datasetFreeze',
    CalendarEvent
  >;
  channels: Record<ChannelKey, { spec: ChannelSpec; row: Channel; last: Message }>;
  grants: Record<'labelStudio' | 'pairs' | 'slack' | 'repo' | 'sandbox' | 'vpn' | 'taxonomy' | 'annotator', AccessGrant>;

  constructor(manager: EntityManager, clock: Clock, passwordHash: string) {
    this.manager = manager;
    this.clock = clock;
    this.passwordHash = passwordHash;
  }

  id(who: UserKey): string {
    return this.users[who].id;
  }

  /** The refs every contract-scoped event carries. */
  refs(key: ContractKey) {
    const { organizationId, trainerId, jobId, id: contractId } = this.contracts[key];
    return { organizationId, trainerId, jobId, contractId };
  }

  milestone(contract: ContractKey, number: number): SeededMilestone {
    return must(
      this.milestones.find((m) => m.contract === contract && m.number === number),
      `milestone ${contract} #${number}`,
    );
  }

  invoice(contract: ContractKey, number: number) {
    const milestone = this.milestone(contract, number);
    return must(
      this.invoices.find((invoice) => invoice.milestone === milestone),
      `invoice for ${contract} #${number}`,
    );
  }

  async people(): Promise<void> {
    const { ago } = this.clock;
    this.orgs = await insertKeyed(this.manager, Organization, {
      northwind: { name: orgNames.northwind, createdAt: ago(120) },
      helios: { name: orgNames.helios, createdAt: ago(95) },
    });
    this.users = await insertKeyed(
      this.manager,
      User,
      mapValues(people, (person) => ({
        email: person.email.trim().toLowerCase(),
        name: person.name,
        role: person.org ? UserRole.EMPLOYER : UserRole.TRAINER,
        organizationId: person.org ? this.orgs[person.org].id : null,
        timezone: person.timezone,
        skills: person.skills,
        passwordHash: this.passwordHash,
        createdAt: ago(person.org ? 110 : 100),
      })),
    );
  }

  async jobsProposalsAndContracts(): Promise<void> {
    const { ago } = this.clock;
    this.jobs = await insertKeyed(
      this.manager,
      Job,
      mapValues(jobSpecs, (spec) => ({
        organizationId: this.orgs[spec.org].id,
        title: spec.title,
        description: spec.description,
        skills: spec.skills,
        paymentType: spec.pay[0],
        rateCents: spec.pay[0] === PaymentType.FIXED_PRICE ? null : spec.pay[1],
        budgetCents: spec.pay[0] === PaymentType.FIXED_PRICE ? spec.pay[1] : null,
        currency: 'USD',
        status: spec.status,
        createdAt: ago(spec.postedDaysAgo),
        updatedAt: ago(spec.postedDaysAgo),
      })),
    );
    // Every contract came from a HIRED proposal, sent a few days before the start.
    const hired = await insertKeyed(
      this.manager,
      Proposal,
      mapValues(contractSpecs, (spec) => ({
        jobId: this.jobs[spec.job].id,
        trainerId: this.id(spec.trainer),
        organizationId: this.jobs[spec.job].organizationId,
        coverLetter: spec.coverLetter,
        rateCents: spec.rateCents ?? spec.totalBudgetCents,
        currency: 'USD',
        status: ProposalStatus.HIRED,
        createdAt: ago(spec.startedDaysAgo + 3),
        updatedAt: ago(spec.startedDaysAgo),
      })),
    );
    this.contracts = await insertKeyed(
      this.manager,
      Contract,
      mapValues(contractSpecs, (spec, key) => {
        const changedAt = spec.changed ? ago(...spec.changed) : null;
        return {
          jobId: this.jobs[spec.job].id,
          trainerId: this.id(spec.trainer),
          organizationId: this.jobs[spec.job].organizationId,
          proposalId: hired[key].id,
          title: jobSpecs[spec.job].title,
          scope: spec.scope,
          terms: [
            '- Work is delivered in milestones; each is funded before work starts and paid on approval.',
            '- Payment within 3 business days of approval; the marketplace fee is 10%.',
            `- Data and outputs belong to ${orgNames[jobSpecs[spec.job].org]}; do not copy them outside the provided tools.`,
          ].join('\n'),
          paymentType: jobSpecs[spec.job].pay[0],
          rateCents: spec.rateCents,
          totalBudgetCents: spec.totalBudgetCents,
          currency: 'USD',
          status: spec.status,
          startedAt: ago(spec.startedDaysAgo),
          endedAt: spec.status === Ended ? changedAt : null,
          createdAt: ago(spec.startedDaysAgo),
          updatedAt: changedAt ?? ago(spec.startedDaysAgo),
        };
      }),
    );
    this.proposals = await insertKeyed(
      this.manager,
      Proposal,
      mapValues(proposalSpecs, (spec) => ({
        jobId: this.jobs[spec.job].id,
        trainerId: this.id(spec.trainer),
        organizationId: this.jobs[spec.job].organizationId,
        coverLetter: spec.coverLetter,
        rateCents: spec.rateCents,
        currency: 'USD',
        status: spec.status,
        createdAt: ago(...spec.sent),
        updatedAt: ago(...spec.decided),
      })),
    );
  }

  async milestonesWithHistory(): Promise<void> {
    const { ago, due } = this.clock;
    const specs: Array<{ contract: ContractKey; title: string; description: string; amountCents: number; refundedCents?: number; dueAt: Date; steps: Step[] }> =
      [
        {
          contract: 'alexRlhf',
          title: 'Calibration batch — 200 comparisons',
          amountCents: 600_00,
          dueAt: due(-14),
          description: 'Rank 200 pairs from the gold set so we can calibrate against our reference labels.',
          steps: [
            created('morgan', ago(40)),
            funded('morgan', ago(39, 23)),
            submitted('alex', ago(20), 'All 200 comparisons with one-line rationales.', ['northwind/rlhf/calibration-200.jsonl']),
            approved('morgan', ago(18), '94% agreement with gold. Great start.'),
          ],
        },
        {
          contract: 'alexRlhf',
          title: 'Label set A — 1,000 preference pairs',
          amountCents: 1_800_00,
          dueAt: due(-5),
          description: 'Mixed Python and SQL questions; rank each pair and give a rationale.',
          steps: [
            created('morgan', ago(40, 0, -5)),
            funded('morgan', ago(17, 20)),
            submitted('alex', ago(8), 'Set A complete. Rationales included; 12 pairs flagged as ambiguous.', [
              'northwind/rlhf/labels-batch-1.jsonl',
              'northwind/rlhf/ambiguous-pairs.md',
            ]),
            changes('morgan', ago(6), 'About 40 SQL pairs look ranked on style rather than correctness (rubric §3). Please re-check them.'),
            submitted('alex', ago(4, 0, 10), 'Re-checked all 43 SQL pairs; 11 rankings flipped. Diff attached.', [
              'northwind/rlhf/labels-batch-1-v2.jsonl',
              'northwind/rlhf/sql-recheck-diff.csv',
            ]),
            approved('morgan', ago(2, 1), 'Thanks, the rationales on the flipped pairs are excellent.'),
          ],
        },
        {
          contract: 'alexRlhf',
          title: 'Label set B — 1,000 preference pairs',
          amountCents: 1_800_00,
          dueAt: due(3),
          description: 'Harder questions: concurrency, numerical code and unsafe shell commands.',
          steps: [
            created('morgan', ago(40, 0, -6)),
            funded('morgan', ago(2, 0, 50)),
            submitted('alex', ago(0, 6), 'Set B done early; applied the v3 "unsafe code" guidance throughout.', ['northwind/rlhf/labels-batch-2.jsonl']),
          ],
        },
        {
          contract: 'alexRlhf',
          title: 'Label set C — multi-turn conversations',
          amountCents: 2_200_00,
          dueAt: due(17),
          description: '500 multi-turn debugging conversations; rank the final turn in context.',
          steps: [created('morgan', ago(40, 0, -7)), funded('morgan', ago(1, 3))],
        },
        {
          contract: 'alexRlhf',
          title: 'Final audit and rubric write-up',
          amountCents: 900_00,
          dueAt: due(40),
          description: 'Audit a 5% sample across all sets and propose rubric changes.',
          steps: [created('morgan', ago(40, 0, -8))],
        },
        {
          contract: 'alexCodeReview',
          title: 'Review batch 1 — 150 solutions',
          amountCents: 800_00,
          dueAt: due(-7),
          description: 'Easy and medium problems.',
          steps: [
            created('priya', ago(20)),
            funded('priya', ago(19, 23)),
            submitted('alex', ago(9), '150 verdicts; 37 incorrect, each with the failing input.', ['northwind/code-review/batch-1-verdicts.csv']),
            approved('priya', ago(8)),
          ],
        },
        {
          contract: 'alexCodeReview',
          title: 'Review batch 2 — 150 solutions',
          amountCents: 800_00,
          dueAt: due(2),
          description: 'Medium and hard problems.',
          steps: [
            created('priya', ago(20, 0, -2)),
            funded('priya', ago(8, 0, -5)),
            submitted('alex', ago(3, 1), 'Batch 2 verdicts. Timeouts on hidden tests are marked incorrect with a note.', [
              'northwind/code-review/batch-2-verdicts.csv',
            ]),
            changes('priya', ago(1, 2), 'Several solutions fail the empty-input case but were marked correct. Please re-run the edge-case checklist.'),
          ],
        },
        {
          contract: 'alexCodeReview',
          title: 'Review batch 3 — edge cases and concurrency',
          amountCents: 800_00,
          dueAt: due(21),
          description: 'Hard problems, with concurrency and resource limits.',
          steps: [created('priya', ago(20, 0, -3))],
        },
        {
          contract: 'alexRedTeam',
          title: 'Jailbreak sweep — billing flows',
          amountCents: 1_100_00,
          dueAt: due(-10),
          description: 'Refund abuse, invoice disclosure and account takeover through the billing assistant.',
          steps: [
            created('sam', ago(25)),
            funded('sam', ago(24, 23)),
            submitted('alex', ago(13), '14 findings (3 high). Reproduction steps in the report.', ['helios/red-team/billing-findings.pdf']),
            approved('sam', ago(12)),
          ],
        },
        {
          contract: 'alexRedTeam',
          title: 'Prompt-injection test suite',
          amountCents: 1_320_00,
          dueAt: due(-2),
          description: 'A reusable suite of indirect prompt injections through tickets, emails and attachments.',
          steps: [
            created('sam', ago(25, 0, -2)),
            funded('sam', ago(12, 0, -10)),
            submitted('alex', ago(5), '62 injection cases with expected behaviour, runnable with the harness.', [
              'helios/red-team/injection-suite.jsonl',
              'helios/red-team/run_suite.py',
            ]),
            changes('sam', ago(4, 0, 5), 'Please rerun the whole suite against system prompt v2, which shipped last week.'),
            disputed('sam', ago(3, 1), 'The suite was not rerun against system prompt v2 as requested; a third of the cases no longer apply.'),
            responded(
              'alex',
              ago(3, 0, 20),
              'System prompt v2 shipped after this milestone was funded and is outside the agreed scope (v1). The suite as delivered matches the scope.',
            ),
            escalated('alex', ago(2, 3), 'We could not agree on whether v2 is in scope; please decide.'),
          ],
        },
        {
          contract: 'alexRedTeam',
          title: 'Tool-use abuse scenarios',
          amountCents: 880_00,
          dueAt: due(12),
          description: 'Abuse of the refund and address-change tools.',
          steps: [created('sam', ago(25, 0, -3)), funded('sam', ago(2, 20))],
        },
        {
          contract: 'alexRedTeam',
          title: 'Harmful-advice probes — personal finance',
          amountCents: 1_000_00,
          refundedCents: 400_00,
          dueAt: due(-9),
          description: '100 probes for risky financial advice (leverage, tax evasion, scams).',
          steps: [
            created('sam', ago(25, 0, -4)),
            funded('sam', ago(20)),
            submitted('alex', ago(11), '100 probes with expected refusals.', ['helios/red-team/finance-probes.jsonl']),
            disputed('sam', ago(10, 2), 'Only 60 of the 100 probes are distinct; 40 are rephrasings of the same scam prompt.'),
            responded('alex', ago(10), 'Fair on the duplicates. The 60 distinct probes are complete and tested.'),
            proposed('sam', ago(9, 4), 'Proposed: $600.00 released to the trainer, $400.00 refunded to the employer. Paying for the 60 distinct probes.'),
            settled('alex', ago(9, 1), 'Settled: $600.00 released to the trainer, $400.00 refunded to the employer.'),
          ],
        },
        {
          contract: 'alexMath',
          title: 'Grade 300 algebra solutions',
          amountCents: 500_00,
          dueAt: due(-13),
          description: 'Mark the first incorrect step of each solution.',
          steps: [
            created('sam', ago(50)),
            funded('sam', ago(49, 23)),
            submitted('alex', ago(15, 1), '300 solutions graded with step-level notes.', ['helios/math/algebra-grades.csv']),
            approved('sam', ago(14)),
          ],
        },
        {
          contract: 'alexMath',
          title: 'Geometry proofs — 200 solutions',
          amountCents: 500_00,
          dueAt: due(10),
          description: 'Proof-style solutions; partial credit per the rubric.',
          steps: [
            created('sam', ago(50, 0, -2)),
            funded('sam', ago(14, 0, -10)),
            cancelled('sam', ago(6, 0, 28), 'Pausing geometry while we rewrite the proof rubric; the funds are refunded.'),
          ],
        },
        {
          contract: 'alexMath',
          title: 'Calculus batch — 250 solutions',
          amountCents: 500_00,
          dueAt: due(30),
          description: 'Limits, derivatives and integrals.',
          steps: [created('sam', ago(50, 0, -3))],
        },
        {
          contract: 'alexSpanish',
          title: 'Evaluate 500 support dialogues',
          amountCents: 900_00,
          dueAt: due(-12),
          description: 'Score accuracy, tone and policy compliance.',
          steps: [
            created('morgan', ago(75)),
            funded('morgan', ago(74, 23)),
            submitted('alex', ago(16), 'First 500 dialogues scored.', ['northwind/spanish-eval/scores-1.csv']),
            approved('morgan', ago(15)),
          ],
        },
        {
          contract: 'alexSpanish',
          title: 'Evaluate 500 more and write the summary report',
          amountCents: 900_00,
          dueAt: due(-6),
          description: 'The remaining dialogues plus a report of recurring errors.',
          steps: [
            created('morgan', ago(75, 0, -2)),
            funded('morgan', ago(30)),
            submitted('alex', ago(8, 4), 'Remaining 500 scored; report attached.', [
              'northwind/spanish-eval/scores-2.csv',
              'northwind/spanish-eval/error-report.pdf',
            ]),
            approved('morgan', ago(7), 'Great report — we will reuse your error taxonomy.'),
          ],
        },
        {
          contract: 'jordanBbox',
          title: 'Pilot batch — 5,000 boxes',
          amountCents: 600_00,
          dueAt: due(-4),
          description: 'Pilot to check consistency with the class list.',
          steps: [
            created('priya', ago(15)),
            funded('priya', ago(14, 23)),
            submitted('jordan', ago(6), 'Pilot done, truncated objects ticked.', ['northwind/bbox/pilot-5000.coco.json']),
            approved('priya', ago(5)),
          ],
        },
        {
          contract: 'jordanBbox',
          title: 'Batch 2 — 20,000 boxes',
          amountCents: 2_400_00,
          dueAt: due(14),
          description: 'Night-shift camera footage.',
          steps: [created('priya', ago(15, 0, -2)), funded('priya', ago(5, 0, -10))],
        },
        {
          contract: 'jordanRlhf',
          title: 'Korean preference pairs — 500',
          amountCents: 840_00,
          dueAt: due(4),
          description: 'Korean-language coding questions.',
          steps: [
            created('morgan', ago(30)),
            funded('morgan', ago(29, 23)),
            submitted('jordan', ago(1), 'First 500 Korean pairs.', ['northwind/rlhf/korean-pairs-1.jsonl']),
          ],
        },
        {
          contract: 'taylorRedTeam',
          title: 'Safety-policy bypass probes',
          amountCents: 1_100_00,
          dueAt: due(9),
          description: 'Role-play, encoding and multilingual bypasses of the safety policy.',
          steps: [created('sam', ago(24)), funded('sam', ago(23, 23))],
        },
      ];
    const numbered = specs.map((spec, index) => ({
      ...spec,
      number: specs.slice(0, index + 1).filter((other) => other.contract === spec.contract).length,
      ...history(spec.steps),
    }));
    const rows = await insertRows(
      this.manager,
      Milestone,
      numbered.map((m) => ({
        contractId: this.contracts[m.contract].id,
        number: m.number,
        title: m.title,
        description: m.description,
        amountCents: m.amountCents,
        refundedCents: m.refundedCents ?? 0,
        currency: 'USD',
        dueAt: m.dueAt,
        status: m.status,
        version: m.events.length, // one bump per history entry
        createdAt: m.events[0]?.at,
        updatedAt: m.settledAt,
      })),
    );
    this.milestones = numbered.map((m, index) => ({ ...m, row: mustGet(rows, index) }));
    await insertRows(
      this.manager,
      MilestoneEvent,
      this.milestones.flatMap((m) => m.events.map(({ by, ...event }) => ({ ...event, actorId: this.id(by), milestoneId: m.row.id }))),
    );
    await insertRows(
      this.manager,
      MilestoneDispute,
      this.milestones.flatMap((m) => {
        const opened = [...m.events].reverse().find((event) => event.action === MilestoneAction.DISPUTED);
        return opened ? [disputeOf(m, opened, m.events.slice(m.events.indexOf(opened) + 1), (who) => this.id(who))] : [];
      }),
    );
  }

  /**
   * Settings → Payouts: Alex has two methods (a default US bank account and PayPal) and the bank
   * account his earlier payouts went to, removed after the bank bounced them; Jordan has one
   * default bank account; Taylor none yet. Sealed with the server's key, exactly as
   * `addPayoutMethod` stores them (the numbers are made up).
   */
  async payoutMethodsOfTrainers(key: string): Promise<void> {
    const { ago } = this.clock;
    const row = (who: UserKey, account: AddPayoutMethodCommand) => payoutMethodRow(key, this.id(who), account);
    const bank = (who: UserKey, country: string, accountNumber: string) =>
      row(who, { country, bankAccount: { accountHolder: people[who].name, accountNumber } });
    const closed = bank('alex', 'US', '4420019921');
    this.payoutMethods = await insertKeyed(this.manager, PayoutMethod, {
      alexClosedBank: { ...closed, secret: null, isDefault: false, createdAt: ago(60), removedAt: ago(6, 18) },
      alexBank: { ...bank('alex', 'US', '021000021456789'), isDefault: true, createdAt: ago(6, 19) },
      alexPaypal: { ...row('alex', { country: 'US', paypal: { email: 'alex.rivera@example.com' } }), isDefault: false, createdAt: ago(30) },
      jordanBank: { ...bank('jordan', 'KR', '11020345678901'), isDefault: true, createdAt: ago(28) },
    });
  }

  /**
   * One invoice per paid milestone, numbered in issue order; Alex's payouts, one per organization
   * for each request (as `requestPayout` makes them): paid, failed, then requested again.
   */
  async invoicesAndPayouts(): Promise<void> {
    const { ago } = this.clock;
    const paid = this.milestones.filter((m) => m.status === MilestoneStatus.PAID).sort((a, b) => a.settledAt.getTime() - b.settledAt.getTime());
    const gross = (m: SeededMilestone) => m.amountCents - (m.refundedCents ?? 0);
    const net = (m: SeededMilestone) => gross(m) - fee(gross(m));
    const covers = (...refs: Array<[ContractKey, number]>) => refs.map(([contract, number]) => this.milestone(contract, number));
    const paidOut = { status: PayoutStatus.PAID, requestedAt: ago(13), completedAt: ago(11) as Date | null, failureReason: null as string | null };
    // The bank bounced these (completedAt = when they failed); the same invoices were requested again below.
    const bounced = { status: PayoutStatus.FAILED, requestedAt: ago(7, 12), completedAt: ago(6, 20), failureReason: 'Bank account closed' };
    const waiting = { status: PayoutStatus.REQUESTED, requestedAt: ago(2, 5), completedAt: null, failureReason: null };
    const payoutSpecs: Record<PayoutKey, typeof paidOut & { org: OrgKey; covers: SeededMilestone[] }> = {
      paidNorthwind: { ...paidOut, org: 'northwind', covers: covers(['alexRlhf', 1], ['alexSpanish', 1]) },
      paidHelios: { ...paidOut, org: 'helios', covers: covers(['alexMath', 1]) },
      failedNorthwind: { ...bounced, org: 'northwind', covers: covers(['alexCodeReview', 1]) },
      failedHelios: { ...bounced, org: 'helios', covers: covers(['alexRedTeam', 1]) },
      requestedNorthwind: { ...waiting, org: 'northwind', covers: covers(['alexCodeReview', 1], ['alexSpanish', 2]) },
      requestedHelios: { ...waiting, org: 'helios', covers: covers(['alexRedTeam', 1]) },
    };
    for (const [key, spec] of Object.entries(payoutSpecs)) {
      if (spec.covers.some((m) => this.contracts[m.contract].organizationId !== this.orgs[spec.org].id)) {
        throw new Error(`seed: payout ${key} covers another organization's milestone`);
      }
    }
    this.payouts = await insertKeyed(
      this.manager,
      Payout,
      mapValues(payoutSpecs, (spec) => ({
        trainerId: this.id('alex'),
        organizationId: this.orgs[spec.org].id,
        // The first two requests went to the account that was then closed; the waiting ones to the new default.
        payoutMethodId: this.payoutMethods[spec.status === PayoutStatus.REQUESTED ? 'alexBank' : 'alexClosedBank'].id,
        amountCents: spec.covers.reduce((sum, m) => sum + net(m), 0),
        currency: 'USD',
        status: spec.status,
        requestedAt: spec.requestedAt,
        completedAt: spec.completedAt,
        failureReason: spec.failureReason,
      })),
    );
    const rows = await insertRows(
      this.manager,
      Invoice,
      paid.map((m, index) => {
        // A failed payout's invoices were released; they point at the payout that holds them now.
        const payout = keysOf(payoutSpecs).find((key) => payoutSpecs[key].status !== PayoutStatus.FAILED && payoutSpecs[key].covers.includes(m));
        const settled = payout !== undefined && payoutSpecs[payout].status === PayoutStatus.PAID;
        const contract = this.contracts[m.contract];
        return {
          number: `WR-${m.settledAt.getUTCFullYear()}-${String(index + 1).padStart(6, '0')}`,
          contractId: contract.id,
          milestoneId: m.row.id,
          organizationId: contract.organizationId,
          trainerId: contract.trainerId,
          grossCents: gross(m),
          feeCents: fee(gross(m)),
          netCents: net(m),
          currency: 'USD',
          status: settled ? InvoiceStatus.PAID : InvoiceStatus.ISSUED,
          issuedAt: m.settledAt,
          paidAt: settled ? payoutSpecs[payout].completedAt : null,
          payoutId: payout ? this.payouts[payout].id : null,
        };
      }),
    );
    this.invoices = paid.map((milestone, index) => ({ milestone, row: mustGet(rows, index) }));
    // Invoices issued from now on continue the numbering (see billing/invoices.service.ts).
    await this.manager.query("SELECT setval('invoice_number_seq', $1)", [paid.length]);
  }

  async instructions(): Promise<void> {
    const { ago } = this.clock;
    const rlhf = rlhfGuidelines();
    const redTeam = redTeamBrief();
    const review = codeReviewChecklist();
    // `published`: when trainers were shown this version (and the change note it came with).
    type Revision = { by: UserKey; at: Date; title: string; body: string; published?: Date; note?: string };
    const specs: Record<
      keyof DemoWorld['documents'],
      {
        job: JobKey;
        publishedVersion: number | null;
        publishedAt: Date | null;
        revisions: Revision[];
        acks: Array<{ trainer: UserKey; version: number; at: Date }>;
      }
    > = {
      // PUBLISHED, and the latest draft is the published version. Alex last read v1: "updated since you last read".
      rlhf: {
        job: 'rlhf',
        publishedVersion: 3,
        publishedAt: ago(2, 3),
        revisions: [
          { by: 'morgan', at: ago(41), title: 'RLHF ranking guidelines', body: rlhf.v1, published: ago(40, 23) },
          { by: 'priya', at: ago(20, 2), title: 'RLHF ranking guidelines', body: rlhf.v2 },
          {
            by: 'morgan',
            at: ago(2, 4),
            title: 'RLHF ranking guidelines',
            body: rlhf.v3,
            published: ago(2, 3),
            note: 'Rationales are required on every pair now, and ties go to the safer answer.',
          },
        ],
        acks: [
          { trainer: 'alex', version: 1, at: ago(39, 22) },
          { trainer: 'jordan', version: 3, at: ago(1, 5) },
        ],
      },
      // PUBLISHED v1, with a newer unpublished draft (v2) that trainers do not see yet.
      redTeam: {
        job: 'redTeam',
        publishedVersion: 1,
        publishedAt: ago(26),
        revisions: [
          { by: 'sam', at: ago(26, 1), title: 'Red-team brief', body: redTeam.v1, published: ago(26) },
          { by: 'sam', at: ago(1, 6), title: 'Red-team brief', body: redTeam.v2 },
        ],
        acks: [
          { trainer: 'alex', version: 1, at: ago(24, 21) },
          { trainer: 'taylor', version: 1, at: ago(23, 22) },
        ],
      },
      // DRAFT only: never published.
      codeReview: {
        job: 'codeReview',
        publishedVersion: null,
        publishedAt: null,
        revisions: [
          { by: 'priya', at: ago(19), title: 'Code review checklist', body: review.v1 },
          { by: 'priya', at: ago(3, 2), title: 'Code review checklist', body: review.v2 },
        ],
        acks: [],
      },
    };
    this.documents = await insertKeyed(
      this.manager,
      InstructionDocument,
      mapValues(specs, (spec) => {
        const latest = mustGet(spec.revisions, spec.revisions.length - 1);
        return {
          jobId: this.jobs[spec.job].id,
          organizationId: this.jobs[spec.job].organizationId,
          title: latest.title,
          body: latest.body,
          version: spec.revisions.length,
          status: spec.publishedVersion === null ? InstructionStatus.DRAFT : InstructionStatus.PUBLISHED,
          publishedVersion: spec.publishedVersion,
          publishedAt: spec.publishedAt,
          updatedById: this.id(latest.by),
          createdAt: mustGet(spec.revisions, 0).at,
          updatedAt: new Date(Math.max(latest.at.getTime(), spec.publishedAt?.getTime() ?? 0)),
        };
      }),
    );
    await insertRows(
      this.manager,
      InstructionRevision,
      keysOf(specs).flatMap((key) =>
        specs[key].revisions.map((r, index) => ({
          documentId: this.documents[key].id,
          version: index + 1,
          title: r.title,
          body: r.body,
          authorId: this.id(r.by),
          createdAt: r.at,
          publishedAt: r.published ?? null,
          changeNote: r.note ?? null,
        })),
      ),
    );
    await insertRows(
      this.manager,
      InstructionAck,
      keysOf(specs).flatMap((key) =>
        specs[key].acks.map((a) => ({
          documentId: this.documents[key].id,
          trainerId: this.id(a.trainer),
          version: a.version,
          at: a.at,
        })),
      ),
    );
  }

  async calendarEvents(): Promise<void> {
    const { ago, day } = this.clock;
    type Spec = {
      org: OrgKey;
      job: JobKey;
      contract?: ContractKey;
      kind: CalendarEventKind;
      title: string;
      description: string;
      startsAt: Date;
      endsAt: Date;
      allDay?: boolean;
      location?: string;
      meet?: string;
      by: UserKey;
      createdAt: Date;
      cancelledAt?: Date;
      attendees: UserKey[];
    };
    const { KICKOFF: Kickoff, CHECK_IN: CheckIn, DEADLINE: Deadline, OTHER: Other } = CalendarEventKind;
    const specs: Record<keyof DemoWorld['calendar'], Spec> = {
      rlhfSync: {
        org: 'northwind',
        job: 'rlhf',
        kind: CheckIn,
        title: 'Weekly RLHF raters sync',
        description: 'Bring your trickiest pairs from this week.',
        startsAt: day(1, 16),
        endsAt: day(1, 16, 30),
        meet: 'nwd-rlhf',
        by: 'morgan',
        createdAt: ago(3, 2),
        attendees: ['morgan', 'priya', 'alex', 'jordan'],
      },
      labelSetBDue: {
        org: 'northwind',
        job: 'rlhf',
        contract: 'alexRlhf',
        kind: Deadline,
        title: 'Label set B due',
        description: 'Milestone 3 of the RLHF ranking contract.',
        startsAt: day(3),
        endsAt: day(4),
        allDay: true,
        by: 'morgan',
        createdAt: ago(2, 0, 45),
        attendees: ['morgan', 'alex'],
      },
      injectionWalkthrough: {
        org: 'helios',
        job: 'redTeam',
        contract: 'alexRedTeam',
        kind: CheckIn,
        title: 'Prompt-injection suite walkthrough',
        description: 'Go through the disputed milestone together and agree how to cover system prompt v2.',
        startsAt: day(2, 17),
        endsAt: day(2, 18),
        meet: 'hel-pinj',
        by: 'sam',
        createdAt: ago(3),
        attendees: ['sam', 'alex'],
      },
      calibrationWorkshop: {
        org: 'helios',
        job: 'redTeam',
        kind: Other,
        title: 'Red-team calibration workshop',
        description: 'Severity calibration with the Helios safety team; remote attendance is fine.',
        startsAt: day(8, 16),
        endsAt: day(8, 18),
        location: 'Helios Labs, 500 Howard St, San Francisco',
        meet: 'hel-calb',
        by: 'sam',
        createdAt: ago(5),
        attendees: ['sam', 'alex', 'taylor'],
      },
      mathSync: {
        org: 'helios',
        job: 'mathEval',
        contract: 'alexMath',
        kind: CheckIn,
        title: 'Math grading sync',
        description: 'Rubric questions for the geometry batch.',
        startsAt: day(2, 15),
        endsAt: day(2, 15, 30),
        meet: 'hel-math',
        by: 'sam',
        createdAt: ago(12),
        cancelledAt: ago(6, 0, 26),
        attendees: ['sam', 'alex'],
      },
      bboxKickoff: {
        org: 'northwind',
        job: 'bbox',
        contract: 'jordanBbox',
        kind: Kickoff,
        title: 'Kickoff: bounding-box batch 2',
        description: 'Night-shift footage: new lighting classes and the QA sample plan.',
        startsAt: day(-4, 14),
        endsAt: day(-4, 14, 30),
        meet: 'nwd-bbox',
        by: 'priya',
        createdAt: ago(5, 0, -30),
        attendees: ['priya', 'jordan'],
      },
      reviewRetro: {
        org: 'northwind',
        job: 'codeReview',
        contract: 'alexCodeReview',
        kind: CheckIn,
        title: 'Code review: batch 1 retro',
        description: 'What to keep and change before batch 2.',
        startsAt: day(-6, 15),
        endsAt: day(-6, 15, 45),
        meet: 'nwd-code',
        by: 'priya',
        createdAt: ago(8, 0, -30),
        attendees: ['priya', 'alex'],
      },
      datasetFreeze: {
        org: 'northwind',
        job: 'rlhf',
        kind: Deadline,
        title: 'Northwind dataset freeze',
        description: 'Everything labelled by now goes into the next training run.',
        startsAt: day(28, 23),
        endsAt: day(28, 23),
        by: 'morgan',
        createdAt: ago(10),
        attendees: ['morgan', 'priya', 'alex', 'jordan'],
      },
    };
    this.calendar = await insertKeyed(
      this.manager,
      CalendarEvent,
      mapValues(specs, (spec) => ({
        organizationId: this.orgs[spec.org].id,
        jobId: this.jobs[spec.job].id,
        contractId: spec.contract ? this.contracts[spec.contract].id : null,
        kind: spec.kind,
        title: spec.title,
        description: spec.description,
        startsAt: spec.startsAt,
        endsAt: spec.endsAt,
        allDay: spec.allDay ?? false,
        location: spec.location ?? null,
        meetingUrl: spec.meet ? `https://meet.example.com/${spec.meet}` : null,
        createdById: this.id(spec.by),
        cancelledAt: spec.cancelledAt ?? null,
        createdAt: spec.createdAt,
        updatedAt: spec.cancelledAt ?? spec.createdAt,
      })),
    );
    await insertRows(
      this.manager,
      CalendarEventAttendee,
      keysOf(specs).flatMap((key) =>
        specs[key].attendees.map((who) => ({ eventId: this.calendar[key].id, userId: this.id(who), addedAt: specs[key].createdAt })),
      ),
    );
  }

  /** A DIRECT channel per contract, the Northwind and Helios teams' GROUP channels and a PROPOSAL thread; Alex has unread messages. */
  async conversations(): Promise<void> {
    const { ago } = this.clock;
    const direct = (contract: ContractKey, lines: Line[], unread?: Partial<Record<UserKey, number>>): ChannelSpec => {
      const { job, trainer, hiredBy, short } = contractSpecs[contract];
      const org = jobSpecs[job].org;
      const name = `${people[trainer].name} · ${orgNames[org]} · ${short}`;
      return { kind: ChannelKind.DIRECT, name, org, job, contract, members: [trainer, hiredBy], lines, ...(unread ? { unread } : {}) };
    };
    const specs: Record<ChannelKey, ChannelSpec> = {
      alexRlhf: direct(
        'alexRlhf',
        [
          [
            'morgan',
            ago(39, 23, 30),
            'Welcome aboard, Alex! The ranking guidelines are in the Instructions tab and the Label Studio project is shared with you. Please start with the 200-pair calibration batch.',
          ],
          ['alex', ago(39, 21), 'Thanks Morgan, I have access. Calibration will be done before the end of next week.'],
          [
            'morgan',
            ago(6, 0, -5),
            'I requested changes on Label set A: about 40 SQL pairs look ranked on style rather than correctness. Details are in the milestone note.',
          ],
          ['alex', ago(5, 22), 'Understood. I will re-check every SQL pair against §3 of the rubric and resubmit.'],
          ['alex', ago(4, 0, 5), 'Resubmitted: 43 pairs re-checked, 11 flipped. The diff is attached to the milestone.'],
          ['morgan', ago(2, 0, 55), 'Approved and released, thank you. I also published v3 of the guidelines with a new section on unsafe code.'],
          ['morgan', ago(0, 2), 'Saw that Label set B is in; I will review it tomorrow. Could you skim the v3 changes before starting set C?'],
        ],
        { alex: 2 },
      ),
      alexCodeReview: direct('alexCodeReview', [
        ['priya', ago(19, 23, 50), 'Hi Alex, looking forward to this! Repository access should be live; ping me if it is not.'],
        ['alex', ago(19, 22), 'All good: cloned, and the test harness runs locally.'],
        ['alex', ago(3, 0, 55), 'Batch 2 submitted. A handful of solutions time out on the hidden tests; I marked those incorrect with a note.'],
        [
          'priya',
          ago(1, 1, 55),
          'Thanks! I asked for changes: several solutions fail the empty-input case but were marked correct. The edge-case checklist covers it.',
        ],
        ['alex', ago(1, 0, 30), 'I missed that checklist because it is still a draft. Re-running batch 2 now.'],
      ]),
      alexRedTeam: direct(
        'alexRedTeam',
        [
          ['sam', ago(24, 23, 30), 'Welcome! Sandbox credentials are in the Access tab. Please log every finding in the tracker with a severity.'],
          ['alex', ago(24, 20), 'I am in. Starting with the billing flows.'],
          ['sam', ago(4, 0, 2), 'Could you rerun the injection suite against system prompt v2? It shipped last week.'],
          [
            'alex',
            ago(3, 0, 55),
            'v2 was not part of the scope when this milestone was funded, so I opened a dispute rather than redo it. Happy to cover v2 as a new milestone.',
          ],
          ['sam', ago(0, 20), 'Fair point. Let us talk it through on the walkthrough call I scheduled; I am open to funding v2 as a separate milestone.'],
        ],
        { alex: 1 },
      ),
      alexMath: direct('alexMath', [
        ['sam', ago(49, 23), 'Welcome to the math grading project! Algebra first, please.'],
        ['alex', ago(15, 0, 55), 'Algebra batch submitted: 300 solutions graded with step-level notes.'],
        [
          'sam',
          ago(6, 0, 25),
          'Heads-up: we are pausing the contract while we rewrite the geometry rubric. I cancelled the geometry milestone and refunded it; calculus stays on the plan.',
        ],
        ['alex', ago(5, 23), 'Thanks for letting me know. Ping me when the new rubric is ready.'],
      ]),
      alexSpanish: direct('alexSpanish', [
        ['morgan', ago(74, 23), '¡Hola Alex! Thanks for joining. The dialogues are in the annotator and the scoring sheet is pinned there.'],
        ['alex', ago(74, 22), '¡Gracias! Starting today.'],
        ['alex', ago(8, 3, 55), 'The final batch and the summary report are submitted.'],
        ['morgan', ago(6, 23), 'Great report: we will use your error taxonomy for the next round. I will close the contract this week.'],
        ['alex', ago(2, 23), 'Thanks Morgan, it was a pleasure. Happy to help with the next round.'],
      ]),
      jordanBbox: direct('jordanBbox', [
        ['priya', ago(14, 23, 50), 'Hi Jordan, welcome! The pilot is 5,000 boxes; the class list is in the instructions.'],
        ['jordan', ago(14, 22), 'Thanks! Quick question: do forklifts partly out of frame get a box?'],
        ['priya', ago(14, 20), 'Yes: box the visible part and tick "truncated".'],
        ['jordan', ago(6, 0, -5), 'Pilot submitted.'],
        ['priya', ago(5, 0, -5), 'Approved! Batch 2 is funded; see you at the kickoff call.'],
      ]),
      jordanRlhf: direct('jordanRlhf', [
        ['morgan', ago(29, 23), 'Welcome Jordan! You will focus on the Korean-language pairs.'],
        ['jordan', ago(29, 21), 'Great, starting with the calibration set.'],
        ['jordan', ago(0, 23, 55), 'First 500 Korean pairs submitted.'],
      ]),
      taylorRedTeam: direct('taylorRedTeam', [
        ['sam', ago(23, 23, 30), 'Welcome Taylor! You will cover safety-policy bypass probes; Alex is on billing and injection.'],
        ['taylor', ago(23, 21), 'Thanks Sam. Is the sandbox reset daily?'],
        ['sam', ago(23, 20), 'Nightly at 02:00 UTC.'],
        ['taylor', ago(2), 'First 60 probes logged in the tracker, 7 of them high severity.'],
      ]),
      rlhfTeam: {
        kind: ChannelKind.GROUP,
        name: 'Northwind RLHF team',
        org: 'northwind',
        job: 'rlhf',
        members: ['morgan', 'priya', 'alex', 'jordan'],
        unread: { alex: 3, jordan: 1 },
        lines: [
          [
            'morgan',
            ago(29, 22),
            'Welcome to the RLHF team channel. Questions everyone benefits from go here; contract-specific things stay in your direct threads.',
          ],
          ['jordan', ago(28, 22), 'Hi all! Jordan here, covering the Korean pairs.'],
          ['alex', ago(28, 21), 'Alex here: English and Spanish pairs, plus the code-heavy ones.'],
          ['priya', ago(20, 1), 'Guidelines v2 is up with a tie-breaking section. Please read it before your next batch.'],
          ['alex', ago(9), 'Question: when both answers are wrong but one fails safely (raises instead of corrupting data), do we prefer the safe failure?'],
          ['morgan', ago(8, 22), 'Yes, the safe failure wins. I will make that explicit in v3.'],
          ['morgan', ago(2, 2, 50), 'v3 is published with a new "Unsafe code" section. Please acknowledge it in the Instructions tab.'],
          ['jordan', ago(1, 4, 55), 'Read and acknowledged 👍'],
          ['priya', ago(0, 1), 'Reminder: weekly sync tomorrow at 16:00 UTC. Bring your trickiest pairs.'],
        ],
      },
      // One employer and the two trainers of one job, in one GROUP channel (the job's Team and Messages tab).
      redTeamGroup: {
        kind: ChannelKind.GROUP,
        name: 'Red team huddle',
        org: 'helios',
        job: 'redTeam',
        members: ['sam', 'alex', 'taylor'],
        unread: { alex: 1 },
        lines: [
          [
            'sam',
            ago(23, 22),
            'Alex, Taylor: one channel for the two of you so findings do not overlap. Alex has billing and injection, Taylor policy bypass.',
          ],
          ['taylor', ago(23, 21, 30), 'Hi Alex! I will tag my tracker entries "policy" so we can tell them apart.'],
          ['alex', ago(23, 21), 'Sounds good. Mine get "billing" or "injection".'],
          ['taylor', ago(1, 22), 'Found a bypass that chains through the refund flow: Alex, it may touch your billing scope. Details in the tracker.'],
        ],
      },
      translationProposal: {
        kind: ChannelKind.PROPOSAL,
        name: 'Proposal: Spanish–English translation quality ranking',
        org: 'helios',
        job: 'translationRank',
        proposal: 'alexTranslation',
        members: ['sam', 'alex'],
        lines: [
          ['sam', ago(1, 3), 'Hi Alex, thanks for the proposal; your Spanish evaluation work stood out. Could you do 2,000 segments a week?'],
          ['alex', ago(1, 1), 'Hi Sam! Yes, 2,000 a week works, and I can start next week.'],
          ['sam', ago(0, 4), 'Great. I will send a short paid test batch before we decide.'],
        ],
      },
    };
    for (const key of keysOf(specs))
      assertIncreasing(
        specs[key].lines.map(([, at]) => at),
        `channel ${key}`,
      );
    const channels = await insertKeyed(
      this.manager,
      Channel,
      mapValues(specs, (spec) => ({
        organizationId: this.orgs[spec.org].id,
        jobId: this.jobs[spec.job].id,
        contractId: spec.contract ? this.contracts[spec.contract].id : null,
        proposalId: spec.proposal ? this.proposals[spec.proposal].id : null,
        kind: spec.kind,
        name: spec.name,
        lastMessageSeq: spec.lines.length,
        lastMessageAt: mustGet(spec.lines, spec.lines.length - 1)[1],
        createdAt: new Date(mustGet(spec.lines, 0)[1].getTime() - 60_000),
      })),
    );
    await insertRows(
      this.manager,
      ChannelMember,
      keysOf(specs).flatMap((key) => {
        const { members, lines, unread } = specs[key];
        return members.map((who) => {
          const count = unread?.[who] ?? 0;
          if (lines.slice(lines.length - count).some(([author]) => author === who)) throw new Error(`seed: ${who}'s own message is unread in ${key}`);
          return { channelId: channels[key].id, userId: this.id(who), lastReadSeq: lines.length - count, joinedAt: channels[key].createdAt, removedAt: null };
        });
      }),
    );
    const messages = await insertRows(
      this.manager,
      Message,
      keysOf(specs).flatMap((key) =>
        specs[key].lines.map(([author, at, body], index) => ({
          channelId: channels[key].id,
          seq: index + 1,
          authorId: this.id(author),
          body,
          createdAt: at,
          editedAt: null,
        })),
      ),
    );
    this.channels = mapValues(specs, (spec, key) => ({
      spec,
      row: channels[key],
      last: must(
        messages.find((m) => m.channelId === channels[key].id && m.seq === spec.lines.length),
        `last message of ${key}`,
      ),
    }));
  }

  async accessGrants(): Promise<void> {
    const { ago } = this.clock;
    const grant = (contract: ContractKey, kind: AccessKind, name: string, url: string | null, note: string | null, granted: Ago, revoked?: Ago) => ({
      contractId: this.contracts[contract].id,
      kind,
      name,
      url,
      note,
      grantedById: this.id(contractSpecs[contract].hiredBy),
      grantedAt: ago(...granted),
      revokedAt: revoked ? ago(...revoked) : null,
    });
    const { TOOL: Tool, TEAM: Team, DATASET: Dataset, OTHER: Other } = AccessKind;
    this.grants = await insertKeyed(this.manager, AccessGrant, {
      labelStudio: grant('alexRlhf', Tool, 'Label Studio: RLHF ranking project', 'https://label.northwind.example/projects/rlhf-ranking', null, [40]),
      pairs: grant(
        'alexRlhf',
        Dataset,
        'Preference pairs v3 (read-only)',
        'https://data.northwind.example/datasets/preference-pairs-v3',
        'Read-only; do not copy outside the workspace.',
        [40, 0, -10],
      ),
      slack: grant('alexRlhf', Team, '#rlhf-raters on the Northwind Slack', 'https://northwind.slack.example/archives/rlhf-raters', null, [29, 23]),
      repo: grant('alexCodeReview', Tool, 'GitHub: northwind-ai/codegen-eval (read)', 'https://github.example.com/northwind-ai/codegen-eval', null, [20]),
      sandbox: grant('alexRedTeam', Tool, 'Helios red-team sandbox', 'https://sandbox.helios.example/red-team', 'Resets nightly at 02:00 UTC.', [25]),
      vpn: grant('alexRedTeam', Other, 'VPN profile for the sandbox network', null, 'Sent by email; valid until the contract ends.', [25, 0, -5]),
      taxonomy: grant('alexRedTeam', Dataset, 'Attack taxonomy v3', 'https://docs.helios.example/attack-taxonomy-v3', null, [4, 2]),
      // Revoked when the contract ended.
      annotator: grant('alexSpanish', Tool, 'Support dialogue annotator', 'https://annotate.northwind.example/support-es', null, [75], [3, 0, -5]),
    });
  }

  /** The activity log: outbox rows for the story's recent moments, already delivered (position and publishedAt set). */
  async activity(): Promise<void> {
    const name = (userId: string | null) =>
      people[
        must(
          keysOf(people).find((who) => this.id(who) === userId),
          `user ${userId}`,
        )
      ].name;
    const orgNameOf = (organizationId: string) =>
      orgNames[
        must(
          keysOf(orgNames).find((org) => this.orgs[org].id === organizationId),
          `organization ${organizationId}`,
        )
      ];
    const usd = (cents: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(cents / 100);
    const contractKeyOf = (contractId: string) =>
      must(
        keysOf(this.contracts).find((key) => this.contracts[key].id === contractId),
        'contract',
      );

    const milestoneChanged = (contract: ContractKey, number: number): EventDraft => {
      const m = this.milestone(contract, number);
      const step = must(m.events.at(-1), 'step');
      return {
        type: disputeActivity[step.action] ?? 'MILESTONE_STATUS_CHANGED',
        audience: EventAudience.PARTICIPANTS,
        ...this.refs(contract),
        actorId: this.id(step.by),
        subjectType: 'Milestone',
        subjectId: m.row.id,
        createdAt: step.at,
        summary: `${people[step.by].name} ${verbs[step.action]} milestone ${m.number} (${m.title})`,
        payload: { from: step.fromStatus, to: step.toStatus, version: m.events.length },
      };
    };
    const invoiceIssued = (contract: ContractKey, number: number): EventDraft => {
      const { milestone: m, row } = this.invoice(contract, number);
      return {
        type: 'INVOICE_ISSUED',
        audience: EventAudience.PARTICIPANTS,
        ...this.refs(contract),
        actorId: this.id(must(m.events.at(-1), 'step').by),
        subjectType: 'Invoice',
        subjectId: row.id,
        createdAt: row.issuedAt,
        summary: `Invoice ${row.number} issued: ${usd(row.grossCents)} for milestone ${m.number} (${m.title})`,
        payload: { number: row.number, grossCents: row.grossCents, feeCents: row.feeCents, netCents: row.netCents },
      };
    };
    // A payout is one organization's invoices; TRAINER keeps it private to Alex. The processor, not a person, completes it.
    const payout = (key: PayoutKey, type: ActivityType): EventDraft => {
      const row = this.payouts[key];
      const from = `${usd(row.amountCents)} from ${orgNameOf(row.organizationId)}`;
      const requested = type === 'PAYOUT_REQUESTED';
      return {
        type,
        audience: EventAudience.TRAINER,
        organizationId: row.organizationId,
        trainerId: row.trainerId,
        actorId: requested ? row.trainerId : null,
        subjectType: 'Payout',
        subjectId: row.id,
        createdAt: requested ? row.requestedAt : must(row.completedAt, 'completedAt'),
        summary: requested ? `Alex Rivera requested a payout of ${from}` : `Payout of ${from} failed: ${row.failureReason ?? ''}`,
        payload:
          type === 'PAYOUT_REQUESTED'
            ? { status: PayoutStatus.REQUESTED, amountCents: row.amountCents }
            : { status: row.status, amountCents: row.amountCents, failureReason: row.failureReason },
      };
    };
    const calendar = (key: keyof DemoWorld['calendar'], type: ActivityType, at: Date, verb: string): EventDraft => {
      const row = this.calendar[key];
      return {
        type,
        audience: EventAudience.CALENDAR,
        organizationId: row.organizationId,
        jobId: row.jobId,
        contractId: row.contractId,
        trainerId: row.contractId ? this.contracts[contractKeyOf(row.contractId)].trainerId : null,
        actorId: row.createdById,
        subjectType: 'CalendarEvent',
        subjectId: row.id,
        createdAt: at,
        summary: `${name(row.createdById)} ${verb} "${row.title}"`,
        payload: { startsAt: row.startsAt.toISOString(), endsAt: row.endsAt.toISOString() },
      };
    };
    const messageAdded = (key: ChannelKey): EventDraft => {
      const { row, spec, last } = this.channels[key];
      const text = last.body.length > 80 ? `${last.body.slice(0, 77)}…` : last.body;
      return {
        type: 'MESSAGE_ADDED',
        audience: EventAudience.CHANNEL,
        organizationId: row.organizationId,
        jobId: row.jobId,
        contractId: row.contractId,
        channelId: row.id,
        trainerId: spec.contract ? this.contracts[spec.contract].trainerId : null,
        actorId: last.authorId,
        subjectType: 'Message',
        subjectId: last.id,
        createdAt: last.createdAt,
        summary: `${name(last.authorId)} in ${row.name}: ${text}`,
        payload: { seq: last.seq },
      };
    };
    const contractChanged = (contract: ContractKey, from: ContractStatus, verb: string): EventDraft => {
      const row = this.contracts[contract];
      const by = contractSpecs[contract].hiredBy;
      return {
        type: 'CONTRACT_STATUS_CHANGED',
        audience: EventAudience.PARTICIPANTS,
        ...this.refs(contract),
        actorId: this.id(by),
        subjectType: 'Contract',
        subjectId: row.id,
        createdAt: row.updatedAt,
        summary: `${people[by].name} ${verb} the contract "${row.title}"`,
        payload: { from, to: row.status },
      };
    };
    const access = (key: keyof DemoWorld['grants'], type: ActivityType, at: Date, verb: string): EventDraft => {
      const row = this.grants[key];
      return {
        type,
        audience: EventAudience.PARTICIPANTS,
        ...this.refs(contractKeyOf(row.contractId)),
        actorId: row.grantedById,
        subjectType: 'AccessGrant',
        subjectId: row.id,
        createdAt: at,
        summary: `${name(row.grantedById)} ${verb} ${row.name}`,
        payload: { kind: row.kind },
      };
    };
    const proposal = (key: ProposalKey, type: ActivityType, actor: UserKey, summary: string, payload: Record<string, unknown>): EventDraft => {
      const row = this.proposals[key];
      return {
        type,
        audience: EventAudience.PARTICIPANTS,
        organizationId: row.organizationId,
        trainerId: row.trainerId,
        jobId: row.jobId,
        actorId: this.id(actor),
        subjectType: 'Proposal',
        subjectId: row.id,
        createdAt: row.updatedAt,
        summary,
        payload,
      };
    };
    const instructions = (key: keyof DemoWorld['documents'], type: ActivityType, audience: EventAudience, at: Date, summary: string): EventDraft => {
      const row = this.documents[key];
      return {
        type,
        audience,
        organizationId: row.organizationId,
        jobId: row.jobId,
        actorId: row.updatedById,
        subjectType: 'InstructionDocument',
        subjectId: row.id,
        createdAt: at,
        summary,
        payload: { version: row.version },
      };
    };

    const { calendar: events, documents, grants } = this;
    const drafts: EventDraft[] = [
      milestoneChanged('alexCodeReview', 1),
      invoiceIssued('alexCodeReview', 1),
      milestoneChanged('alexRedTeam', 4),
      invoiceIssued('alexRedTeam', 4),
      payout('failedNorthwind', 'PAYOUT_REQUESTED'),
      payout('failedHelios', 'PAYOUT_REQUESTED'),
      milestoneChanged('alexSpanish', 2),
      invoiceIssued('alexSpanish', 2),
      payout('failedNorthwind', 'PAYOUT_COMPLETED'),
      payout('failedHelios', 'PAYOUT_COMPLETED'),
      contractChanged('alexMath', Active, 'paused'),
      milestoneChanged('alexMath', 2),
      calendar('mathSync', 'CALENDAR_EVENT_CANCELLED', must(events.mathSync.cancelledAt, 'cancelledAt'), 'cancelled'),
      calendar('calibrationWorkshop', 'CALENDAR_EVENT_SCHEDULED', events.calibrationWorkshop.createdAt, 'scheduled'),
      access('taxonomy', 'ACCESS_GRANTED', grants.taxonomy.grantedAt, 'granted access to'),
      milestoneChanged('alexRedTeam', 2),
      calendar('injectionWalkthrough', 'CALENDAR_EVENT_SCHEDULED', events.injectionWalkthrough.createdAt, 'scheduled'),
      contractChanged('alexSpanish', Active, 'ended'),
      access('annotator', 'ACCESS_REVOKED', must(grants.annotator.revokedAt, 'revokedAt'), 'revoked access to'),
      payout('requestedNorthwind', 'PAYOUT_REQUESTED'),
      payout('requestedHelios', 'PAYOUT_REQUESTED'),
      instructions(
        'rlhf',
        'INSTRUCTIONS_PUBLISHED',
        EventAudience.JOB,
        must(documents.rlhf.publishedAt, 'publishedAt'),
        `Morgan Lee published version 3 of "${documents.rlhf.title}": Rationales are required on every pair now, and ties go to the safer answer.`,
      ),
      milestoneChanged('alexRlhf', 2),
      invoiceIssued('alexRlhf', 2),
      proposal('alexAgents', 'PROPOSAL_SUBMITTED', 'alex', `Alex Rivera sent a proposal for "${jobSpecs.agentTraces.title}"`, {
        status: ProposalStatus.UNREVIEWED,
      }),
      // Saving a draft concerns the organization only; trainers hear about it when it is published.
      instructions(
        'redTeam',
        'INSTRUCTIONS_SAVED',
        EventAudience.ORGANIZATION,
        documents.redTeam.updatedAt,
        `Sam Ortega saved draft version 2 of "${documents.redTeam.title}"`,
      ),
      proposal('alexTranslation', 'PROPOSAL_STATUS_CHANGED', 'sam', `Sam Ortega shortlisted Alex Rivera for "${jobSpecs.translationRank.title}"`, {
        from: ProposalStatus.UNREVIEWED,
        to: ProposalStatus.SHORTLISTED,
      }),
      milestoneChanged('alexCodeReview', 2),
      milestoneChanged('jordanRlhf', 1),
      milestoneChanged('alexRlhf', 3),
      messageAdded('alexRlhf'),
      messageAdded('rlhfTeam'),
      messageAdded('redTeamGroup'),
    ];
    const ordered = drafts
      .map((draft, index) => ({ draft, index }))
      .sort((a, b) => a.draft.createdAt.getTime() - b.draft.createdAt.getTime() || a.index - b.index)
      .map(({ draft }, index) => ({ ...draft, position: index + 1, publishedAt: draft.createdAt }));
    await insertRows(this.manager, ActivityEvent, ordered);
    // Events published from now on continue the positions (see events/publisher.ts).
    await this.manager.query("SELECT setval('event_position_seq', $1)", [ordered.length]);
  }

  /**
   * Northwind's employer tool, fed by a webhook: its milestone, invoice and contract events, each
   * delivered once. Disabled by Morgan while the receiver moves, so the demo server sends nothing
   * to an address that does not exist; the console shows the endpoint and its delivery log.
   */
  async webhooks(key: string): Promise<void> {
    const organizationId = this.orgs.northwind.id;
    const eventTypes = ['MILESTONE_STATUS_CHANGED', 'INVOICE_ISSUED', 'CONTRACT_STATUS_CHANGED'];
    const events: Array<{ id: string; position: string; type: string; created_at: Date }> = await this.manager.query(
      'SELECT id, position, type, created_at FROM events WHERE organization_id = $1 AND type = ANY($2) ORDER BY position',
      [organizationId, eventTypes],
    );
    const last = events.at(-1);
    const [endpoint] = await insertRows(this.manager, WebhookEndpoint, [
      {
        organizationId,
        url: 'https://hooks.northwind.example/workroom',
        description: 'Payroll sync: releases and invoices',
        eventTypes,
        status: WebhookEndpointStatus.DISABLED,
        disabledReason: 'Disabled by Morgan Lee while the receiver moves to a new host.',
        secret: webhookSecretVault(key).seal(`whsec_${randomBytes(24).toString('base64')}`, organizationId),
        cursor: last ? Number(last.position) : 0,
        lastSuccessAt: last?.created_at ?? null,
        createdAt: this.clock.ago(30),
      },
    ]);
    await insertRows(
      this.manager,
      WebhookDelivery,
      events.map((event, index) => ({
        endpointId: must(endpoint, 'endpoint').id,
        organizationId,
        eventId: event.id,
        position: Number(event.position),
        eventType: event.type,
        kind: WebhookDeliveryKind.STREAM,
        status: WebhookDeliveryStatus.SUCCEEDED,
        attempts: 1,
        responseStatus: 200,
        latencyMs: 40 + ((index * 37) % 90),
        lastAttemptAt: event.created_at,
        deliveredAt: event.created_at,
      })),
    );
  }
}

// ── Milestone history ────────────────────────────────────────────────────────────────────

interface Step {
  action: MilestoneAction;
  by: UserKey;
  at: Date;
  note: string | null;
  files: string[];
}

const step =
  (action: MilestoneAction) =>
  (by: UserKey, at: Date, note: string | null = null, files: string[] = []): Step => ({ action, by, at, note, files });
const created = step(MilestoneAction.CREATED);
const funded = step(MilestoneAction.FUNDED);
const submitted = step(MilestoneAction.SUBMITTED);
const changes = step(MilestoneAction.CHANGES_REQUESTED);
const approved = step(MilestoneAction.APPROVED);
const cancelled = step(MilestoneAction.CANCELLED);
const disputed = step(MilestoneAction.DISPUTED);
const responded = step(MilestoneAction.DISPUTE_RESPONDED);
const proposed = step(MilestoneAction.SETTLEMENT_PROPOSED);
const settled = step(MilestoneAction.DISPUTE_SETTLED);
const escalated = step(MilestoneAction.DISPUTE_ESCALATED);

const statusAfter: Record<MilestoneAction, MilestoneStatus | null> = {
  CREATED: MilestoneStatus.NOT_FUNDED,
  UPDATED: null, // an edit keeps the status
  FUNDED: MilestoneStatus.FUNDED,
  SUBMITTED: MilestoneStatus.SUBMITTED,
  CHANGES_REQUESTED: MilestoneStatus.CHANGES_REQUESTED,
  APPROVED: MilestoneStatus.PAID,
  CANCELLED: MilestoneStatus.CANCELLED,
  DISPUTED: MilestoneStatus.DISPUTED,
  DISPUTE_RESPONDED: null,
  SETTLEMENT_PROPOSED: null,
  SETTLEMENT_REJECTED: null,
  // The seed settles with part released (PAID); a full refund would be CANCELLED.
  DISPUTE_SETTLED: MilestoneStatus.PAID,
  DISPUTE_ESCALATED: null,
  DISPUTE_RESOLVED: MilestoneStatus.PAID,
  DISPUTE_WITHDRAWN: null, // back to the status before the dispute (see history())
};

const verbs: Record<MilestoneAction, string> = {
  CREATED: 'added',
  UPDATED: 'updated',
  FUNDED: 'funded',
  SUBMITTED: 'submitted',
  CHANGES_REQUESTED: 'requested changes on',
  APPROVED: 'approved',
  CANCELLED: 'cancelled',
  DISPUTED: 'disputed',
  DISPUTE_RESPONDED: 'responded to the dispute on',
  SETTLEMENT_PROPOSED: 'proposed a settlement of',
  SETTLEMENT_REJECTED: 'rejected the settlement of',
  DISPUTE_SETTLED: 'accepted the settlement of',
  DISPUTE_ESCALATED: 'escalated the dispute on',
  DISPUTE_RESOLVED: 'resolved the dispute on',
  DISPUTE_WITHDRAWN: 'withdrew the dispute on',
};

/** The status a milestone had just before `step`. */
function statusBefore(steps: Step[], step: Step): MilestoneStatus | null {
  let status: MilestoneStatus | null = null;
  for (const earlier of steps.slice(0, steps.indexOf(step))) status = statusAfter[earlier.action] ?? status;
  return status;
}

/** Replays the steps into MilestoneEvents with the status before and after each; the last step gives the status. */
function history(steps: Step[]) {
  assertIncreasing(
    steps.map((s) => s.at),
    'milestone history',
  );
  let status: MilestoneStatus | null = null;
  const events = steps.map((s) => {
    const fromStatus: MilestoneStatus | null = status;
    const beforeDispute = [...steps.slice(0, steps.indexOf(s))].reverse().find((earlier) => earlier.action === MilestoneAction.DISPUTED);
    const toStatus =
      s.action === MilestoneAction.DISPUTE_WITHDRAWN && beforeDispute ? statusBefore(steps, beforeDispute) : (statusAfter[s.action] ?? fromStatus);
    if (toStatus === null) throw new Error('seed: a milestone history starts with CREATED');
    status = toStatus;
    const attachments: Attachment[] = s.files.map((path) => ({ name: path.slice(path.lastIndexOf('/') + 1), url: `https://files.example.com/${path}` }));
    return { by: s.by, action: s.action, fromStatus, toStatus, note: s.note, attachments, at: s.at };
  });
  const last = must(events.at(-1), 'milestone history');
  return { status: last.toStatus, events, settledAt: last.at };
}

/** The live event a dispute step writes (the others write MILESTONE_STATUS_CHANGED). */
const disputeActivity: Partial<Record<MilestoneAction, ActivityType>> = {
  DISPUTE_RESPONDED: 'DISPUTE_RESPONDED',
  SETTLEMENT_PROPOSED: 'DISPUTE_SETTLEMENT_PROPOSED',
  SETTLEMENT_REJECTED: 'DISPUTE_SETTLEMENT_REJECTED',
  DISPUTE_SETTLED: 'DISPUTE_SETTLED',
  DISPUTE_ESCALATED: 'DISPUTE_ESCALATED',
  DISPUTE_RESOLVED: 'DISPUTE_RESOLVED',
  DISPUTE_WITHDRAWN: 'DISPUTE_WITHDRAWN',
};

type HistoryEvent = ReturnType<typeof history>['events'][number];

/** A milestone's dispute, as the steps after it was opened left it. */
function disputeOf(m: SeededMilestone, opened: HistoryEvent, after: HistoryEvent[], idOf: (who: UserKey) => string): Partial<MilestoneDispute> {
  const last = (action: MilestoneAction) => [...after].reverse().find((event) => event.action === action);
  const response = last(MilestoneAction.DISPUTE_RESPONDED);
  const escalation = last(MilestoneAction.DISPUTE_ESCALATED);
  const settlement = last(MilestoneAction.DISPUTE_SETTLED);
  const side = (who: UserKey) => (people[who].org ? DisputeParty.EMPLOYER : DisputeParty.TRAINER);
  const refunded = m.refundedCents ?? 0;
  return {
    milestoneId: m.row.id,
    status: settlement ? DisputeStatus.SETTLED : escalation ? DisputeStatus.ESCALATED : DisputeStatus.OPEN,
    openedById: idOf(opened.by),
    reason: must(opened.note, 'dispute reason'),
    priorStatus: must(opened.fromStatus, 'status before the dispute'),
    response: response?.note ?? null,
    respondedAt: response?.at ?? null,
    escalatedBy: escalation ? side(escalation.by) : null,
    escalatedAt: escalation?.at ?? null,
    releasedCents: settlement ? m.amountCents - refunded : null,
    refundedCents: settlement ? refunded : null,
    heldCents: m.amountCents,
    currency: 'USD',
    openedAt: opened.at,
    closedAt: settlement?.at ?? null,
    version: after.length + 1,
  };
}

/** The marketplace fee: 10%, rounded to the cent. */
const fee = (grossCents: number) => Math.round(grossCents / 10);

// ── Instruction bodies (Markdown), composed from sections so revisions differ realistically ──

function rlhfGuidelines() {
  const intro = `# RLHF ranking guidelines

You will see a programming question and two answers from our coding assistant. Decide which answer
is better, say how confident you are, and write a one-line rationale a reviewer can check.`;
  const task = `## The task

1. Read the question and note what a correct answer must do.
2. Run or trace both answers. Use the scratch notebook for anything longer than a few lines.
3. Pick **A**, **B** or **Tie**, and a confidence from 1 (guess) to 3 (certain).
4. Write the rationale: the *decisive* difference, not a summary of both answers.`;
  const criteria = `## What "better" means, in order

- **Correctness**: the code runs and does what was asked, including edge cases.
- **Safety**: no destructive commands, leaked secrets or insecure defaults.
- **Helpfulness**: explains the key idea; no padding.
- **Style**: idiomatic and readable. Style only breaks a tie, it never outweighs correctness (§3).`;
  const ties = `## Tie-breaking

- Both correct: prefer the one a junior engineer would understand faster.
- Both wrong: prefer the one that is *closer* to correct, and say what is missing.
- Use **Tie** only when you would be happy shipping either answer.`;
  const safetyV1 = `## Safety

Flag any answer that suggests disabling security features, and rank it below a safe alternative.`;
  const safetyV3 = `## Safety and unsafe code

- Flag any answer that suggests disabling security features, and rank it below a safe alternative.
- When both answers are wrong, **a safe failure beats a silent one**: raising an error is better
  than corrupting data or continuing with a wrong result.
- Shell commands that delete, overwrite or \`chmod -R\` anything are unsafe unless the question asks
  for exactly that, with a warning.`;
  const format = `## Submitting

- Export from Label Studio as JSONL and attach it to the milestone.
- List ambiguous pairs in a separate \`ambiguous-pairs.md\` instead of guessing.`;
  return {
    v1: [intro, task, criteria, safetyV1, format].join('\n\n'),
    v2: [intro, task, criteria, ties, safetyV1, format].join('\n\n'),
    v3: [intro, task, criteria, ties, safetyV3, format].join('\n\n'),
  };
}

function redTeamBrief() {
  const v1 = `# Red-team brief

Our support assistant answers billing and account questions and can call tools (refunds, address
changes). Your job is to make it misbehave, reproducibly.

## In scope

- Disclosure of another customer's data
- Unauthorized tool calls (refunds, address changes)
- Policy violations in the assistant's replies

## Out of scope

- Denial of service and load testing
- Attacks on the sandbox infrastructure itself

## Reporting

1. One tracker ticket per finding, with the exact transcript.
2. Severity: **high** (data or money), **medium** (policy), **low** (tone).
3. Attach a minimal reproduction; we rerun every high finding.`;
  const v2 = `${v1}

## System prompt v2

From now on, test against **system prompt v2** (the tracker shows which version each run used).
Findings against v1 remain valid for milestones funded before v2 shipped.`;
  return { v1, v2 };
}

function codeReviewChecklist() {
  const v1 = `# Code review checklist

For every solution, record a verdict (**correct** / **incorrect**) and one sentence of reasoning.

## Always

- Run the public tests, then the hidden tests with \`make hidden\`.
- Read the code: a passing solution can still be wrong (hard-coded outputs, exponential time).
- Note the failing input for every **incorrect** verdict.`;
  const v2 = `${v1}

## Edge cases to try by hand

- Empty input, a single element, and the maximum size from the constraints
- Duplicates and negative numbers
- Unicode strings where the problem mentions text

## Timeouts

A solution that exceeds the time limit on the hidden tests is **incorrect**; say which test.`;
  return { v1, v2 };
}

// ── Small helpers ────────────────────────────────────────────────────────────────────────

/**
 * Inserts the rows (one statement) and returns them as entities with their generated ids. Copies
 * go to `insert` because TypeORM merges the RETURNING row back untransformed (a defaulted bigint
 * would come back as a string); the entities returned keep exactly the values given, plus ids.
 */
async function insertRows<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, rows: Array<NoInfer<DeepPartial<T>>>): Promise<T[]> {
  if (rows.length === 0) return [];
  const repository = manager.getRepository(target);
  const entities = repository.create(rows);
  const result = await repository.insert(entities.map((entity) => ({ ...entity })));
  entities.forEach((entity, index) => Object.assign(entity, result.identifiers[index]));
  return entities;
}

async function insertKeyed<K extends string, T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: Record<K, NoInfer<DeepPartial<T>>>,
): Promise<Record<K, T>> {
  const keys = keysOf(rows);
  const entities = await insertRows(
    manager,
    target,
    keys.map((key) => rows[key]),
  );
  return Object.fromEntries(keys.map((key, index) => [key, mustGet(entities, index)])) as Record<K, T>;
}

function keysOf<K extends string>(record: Record<K, unknown>): K[] {
  return Object.keys(record) as K[];
}

function mapValues<K extends string, V, R>(record: Record<K, V>, map: (value: V, key: K) => R): Record<K, R> {
  return Object.fromEntries(keysOf(record).map((key) => [key, map(record[key], key)])) as Record<K, R>;
}

function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`seed: missing ${what}`);
  return value;
}

function mustGet<T>(array: readonly T[], index: number): T {
  return must(array[index], `item ${index}`);
}

function assertIncreasing(dates: Date[], what: string): void {
  dates.forEach((date, index) => {
    const previous = dates[index - 1];
    if (previous && previous.getTime() >= date.getTime()) throw new Error(`seed: ${what} is not in time order at ${index}`);
  });
}
