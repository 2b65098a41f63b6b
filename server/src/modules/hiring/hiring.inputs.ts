import { IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { maxBudgetCents, maxRateCents } from '../../graphql/money-limits.js';
import { TrimmedLength } from '../../graphql/validation.js';
import { Contract } from '../contracts/contract.entity.js';
import { PaymentType } from '../jobs/job.entity.js';
import { Channel } from '../messaging/channel.entity.js';
import { NewMilestoneInput } from '../milestones/milestone.inputs.js';
import { Milestone } from '../milestones/milestone.entity.js';
import { ProposalChangePayload } from '../proposals/proposal.inputs.js';

export const maxCoverLetterLength = 5_000;
export const maxScopeLength = 10_000;
export const maxTermsLength = 20_000;
export const maxTitleLength = 200;

@InputType({ description: 'The input of `submitProposal`.' })
export class SubmitProposalInput {
  @Field(() => ID, { description: 'An OPEN job.' })
  jobId: string;

  @Field({ description: 'Why you are a good fit: trimmed, 1 to 5,000 characters.' })
  @TrimmedLength(1, maxCoverLetterLength, { message: 'Write a cover letter of 1 to 5,000 characters.' })
  coverLetter: string;

  @Field(() => Int, {
    description: "Your rate in minor units of the job's currency (cents), 1 to 100,000,000 (1,000,000.00): per hour, per label, or the whole fixed price.",
  })
  @IsInt()
  @Min(1, { message: 'The rate must be positive.' })
  @Max(maxRateCents, { message: 'The rate is above the 1,000,000.00 limit.' })
  rateCents: number;
}

@InputType({ description: 'The input of `hireProposal`.' })
export class HireProposalInput {
  @Field(() => ID, { description: 'An UNREVIEWED or SHORTLISTED proposal to one of your jobs.' })
  proposalId: string;

  @Field(() => String, { nullable: true, description: "The contract's title; the job's title when omitted." })
  @IsOptional()
  @TrimmedLength(1, maxTitleLength, { message: 'A contract title is 1 to 200 characters.' })
  title?: string | null;

  @Field({ description: 'What the trainer is hired to do: 1 to 10,000 characters.' })
  @TrimmedLength(1, maxScopeLength, { message: 'Describe the scope in 1 to 10,000 characters.' })
  scope: string;

  @Field({ description: 'The agreed terms (Markdown): 1 to 20,000 characters.' })
  @TrimmedLength(1, maxTermsLength, { message: 'Write the terms in 1 to 20,000 characters.' })
  terms: string;

  @Field(() => PaymentType)
  paymentType: PaymentType;

  @Field(() => Int, {
    nullable: true,
    description: 'Per hour or per label, in cents (1 to 100,000,000): required for PAY_PER_HOUR and PAY_PER_LABEL, omitted for FIXED_PRICE.',
  })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'The rate must be positive.' })
  @Max(maxRateCents, { message: 'The rate is above the 1,000,000.00 limit.' })
  rateCents?: number | null;

  @Field(() => Int, { description: 'In cents, 1 to 1,000,000,000 (10,000,000.00).' })
  @IsInt()
  @Min(1, { message: 'The total budget must be positive.' })
  @Max(maxBudgetCents, { message: 'The total budget is above the 10,000,000.00 limit.' })
  totalBudgetCents: number;

  @Field(() => NewMilestoneInput, { nullable: true, description: 'A first milestone (NOT_FUNDED) to create with the contract.' })
  @IsOptional()
  // TypeGraphQL builds NewMilestoneInput instances, so class-validator can descend into them.
  @ValidateNested()
  firstMilestone?: NewMilestoneInput | null;
}

@ObjectType({ description: 'What `submitProposal` returns.' })
export class SubmitProposalPayload extends ProposalChangePayload {}

@ObjectType({ description: 'What `hireProposal` returns.' })
export class HireProposalPayload extends ProposalChangePayload {
  @Field(() => Contract, { description: 'The new ACTIVE contract.' })
  contract: Contract;

  @Field(() => Channel, { description: "The trainer's DIRECT channel with you, on the contract." })
  channel: Channel;

  @Field(() => Milestone, { nullable: true, description: 'The first milestone, when one was asked for.' })
  milestone: Milestone | null;
}
