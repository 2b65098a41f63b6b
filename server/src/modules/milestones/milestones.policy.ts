import { defineReadRule } from '../../policy/policy.js';
import { contractVisible } from '../contracts/contracts.policy.js';
import { MilestoneEvent } from './milestone-event.entity.js';
import { Milestone } from './milestone.entity.js';

// Milestones and their history are read by whoever reads their contract.
defineReadRule(Milestone, (milestone, context) => contractVisible(milestone.contractId, context));
defineReadRule(MilestoneEvent, async (event, context) => {
  const milestone = await context.loaders.byId(Milestone).load(event.milestoneId);
  return milestone !== null && contractVisible(milestone.contractId, context);
});
