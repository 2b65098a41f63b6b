import { IsOptional, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Payout } from './payout.entity.js';

@InputType()
export class RequestPayoutInput {
  @Field(() => String, {
    nullable: true,
    description: 'Any unique string. A retry with the same key returns the first payouts and requests nothing twice.',
  })
  @IsOptional()
  @Length(1, 200)
  idempotencyKey?: string | null;
}

@ObjectType()
export class RequestPayoutPayload {
  @Field(() => [Payout], { description: 'One payout per currency, covering every paid invoice not yet paid out.' })
  payouts: Payout[];
}

export enum PayoutOutcome {
  PAID = 'PAID',
  FAILED = 'FAILED',
}

registerEnumType(PayoutOutcome, { name: 'PayoutOutcome' });

@InputType()
export class CompletePayoutInput {
  @Field(() => ID)
  payoutId: string;

  @Field(() => PayoutOutcome)
  outcome: PayoutOutcome;

  @Field(() => String, { nullable: true, description: 'Why it failed, for FAILED (shown to the trainer).' })
  @IsOptional()
  @MaxLength(500)
  failureReason?: string | null;
}

@ObjectType()
export class CompletePayoutPayload {
  @Field(() => Payout)
  payout: Payout;
}
