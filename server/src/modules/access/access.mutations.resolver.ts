import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { requireViewer, type Context } from '../../graphql/context.js';
import { AccessGrant } from './access-grant.entity.js';
import { GrantAccessInput, GrantAccessPayload, RevokeAccessInput, RevokeAccessPayload } from './access.inputs.js';
import * as access from './access.mutations.js';

/** Reads back what a mutation changed, after its commit, as the viewer now sees it. */
async function payloadOf(context: Context, change: access.AccessChange) {
  return { accessGrant: (await context.loaders.byId(AccessGrant).load(change.accessGrantId))! };
}

@Resolver()
export class AccessMutationResolver {
  @Mutation(() => GrantAccessPayload, {
    description: "Employer: gives the contract's trainer access to a tool, team, data set or other resource (the Access tab).",
  })
  async grantAccess(@Arg('input') input: GrantAccessInput, @Ctx() context: Context): Promise<GrantAccessPayload> {
    return payloadOf(context, await access.grantAccess(requireViewer(context), input));
  }

  @Mutation(() => RevokeAccessPayload, {
    description: 'Employer: revokes a grant; the trainer still sees it, with its date, under `accessGrants(includeRevoked: true)`.',
  })
  async revokeAccess(@Arg('input') input: RevokeAccessInput, @Ctx() context: Context): Promise<RevokeAccessPayload> {
    return payloadOf(context, await access.revokeAccess(requireViewer(context), input));
  }
}
