import { IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Proposal } from './proposal.entity.js';

@InputType()
export class WithdrawProposalInput {
  @Field(() => ID)
  proposalId: string;
}

@InputType()
export class ShortlistProposalInput {
  @Field(() => ID)
  proposalId: string;
}

@InputType()
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

@ObjectType()
export class WithdrawProposalPayload extends ProposalChangePayload {}

@ObjectType()
export class ShortlistProposalPayload extends ProposalChangePayload {}

@ObjectType()
export class DeclineProposalPayload extends ProposalChangePayload {}

