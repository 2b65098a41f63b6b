import type { CommandContext } from '../../commands/command.js';
import { isUniqueViolation } from '../../db/failures.js';
import { badInput, conflict, forbidden, invalidTransition } from '../../errors/domain-error.js';
import { recordEvent } from '../../events/outbox.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { authorizeRead } from '../../policy/policy.js';
import { Organization } from '../accounts/organization.entity.js';
import { UserRole } from '../accounts/user.entity.js';
import { Contract, ContractStatus } from '../contracts/contract.entity.js';
import { ContractStarted } from '../contracts/contract.events.js';
import { Job, JobStatus, PaymentType } from '../jobs/job.entity.js';
import { openContractChannel, openProposalThread } from '../messaging/threads.service.js';
import { createMilestone } from '../milestones/milestones.mutations.js';
import { Proposal, ProposalStatus } from '../proposals/proposal.entity.js';
import { ProposalSubmitted } from '../proposals/proposal.events.js';
import { announceProposalStatus, moveProposal, ProposalAction, type ProposalChange } from '../proposals/proposals.mutations.js';
import type { HireProposalInput, SubmitProposalInput } from './hiring.inputs.js';

/**
 * Hiring, from application to contract: the commands that span areas. Submitting a proposal opens
 * its thread (messaging); hiring moves the proposal, starts the contract, opens its channel and
 * creates its first milestone. They sit above the areas they use, so each of those areas stays
 * free of the others (a proposal knows nothing of contracts or channels).
 */

const jobStatusWords: Record<JobStatus, string> = {
  DRAFT: 'not published yet',
  OPEN: 'open',
  CLOSED: 'closed to new proposals',
};

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
  const moved = await moveProposal(tx, input.proposalId, ProposalAction.HIRE);
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

  await announceProposalStatus(tx, moved, `${viewer.user.name} hired ${trainer.name} for "${job.title}"`, { contract });
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
