import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, UpdateDateColumn } from 'typeorm';
import { centsColumn, currencyColumn, timestampColumn } from '../../db/columns.js';
import { Money } from '../../graphql/money.js';
import { Node } from '../../graphql/node.js';
import { Organization } from '../accounts/organization.entity.js';
import { User } from '../accounts/user.entity.js';
import { maxBudgetCents, maxRateCents } from '../../graphql/money-limits.js';
import { Job, PaymentType } from '../jobs/job.entity.js';
import { Proposal } from '../proposals/proposal.entity.js';

export enum ContractStatus {
  ACTIVE = 'ACTIVE',
  PAUSED = 'PAUSED',
  ENDED = 'ENDED',
}

registerEnumType(ContractStatus, {
  name: 'ContractStatus',
  description: 'ACTIVE and PAUSED contracts are "My Jobs"; ENDED ones are "Finished".',
});

@ObjectType({ implements: Node, description: 'The agreement that exists once an employer hires a trainer for a job.' })
@Entity('contracts')
@Check('contracts_amounts_non_negative', `"total_budget_cents" >= 0 AND ("rate_cents" IS NULL OR "rate_cents" >= 0)`)
@Check('contracts_amounts_bounded', `"total_budget_cents" <= ${maxBudgetCents} AND ("rate_cents" IS NULL OR "rate_cents" <= ${maxRateCents})`)
@Index(['trainerId', 'status', 'startedAt'])
@Index(['organizationId', 'status', 'startedAt'])
@Index(['jobId'])
export class Contract extends Node {
  @PrimaryGeneratedColumn('uuid')
  declare id: string;

  @Column({ type: 'uuid' })
  jobId: string;

  @ManyToOne(() => Job, { onDelete: 'RESTRICT' })
  @JoinColumn()
  job?: Relation<Job>;

  @Column({ type: 'uuid' })
  trainerId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  trainer?: Relation<User>;

  @Column({ type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn()
  organization?: Relation<Organization>;

  @Column({ type: 'uuid', nullable: true, unique: true })
  proposalId: string | null;

  @ManyToOne(() => Proposal, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn()
  proposal?: Relation<Proposal>;

  @Field()
  @Column({ type: 'text' })
  title: string;

  @Field({ description: 'What the trainer is hired to do.' })
  @Column({ type: 'text' })
  scope: string;

  @Field({ description: 'The agreed terms (Markdown).' })
  @Column({ type: 'text' })
  terms: string;

  @Field(() => PaymentType)
  @Column({ type: 'enum', enum: PaymentType, enumName: 'payment_type' })
  paymentType: PaymentType;

  /** Per hour or per label for those payment types; for fixed price, null. */
  @Column(centsColumn({ nullable: true }))
  rateCents: number | null;

  @Column(centsColumn())
  totalBudgetCents: number;

  @Column(currencyColumn())
  currency: string;

  @Field(() => ContractStatus)
  @Column({ type: 'enum', enum: ContractStatus, enumName: 'contract_status', default: ContractStatus.ACTIVE })
  status: ContractStatus;

  @Field(() => Date)
  @Column(timestampColumn({ default: () => 'now()' }))
  startedAt: Date;

  @Field(() => Date, { nullable: true })
  @Column(timestampColumn({ nullable: true }))
  endedAt: Date | null;

  @Field(() => Date)
  @CreateDateColumn(timestampColumn())
  createdAt: Date;

  @Field(() => Date)
  @UpdateDateColumn(timestampColumn())
  updatedAt: Date;

  @Field(() => Money, { nullable: true, description: 'Per hour or per label; null for fixed price.' })
  get rate(): Money | null {
    return this.rateCents === null ? null : new Money(this.rateCents, this.currency);
  }

  @Field(() => Money)
  get totalBudget(): Money {
    return new Money(this.totalBudgetCents, this.currency);
  }
}
