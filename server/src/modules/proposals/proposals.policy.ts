import { defineReadRule, defineReadScope, inOrganization, participantsScope } from '../../policy/policy.js';
import { Proposal } from './proposal.entity.js';

// A proposal is its trainer's and the hiring organization's (listed with contracts' participantsScope).
defineReadRule(Proposal, (proposal, { viewer }) => proposal.trainerId === viewer.id || inOrganization(viewer, proposal.organizationId));
defineReadScope(Proposal, (query, viewer, alias) => participantsScope(query, viewer, alias));
