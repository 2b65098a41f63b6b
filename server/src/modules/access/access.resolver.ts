import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../api/context.js';
import { loadVisible } from '../../api/visible.js';
import { User } from '../accounts/user.entity.js';
import { Contract } from '../contracts/contract.entity.js';
import { AccessGrant } from './access-grant.entity.js';

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
