import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { timestampColumn } from '../../db/columns.js';
import { Node } from '../../graphql/node.js';
import { User } from '../accounts/user.entity.js';
import { Milestone, MilestoneStatus } from './milestone.entity.js';

export enum MilestoneAction {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  FUNDED = 'FUNDED',
  SUBMITTED = 'SUBMITTED',
  CHANGES_REQUESTED = 'CHANGES_REQUESTED',
  APPROVED = 'APPROVED',
  CANCELLED = 'CANCELLED',
  DISPUTED = 'DISPUTED',
  DISPUTE_RESPONDED = 'DISPUTE_RESPONDED',
  SETTLEMENT_PROPOSED = 'SETTLEMENT_PROPOSED',
  SETTLEMENT_REJECTED = 'SETTLEMENT_REJECTED',
  DISPUTE_SETTLED = 'DISPUTE_SETTLED',
  DISPUTE_ESCALATED = 'DISPUTE_ESCALATED',
  DISPUTE_RESOLVED = 'DISPUTE_RESOLVED',
  DISPUTE_WITHDRAWN = 'DISPUTE_WITHDRAWN',
}

registerEnumType(MilestoneAction, {
  name: 'MilestoneAction',
  description: "One kind of step in a milestone's history (`MilestoneEvent.action`): what happened to it, and in the DISPUTE_ steps to its dispute.",
  valuesConfig: {
    CREATED: { description: 'The employer added the milestone.' },
    UPDATED: { description: 'The employer changed its title, description, amount or due date (only while NOT_FUNDED).' },
    FUNDED: { description: 'The employer put its amount in escrow.' },
    SUBMITTED: { description: 'The trainer delivered the work (note and links).' },
    CHANGES_REQUESTED: { description: 'The employer asked for changes to the delivered work.' },
    APPROVED: { description: 'The employer approved the work and released the payment.' },
    CANCELLED: { description: 'The employer cancelled it; any escrow went back to the employer.' },
    DISPUTED: { description: 'The employer opened a dispute over its money.' },
    DISPUTE_RESPONDED: { description: 'The trainer answered the dispute.' },
    SETTLEMENT_PROPOSED: { description: 'A party proposed how to split the money in dispute.' },
    SETTLEMENT_REJECTED: { description: 'The other party rejected the proposed settlement.' },
    DISPUTE_SETTLED: { description: 'A proposed settlement was accepted and the money moved as it said.' },
    DISPUTE_ESCALATED: { description: 'A party sent the dispute to the platform to decide.' },
    DISPUTE_RESOLVED: { description: 'The platform decided the dispute and the money moved as it said.' },
    DISPUTE_WITHDRAWN: { description: 'The employer withdrew the dispute; the milestone went back to where it was.' },
  },
});

@ObjectType({ description: 'A link to delivered work or a supporting file.' })
export class Attachment {
  @Field()
  name: string;

  @Field()
  url: string;
}

@ObjectType({ implements: Node, description: "One step of a milestone's submission and approval history (append-only)." })
@Entity('milestone_events')
@Index(['milestoneId', 'at'])
export class MilestoneEvent extends Node {
  @PrimaryGeneratedColumn('uuid')
  declare id: string;

  @Column({ type: 'uuid' })
  milestoneId: string;

  @ManyToOne(() => Milestone, { onDelete: 'RESTRICT' })
  @JoinColumn()
  milestone?: Relation<Milestone>;

  /** Null for the platform's own steps (a dispute it resolved). */
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  actor?: Relation<User>;

  @Field(() => MilestoneAction)
  @Column({ type: 'enum', enum: MilestoneAction, enumName: 'milestone_action' })
  action: MilestoneAction;

  @Field(() => MilestoneStatus, { nullable: true })
  @Column({ type: 'enum', enum: MilestoneStatus, enumName: 'milestone_status', nullable: true })
  fromStatus: MilestoneStatus | null;

  @Field(() => MilestoneStatus)
  @Column({ type: 'enum', enum: MilestoneStatus, enumName: 'milestone_status' })
  toStatus: MilestoneStatus;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Field(() => [Attachment])
  @Column({ type: 'jsonb', default: () => "'[]'" })
  attachments: Attachment[];

  @Field(() => Date)
  @Column(timestampColumn({ default: () => 'now()' }))
  at: Date;
}
