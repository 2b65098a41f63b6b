import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { counterColumn, timestampColumn } from '../db/columns.js';
import { Node } from '../graphql/node.js';

/**
 * The kind of an event: a name that the area owning its subject declares, with the payload's shape
 * and the audience, in `modules/<area>/<area>.events.ts` (`defineEvent`). Stored as text, so a new
 * kind needs no migration; the kernel knows only that it is a name.
 */
export type ActivityType = string;

/**
 * The GraphQL enum `ActivityType`: filled from the catalogue the composition root assembles
 * (`createEventCatalogue`), before the schema is built, so a new kind touches its area alone.
 */
export const activityTypeEnum: Record<ActivityType, ActivityType> = {};
registerEnumType(activityTypeEnum, { name: 'ActivityType', description: 'What kind of change an event records.' });

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

  @Field(() => activityTypeEnum)
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
