import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, UpdateDateColumn } from 'typeorm';
import { centsColumn, currencyColumn, timestampColumn } from '../../db/columns.js';
import { Money } from '../../graphql/money.js';
import { Node } from '../../graphql/node.js';
import { Organization } from '../accounts/organization.entity.js';
import { maxBudgetCents, maxRateCents } from '../../graphql/money-limits.js';

export enum PaymentType {
  FIXED_PRICE = 'FIXED_PRICE',
  PAY_PER_HOUR = 'PAY_PER_HOUR',
  PAY_PER_LABEL = 'PAY_PER_LABEL',
}

registerEnumType(PaymentType, {
  name: 'PaymentType',
  description: "How a job pays: the unit of its rate and of a proposal's rate.",
  valuesConfig: {
    FIXED_PRICE: { description: 'One price for the whole job.' },
    PAY_PER_HOUR: { description: 'A rate per hour worked.' },
    PAY_PER_LABEL: { description: 'A rate per label (item of data) delivered.' },
  },
});

export enum JobStatus {
  DRAFT = 'DRAFT',
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}

registerEnumType(JobStatus, {
  name: 'JobStatus',
  description: 'OPEN jobs are visible to every trainer and feed recommendations.',
});

@ObjectType({ implements: Node, description: 'A job posting by an organization.' })
@Entity('jobs')
@Check(
  'jobs_amounts_bounded',
  `("rate_cents" IS NULL OR "rate_cents" BETWEEN 0 AND ${maxRateCents}) AND ("budget_cents" IS NULL OR "budget_cents" BETWEEN 0 AND ${maxBudgetCents})`,
)
@Index(['organizationId', 'status', 'createdAt'])
@Index(['status', 'createdAt'])
// GIN over skills serves recommendations (`skills && viewer.skills`); created by the migration.
@Index('jobs_skills_gin', { synchronize: false })
export class Job extends Node {
  @PrimaryGeneratedColumn('uuid')
  declare id: string;

  @Column({ type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn()
  organization?: Relation<Organization>;

  @Field()
  @Column({ type: 'text' })
  title: string;

  @Field()
  @Column({ type: 'text' })
  description: string;

  @Field(() => [String])
  @Column({ type: 'text', array: true, default: '{}' })
  skills: string[];

  @Field(() => PaymentType)
  @Column({ type: 'enum', enum: PaymentType, enumName: 'payment_type' })
  paymentType: PaymentType;

  /** Hourly or per-label rate, in minor units; null for fixed-price jobs. */
  @Column(centsColumn({ nullable: true }))
  rateCents: number | null;

  /** Fixed-price budget, in minor units. */
  @Column(centsColumn({ nullable: true }))
  budgetCents: number | null;

  @Column(currencyColumn())
  currency: string;

  @Field(() => JobStatus)
  @Column({ type: 'enum', enum: JobStatus, enumName: 'job_status', default: JobStatus.DRAFT })
  status: JobStatus;

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

  @Field(() => Money, { nullable: true, description: 'The fixed-price budget.' })
  get budget(): Money | null {
    return this.budgetCents === null ? null : new Money(this.budgetCents, this.currency);
  }
}
