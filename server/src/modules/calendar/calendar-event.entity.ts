import { Field, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, UpdateDateColumn } from 'typeorm';
import { timestampColumn } from '../../db/columns.js';
import { Node } from '../../graphql/node.js';
import { CalendarEntry, CalendarEventKind } from './calendar-entry.type.js';
import { Organization } from '../accounts/organization.entity.js';
import { User } from '../accounts/user.entity.js';
import { Contract } from '../contracts/contract.entity.js';
import { Job } from '../jobs/job.entity.js';

export { CalendarEventKind };

@ObjectType({ implements: [Node, CalendarEntry], description: "A call or deadline an employer scheduled; shown on every attendee's calendar." })
@Entity('calendar_events')
@Check('calendar_events_ends_after_start', `"ends_at" >= "starts_at"`)
@Index(['organizationId', 'startsAt'])
@Index(['contractId', 'startsAt'])
@Index(['jobId', 'startsAt'])
export class CalendarEvent extends Node {
  @PrimaryGeneratedColumn('uuid')
  declare id: string;

  @Column({ type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn()
  organization?: Relation<Organization>;

  @Column({ type: 'uuid', nullable: true })
  jobId: string | null;

  @ManyToOne(() => Job, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn()
  job?: Relation<Job>;

  @Column({ type: 'uuid', nullable: true })
  contractId: string | null;

  @ManyToOne(() => Contract, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn()
  contract?: Relation<Contract>;

  @Field(() => CalendarEventKind)
  @Column({ type: 'enum', enum: CalendarEventKind, enumName: 'calendar_event_kind', default: CalendarEventKind.OTHER })
  kind: CalendarEventKind;

  @Field()
  @Column({ type: 'text' })
  title: string;

  @Field()
  @Column({ type: 'text', default: '' })
  description: string;

  @Field(() => Date)
  @Column(timestampColumn())
  startsAt: Date;

  @Field(() => Date)
  @Column(timestampColumn())
  endsAt: Date;

  @Field()
  @Column({ type: 'boolean', default: false })
  allDay: boolean;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  location: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  meetingUrl: string | null;

  @Column({ type: 'uuid' })
  createdById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  createdBy?: Relation<User>;

  @Field(() => Date, { nullable: true, description: 'Set when the event was cancelled; it stays visible as cancelled.' })
  @Column(timestampColumn({ nullable: true }))
  cancelledAt: Date | null;

  @Field(() => Date)
  @CreateDateColumn(timestampColumn())
  createdAt: Date;

  @Field(() => Date)
  @UpdateDateColumn(timestampColumn())
  updatedAt: Date;
}
