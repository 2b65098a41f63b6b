import type { Area } from '../../api/area.js';
import { calendarEvents } from './calendar.events.js';
import { MilestoneDeadline } from './calendar-entry.type.js';
import { CalendarEventAttendee } from './calendar-event-attendee.entity.js';
import { CalendarEvent } from './calendar-event.entity.js';
import { CalendarMutationResolver } from './calendar.mutations.resolver.js';
import './calendar.policy.js';
import { CalendarEventResolver, CalendarTabResolver, ContractMeetingsResolver, MilestoneDeadlineResolver } from './calendar.resolver.js';

/** Calendar events, milestone deadlines and the ICS feed. */
export const calendarArea: Area = {
  name: 'calendar',
  entities: [CalendarEvent, CalendarEventAttendee],
  resolvers: [CalendarEventResolver, CalendarTabResolver, MilestoneDeadlineResolver, ContractMeetingsResolver, CalendarMutationResolver],
  events: calendarEvents,
  orphanedTypes: [MilestoneDeadline],
};
