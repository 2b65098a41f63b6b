import type { SignedInContext } from '../../api/context.js';
import type { Connection } from '../../graphql/pagination.js';
import { AccessGrant } from './access-grant.entity.js';
import type { AccessGrantFilterArgs } from './access-grant.types.js';

/** A contract's access grants, newest first; the caller may read the contract. */
export function accessGrantsOfContract(context: SignedInContext, contractId: string, args: AccessGrantFilterArgs): Promise<Connection<AccessGrant>> {
  return context.loaders
    .connection(AccessGrant, `contract.accessGrants:${args.includeRevoked}`, args, (contractIds) => {
      const query = context.loaders.manager
        .getRepository(AccessGrant)
        .createQueryBuilder('g')
        .where('g.contract_id IN (:...contractIds)', { contractIds });
      if (!args.includeRevoked) query.andWhere('g.revoked_at IS NULL');
      return { query, partitionBy: 'g.contract_id', sort: [{ expression: 'g.granted_at', direction: 'DESC' }] };
    })
    .load(contractId);
}
