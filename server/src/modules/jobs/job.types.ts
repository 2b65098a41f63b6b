import { ArrayMaxSize, IsInt, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import { UserRole } from '../../auth/viewer.js';
import { ConnectionArgs, connectionType } from '../../graphql/pagination.js';
import { maxBudgetCents } from '../billing/money-limits.js';
import { Job, JobStatus, PaymentType } from './job.entity.js';

export const JobConnection = connectionType(Job);

@ArgsType()
export class JobFilterArgs extends ConnectionArgs {
  @Field(() => [JobStatus], { nullable: true, description: 'Only jobs in these statuses.' })
  status?: JobStatus[] | null;
}

/** The longest search text: a phrase, not a document. */
export const maxJobSearchLength = 200;

/** The filters of the job board: each one given narrows the list, and they combine with AND. */
@ArgsType()
export class OpenJobsArgs extends ConnectionArgs {
  @Field(() => [String], {
    nullable: true,
    description: 'Only jobs asking for every one of these skills (case-insensitive), such as ["rlhf", "python"].',
  })
  @IsOptional()
  @ArrayMaxSize(20, { message: 'Filter by at most 20 skills.' })
  @MaxLength(100, { each: true, message: 'A skill is at most 100 characters.' })
  skills?: string[] | null;

  @Field(() => [PaymentType], { nullable: true, description: 'Only jobs paid in one of these ways.' })
  paymentType?: PaymentType[] | null;

  @Field(() => Int, {
    nullable: true,
    description: "Only jobs paying at least this, in cents: the rate per hour or per label, or a fixed-price job's whole budget.",
  })
  @IsOptional()
  @IsInt()
  @Min(0, { message: 'The minimum rate cannot be negative.' })
  @Max(maxBudgetCents, { message: 'The minimum rate is above the 10,000,000.00 limit.' })
  minRateCents?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Only jobs paying at most this, in cents (the same amount as `minRateCents`).',
  })
  @IsOptional()
  @IsInt()
  @Min(0, { message: 'The maximum rate cannot be negative.' })
  @Max(maxBudgetCents, { message: 'The maximum rate is above the 10,000,000.00 limit.' })
  maxRateCents?: number | null;

  @Field(() => String, { nullable: true, description: 'Text found in the title or the description, case-insensitive (up to 200 characters).' })
  @IsOptional()
  @MaxLength(maxJobSearchLength, { message: 'Search for at most 200 characters.' })
  search?: string | null;
}

/** One person on a job's team (`Job.team`). */
@ObjectType({ description: "Someone on a job: one of its organization's employers, or a trainer with a contract on it." })
export class JobTeamMember {
  /** The user's id, for the resolver to load the user. */
  userId: string;

  @Field(() => UserRole, { description: "EMPLOYER: one of the job's organization's employers; TRAINER: holds a contract on the job." })
  role: UserRole;
}
