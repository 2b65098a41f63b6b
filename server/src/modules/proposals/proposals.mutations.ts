import { authorizeRead, type Party } from '../../policy/policy.js';
import { lockRowById } from '../../db/rows-by-id.js';
import { isEmployer } from '../../auth/viewer.js';
import { defineStateMachine, type Transition } from '../../db/state-machine.js';
import type { CommandContext } from '../../commands/command.js';
import { recordEvent } from '../../events/outbox.js';
import { forbidden } from '../../errors/domain-error.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { User } from '../accounts/user.entity.js';
import { Job } from '../jobs/job.entity.js';
import { Proposal, ProposalStatus } from './proposal.entity.js';
import { ProposalStatusChanged, type ContractOfProposal } from './proposal.events.js';
import type { DeclineProposalInput, ShortlistProposalInput, WithdrawProposalInput } from './proposal.inputs.js';

/** What a proposal mutation changed, as ids; the resolver reads them back after the commit (a hire adds what it created). */
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

export type ProposalTransitionAction = Exclude<ProposalAction, ProposalAction.SUBMIT>;

interface ProposalTransition extends Transition<ProposalStatus> {
  by: Party;
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
  const found = await lockRowById(tx.manager, Proposal, id);
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

export interface MovedProposal {
  proposal: Proposal;
  from: ProposalStatus;
  job: Job;
  trainer: User;
}

/** One status change: lock, check who and from where, move. Concurrent calls queue on the row lock. */
export async function moveProposal(tx: CommandContext, proposalId: string, action: ProposalTransitionAction): Promise<MovedProposal> {
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

export async function announceProposalStatus(
  { manager, viewer }: CommandContext,
  moved: MovedProposal,
  summary: string,
  extra: { contract?: ContractOfProposal; reason?: string | null } = {},
) {
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

/** Trainer: takes back a proposal before a decision. */
export async function withdrawProposal(tx: CommandContext, input: WithdrawProposalInput): Promise<ProposalChange> {
  const moved = await moveProposal(tx, input.proposalId, ProposalAction.WITHDRAW);
  await announceProposalStatus(tx, moved, `${moved.trainer.name} withdrew their proposal for "${moved.job.title}"`);
  return { proposalId: moved.proposal.id };
}

/** Employer: UNREVIEWED → SHORTLISTED. */
export async function shortlistProposal(tx: CommandContext, input: ShortlistProposalInput): Promise<ProposalChange> {
  const moved = await moveProposal(tx, input.proposalId, ProposalAction.SHORTLIST);
  await announceProposalStatus(tx, moved, `${tx.viewer.user.name} shortlisted ${moved.trainer.name} for "${moved.job.title}"`);
  return { proposalId: moved.proposal.id };
}

/**
 * Employer: UNREVIEWED or SHORTLISTED → DECLINED. The proposal has no column for the reason; it
 * goes to the trainer with the event (its summary, and whole in its payload).
 */
export async function declineProposal(tx: CommandContext, input: DeclineProposalInput): Promise<ProposalChange> {
  const reason = input.reason?.trim() || null;
  const moved = await moveProposal(tx, input.proposalId, ProposalAction.DECLINE);
  const summary = `${tx.viewer.user.name} declined ${moved.trainer.name}'s proposal for "${moved.job.title}"`;
  await announceProposalStatus(tx, moved, reason ? `${summary}: ${excerpt(reason)}` : summary, { reason });
  return { proposalId: moved.proposal.id };
}
