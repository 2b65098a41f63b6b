import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { centsColumn, currencyColumn, timestampColumn } from '../../db/columns.js';
import { Money } from '../../graphql/money.js';
import { Node } from '../../graphql/node.js';
import { maxMilestoneCents } from '../../graphql/money-limits.js';
import { Contract } from '../contracts/contract.entity.js';

export enum MilestoneStatus {
  NOT_FUNDED = 'NOT_FUNDED',
  FUNDED = 'FUNDED',
  SUBMITTED = 'SUBMITTED',
  CHANGES_REQUESTED = 'CHANGES_REQUESTED',
  PAID = 'PAID',
  DISPUTED = 'DISPUTED',
  CANCELLED = 'CANCELLED',
}

registerEnumType(MilestoneStatus, {
  name: 'MilestoneStatus',
  description:
    'NOT_FUNDED → FUNDED ("Active & Funded") → SUBMITTED ("Pending approval") → PAID; ' +
    'SUBMITTED → CHANGES_REQUESTED → SUBMITTED; DISPUTED; CANCELLED (refunded) from NOT_FUNDED or FUNDED.',
  valuesConfig: {
    FUNDED: { description: 'Active & Funded: the money is held and the trainer can work.' },
    SUBMITTED: { description: 'Pending approval: the trainer requested the payout.' },
    PAID: { description: 'Approved and released to the trainer.' },
  },
});

@ObjectType({ implements: Node, description: 'A funded piece of a contract, paid when the employer approves it.' })
@Entity('milestones')
@Check('milestones_amount_positive', `"amount_cents" > 0`)
@Check('milestones_amount_bounded', `"amount_cents" <= ${maxMilestoneCents}`)
@Unique(['contractId', 'number'])
@Index(['contractId', 'dueAt'])
export class Milestone extends Node {
  @PrimaryGeneratedColumn('uuid')
  declare id: string;

  @Column({ type: 'uuid' })
  contractId: string;

  @ManyToOne(() => Contract, { onDelete: 'RESTRICT' })
  @JoinColumn()
  contract?: Relation<Contract>;

  @Field(() => Int, { description: 'Position within the contract, from 1.' })
  @Column({ type: 'integer' })
  number: number;

  @Field()
  @Column({ type: 'text' })
  title: string;

  @Field()
  @Column({ type: 'text', default: '' })
  description: string;

  @Column(centsColumn())
  amountCents: number;

  @Column(currencyColumn())
  currency: string;

  @Field(() => Date, { nullable: true })
  @Column(timestampColumn({ nullable: true }))
  dueAt: Date | null;

  @Field(() => MilestoneStatus)
  @Column({ type: 'enum', enum: MilestoneStatus, enumName: 'milestone_status', default: MilestoneStatus.NOT_FUNDED })
  status: MilestoneStatus;

  /** Bumped on every change; state transitions are conditional on it, so a money move happens once. */
  @Field(() => Int)
  @VersionColumn()
  version: number;

  @Field(() => Date)
  @CreateDateColumn(timestampColumn())
  createdAt: Date;

  @Field(() => Date)
  @UpdateDateColumn(timestampColumn())
  updatedAt: Date;

  @Field(() => Money)
  get amount(): Money {
    return new Money(this.amountCents, this.currency);
  }
}
