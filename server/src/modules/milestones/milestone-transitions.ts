import type { Transition } from '../../db/state-machine.js';
import type { ContractParty } from '../contracts/contracts.policy.js';
import { MilestoneAction } from './milestone-event.entity.js';
import { MilestoneStatus } from './milestone.entity.js';

/** The steps of a dispute, which move the dispute (dispute-transitions.ts); the milestone follows when it closes. */
export type DisputeStepAction =
  | MilestoneAction.DISPUTE_RESPONDED
  | MilestoneAction.SETTLEMENT_PROPOSED
  | MilestoneAction.SETTLEMENT_REJECTED
  | MilestoneAction.DISPUTE_SETTLED
  | MilestoneAction.DISPUTE_ESCALATED
  | MilestoneAction.DISPUTE_RESOLVED
  | MilestoneAction.DISPUTE_WITHDRAWN;

export type MilestoneTransitionAction = Exclude<MilestoneAction, MilestoneAction.CREATED | MilestoneAction.UPDATED | DisputeStepAction>;

interface MilestoneTransition extends Transition<MilestoneStatus> {
  by: ContractParty;
}

/**
 * The milestone state machine, whole. NOT_FUNDED → FUNDED → SUBMITTED → PAID, with
 * SUBMITTED ⇄ CHANGES_REQUESTED, DISPUTED from any state with money in play, and CANCELLED (a
 * refund, when funded) before any work is submitted. A DISPUTED milestone leaves only through its
 * dispute (dispute-transitions.ts): settled or resolved → PAID (all or part released) or CANCELLED
 * (all refunded); withdrawn → the status it had before.
 */
export const milestoneTransitions: Record<MilestoneTransitionAction, MilestoneTransition> = {
  [MilestoneAction.FUNDED]: { from: [MilestoneStatus.NOT_FUNDED], to: MilestoneStatus.FUNDED, by: 'employer', verb: 'fund' },
  [MilestoneAction.SUBMITTED]: {
    from: [MilestoneStatus.FUNDED, MilestoneStatus.CHANGES_REQUESTED],
    to: MilestoneStatus.SUBMITTED,
    by: 'trainer',
    verb: 'submit',
  },
  [MilestoneAction.CHANGES_REQUESTED]: {
    from: [MilestoneStatus.SUBMITTED],
    to: MilestoneStatus.CHANGES_REQUESTED,
    by: 'employer',
    verb: 'request changes to',
  },
  [MilestoneAction.APPROVED]: { from: [MilestoneStatus.SUBMITTED], to: MilestoneStatus.PAID, by: 'employer', verb: 'approve' },
  [MilestoneAction.CANCELLED]: {
    from: [MilestoneStatus.NOT_FUNDED, MilestoneStatus.FUNDED],
    to: MilestoneStatus.CANCELLED,
    by: 'employer',
    verb: 'cancel',
  },
  [MilestoneAction.DISPUTED]: {
    from: [MilestoneStatus.FUNDED, MilestoneStatus.SUBMITTED, MilestoneStatus.CHANGES_REQUESTED],
    to: MilestoneStatus.DISPUTED,
    by: 'employer',
    verb: 'dispute',
  },
};
