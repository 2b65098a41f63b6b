import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { counterColumn, timestampColumn } from '../db/columns.js';
import { Node } from '../graphql/node.js';

/**
 * Every kind of change someone may want to hear about. Stored as text: adding one needs no migration.
 * Each is declared (payload shape, audience) by the area that owns its subject, in
 * `modules/<area>/<area>.events.ts`; this list stays here because it is also the GraphQL enum
 * `ActivityType`, which the kernel's `ActivityEvent.type` field needs when it is decorated.
 */
export enum ActivityType {
  PROPOSAL_SUBMITTED = 'PROPOSAL_SUBMITTED',
  PROPOSAL_STATUS_CHANGED = 'PROPOSAL_STATUS_CHANGED',
  CONTRACT_STARTED = 'CONTRACT_STARTED',
  CONTRACT_STATUS_CHANGED = 'CONTRACT_STATUS_CHANGED',
  MILESTONE_CREATED = 'MILESTONE_CREATED',
  MILESTONE_UPDATED = 'MILESTONE_UPDATED',
  MILESTONE_STATUS_CHANGED = 'MILESTONE_STATUS_CHANGED',
  DISPUTE_RESPONDED = 'DISPUTE_RESPONDED',
  DISPUTE_SETTLEMENT_PROPOSED = 'DISPUTE_SETTLEMENT_PROPOSED',
  DISPUTE_SETTLEMENT_REJECTED = 'DISPUTE_SETTLEMENT_REJECTED',
  DISPUTE_SETTLED = 'DISPUTE_SETTLED',
  DISPUTE_ESCALATED = 'DISPUTE_ESCALATED',
  DISPUTE_RESOLVED = 'DISPUTE_RESOLVED',
  DISPUTE_WITHDRAWN = 'DISPUTE_WITHDRAWN',
  INSTRUCTIONS_SAVED = 'INSTRUCTIONS_SAVED',
  INSTRUCTIONS_PUBLISHED = 'INSTRUCTIONS_PUBLISHED',
  CALENDAR_EVENT_SCHEDULED = 'CALENDAR_EVENT_SCHEDULED',
  CALENDAR_EVENT_UPDATED = 'CALENDAR_EVENT_UPDATED',
  CALENDAR_EVENT_CANCELLED = 'CALENDAR_EVENT_CANCELLED',
  CHANNEL_CREATED = 'CHANNEL_CREATED',
  CHANNEL_MEMBERS_CHANGED = 'CHANNEL_MEMBERS_CHANGED',
  MESSAGE_ADDED = 'MESSAGE_ADDED',
  MESSAGE_EDITED = 'MESSAGE_EDITED',
  INVOICE_ISSUED = 'INVOICE_ISSUED',
  PAYOUT_REQUESTED = 'PAYOUT_REQUESTED',
  PAYOUT_COMPLETED = 'PAYOUT_COMPLETED',
  ACCESS_GRANTED = 'ACCESS_GRANTED',
  ACCESS_REVOKED = 'ACCESS_REVOKED',
}

registerEnumType(ActivityType, { name: 'ActivityType' });

/**
 * Who may see an event, decided by the policy module from the refs on the row:
 * ORGANIZATION: the organization's members; PARTICIPANTS: the organization's members and the
 * trainer (`trainerId`); JOB: the organization's members and every trainer with a contract on
 * `jobId`; CHANNEL: the channel's members; CALENDAR: the organization's members and the
 * attendees of the calendar event (`subjectId`); TRAINER: the trainer alone.
 */
export enum EventAudience {
  ORGANIZATION = 'ORGANIZATION',
  PARTICIPANTS = 'PARTICIPANTS',
  JOB = 'JOB',
  CHANNEL = 'CHANNEL',
  CALENDAR = 'CALENDAR',
  TRAINER = 'TRAINER',
}

/**
 * The outbox and the activity log in one table: a service writes the row in the transaction of
 * the change; after commit it is published on the bus. `position` is assigned by the single
 * publisher in commit order (not at insert), so a cursor over it never skips a late commit.
 */
@ObjectType({ implements: Node, description: 'Something that happened: the activity feed, and what subscriptions deliver.' })
@Entity('events')
@Index(['organizationId', 'position'])
@Index(['trainerId', 'position'])
@Index(['jobId', 'position'])
@Index(['channelId', 'position'])
@Index(['contractId', 'position'])
@Index('events_unpublished_idx', ['createdAt'], { where: 'position IS NULL' })
// The activity feed reads newest first; scanned backwards, this index stops after a page.
@Index('events_created_at_idx', ['createdAt', 'id'])
export class ActivityEvent extends Node {
  @PrimaryGeneratedColumn('uuid')
  declare id: string;

  @Column(counterColumn({ nullable: true, unique: true }))
  position: number | null;

  @Field(() => ActivityType)
  @Column({ type: 'text' })
  type: ActivityType;

  @Column({ type: 'text' })
  audience: EventAudience;

  @Column({ type: 'uuid' })
  organizationId: string;

  @Column({ type: 'uuid', nullable: true })
  trainerId: string | null;

  @Column({ type: 'uuid', nullable: true })
  jobId: string | null;

  @Column({ type: 'uuid', nullable: true })
  contractId: string | null;

  @Column({ type: 'uuid', nullable: true })
  channelId: string | null;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  /** The node the event is about, as GraphQL typename and database id. */
  @Column({ type: 'text' })
  subjectType: string;

  @Column({ type: 'uuid' })
  subjectId: string;

  @Field({ description: 'One line for people, for example "Dana approved milestone 2 (Label set A)".' })
  @Column({ type: 'text' })
  summary: string;

  /**
   * Type-specific facts (previous and new status, version, …), in the shape its type's definition
   * declares (`modules/<area>/<area>.events.ts`). Unknown until read through that definition
   * (`readEvent`), since a row may predate the shape.
   */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload: unknown;

  /** clock_timestamp(), not now(): events of one transaction keep the order they happened in. */
  @Field(() => Date)
  @Column(timestampColumn({ default: () => 'clock_timestamp()' }))
  createdAt: Date;

  @Column(timestampColumn({ nullable: true }))
  publishedAt: Date | null;
}
