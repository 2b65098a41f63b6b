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
    'SUBMITTED → CHANGES_REQUESTED → SUBMITTED; DISPUTED while a dispute is open, then PAID (all or part released), ' +
    'CANCELLED (all refunded) or back where it was (withdrawn); CANCELLED (refunded) from NOT_FUNDED or FUNDED.',
  valuesConfig: {
    FUNDED: { description: 'Active & Funded: the money is held and the trainer can work.' },
    SUBMITTED: { description: 'Pending approval: the trainer requested the payout.' },
    PAID: { description: 'Approved and released to the trainer (or a dispute released part of it: see `released`, `refunded`).' },
    DISPUTED: { description: 'In dispute: the money is held until the dispute is settled, resolved or withdrawn.' },
  },
});

@ObjectType({ implements: Node, description: 'A funded piece of a contract, paid when the employer approves it.' })
@Entity('milestones')
@Check('milestones_amount_positive', `"amount_cents" > 0`)
@Check('milestones_amount_bounded', `"amount_cents" <= ${maxMilestoneCents}`)
@Check('milestones_refund_within_amount', `"refunded_cents" >= 0 AND "refunded_cents" <= "amount_cents"`)
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

  /**
   * What went back to the employer: all of it for a funded milestone cancelled, the refunded part
   * of a settled or resolved dispute. A PAID milestone released the rest to the trainer.
   */
  @Column(centsColumn({ default: 0 }))
  refundedCents: number;

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

  @Field(() => Money, { description: 'Released to the trainer: the amount of a PAID milestone less what a dispute refunded; zero otherwise.' })
  get released(): Money {
    return new Money(this.status === MilestoneStatus.PAID ? this.amountCents - this.refundedCents : 0, this.currency);
  }

  @Field(() => Money, { description: 'Returned to the employer: a funded milestone cancelled, or the refunded part of a dispute.' })
  get refunded(): Money {
    return new Money(this.refundedCents, this.currency);
  }
}
