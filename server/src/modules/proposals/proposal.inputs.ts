import { IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Proposal } from './proposal.entity.js';

@InputType({ description: 'The input of `withdrawProposal`.' })
export class WithdrawProposalInput {
  @Field(() => ID)
  proposalId: string;
}

@InputType({ description: 'The input of `shortlistProposal`.' })
export class ShortlistProposalInput {
  @Field(() => ID)
  proposalId: string;
}

@InputType({ description: 'The input of `declineProposal`.' })
export class DeclineProposalInput {
  @Field(() => ID)
  proposalId: string;

  @Field(() => String, { nullable: true, description: 'Shown to the trainer in the activity feed.' })
  @IsOptional()
  @MaxLength(5000, { message: 'A reason is at most 5,000 characters.' })
  reason?: string | null;
}

/** What every proposal status change returns: the proposal as it now is. */
@ObjectType()
export class ProposalChangePayload {
  @Field(() => Proposal)
  proposal: Proposal;
}

@ObjectType({ description: 'What `withdrawProposal` returns.' })
export class WithdrawProposalPayload extends ProposalChangePayload {}

@ObjectType({ description: 'What `shortlistProposal` returns.' })
export class ShortlistProposalPayload extends ProposalChangePayload {}

@ObjectType({ description: 'What `declineProposal` returns.' })
export class DeclineProposalPayload extends ProposalChangePayload {}
