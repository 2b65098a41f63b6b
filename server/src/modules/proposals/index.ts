import type { Area } from '../../api/area.js';
import { proposalEvents } from './proposal.events.js';
import { Proposal } from './proposal.entity.js';
import { ProposalMutationResolver } from './proposal.mutations.resolver.js';
import { JobProposalResolver, OrganizationProposalsResolver, ProposalResolver, ProposalTabsResolver } from './proposal.resolver.js';
import './proposals.policy.js';
import './proposals.read-plan.js';

/** Proposals: applying, shortlisting, declining, hiring. */
export const proposalsArea: Area = {
  name: 'proposals',
  entities: [Proposal],
  resolvers: [OrganizationProposalsResolver, ProposalResolver, ProposalTabsResolver, JobProposalResolver, ProposalMutationResolver],
  events: proposalEvents,
};
