import type { Transition } from '../../db/state-machine.js';
import { DisputeStatus } from './milestone-dispute.entity.js';

/** Who may take a dispute step: one party, either, or the platform (never through the API). */
export type DisputeActor = 'employer' | 'trainer' | 'either' | 'proposal-recipient' | 'platform';

export enum DisputeMove {
  RESPOND = 'RESPOND',
  PROPOSE = 'PROPOSE',
  REJECT = 'REJECT',
  ACCEPT = 'ACCEPT',
  ESCALATE = 'ESCALATE',
  RESOLVE = 'RESOLVE',
  WITHDRAW = 'WITHDRAW',
}

interface DisputeTransition extends Transition<DisputeStatus> {
  by: DisputeActor;
  /** A step that leaves the status as it was (its `to` is then only nominal). */
  stays?: true;
}

/**
 * The dispute state machine, whole. A step that keeps the status (`stays`) is still checked here, so "respond to a settled dispute" is refused in the same words as any
 * move. The milestone follows the closing steps: ACCEPT and RESOLVE take it from DISPUTED to PAID
 * (something released) or CANCELLED (all refunded); WITHDRAW takes it back to its prior status.
 */
export const disputeTransitions: Record<DisputeMove, DisputeTransition> = {
  [DisputeMove.RESPOND]: { from: [DisputeStatus.OPEN, DisputeStatus.ESCALATED], to: DisputeStatus.OPEN, by: 'trainer', verb: 'respond to', stays: true },
  [DisputeMove.PROPOSE]: { from: [DisputeStatus.OPEN], to: DisputeStatus.OPEN, by: 'either', verb: 'propose a settlement of', stays: true },
  [DisputeMove.REJECT]: { from: [DisputeStatus.OPEN], to: DisputeStatus.OPEN, by: 'proposal-recipient', verb: 'reject the settlement of', stays: true },
  [DisputeMove.ACCEPT]: { from: [DisputeStatus.OPEN], to: DisputeStatus.SETTLED, by: 'proposal-recipient', verb: 'accept the settlement of' },
  [DisputeMove.ESCALATE]: { from: [DisputeStatus.OPEN], to: DisputeStatus.ESCALATED, by: 'either', verb: 'escalate' },
  [DisputeMove.RESOLVE]: { from: [DisputeStatus.ESCALATED], to: DisputeStatus.RESOLVED, by: 'platform', verb: 'resolve' },
  [DisputeMove.WITHDRAW]: {
    from: [DisputeStatus.OPEN, DisputeStatus.ESCALATED],
    to: DisputeStatus.WITHDRAWN,
    by: 'employer',
    verb: 'withdraw',
  },
};
