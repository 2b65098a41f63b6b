import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, UpdateDateColumn } from 'typeorm';
import { timestampColumn } from '../../db/columns.js';
import { Node } from '../../graphql/node.js';
import { Organization } from '../accounts/organization.entity.js';
import { User } from '../accounts/user.entity.js';
import { Job } from '../jobs/job.entity.js';

export enum InstructionStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
}

registerEnumType(InstructionStatus, {
  name: 'InstructionStatus',
  description: 'DRAFT until first published; PUBLISHED once trainers can read a version.',
});

/**
 * The employer's instructions for a job. `body` and `version` are the working draft (every save
 * is a revision); `publishedVersion` points at the revision trainers read.
 */
@ObjectType({ implements: Node, description: "The employer's instructions for a job, in Markdown, with revisions." })
@Entity('instruction_documents')
@Index(['organizationId'])
export class InstructionDocument extends Node {
  @PrimaryGeneratedColumn('uuid')
  declare id: string;

  @Column({ type: 'uuid', unique: true })
  jobId: string;

  @ManyToOne(() => Job, { onDelete: 'RESTRICT' })
  @JoinColumn()
  job?: Relation<Job>;

  @Column({ type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn()
  organization?: Relation<Organization>;

  @Column({ type: 'text' })
  title: string;

  /** The current draft body (Markdown). */
  @Column({ type: 'text' })
  body: string;

  /** The latest saved revision number; edits carry the version they were based on. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @Field(() => InstructionStatus)
  @Column({ type: 'enum', enum: InstructionStatus, enumName: 'instruction_status', default: InstructionStatus.DRAFT })
  status: InstructionStatus;

  @Field(() => Int, { nullable: true, description: 'The revision trainers read; null until first published.' })
  @Column({ type: 'integer', nullable: true })
  publishedVersion: number | null;

  @Field(() => Date, { nullable: true })
  @Column(timestampColumn({ nullable: true }))
  publishedAt: Date | null;

  @Column({ type: 'uuid' })
  updatedById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  updatedBy?: Relation<User>;

  @Field(() => Date)
  @CreateDateColumn(timestampColumn())
  createdAt: Date;

  @UpdateDateColumn(timestampColumn())
  updatedAt: Date;
}
