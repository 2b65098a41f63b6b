import { Field, ObjectType, registerEnumType } from 'type-graphql';
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
} from 'typeorm';
import { centsColumn, currencyColumn, timestampColumn } from '../../db/columns.js';
import { Money } from '../../graphql/money.js';
import { Node } from '../../graphql/node.js';
import { Organization } from '../accounts/organization.entity.js';
import { User } from '../accounts/user.entity.js';
import { maxRateCents } from '../../graphql/money-limits.js';
import { Job } from '../jobs/job.entity.js';

export enum ProposalStatus {
  UNREVIEWED = 'UNREVIEWED',
  SHORTLISTED = 'SHORTLISTED',
  HIRED = 'HIRED',
  DECLINED = 'DECLINED',
  WITHDRAWN = 'WITHDRAWN',
}

registerEnumType(ProposalStatus, {
  name: 'ProposalStatus',
  description: 'UNREVIEWED → SHORTLISTED → HIRED or DECLINED; the trainer may WITHDRAW before a decision.',
});

@ObjectType({ implements: Node, description: "A trainer's application to a job." })
@Entity('proposals')
@Check('proposals_rate_bounded', `"rate_cents" BETWEEN 0 AND ${maxRateCents}`)
@Unique(['jobId', 'trainerId'])
@Index(['trainerId', 'createdAt'])
@Index(['organizationId', 'status', 'createdAt'])
export class Proposal extends Node {
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

  /** The job's organization, kept on the row so that employer queries scope without a join. */
  @Column({ type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn()
  organization?: Relation<Organization>;

  @Field()
  @Column({ type: 'text' })
  coverLetter: string;

  @Column(centsColumn())
  rateCents: number;

  @Column(currencyColumn())
  currency: string;

  @Field(() => ProposalStatus)
  @Column({ type: 'enum', enum: ProposalStatus, enumName: 'proposal_status', default: ProposalStatus.UNREVIEWED })
  status: ProposalStatus;

  @Field(() => Date)
  @CreateDateColumn(timestampColumn())
  createdAt: Date;

  @Field(() => Date)
  @UpdateDateColumn(timestampColumn())
  updatedAt: Date;

  @Field(() => Money)
  get rate(): Money {
    return new Money(this.rateCents, this.currency);
  }
}
