import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { loadVisible } from '../../api/visible.js';
import { User } from '../accounts/user.entity.js';
import { Contract } from '../contracts/contract.entity.js';
import { AccessGrant } from './access-grant.entity.js';
import type { Context, SignedInContext } from '../../api/context.js';
import { accessGrantsOfContract } from './access.service.js';
import { AccessGrantConnection, AccessGrantFilterArgs } from './access-grant.types.js';
import { SignedIn } from '../../api/signed-in.js';

@Resolver(() => AccessGrant)
export class AccessGrantResolver {
  @FieldResolver(() => Contract)
  contract(@Root() grant: AccessGrant, @Ctx() context: Context) {
    return loadVisible(context, Contract, grant.contractId);
  }

  @FieldResolver(() => User)
  grantedBy(@Root() grant: AccessGrant, @Ctx() context: Context) {
    return loadVisible(context, User, grant.grantedById);
  }
}

/** A contract's Access tab, from the access area. */
@Resolver(() => Contract)
export class ContractAccessResolver {
  @FieldResolver(() => AccessGrantConnection, { description: 'The Access tab.' })
  accessGrants(@Root() contract: Contract, @Args() args: AccessGrantFilterArgs, @SignedIn() context: SignedInContext) {
    return accessGrantsOfContract(context, contract.id, args);
  }
}
