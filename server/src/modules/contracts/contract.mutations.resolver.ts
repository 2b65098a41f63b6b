import { Arg, Mutation, Resolver } from 'type-graphql';
import { runCommand } from '../../commands/command.js';
import { type SignedInContext } from '../../api/context.js';
import { expectGlobalId } from '../../graphql/global-id.js';
import { readBack } from '../../api/payload.js';
import { SignedIn } from '../../api/signed-in.js';
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

/** The input with its contract named by database id, as the commands take it. */
const onContract = <T extends { contractId: string }>(input: T): T => ({ ...input, contractId: expectGlobalId(input.contractId, 'Contract', 'contractId') });

const contractOf = (context: SignedInContext, change: contracts.ContractChange) => readBack(context, { contract: [Contract, change.contractId] });

@Resolver()
export class ContractMutationResolver {
  @Mutation(() => PauseContractPayload, { description: 'Employer: ACTIVE → PAUSED; milestones cannot be funded or submitted meanwhile.' })
  async pauseContract(@Arg('input') input: PauseContractInput, @SignedIn() context: SignedInContext): Promise<PauseContractPayload> {
    return contractOf(context, await runCommand(context, contracts.pauseContract, onContract(input)));
  }

  @Mutation(() => ResumeContractPayload, { description: 'Employer: PAUSED → ACTIVE.' })
  async resumeContract(@Arg('input') input: ResumeContractInput, @SignedIn() context: SignedInContext): Promise<ResumeContractPayload> {
    return contractOf(context, await runCommand(context, contracts.resumeContract, onContract(input)));
  }

  @Mutation(() => EndContractPayload, {
    description: 'Employer: ACTIVE or PAUSED → ENDED ("Finished"), once no milestone is FUNDED, SUBMITTED, CHANGES_REQUESTED or DISPUTED.',
  })
  async endContract(@Arg('input') input: EndContractInput, @SignedIn() context: SignedInContext): Promise<EndContractPayload> {
    return contractOf(context, await runCommand(context, contracts.endContract, onContract(input)));
  }
}
