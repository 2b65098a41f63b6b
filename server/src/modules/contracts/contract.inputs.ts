import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Contract } from './contract.entity.js';

@InputType()
export class PauseContractInput {
  @Field(() => ID, { description: 'An ACTIVE contract of your organization.' })
  contractId: string;
}

@InputType()
export class ResumeContractInput {
  @Field(() => ID, { description: 'A PAUSED contract of your organization.' })
  contractId: string;
}

@InputType()
export class EndContractInput {
  @Field(() => ID, { description: 'An ACTIVE or PAUSED contract of your organization with no milestone in play.' })
  contractId: string;
}

/** What every contract status change returns: the contract as it now is. */
@ObjectType()
export class ContractChangePayload {
  @Field(() => Contract)
  contract: Contract;
}

@ObjectType()
export class PauseContractPayload extends ContractChangePayload {}

@ObjectType()
export class ResumeContractPayload extends ContractChangePayload {}

@ObjectType()
export class EndContractPayload extends ContractChangePayload {}
