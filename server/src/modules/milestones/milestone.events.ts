import { z } from 'zod';
import { defineEvent } from '../../events/event-catalogue.js';
import { onContract } from '../contracts/contract.events.js';
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

/** The milestones area's events, for the composition root's catalogue. */
export const milestoneEvents = [MilestoneCreated, MilestoneUpdated, MilestoneStatusChanged] as const;
