import { IsOptional, Length } from 'class-validator';
import { Field, InputType, ObjectType } from 'type-graphql';
import { Payout } from './payout.entity.js';

@InputType({ description: 'The input of `requestPayout`.' })
export class RequestPayoutInput {
  @Field(() => String, {
    nullable: true,
    description: 'Any unique string. A retry with the same key returns the first payouts and requests nothing twice.',
  })
  @IsOptional()
  @Length(1, 200)
  idempotencyKey?: string | null;
}

@ObjectType({ description: 'What `requestPayout` returns.' })
export class RequestPayoutPayload {
  @Field(() => [Payout], {
    description: 'One payout per organization and currency, together covering every paid invoice not yet paid out.',
  })
  payouts: Payout[];
}
