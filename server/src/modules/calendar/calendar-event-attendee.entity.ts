import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { timestampColumn } from '../../db/columns.js';
import { User } from '../accounts/user.entity.js';
import { CalendarEvent } from './calendar-event.entity.js';

@Entity('calendar_event_attendees')
@Index(['userId', 'eventId'])
export class CalendarEventAttendee {
  @PrimaryColumn({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => CalendarEvent, { onDelete: 'CASCADE' })
  @JoinColumn()
  event?: Relation<CalendarEvent>;

  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  user?: Relation<User>;

  @Column(timestampColumn({ default: () => 'now()' }))
  addedAt: Date;
}
