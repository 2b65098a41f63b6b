import type { SignedInContext } from '../../api/context.js';
import type { Connection } from '../../graphql/pagination.js';
import { defineList, pageQueryOf } from '../../graphql/lists.js';
import { AccessGrant } from './access-grant.entity.js';
import type { AccessGrantFilterArgs } from './access-grant.types.js';

/** A contract's access grants, newest first; the caller may read the contract. */
export const contractAccessGrants = defineList<AccessGrant, AccessGrantFilterArgs>({
  entity: AccessGrant,
  alias: 'g',
  parent: 'g.contract_id',
  where: (query, args) => {
    if (!args.includeRevoked) query.andWhere('g.revoked_at IS NULL');
  },
  sort: [{ expression: 'g.granted_at', direction: 'DESC' }],
  plannedArgs: ['includeRevoked'],
});

export function accessGrantsOfContract(context: SignedInContext, contractId: string, args: AccessGrantFilterArgs): Promise<Connection<AccessGrant>> {
  return context.loaders
    .connection(AccessGrant, `contract.accessGrants:${args.includeRevoked}`, args, (contractIds) =>
      pageQueryOf(context.loaders.manager, contractAccessGrants, args, context.viewer, contractIds),
    )
    .load(contractId);
}
