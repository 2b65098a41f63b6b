import type { Area } from '../../api/area.js';
import { milestoneEvents } from './milestone.events.js';
import { MilestoneEvent } from './milestone-event.entity.js';
import { Milestone } from './milestone.entity.js';
import { MilestoneMutationResolver } from './milestone.mutations.resolver.js';
import { ContractMilestonesResolver, MilestoneDisputeResolver, MilestoneEventResolver, MilestoneResolver } from './milestone.resolver.js';
import { MilestoneDispute } from './milestone-dispute.entity.js';
import './milestones.policy.js';
import './milestones.read-plan.js';
// Registers the milestones' part of ending a contract: no money in play.
import './contract-end.js';

/** Milestones, their money moves, their disputes and their history. */
export const milestonesArea: Area = {
  name: 'milestones',
  entities: [Milestone, MilestoneEvent, MilestoneDispute],
  resolvers: [ContractMilestonesResolver, MilestoneResolver, MilestoneEventResolver, MilestoneDisputeResolver, MilestoneMutationResolver],
  events: milestoneEvents,
};
