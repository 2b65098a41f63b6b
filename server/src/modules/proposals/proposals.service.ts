import { participantsScope } from '../contracts/contracts.policy.js';
import type { SignedInContext } from '../../graphql/context.js';
import type { Connection } from '../../graphql/pagination.js';
import { Proposal } from './proposal.entity.js';
import type { ProposalFilterArgs } from './proposal.types.js';

export interface ProposalQuery extends ProposalFilterArgs {
  organizationId?: string;
}

/** A trainer's own proposals, or those an employer's organization received; newest first. */
export function proposalsOf(context: SignedInContext, filter: ProposalQuery): Promise<Connection<Proposal>> {
  const query = context.loaders.manager.getRepository(Proposal).createQueryBuilder('a');
  participantsScope(query, context.viewer);
  if (filter.status?.length) query.andWhere('a.status IN (:...statuses)', { statuses: filter.status });
  if (filter.organizationId) query.andWhere('a.organization_id = :organizationId', { organizationId: filter.organizationId });
  return context.loaders.page(Proposal, filter, { query, sort: [{ expression: 'a.created_at', direction: 'DESC' }] });
}
