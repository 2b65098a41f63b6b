import { Arg, Mutation, Resolver } from 'type-graphql';
import { type Context, type SignedInContext } from '../../graphql/context.js';
import { SignedIn } from '../../graphql/signed-in.js';
import { Contract } from './contract.entity.js';
import {
  EndContractInput,
  EndContractPayload,
  PauseContractInput,
  PauseContractPayload,
  ResumeContractInput,
  ResumeContractPayload,
} from './contract.inputs.js';
import * as contracts from './contracts.mutations.js';

/**
 * Reads back the contract a mutation changed, after its commit, as the viewer now sees it.
 * By id and unchecked (byId, not loadVisible): the viewer's own mutation just wrote it, as someone the
 * policy let write it, which implies reading it; the payload's relation fields are checked as usual.
 */
async function contractOf(context: Context, change: contracts.ContractChange) {
  return { contract: (await context.loaders.byId(Contract).load(change.contractId))! };
}

@Resolver()
export class ContractMutationResolver {
  @Mutation(() => PauseContractPayload, { description: 'Employer: ACTIVE → PAUSED; milestones cannot be funded or submitted meanwhile.' })
  async pauseContract(@Arg('input') input: PauseContractInput, @SignedIn() context: SignedInContext): Promise<PauseContractPayload> {
    return contractOf(context, await contracts.pauseContract(context, input));
  }

  @Mutation(() => ResumeContractPayload, { description: 'Employer: PAUSED → ACTIVE.' })
  async resumeContract(@Arg('input') input: ResumeContractInput, @SignedIn() context: SignedInContext): Promise<ResumeContractPayload> {
    return contractOf(context, await contracts.resumeContract(context, input));
  }

  @Mutation(() => EndContractPayload, {
    description: 'Employer: ACTIVE or PAUSED → ENDED ("Finished"), once no milestone is FUNDED, SUBMITTED, CHANGES_REQUESTED or DISPUTED.',
  })
  async endContract(@Arg('input') input: EndContractInput, @SignedIn() context: SignedInContext): Promise<EndContractPayload> {
    return contractOf(context, await contracts.endContract(context, input));
  }
}
