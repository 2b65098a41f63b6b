import { createEvents, type DateArray, type EventAttributes } from 'ics';
import type { Logger } from 'pino';
import { MilestoneDeadline, type CalendarEntry } from './calendar-entry.type.js';
import { CalendarEvent, CalendarEventKind } from './calendar-event.entity.js';
import { wholeUtcDays } from './calendar.service.js';

/** How far the private feed reaches: a month back (recent history) and half a year ahead. */
export const feedDaysBack = 30;
export const feedDaysAhead = 180;

const kindLabels: Record<CalendarEventKind, string> = {
  KICKOFF: 'Kickoff',
  CHECK_IN: 'Check-in',
  DEADLINE: 'Deadline',
  OTHER: 'Other',
};

/** Stable across feeds and refreshes, so a calendar app updates an entry instead of duplicating it. */
export const eventUid = (eventId: string) => `${eventId}@workroom`;
export const deadlineUid = (milestoneId: string) => `milestone-${milestoneId}-due@workroom`;

const utcDate = (date: Date): DateArray => [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];

/** Without an end, an iCalendar event with a date-time start is a point in time (RFC 5545, 3.6.1). */
const withEnd = (attributes: Omit<EventAttributes, 'end' | 'duration'>, end: EventAttributes['start'] | null): EventAttributes =>
  (end === null ? attributes : { ...attributes, end }) as EventAttributes;

function eventAttributes(event: CalendarEvent): EventAttributes {
  const description = [event.description.trim(), event.meetingUrl ? `Join: ${event.meetingUrl}` : ''].filter(Boolean).join('\n\n');
  const common = {
    uid: eventUid(event.id),
    title: event.title,
    ...(description ? { description } : {}),
    ...(event.location ? { location: event.location } : {}),
    ...(event.meetingUrl ? { url: event.meetingUrl } : {}),
    status: event.cancelledAt ? ('CANCELLED' as const) : ('CONFIRMED' as const),
    categories: [kindLabels[event.kind]],
    created: event.createdAt.getTime(),
    lastModified: event.updatedAt.getTime(),
  };
  if (event.allDay) {
    const days = wholeUtcDays(event.startsAt, event.endsAt);
    return withEnd({ ...common, start: utcDate(days.startsAt) }, utcDate(days.endsAt));
  }
  const times = { startInputType: 'utc' as const, startOutputType: 'utc' as const };
  const end = event.endsAt.getTime() > event.startsAt.getTime() ? event.endsAt.getTime() : null;
  return withEnd({ ...common, ...times, start: event.startsAt.getTime() }, end);
}

function deadlineAttributes(deadline: MilestoneDeadline, contractTitle: string | undefined): EventAttributes {
  return withEnd(
    {
      uid: deadlineUid(deadline.milestone.id),
      title: deadline.title,
      ...(contractTitle ? { description: `Due date of milestone ${deadline.milestone.number} on the contract "${contractTitle}".` } : {}),
      status: 'CONFIRMED',
      categories: [kindLabels.DEADLINE],
      // A due date does not make anyone busy.
      transp: 'TRANSPARENT',
      startInputType: 'utc',
      startOutputType: 'utc',
      start: deadline.startsAt.getTime(),
    },
    null,
  );
}

/**
 * The calendar as an iCalendar document: scheduled events (cancelled ones with STATUS:CANCELLED,
 * so subscribed apps drop or strike them) and milestone due dates as point-in-time entries. All
 * times are UTC; all-day events are whole UTC days, as they are stored.
 */
export function calendarFeed(entries: CalendarEntry[], options: { calendarName: string; contractTitles: ReadonlyMap<string, string>; log: Logger }): string {
  const header = { productId: '-//Workroom//Calendar feed//EN', calName: options.calendarName };
  const attributes = entries.map((entry) =>
    entry instanceof MilestoneDeadline
      ? deadlineAttributes(entry, options.contractTitles.get(entry.milestone.contractId))
      : eventAttributes(entry as CalendarEvent),
  );
  const all = createEvents(attributes, header);
  if (!all.error && all.value) return all.value;

  // The library validates every entry and refuses the whole document for one it dislikes (a
  // URL its pattern rejects, say). Keep everything it accepts, without the URL if need be.
  const accepted = attributes.flatMap((entry) => {
    if (!createEvents([entry], header).error) return [entry];
    const { url: _url, ...withoutUrl } = entry;
    if (!createEvents([withoutUrl], header).error) return [withoutUrl];
    options.log.warn({ uid: entry.uid }, 'calendar feed: entry left out, the ICS library refused it');
    return [];
  });
  const retried = createEvents(accepted, header);
  if (retried.error || !retried.value) throw retried.error ?? new Error('The ICS library returned no calendar.');
  return retried.value;
}
