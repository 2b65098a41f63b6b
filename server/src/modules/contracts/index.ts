import type { Area } from '../../api/area.js';
import { contractEvents } from './contract.events.js';
import { Contract } from './contract.entity.js';
import { ContractMutationResolver } from './contract.mutations.resolver.js';
import {
  ContractResolver,
  ContractTabsResolver,
  JobTeamMemberResolver,
  JobTeamResolver,
  OrganizationContractsResolver,
  ProposalContractResolver,
} from './contract.resolver.js';
import './contracts.policy.js';
import './contracts.read-plan.js';

/** Contracts, their billing summary, pausing and ending them. */
export const contractsArea: Area = {
  name: 'contracts',
  entities: [Contract],
  resolvers: [
    JobTeamResolver,
    JobTeamMemberResolver,
    ProposalContractResolver,
    OrganizationContractsResolver,
    ContractResolver,
    ContractTabsResolver,
    ContractMutationResolver,
  ],
  events: contractEvents,
};
