import type { Area } from '../../api/area.js';
import { accessEvents } from './access.events.js';
import { AccessGrant } from './access-grant.entity.js';
import { AccessMutationResolver } from './access.mutations.resolver.js';
import './access.policy.js';
import './access.read-plan.js';
import { AccessGrantResolver, ContractAccessResolver } from './access.resolver.js';

/** The Access tab: tools, datasets and teams an employer grants on a contract. */
export const accessArea: Area = {
  name: 'access',
  entities: [AccessGrant],
  resolvers: [ContractAccessResolver, AccessGrantResolver, AccessMutationResolver],
  events: accessEvents,
};
