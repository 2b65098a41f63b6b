import { defineReadRule, defineReadScope, inOrganization, type PolicyContext } from '../../policy/policy.js';
import { forbidden, notFound } from '../../errors/domain-error.js';
import type { Contract } from '../contracts/contract.entity.js';
import { contractRule, contractVisible, onVisibleContract, scopeParameters, visibleContractIds } from '../contracts/contracts.policy.js';
import type { DisputeActor } from './dispute-transitions.js';
import { DisputeParty } from './milestone-dispute.entity.js';
import { MilestoneDispute } from './milestone-dispute.entity.js';
import { MilestoneEvent } from './milestone-event.entity.js';
import { Milestone } from './milestone.entity.js';

// Milestones and their history are read by whoever reads their contract.
defineReadRule(Milestone, (milestone, context) => contractVisible(milestone.contractId, context));
defineReadRule(MilestoneEvent, async (event, context) => {
  const milestone = await context.loaders.byId(Milestone).load(event.milestoneId);
  return milestone !== null && contractVisible(milestone.contractId, context);
});
defineReadRule(MilestoneDispute, async (dispute, context) => {
  const milestone = await context.loaders.byId(Milestone).load(dispute.milestoneId);
  return milestone !== null && contractVisible(milestone.contractId, context);
});
defineReadScope(Milestone, onVisibleContract('contract_id'));
defineReadScope(MilestoneEvent, (query, viewer, alias) =>
  query.andWhere(
    `${alias}.milestone_id IN (SELECT scope_m.id FROM milestones scope_m WHERE scope_m.contract_id IN (${visibleContractIds(viewer)}))`,
    scopeParameters(viewer),
  ),
);

/**
 * The write rule of a dispute step: the viewer must take part in the contract (else NOT_FOUND,
 * nothing revealed), as the side the step needs (else FORBIDDEN). Returns the viewer's side.
 * `proposal-recipient` is checked once the proposal is known ({@link assertProposalRecipient}).
 * The platform's steps have no API path at all: through the API they are FORBIDDEN.
 */
export function authorizeDisputeParty(contract: Contract | null, context: PolicyContext, by: DisputeActor, milestoneGlobalId: string): DisputeParty {
  if (!contract || !contractRule(contract, context)) throw notFound('Milestone', milestoneGlobalId);
  const party = inOrganization(context.viewer, contract.organizationId) ? DisputeParty.EMPLOYER : DisputeParty.TRAINER;
  if (by === 'platform') throw forbidden('Only the platform resolves an escalated dispute.');
  if (by === 'employer' && party !== DisputeParty.EMPLOYER) throw forbidden('Only the employer of this contract can do this (you are its trainer).');
  if (by === 'trainer' && party !== DisputeParty.TRAINER) throw forbidden('Only the trainer of this contract can do this.');
  return party;
}

/** Accepting or rejecting a settlement is the other side's: whoever proposed it cannot. */
export function assertProposalRecipient(party: DisputeParty, proposedBy: DisputeParty): void {
  if (party === proposedBy) {
    throw forbidden(
      `You proposed this settlement: the ${proposedBy === DisputeParty.EMPLOYER ? 'trainer' : 'employer'} accepts or rejects it. You can propose another one instead.`,
    );
  }
}
