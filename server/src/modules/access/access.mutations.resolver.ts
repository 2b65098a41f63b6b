import { Arg, Mutation, Resolver } from 'type-graphql';
import { type Context, type SignedInContext } from '../../graphql/context.js';
import { SignedIn } from '../../graphql/signed-in.js';
import { AccessGrant } from './access-grant.entity.js';
import { GrantAccessInput, GrantAccessPayload, RevokeAccessInput, RevokeAccessPayload } from './access.inputs.js';
import * as access from './access.mutations.js';

/**
 * Reads back what a mutation changed, after its commit, as the viewer now sees it.
 * By id and unchecked (byId, not loadVisible): the viewer's own mutation just wrote it, as someone the
 * policy let write it, which implies reading it; the payload's relation fields are checked as usual.
 */
async function payloadOf(context: Context, change: access.AccessChange) {
  return { accessGrant: (await context.loaders.byId(AccessGrant).load(change.accessGrantId))! };
}

@Resolver()
export class AccessMutationResolver {
  @Mutation(() => GrantAccessPayload, {
    description: "Employer: gives the contract's trainer access to a tool, team, data set or other resource (the Access tab).",
  })
  async grantAccess(@Arg('input') input: GrantAccessInput, @SignedIn() context: SignedInContext): Promise<GrantAccessPayload> {
    return payloadOf(context, await access.grantAccess(context, input));
  }

  @Mutation(() => RevokeAccessPayload, {
    description: 'Employer: revokes a grant; the trainer still sees it, with its date, under `accessGrants(includeRevoked: true)`.',
  })
  async revokeAccess(@Arg('input') input: RevokeAccessInput, @SignedIn() context: SignedInContext): Promise<RevokeAccessPayload> {
    return payloadOf(context, await access.revokeAccess(context, input));
  }
}
