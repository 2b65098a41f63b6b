import { z } from 'zod';
import { EventAudience } from '../../events/activity-event.entity.js';
import { defineEvent, type EventRefs } from '../../events/event-catalogue.js';
import type { Contract } from '../contracts/contract.entity.js';
import type { CalendarEvent } from './calendar-event.entity.js';

/**
 * Seen by the organization and by the calendar event's attendees as they are after the change
 * (the policy reads them by `subjectId`); on a contract, it names the contract's trainer. The
 * contract is passed for its trainer and must be the calendar event's own.
 */
function attendeesAndOrganization({
  subject,
  contract,
}: {
  subject: Pick<CalendarEvent, 'id' | 'organizationId' | 'jobId' | 'contractId'>;
  contract: Pick<Contract, 'id' | 'trainerId'> | null;
}): EventRefs {
  if ((contract?.id ?? null) !== subject.contractId) throw new Error(`Calendar event ${subject.id} was announced with another contract than its own`);
  return {
    audience: EventAudience.CALENDAR,
    organizationId: subject.organizationId,
    trainerId: contract?.trainerId ?? null,
    jobId: subject.jobId,
    contractId: subject.contractId,
    channelId: null,
  };
}

/** When it happens, as it is after the change. */
const timing = { startsAt: z.iso.datetime(), endsAt: z.iso.datetime(), allDay: z.boolean() };

export const CalendarEventScheduled = defineEvent({
  type: 'CALENDAR_EVENT_SCHEDULED',
  subjectType: 'CalendarEvent',
  payload: z.object({ ...timing, attendeeCount: z.int() }),
  refs: attendeesAndOrganization,
});

export const CalendarEventUpdated = defineEvent({
  type: 'CALENDAR_EVENT_UPDATED',
  subjectType: 'CalendarEvent',
  /** `changed`: the fields that changed (`title`, `startsAt`, …, `attendees`). */
  payload: z.object({ ...timing, changed: z.array(z.string()) }),
  refs: attendeesAndOrganization,
});

export const CalendarEventCancelled = defineEvent({
  type: 'CALENDAR_EVENT_CANCELLED',
  subjectType: 'CalendarEvent',
  payload: z.object(timing),
  refs: attendeesAndOrganization,
});

/** The calendar area's events, for the composition root's catalogue. */
export const calendarEvents = [CalendarEventScheduled, CalendarEventUpdated, CalendarEventCancelled] as const;
