import { authorizeRead } from '../../policy/policy.js';
import type { ContractParty } from '../contracts/contracts.policy.js';
import { isEmployer } from '../../auth/viewer.js';
import { defineStateMachine, type Transition } from '../../db/state-machine.js';
import type { CommandContext } from '../../commands/command.js';
import { recordEvent } from '../../events/outbox.js';
import { badInput, conflict, forbidden, invalidTransition } from '../../errors/domain-error.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { Organization } from '../accounts/organization.entity.js';
import { User, UserRole } from '../accounts/user.entity.js';
import { Contract, ContractStatus } from '../contracts/contract.entity.js';
import { ContractStarted } from '../contracts/contract.events.js';
import { Job, JobStatus, PaymentType } from '../jobs/job.entity.js';
import { openContractChannel, openProposalThread } from '../messaging/threads.service.js';
import { createMilestone } from '../milestones/milestones.mutations.js';
import { Proposal, ProposalStatus } from './proposal.entity.js';
import { ProposalStatusChanged, ProposalSubmitted } from './proposal.events.js';
import { PostgresError } from 'pg-error-enum';
import type {
  DeclineProposalInput,
  HireProposalInput,
  ShortlistProposalInput,
  SubmitProposalInput,
  WithdrawProposalInput,
} from './proposal.inputs.js';

/** What a proposal mutation changed, as ids; the resolver reads them back after the commit. */
export interface ProposalChange {
  proposalId: string;
  contractId?: string;
  channelId?: string;
  milestoneId?: string | null;
}

export enum ProposalAction {
  SUBMIT = 'SUBMIT',
  WITHDRAW = 'WITHDRAW',
  SHORTLIST = 'SHORTLIST',
  DECLINE = 'DECLINE',
  HIRE = 'HIRE',
}

type ProposalTransitionAction = Exclude<ProposalAction, ProposalAction.SUBMIT>;

interface ProposalTransition extends Transition<ProposalStatus> {
  by: ContractParty;
}

/**
 * The proposal state machine, whole: UNREVIEWED → SHORTLISTED → HIRED or DECLINED (both also
 * straight from UNREVIEWED), and WITHDRAWN by the trainer before a decision. HIRED, DECLINED
 * and WITHDRAWN are final.
 */
const proposalTransitions: Record<ProposalTransitionAction, ProposalTransition> = {
  [ProposalAction.WITHDRAW]: {
    from: [ProposalStatus.UNREVIEWED, ProposalStatus.SHORTLISTED],
    to: ProposalStatus.WITHDRAWN,
    by: 'trainer',
    verb: 'withdraw',
  },
  [ProposalAction.SHORTLIST]: { from: [ProposalStatus.UNREVIEWED], to: ProposalStatus.SHORTLISTED, by: 'employer', verb: 'shortlist' },
  [ProposalAction.DECLINE]: {
    from: [ProposalStatus.UNREVIEWED, ProposalStatus.SHORTLISTED],
    to: ProposalStatus.DECLINED,
    by: 'employer',
    verb: 'decline',
  },
  [ProposalAction.HIRE]: {
    from: [ProposalStatus.UNREVIEWED, ProposalStatus.SHORTLISTED],
    to: ProposalStatus.HIRED,
    by: 'employer',
    verb: 'hire from',
  },
};

const proposalMachine = defineStateMachine(proposalTransitions, { name: (_proposal: Proposal) => 'this proposal' });

const jobStatusWords: Record<JobStatus, string> = {
  DRAFT: 'not published yet',
  OPEN: 'open',
  CLOSED: 'closed to new proposals',
};

/** PostgreSQL's unique_violation on `table`: the loser of a race for a unique row. */
function isUniqueViolation(error: unknown, table: string): boolean {
  const driverError = (error as { driverError?: { code?: unknown; table?: unknown } } | null)?.driverError;
  return driverError?.code === PostgresError.UNIQUE_VIOLATION && driverError.table === table;
}

/** One line for the activity feed: whitespace collapsed, the first 120 characters. */
function excerpt(text: string): string {
  const characters = [...text.replace(/\s+/g, ' ').trim()];
  return characters.length > 120 ? `${characters.slice(0, 120).join('')}…` : characters.join('');
}

/**
 * The proposal, locked for this transaction, if the viewer is `party` on it. As for contracts:
 * someone who may not see it (another trainer, another organization) gets NOT_FOUND; the other
 * party, who can see it, gets FORBIDDEN.
 */
async function lockProposal(tx: CommandContext, id: string, rule: ProposalTransition): Promise<Proposal> {
  const found = await tx.manager.getRepository(Proposal).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  const proposal = await authorizeRead(found, tx, 'Proposal', toGlobalId('Proposal', id));
  const { viewer } = tx;
  if (rule.by === 'employer') {
    if (!isEmployer(viewer) || viewer.organizationId !== proposal.organizationId) {
      throw forbidden(`Only an employer of the job's organization can ${rule.verb} a proposal (you sent this one).`);
    }
  } else if (proposal.trainerId !== viewer.id) {
    throw forbidden(`Only the trainer who sent a proposal can ${rule.verb} it.`);
  }
  return proposal;
}

interface Moved {
  proposal: Proposal;
  from: ProposalStatus;
  job: Job;
  trainer: User;
}

/** One status change: lock, check who and from where, move. Concurrent calls queue on the row lock. */
async function transition(tx: CommandContext, proposalId: string, action: ProposalTransitionAction): Promise<Moved> {
  const { manager } = tx;
  const proposal = await lockProposal(tx, proposalId, proposalMachine.rules[action]);
  const { from } = await proposalMachine.move(proposal, action);
  await manager.getRepository(Proposal).save(proposal);
  const [job, trainer] = await Promise.all([
    manager.getRepository(Job).findOneByOrFail({ id: proposal.jobId }),
    manager.getRepository(User).findOneByOrFail({ id: proposal.trainerId }),
  ]);
  return { proposal, from, job, trainer };
}

async function announceStatus({ manager, viewer }: CommandContext, moved: Moved, summary: string, extra: { contract?: Contract; reason?: string | null } = {}) {
  const { proposal, from } = moved;
  await recordEvent(manager, ProposalStatusChanged, {
    subject: proposal,
    contract: extra.contract ?? null,
    actorId: viewer.id,
    summary,
    payload: { from, to: proposal.status, ...(extra.reason ? { reason: extra.reason } : {}) },
  });
}

/**
 * The commands below take database ids (the resolver decodes global ids) and run in the caller's
 * transaction.
 */

/** Trainer: applies to an OPEN job, once; opens the proposal's thread with the job's employers. */
export async function submitProposal(tx: CommandContext, input: SubmitProposalInput): Promise<ProposalChange> {
  const { viewer, manager } = tx;
  if (viewer.role !== UserRole.TRAINER) throw forbidden('Only trainers can send proposals; employers receive them on their jobs.');
  const coverLetter = input.coverLetter.trim();
  if (coverLetter.length === 0) throw badInput('coverLetter', 'Write a cover letter of 1 to 5,000 characters.');
  const jobId = input.jobId;
  // FOR SHARE: the job cannot close under us, and concurrent applications do not wait on each other.
  const job = await authorizeRead(
    await manager.getRepository(Job).findOne({ where: { id: jobId }, lock: { mode: 'pessimistic_read' } }),
    tx,
    'Job',
    toGlobalId('Job', jobId),
  );
  if (job.status !== JobStatus.OPEN) {
    throw invalidTransition(`The job "${job.title}" is ${job.status} (${jobStatusWords[job.status]}): proposals are accepted only while a job is OPEN.`, {
      currentStatus: job.status,
      attemptedAction: ProposalAction.SUBMIT,
    });
  }
  const alreadyApplied = () => conflict('You already applied to this job. Withdrawn and declined proposals count too.');
  const proposals = manager.getRepository(Proposal);
  if (await proposals.existsBy({ jobId: job.id, trainerId: viewer.id })) throw alreadyApplied();
  let proposal: Proposal;
  try {
    proposal = await proposals.save(
      proposals.create({
        jobId: job.id,
        trainerId: viewer.id,
        organizationId: job.organizationId,
        coverLetter,
        rateCents: input.rateCents,
        currency: job.currency,
        status: ProposalStatus.UNREVIEWED,
      }),
    );
  } catch (error) {
    // A concurrent application by the same trainer committed first: the unique (job, trainer) index decides.
    if (isUniqueViolation(error, 'proposals')) throw alreadyApplied();
    throw error;
  }
  const thread = await openProposalThread(manager, { proposal, job, trainer: viewer.user });
  await recordEvent(manager, ProposalSubmitted, {
    subject: proposal,
    actorId: viewer.id,
    summary: `${viewer.user.name} sent a proposal for "${job.title}"`,
    payload: { status: ProposalStatus.UNREVIEWED },
  });
  return { proposalId: proposal.id, channelId: thread.id };
}

/** Trainer: takes back a proposal before a decision. */
export async function withdrawProposal(tx: CommandContext, input: WithdrawProposalInput): Promise<ProposalChange> {
  const moved = await transition(tx, input.proposalId, ProposalAction.WITHDRAW);
  await announceStatus(tx, moved, `${moved.trainer.name} withdrew their proposal for "${moved.job.title}"`);
  return { proposalId: moved.proposal.id };
}

/** Employer: UNREVIEWED → SHORTLISTED. */
export async function shortlistProposal(tx: CommandContext, input: ShortlistProposalInput): Promise<ProposalChange> {
  const moved = await transition(tx, input.proposalId, ProposalAction.SHORTLIST);
  await announceStatus(tx, moved, `${tx.viewer.user.name} shortlisted ${moved.trainer.name} for "${moved.job.title}"`);
  return { proposalId: moved.proposal.id };
}

/**
 * Employer: UNREVIEWED or SHORTLISTED → DECLINED. The proposal has no column for the reason; it
 * goes to the trainer with the event (its summary, and whole in its payload).
 */
export async function declineProposal(tx: CommandContext, input: DeclineProposalInput): Promise<ProposalChange> {
  const reason = input.reason?.trim() || null;
  const moved = await transition(tx, input.proposalId, ProposalAction.DECLINE);
  const summary = `${tx.viewer.user.name} declined ${moved.trainer.name}'s proposal for "${moved.job.title}"`;
  await announceStatus(tx, moved, reason ? `${summary}: ${excerpt(reason)}` : summary, { reason });
  return { proposalId: moved.proposal.id };
}

/** The contract's rate: required per hour or per label, absent for a fixed price. */
function contractRate(input: HireProposalInput): number | null {
  if (input.paymentType === PaymentType.FIXED_PRICE) {
    if (input.rateCents != null) {
      throw badInput('rateCents', 'A FIXED_PRICE contract has no rate: leave `rateCents` out and put the price in `totalBudgetCents`.');
    }
    return null;
  }
  if (input.rateCents == null) {
    const unit = input.paymentType === PaymentType.PAY_PER_HOUR ? 'hour' : 'label';
    throw badInput('rateCents', `A ${input.paymentType} contract needs \`rateCents\`: the pay per ${unit}, in cents.`);
  }
  return input.rateCents;
}

/**
 * Employer: hires the trainer. In one transaction: the proposal becomes HIRED, the ACTIVE
 * contract is created with the trainer's DIRECT channel with the hiring employer, and the
 * optional first milestone (NOT_FUNDED, number 1, with its CREATED history step); the events
 * are written with them. Concurrent hires of one proposal queue on its row lock: the first
 * hires, the others find it HIRED and are refused.
 */
export async function hireProposal(tx: CommandContext, input: HireProposalInput): Promise<ProposalChange> {
  const rateCents = contractRate(input);
  const { viewer, manager } = tx;
  const moved = await transition(tx, input.proposalId, ProposalAction.HIRE);
  const { proposal, job, trainer } = moved;
  const organization = await manager.getRepository(Organization).findOneByOrFail({ id: proposal.organizationId });

  const contracts = manager.getRepository(Contract);
  let contract: Contract;
  try {
    contract = await contracts.save(
      contracts.create({
        jobId: job.id,
        trainerId: proposal.trainerId,
        organizationId: job.organizationId,
        proposalId: proposal.id,
        title: input.title?.trim() || job.title,
        scope: input.scope.trim(),
        terms: input.terms.trim(),
        paymentType: input.paymentType,
        rateCents,
        totalBudgetCents: input.totalBudgetCents,
        currency: job.currency,
        status: ContractStatus.ACTIVE,
      }),
    );
  } catch (error) {
    // Unreachable while the proposal row is locked; the unique proposal_id is the last word.
    if (isUniqueViolation(error, 'contracts')) throw conflict('This proposal was already hired.');
    throw error;
  }

  await announceStatus(tx, moved, `${viewer.user.name} hired ${trainer.name} for "${job.title}"`, { contract });
  await recordEvent(manager, ContractStarted, {
    subject: contract,
    actorId: viewer.id,
    summary: `${trainer.name} started the contract "${contract.title}" with ${organization.name}`,
    payload: {
      proposalId: proposal.id,
      paymentType: contract.paymentType,
      rateCents: contract.rateCents,
      totalBudgetCents: contract.totalBudgetCents,
      currency: contract.currency,
    },
  });
  const channel = await openContractChannel(manager, { contract, job, organization, trainer, employer: viewer.user });

  // The first milestone is the employer's ordinary createMilestone, in this same transaction.
  const milestoneId = input.firstMilestone ? (await createMilestone(tx, { ...input.firstMilestone, contractId: contract.id })).milestoneId : null;
  return { proposalId: proposal.id, contractId: contract.id, channelId: channel.id, milestoneId };
}
