import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { requireViewer, type Context } from '../../graphql/context.js';
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

/** Reads back the proposal a mutation changed, after its commit, as the viewer now sees it. */
async function proposalOf(context: Context, change: proposals.ProposalChange) {
  return { proposal: (await context.loaders.byId(Proposal).load(change.proposalId))! };
}

@Resolver()
export class ProposalMutationResolver {
  @Mutation(() => SubmitProposalPayload, {
    description: "Trainer: applies to an OPEN job (once per job); opens the proposal's thread with the job's employers.",
  })
  async submitProposal(@Arg('input') input: SubmitProposalInput, @Ctx() context: Context): Promise<SubmitProposalPayload> {
    return proposalOf(context, await proposals.submitProposal(requireViewer(context), input));
  }

  @Mutation(() => WithdrawProposalPayload, { description: 'Trainer: UNREVIEWED or SHORTLISTED → WITHDRAWN.' })
  async withdrawProposal(@Arg('input') input: WithdrawProposalInput, @Ctx() context: Context): Promise<WithdrawProposalPayload> {
    return proposalOf(context, await proposals.withdrawProposal(requireViewer(context), input));
  }

  @Mutation(() => ShortlistProposalPayload, { description: 'Employer: UNREVIEWED → SHORTLISTED.' })
  async shortlistProposal(@Arg('input') input: ShortlistProposalInput, @Ctx() context: Context): Promise<ShortlistProposalPayload> {
    return proposalOf(context, await proposals.shortlistProposal(requireViewer(context), input));
  }

  @Mutation(() => DeclineProposalPayload, { description: 'Employer: UNREVIEWED or SHORTLISTED → DECLINED, with an optional reason for the trainer.' })
  async declineProposal(@Arg('input') input: DeclineProposalInput, @Ctx() context: Context): Promise<DeclineProposalPayload> {
    return proposalOf(context, await proposals.declineProposal(requireViewer(context), input));
  }

  @Mutation(() => HireProposalPayload, {
    description:
      "Employer: UNREVIEWED or SHORTLISTED → HIRED. Creates the ACTIVE contract, the trainer's DIRECT channel with you, " +
      'and an optional first milestone (NOT_FUNDED), in one transaction.',
  })
  async hireProposal(@Arg('input') input: HireProposalInput, @Ctx() context: Context): Promise<HireProposalPayload> {
    const change = await proposals.hireProposal(requireViewer(context), input);
    const [{ proposal }, contract, channel, milestone] = await Promise.all([
      proposalOf(context, change),
      context.loaders.byId(Contract).load(change.contractId!),
      context.loaders.byId(Channel).load(change.channelId!),
      change.milestoneId ? context.loaders.byId(Milestone).load(change.milestoneId) : null,
    ]);
    return { proposal, contract: contract!, channel: channel!, milestone };
  }
}
