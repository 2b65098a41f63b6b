import { Arg, Mutation, Resolver } from 'type-graphql';
import { type SignedInContext } from '../../api/context.js';
import { readBack } from '../../api/payload.js';
import { SignedIn } from '../../api/signed-in.js';
import { runCommand } from '../../commands/command.js';
import { expectGlobalId } from '../../graphql/global-id.js';
import { Contract } from '../contracts/contract.entity.js';
import { Channel } from '../messaging/channel.entity.js';
import { Milestone } from '../milestones/milestone.entity.js';
import { Proposal } from '../proposals/proposal.entity.js';
import { HireProposalInput, HireProposalPayload, SubmitProposalInput, SubmitProposalPayload } from './hiring.inputs.js';
import * as hiring from './hiring.mutations.js';

@Resolver()
export class HiringMutationResolver {
  @Mutation(() => SubmitProposalPayload, {
    description: "Trainer: applies to an OPEN job (once per job); opens the proposal's thread with the job's employers.",
  })
  async submitProposal(@Arg('input') input: SubmitProposalInput, @SignedIn() context: SignedInContext): Promise<SubmitProposalPayload> {
    const change = await runCommand(context, hiring.submitProposal, { ...input, jobId: expectGlobalId(input.jobId, 'Job', 'jobId') });
    return readBack(context, { proposal: [Proposal, change.proposalId] });
  }

  @Mutation(() => HireProposalPayload, {
    description:
      "Employer: UNREVIEWED or SHORTLISTED → HIRED. Creates the ACTIVE contract, the trainer's DIRECT channel with you, " +
      'and an optional first milestone (NOT_FUNDED), in one transaction.',
  })
  async hireProposal(@Arg('input') input: HireProposalInput, @SignedIn() context: SignedInContext): Promise<HireProposalPayload> {
    const change = await runCommand(context, hiring.hireProposal, { ...input, proposalId: expectGlobalId(input.proposalId, 'Proposal', 'proposalId') });
    // With what the hire just created for the employer's organization (the channel with them in it).
    return readBack(context, {
      proposal: [Proposal, change.proposalId],
      contract: [Contract, change.contractId!],
      channel: [Channel, change.channelId!],
      milestone: [Milestone, change.milestoneId],
    });
  }
}
