import type { Area } from '../../api/area.js';
import { HiringMutationResolver } from './hiring.mutations.resolver.js';

/**
 * Hiring, from application to contract: submitting a proposal (with its thread) and hiring (the
 * contract, its channel, its first milestone). The commands that span proposals, contracts,
 * messaging and milestones live here, above all four, so none of those areas needs another above it.
 */
export const hiringArea: Area = {
  name: 'hiring',
  entities: [],
  resolvers: [HiringMutationResolver],
};
