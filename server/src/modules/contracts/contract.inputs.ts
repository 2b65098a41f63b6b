import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Contract } from './contract.entity.js';

@InputType({ description: 'The input of `pauseContract`.' })
export class PauseContractInput {
  @Field(() => ID, { description: 'An ACTIVE contract of your organization.' })
  contractId: string;
}

@InputType({ description: 'The input of `resumeContract`.' })
export class ResumeContractInput {
  @Field(() => ID, { description: 'A PAUSED contract of your organization.' })
  contractId: string;
}

@InputType({ description: 'The input of `endContract`.' })
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

@ObjectType({ description: 'What `pauseContract` returns.' })
export class PauseContractPayload extends ContractChangePayload {}

@ObjectType({ description: 'What `resumeContract` returns.' })
export class ResumeContractPayload extends ContractChangePayload {}

@ObjectType({ description: 'What `endContract` returns.' })
export class EndContractPayload extends ContractChangePayload {}
