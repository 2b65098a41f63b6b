import { Arg, Mutation, Resolver } from 'type-graphql';
import { type SignedInContext } from '../../api/context.js';
import { runCommand } from '../../commands/command.js';
import { expectGlobalId } from '../../graphql/global-id.js';
import { readBack } from '../../api/payload.js';
import { SignedIn } from '../../api/signed-in.js';
import { Contract } from '../contracts/contract.entity.js';
import { Channel } from '../messaging/channel.entity.js';
import { Milestone } from '../milestones/milestone.entity.js';
import { Proposal } from './proposal.entity.js';
import {
  DeclineProposalInput,
  DeclineProposalPayload,
  HireProposalInput,
  HireProposalPayload,
  ShortlistProposalInput,
  ShortlistProposalPayload,
  SubmitProposalInput,
  SubmitProposalPayload,
  WithdrawProposalInput,
  WithdrawProposalPayload,
} from './proposal.inputs.js';
import * as proposals from './proposals.mutations.js';

/** The input with its proposal named by database id, as the commands take it. */
const onProposal = <T extends { proposalId: string }>(input: T): T => ({ ...input, proposalId: expectGlobalId(input.proposalId, 'Proposal', 'proposalId') });

const proposalOf = (context: SignedInContext, change: proposals.ProposalChange) => readBack(context, { proposal: [Proposal, change.proposalId] });

@Resolver()
export class ProposalMutationResolver {
  @Mutation(() => SubmitProposalPayload, {
    description: "Trainer: applies to an OPEN job (once per job); opens the proposal's thread with the job's employers.",
  })
  async submitProposal(@Arg('input') input: SubmitProposalInput, @SignedIn() context: SignedInContext): Promise<SubmitProposalPayload> {
    return proposalOf(context, await runCommand(context, proposals.submitProposal, { ...input, jobId: expectGlobalId(input.jobId, 'Job', 'jobId') }));
  }

  @Mutation(() => WithdrawProposalPayload, { description: 'Trainer: UNREVIEWED or SHORTLISTED → WITHDRAWN.' })
  async withdrawProposal(@Arg('input') input: WithdrawProposalInput, @SignedIn() context: SignedInContext): Promise<WithdrawProposalPayload> {
    return proposalOf(context, await runCommand(context, proposals.withdrawProposal, onProposal(input)));
  }

  @Mutation(() => ShortlistProposalPayload, { description: 'Employer: UNREVIEWED → SHORTLISTED.' })
  async shortlistProposal(@Arg('input') input: ShortlistProposalInput, @SignedIn() context: SignedInContext): Promise<ShortlistProposalPayload> {
    return proposalOf(context, await runCommand(context, proposals.shortlistProposal, onProposal(input)));
  }

  @Mutation(() => DeclineProposalPayload, { description: 'Employer: UNREVIEWED or SHORTLISTED → DECLINED, with an optional reason for the trainer.' })
  async declineProposal(@Arg('input') input: DeclineProposalInput, @SignedIn() context: SignedInContext): Promise<DeclineProposalPayload> {
    return proposalOf(context, await runCommand(context, proposals.declineProposal, onProposal(input)));
  }

  @Mutation(() => HireProposalPayload, {
    description:
      "Employer: UNREVIEWED or SHORTLISTED → HIRED. Creates the ACTIVE contract, the trainer's DIRECT channel with you, " +
      'and an optional first milestone (NOT_FUNDED), in one transaction.',
  })
  async hireProposal(@Arg('input') input: HireProposalInput, @SignedIn() context: SignedInContext): Promise<HireProposalPayload> {
    const change = await runCommand(context, proposals.hireProposal, onProposal(input));
    // With what the hire just created for the employer's organization (the channel with them in it).
    return readBack(context, {
      proposal: [Proposal, change.proposalId],
      contract: [Contract, change.contractId!],
      channel: [Channel, change.channelId!],
      milestone: [Milestone, change.milestoneId],
    });
  }
}
