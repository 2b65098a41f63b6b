import { IsInt, IsOptional, Length, Max, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { TrimmedLength } from '../../graphql/validation.js';
import { maxMilestoneCents } from '../../graphql/money-limits.js';
import { MilestoneDispute } from './milestone-dispute.entity.js';
import { MilestoneChangePayload } from './milestone.inputs.js';

const IdempotencyKeyField = () =>
  Field(() => String, {
    nullable: true,
    description: 'Any unique string (a UUID, say). A retry with the same key returns the first result and moves no money twice.',
  });

const releaseDescription =
  "In cents, 0 to the milestone's amount: what goes to the trainer (as an earning, less the marketplace fee); the rest is refunded to the employer. " +
  '0 refunds everything; the whole amount releases everything.';

@InputType({ description: "The trainer's answer to the employer's dispute." })
export class RespondToDisputeInput {
  @Field(() => ID)
  milestoneId: string;

  @Field({ description: 'Shown to the employer (and to the platform, if the dispute is escalated). A new response replaces the last.' })
  @TrimmedLength(1, 5000, { message: 'Write the response in 1 to 5,000 characters.' })
  response: string;
}

@InputType({ description: 'A settlement for the other party to accept or reject; it replaces any proposal waiting for an answer.' })
export class ProposeDisputeSettlementInput {
  @Field(() => ID)
  milestoneId: string;

  @Field(() => Int, { description: releaseDescription })
  @IsInt()
  @Min(0, { message: 'The release cannot be negative: 0 refunds everything.' })
  @Max(maxMilestoneCents, { message: "The release is at most the milestone's amount." })
  releaseCents: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(5000, { message: 'A note is at most 5,000 characters.' })
  note?: string | null;
}

@InputType({ description: "Accepts the other party's proposed settlement: the money moves as it says, once." })
export class AcceptDisputeSettlementInput {
  @Field(() => ID)
  milestoneId: string;

  @Field(() => Int, {
    description: 'The release of the proposal being accepted, as the accepting party saw it. If the proposal has changed since, nothing moves (CONFLICT).',
  })
  @IsInt()
  @Min(0)
  @Max(maxMilestoneCents)
  releaseCents: number;

  @IdempotencyKeyField()
  @IsOptional()
  @Length(1, 200)
  idempotencyKey?: string | null;
}

@InputType({ description: 'The input of `rejectDisputeSettlement`.' })
export class RejectDisputeSettlementInput {
  @Field(() => ID)
  milestoneId: string;

  @Field(() => String, { nullable: true, description: 'Why, for the party who proposed it.' })
  @IsOptional()
  @MaxLength(5000, { message: 'A note is at most 5,000 characters.' })
  note?: string | null;
}

@InputType({ description: 'Sends the dispute to the platform, which decides the split. Any proposal waiting for an answer lapses.' })
export class EscalateDisputeInput {
  @Field(() => ID)
  milestoneId: string;

  @Field(() => String, { nullable: true, description: 'What the platform should know.' })
  @IsOptional()
  @MaxLength(5000, { message: 'A note is at most 5,000 characters.' })
  note?: string | null;
}

@InputType({ description: 'Employer: withdraws the dispute; the milestone goes back to where it was before it.' })
export class WithdrawDisputeInput {
  @Field(() => ID)
  milestoneId: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(5000, { message: 'A note is at most 5,000 characters.' })
  note?: string | null;

  @IdempotencyKeyField()
  @IsOptional()
  @Length(1, 200)
  idempotencyKey?: string | null;
}

/** What every dispute step returns: the milestone, the history step, and the dispute as it now is. */
@ObjectType()
export class DisputeStepPayload extends MilestoneChangePayload {
  @Field(() => MilestoneDispute)
  dispute: MilestoneDispute;
}

@ObjectType({ description: 'What `respondToDispute` returns.' })
export class RespondToDisputePayload extends DisputeStepPayload {}

@ObjectType({ description: 'What `proposeDisputeSettlement` returns.' })
export class ProposeDisputeSettlementPayload extends DisputeStepPayload {}

@ObjectType({ description: 'What `rejectDisputeSettlement` returns.' })
export class RejectDisputeSettlementPayload extends DisputeStepPayload {}

@ObjectType({ description: 'What `escalateDispute` returns.' })
export class EscalateDisputePayload extends DisputeStepPayload {}

@ObjectType({ description: 'What `withdrawDispute` returns.' })
export class WithdrawDisputePayload extends DisputeStepPayload {}

@ObjectType({ description: 'What `acceptDisputeSettlement` returns.' })
export class AcceptDisputeSettlementPayload extends DisputeStepPayload {
  /** The invoice of the released part, if any; its field is billing's (`SettlementInvoiceResolver`). */
  invoiceId: string | null;
}
