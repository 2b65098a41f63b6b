import { participantsScope } from '../../policy/policy.js';
import { calendarEventsScope } from './calendar.policy.js';
import type { SignedInContext } from '../../api/context.js';
import { badInput } from '../../errors/domain-error.js';
import type { Connection, ConnectionArgs } from '../../graphql/pagination.js';
import { Contract } from '../contracts/contract.entity.js';
import { Milestone, MilestoneStatus } from '../milestones/milestone.entity.js';
import { MilestoneDeadline, type CalendarEntry } from './calendar-entry.type.js';
import { CalendarEventAttendee } from './calendar-event-attendee.entity.js';
import { CalendarEvent } from './calendar-event.entity.js';
import { In } from 'typeorm';
import { User } from '../accounts/user.entity.js';

/** A quarter is more than any month or week view needs, and bounds the answer. */
export const maxCalendarRangeDays = 92;
const maxEntries = 1000;
const dayMs = 24 * 3600 * 1000;

/** Where a private calendar feed is served, relative to the API's origin. */
export const calendarFeedPath = (token: string) => `/calendar/${token}.ics`;

/** The feed secrets `rotateCalendarFeed` issues: 24 random bytes, base64url. */
export const calendarFeedTokenPattern = /^[A-Za-z0-9_-]{32}$/;

const floorUtcDay = (date: Date) => new Date(Math.floor(date.getTime() / dayMs) * dayMs);
const ceilUtcDay = (date: Date) => new Date(Math.ceil(date.getTime() / dayMs) * dayMs);

/**
 * An all-day event's span as whole UTC days: from the midnight that begins its first day to the
 * midnight that ends its last one (exclusive, as iCalendar's DTEND), and at least one day.
 */
export function wholeUtcDays(startsAt: Date, endsAt: Date): { startsAt: Date; endsAt: Date } {
  const start = floorUtcDay(startsAt);
  const end = ceilUtcDay(endsAt);
  return { startsAt: start, endsAt: end > start ? end : new Date(start.getTime() + dayMs) };
}

/**
 * The viewer's calendar between `from` and `to`: events they attend or that belong to their
 * contracts (an employer: their organization's), and the due dates of milestones on contracts
 * they may see, in time order.
 */
export async function calendarOf(context: SignedInContext, from: Date, to: Date): Promise<CalendarEntry[]> {
  if (!(to > from)) throw badInput('to', '`to` must be after `from`.');
  if (to.getTime() - from.getTime() > maxCalendarRangeDays * dayMs) {
    throw badInput('to', `Ask for at most ${maxCalendarRangeDays} days at a time.`);
  }
  return calendarEntries(context, from, to);
}

/**
 * {@link calendarOf} without its range limit, for callers that choose the range themselves (the
 * ICS feed): the same visibility rules, the same entries.
 */
export async function calendarEntries(context: SignedInContext, from: Date, to: Date): Promise<CalendarEntry[]> {
  const eventQuery = context.loaders.manager
    .getRepository(CalendarEvent)
    .createQueryBuilder('a')
    .where('a.starts_at < :to AND a.ends_at >= :from', { from, to })
    .orderBy('a.starts_at', 'ASC')
    .limit(maxEntries);
  calendarEventsScope(eventQuery, context.viewer);

  const deadlineQuery = context.loaders.manager
    .getRepository(Milestone)
    .createQueryBuilder('m')
    .innerJoin(Contract, 'a', 'a.id = m.contract_id')
    .where('m.due_at >= :from AND m.due_at < :to', { from, to })
    .andWhere('m.status <> :cancelled', { cancelled: MilestoneStatus.CANCELLED })
    .orderBy('m.due_at', 'ASC')
    .limit(maxEntries);
  participantsScope(deadlineQuery, context.viewer, 'a');

  const [events, milestones] = await Promise.all([eventQuery.getMany(), deadlineQuery.getMany()]);
  for (const milestone of milestones) context.loaders.byId(Milestone).prime(milestone.id, milestone);
  const entries: CalendarEntry[] = [...events, ...milestones.map((milestone) => new MilestoneDeadline(milestone))];
  return entries.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

export function attendeesOf(context: SignedInContext, eventId: string): Promise<User[]> {
  return context.loaders
    .named<string, User[]>('calendar.attendees', async (eventIds) => {
      const rows = await context.loaders.manager
        .getRepository(CalendarEventAttendee)
        .find({ where: { eventId: In([...eventIds]) }, order: { addedAt: 'ASC' } });
      const users = await context.loaders.byId(User).loadMany(rows.map((row) => row.userId));
      const byId = new Map<string, User>();
      for (const user of users) if (user && !(user instanceof Error)) byId.set(user.id, user);
      return eventIds.map((id) => rows.filter((row) => row.eventId === id).flatMap((row) => byId.get(row.userId) ?? []));
    })
    .load(eventId);
}

/**
 * A contract's scheduled events that have not ended yet (cancelled ones too, marked so), soonest
 * first: the meetings its page lists. The viewer sees those the calendar rule lets them read.
 */
export function meetingsOf(context: SignedInContext, contractId: string, args: ConnectionArgs): Promise<Connection<CalendarEvent>> {
  return context.loaders
    .connection(CalendarEvent, 'calendar.meetings', args, (contractIds) => {
      const query = context.loaders.manager
        .getRepository(CalendarEvent)
        .createQueryBuilder('a')
        .where('a.contract_id IN (:...contractIds)', { contractIds })
        .andWhere('a.ends_at >= now()');
      calendarEventsScope(query, context.viewer);
      return { query, partitionBy: 'a.contract_id', sort: [{ expression: 'a.starts_at', direction: 'ASC' }] };
    })
    .load(contractId);
}
