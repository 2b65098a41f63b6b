import { ArgsType, Field, ObjectType } from 'type-graphql';
import { Money } from '../../graphql/money.js';
import { ConnectionArgs, connectionType } from '../../graphql/pagination.js';
import { Contract, ContractStatus } from './contract.entity.js';
import { UserRole } from '../accounts/user.entity.js';

export const ContractConnection = connectionType(Contract);

@ArgsType()
export class ContractFilterArgs extends ConnectionArgs {
  @Field(() => [ContractStatus], { nullable: true, description: 'Only contracts in these statuses.' })
  status?: ContractStatus[] | null;
}

@ObjectType({ description: "Where a contract's money stands, from its milestones." })
export class BillingSummary {
  @Field(() => Money, { description: 'Released to the trainer: PAID milestones, less what a dispute settlement refunded.' })
  paidOut: Money;

  @Field(() => Money, { description: 'Funded and in progress (FUNDED and CHANGES_REQUESTED milestones).' })
  activeAndFunded: Money;

  @Field(() => Money, { description: 'Submitted and waiting for the employer (SUBMITTED milestones).' })
  pendingApproval: Money;

  @Field(() => Money, { description: 'Held while a dispute is open (DISPUTED milestones).' })
  inDispute: Money;

  @Field(() => Money, {
    description:
      'Returned to the employer: funded milestones cancelled, and the refunded part of settled or resolved disputes. ' +
      'Paid out + active & funded + pending approval + in dispute + refunded is everything ever funded.',
  })
  refunded: Money;

  @Field(() => Money, { description: "The contract's total budget." })
  totalBudget: Money;
}

/** One person on a job's team (`Job.team`). */
@ObjectType({ description: "Someone on a job: one of its organization's employers, or a trainer with a contract on it." })
export class JobTeamMember {
  /** The user's id, for the resolver to load the user. */
  userId: string;

  @Field(() => UserRole, { description: "EMPLOYER: one of the job's organization's employers; TRAINER: holds a contract on the job." })
  role: UserRole;
}
