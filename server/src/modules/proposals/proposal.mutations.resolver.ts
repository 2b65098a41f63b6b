import { Arg, Mutation, Resolver } from 'type-graphql';
import { type SignedInContext } from '../../api/context.js';
import { runCommand } from '../../commands/command.js';
import { expectGlobalId } from '../../graphql/global-id.js';
import { readBack } from '../../api/payload.js';
import { SignedIn } from '../../api/signed-in.js';
import { Proposal } from './proposal.entity.js';
import {
  DeclineProposalInput,
  DeclineProposalPayload,
  ShortlistProposalInput,
  ShortlistProposalPayload,
  WithdrawProposalInput,
  WithdrawProposalPayload,
} from './proposal.inputs.js';
import * as proposals from './proposals.mutations.js';

/** The input with its proposal named by database id, as the commands take it. */
const onProposal = <T extends { proposalId: string }>(input: T): T => ({ ...input, proposalId: expectGlobalId(input.proposalId, 'Proposal', 'proposalId') });

const proposalOf = (context: SignedInContext, change: proposals.ProposalChange) => readBack(context, { proposal: [Proposal, change.proposalId] });

@Resolver()
export class ProposalMutationResolver {
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
}
