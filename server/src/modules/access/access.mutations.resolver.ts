import { Arg, Mutation, Resolver } from 'type-graphql';
import { runCommand } from '../../commands/command.js';
import { type SignedInContext } from '../../api/context.js';
import { expectGlobalId } from '../../graphql/global-id.js';
import { readBack } from '../../api/payload.js';
import { SignedIn } from '../../api/signed-in.js';
import { AccessGrant } from './access-grant.entity.js';
import { GrantAccessInput, GrantAccessPayload, RevokeAccessInput, RevokeAccessPayload } from './access.inputs.js';
import * as access from './access.mutations.js';

const grantOf = (context: SignedInContext, change: access.AccessChange) => readBack(context, { accessGrant: [AccessGrant, change.accessGrantId] });

@Resolver()
export class AccessMutationResolver {
  @Mutation(() => GrantAccessPayload, {
    description: "Employer: gives the contract's trainer access to a tool, team, data set or other resource (the Access tab).",
  })
  async grantAccess(@Arg('input') input: GrantAccessInput, @SignedIn() context: SignedInContext): Promise<GrantAccessPayload> {
    const change = await runCommand(context, access.grantAccess, { ...input, contractId: expectGlobalId(input.contractId, 'Contract', 'contractId') });
    return grantOf(context, change);
  }

  @Mutation(() => RevokeAccessPayload, {
    description: 'Employer: revokes a grant; the trainer still sees it, with its date, under `accessGrants(includeRevoked: true)`.',
  })
  async revokeAccess(@Arg('input') input: RevokeAccessInput, @SignedIn() context: SignedInContext): Promise<RevokeAccessPayload> {
    const change = await runCommand(context, access.revokeAccess, {
      ...input,
      accessGrantId: expectGlobalId(input.accessGrantId, 'AccessGrant', 'accessGrantId'),
    });
    return grantOf(context, change);
  }
}
