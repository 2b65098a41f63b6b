import { ArrayMaxSize, IsInt, IsOptional, IsUrl, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { DueDate, TrimmedLength } from '../../graphql/validation.js';
import { maxMilestoneCents } from '../../graphql/money-limits.js';
import { MilestoneDispute } from './milestone-dispute.entity.js';
import { MilestoneEvent } from './milestone-event.entity.js';
import { Milestone } from './milestone.entity.js';

const IdempotencyKeyField = () =>
  Field(() => String, {
    nullable: true,
    description: 'Any unique string (a UUID, say). A retry with the same key returns the first result and moves no money twice.',
  });

/** A new milestone's own fields: on an existing contract, or as the first one of a hire. */
@InputType('FirstMilestoneInput', { description: 'A new milestone: title, amount and optional due date.' })
export class NewMilestoneInput {
  @Field()
  @TrimmedLength(1, 200, { message: 'A milestone title is 1 to 200 characters.' })
  title: string;

  @Field({ defaultValue: '' })
  @MaxLength(5000, { message: 'A milestone description is at most 5,000 characters.' })
  description: string;

  @Field(() => Int, {
    description:
      "In minor units of the contract's currency (cents), 1 to 100,000,000 (1,000,000.00). A contract's milestones together, cancelled ones not counted, are at most 1,000,000,000 (10,000,000.00).",
  })
  @IsInt()
  @Min(1, { message: 'The amount must be positive.' })
  @Max(maxMilestoneCents, { message: 'The amount is above the 1,000,000.00 limit for one milestone.' })
  amountCents: number;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @DueDate()
  dueAt?: Date | null;
}

@InputType({ description: 'The input of `createMilestone`.' })
export class CreateMilestoneInput extends NewMilestoneInput {
  @Field(() => ID)
  contractId: string;
}

@InputType({ description: 'The input of `updateMilestone`.' })
export class UpdateMilestoneInput {
  @Field(() => ID)
  milestoneId: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @TrimmedLength(1, 200, { message: 'A milestone title is 1 to 200 characters.' })
  title?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(5000, { message: 'A milestone description is at most 5,000 characters.' })
  description?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: "In cents, 1 to 100,000,000, within the contract's cap on its milestones together (see `CreateMilestoneInput.amountCents`).",
  })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'The amount must be positive.' })
  @Max(maxMilestoneCents, { message: 'The amount is above the 1,000,000.00 limit for one milestone.' })
  amountCents?: number | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @DueDate()
  dueAt?: Date | null;
}

@InputType({ description: 'The input of `fundMilestone`.' })
export class FundMilestoneInput {
  @Field(() => ID)
  milestoneId: string;

  @IdempotencyKeyField()
  @IsOptional()
  @Length(1, 200)
  idempotencyKey?: string | null;
}

@InputType({ description: 'A link to delivered work or a supporting file, as a trainer submits it.' })
export class AttachmentInput {
  @Field()
  @Length(1, 200, { message: 'An attachment name is 1 to 200 characters.' })
  name: string;

  @Field()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'An attachment needs an http(s) URL.' })
  @MaxLength(2000)
  url: string;
}

@InputType({ description: 'The input of `submitMilestone`.' })
export class SubmitMilestoneInput {
  @Field(() => ID)
  milestoneId: string;

  @Field({ description: 'What was delivered, for the employer reviewing it.' })
  @Length(1, 5000, { message: 'Describe the delivered work in 1 to 5,000 characters.' })
  note: string;

  @Field(() => [AttachmentInput], { defaultValue: [], description: 'Links to the delivered work (at most 20).' })
  @ArrayMaxSize(20, { message: 'Attach at most 20 links.' })
  // TypeGraphQL builds AttachmentInput instances, so class-validator can descend into them.
  @ValidateNested({ each: true })
  attachments: AttachmentInput[];
}

@InputType({ description: 'The input of `requestMilestoneChanges`.' })
export class RequestMilestoneChangesInput {
  @Field(() => ID)
  milestoneId: string;

  @Field({ description: 'What needs to change.' })
  @Length(1, 5000, { message: 'Say what needs to change in 1 to 5,000 characters.' })
  note: string;
}

@InputType({ description: 'The input of `approveMilestone`.' })
export class ApproveMilestoneInput {
  @Field(() => ID)
  milestoneId: string;

  @Field(() => String, { nullable: true, description: 'A word for the trainer (up to 5,000 characters), kept on the approval in the history.' })
  @IsOptional()
  @MaxLength(5000, { message: 'An approval note is at most 5,000 characters.' })
  note?: string | null;

  @IdempotencyKeyField()
  @IsOptional()
  @Length(1, 200)
  idempotencyKey?: string | null;
}

@InputType({ description: 'The input of `cancelMilestone`.' })
export class CancelMilestoneInput {
  @Field(() => ID)
  milestoneId: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(5000)
  reason?: string | null;
}

@InputType({ description: 'The input of `disputeMilestone`.' })
export class DisputeMilestoneInput {
  @Field(() => ID)
  milestoneId: string;

  @Field()
  @Length(1, 5000, { message: 'Explain the dispute in 1 to 5,000 characters.' })
  reason: string;
}

/** What every milestone mutation returns: the milestone as it now is, and the history step it added. */
@ObjectType()
export class MilestoneChangePayload {
  @Field(() => Milestone)
  milestone: Milestone;

  @Field(() => MilestoneEvent, { description: 'The step this change added to the history.' })
  event: MilestoneEvent;
}

@ObjectType({ description: 'What `createMilestone` returns.' })
export class CreateMilestonePayload extends MilestoneChangePayload {}

@ObjectType({ description: 'What `updateMilestone` returns.' })
export class UpdateMilestonePayload extends MilestoneChangePayload {}

@ObjectType({ description: 'What `fundMilestone` returns.' })
export class FundMilestonePayload extends MilestoneChangePayload {}

@ObjectType({ description: 'What `submitMilestone` returns.' })
export class SubmitMilestonePayload extends MilestoneChangePayload {}

@ObjectType({ description: 'What `requestMilestoneChanges` returns.' })
export class RequestMilestoneChangesPayload extends MilestoneChangePayload {}

@ObjectType({ description: 'What `approveMilestone` returns.' })
export class ApproveMilestonePayload extends MilestoneChangePayload {
  /** The invoice the approval issued; its field is billing's (`ApprovalInvoiceResolver`). */
  invoiceId: string;
}

@ObjectType({ description: 'What `cancelMilestone` returns.' })
export class CancelMilestonePayload extends MilestoneChangePayload {
  @Field({ description: 'True when the milestone was funded and its money went back to the employer.' })
  refunded: boolean;
}

@ObjectType({ description: 'What `disputeMilestone` returns.' })
export class DisputeMilestonePayload extends MilestoneChangePayload {
  @Field(() => MilestoneDispute, { description: 'The dispute just opened: the trainer responds, either party proposes a settlement or escalates.' })
  dispute: MilestoneDispute;
}
