import { z } from 'zod';
import { defineEvent } from '../../events/event-catalogue.js';
import { onContract } from '../contracts/contract.events.js';
import { DisputeStatus } from './milestone-dispute.entity.js';
import { MilestoneStatus } from './milestone.entity.js';

/** A milestone created (`from` null) or moved: what `milestoneStatusChanged` delivers. */
const moved = z.object({
  milestoneId: z.guid(),
  number: z.int(),
  from: z.enum(MilestoneStatus).nullable(),
  to: z.enum(MilestoneStatus),
  version: z.int(),
});

export const MilestoneCreated = defineEvent({
  type: 'MILESTONE_CREATED',
  subjectType: 'Milestone',
  payload: moved,
  refs: onContract,
});

export const MilestoneUpdated = defineEvent({
  type: 'MILESTONE_UPDATED',
  subjectType: 'Milestone',
  payload: z.object({ milestoneId: z.guid(), version: z.int() }),
  refs: onContract,
});

export const MilestoneStatusChanged = defineEvent({
  type: 'MILESTONE_STATUS_CHANGED',
  subjectType: 'Milestone',
  payload: moved,
  refs: onContract,
});

/**
 * A step of a milestone's dispute. The subject is the milestone (so a live client receives the
 * milestone with its dispute); the money figures are set once it closes (SETTLED, RESOLVED).
 */
const disputeStep = z.object({
  milestoneId: z.guid(),
  disputeId: z.guid(),
  number: z.int(),
  disputeStatus: z.enum(DisputeStatus),
  milestoneStatus: z.enum(MilestoneStatus),
  releaseCents: z.int().nullable(),
  refundCents: z.int().nullable(),
});

const disputeEvent = <const Type extends string>(type: Type) => defineEvent({ type, subjectType: 'Milestone', payload: disputeStep, refs: onContract });

export const DisputeResponded = disputeEvent('DISPUTE_RESPONDED');
export const DisputeSettlementProposed = disputeEvent('DISPUTE_SETTLEMENT_PROPOSED');
export const DisputeSettlementRejected = disputeEvent('DISPUTE_SETTLEMENT_REJECTED');
export const DisputeSettled = disputeEvent('DISPUTE_SETTLED');
export const DisputeEscalated = disputeEvent('DISPUTE_ESCALATED');
export const DisputeResolved = disputeEvent('DISPUTE_RESOLVED');
export const DisputeWithdrawn = disputeEvent('DISPUTE_WITHDRAWN');

/** The milestones area's events, for the composition root's catalogue. */
export const milestoneEvents = [
  MilestoneCreated,
  MilestoneUpdated,
  MilestoneStatusChanged,
  DisputeResponded,
  DisputeSettlementProposed,
  DisputeSettlementRejected,
  DisputeSettled,
  DisputeEscalated,
  DisputeResolved,
  DisputeWithdrawn,
] as const;
