import { randomBytes } from 'node:crypto';
import { lockRowById } from '../../db/rows-by-id.js';
import { In, IsNull, Not, type EntityManager } from 'typeorm';
import { authorizeRead } from '../../policy/policy.js';
import { isEmployer } from '../../auth/viewer.js';
import type { CommandContext } from '../../commands/command.js';
import { recordEvent } from '../../events/outbox.js';
import { badInput, forbidden, invalidTransition, notFound } from '../../errors/domain-error.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { User, UserRole } from '../accounts/user.entity.js';
import { Contract } from '../contracts/contract.entity.js';
import { Job } from '../jobs/job.entity.js';
import { CalendarEventAttendee } from './calendar-event-attendee.entity.js';
import { CalendarEvent } from './calendar-event.entity.js';
import { CalendarEventCancelled, CalendarEventScheduled, CalendarEventUpdated } from './calendar.events.js';
import { maxEventDays, type CancelCalendarEventInput, type CreateCalendarEventInput, type UpdateCalendarEventInput } from './calendar.inputs.js';
import { calendarFeedPath, wholeUtcDays } from './calendar.service.js';

/** What an event mutation changed, as ids. */
export interface CalendarEventChange {
  eventId: string;
}

/** Where an event belongs: what decides which contracts and attendees it may have. */
interface EventHome {
  organizationId: string;
  jobId: string | null;
}

const dayMs = 24 * 3600 * 1000;

const sameOrganization = ({ viewer }: CommandContext, organizationId: string) => isEmployer(viewer) && viewer.organizationId === organizationId;

/**
 * The job, if the viewer may schedule on it: an employer of its organization. A trainer who can
 * see the job is told it is not theirs to do (FORBIDDEN); anyone else, another organization's
 * employers included, learns nothing (NOT_FOUND): a job's calendar is its organization's business.
 */
async function jobToScheduleOn(tx: CommandContext, id: string): Promise<Job> {
  const job = await authorizeRead(await tx.manager.getRepository(Job).findOneBy({ id }), tx, 'Job', toGlobalId('Job', id));
  if (sameOrganization(tx, job.organizationId)) return job;
  if (tx.viewer.role === UserRole.TRAINER) {
    throw forbidden('Only employers of the organization that posted this job can schedule events on it.');
  }
  throw notFound('Job', toGlobalId('Job', id));
}

/**
 * The event, locked for this transaction, if the viewer may change it: an employer of its
 * organization. Who cannot see it gets NOT_FOUND; an attendee or the contract's trainer, who can,
 * gets FORBIDDEN. A cancelled event is final.
 */
async function lockEvent(tx: CommandContext, id: string, attemptedAction: 'UPDATE' | 'CANCEL'): Promise<CalendarEvent> {
  const found = await lockRowById(tx.manager, CalendarEvent, id);
  const event = await authorizeRead(found, tx, 'CalendarEvent', toGlobalId('CalendarEvent', id));
  if (!sameOrganization(tx, event.organizationId)) {
    throw forbidden('Only employers of the organization that scheduled this event can change or cancel it.');
  }
  if (event.cancelledAt) {
    throw invalidTransition(
      attemptedAction === 'CANCEL'
        ? `"${event.title}" is already cancelled.`
        : `"${event.title}" was cancelled: a cancelled event cannot be changed. Schedule a new one instead.`,
      { currentStatus: 'CANCELLED', attemptedAction },
    );
  }
  return event;
}

/** The contract, when it is one of the event's job's contracts; BAD_USER_INPUT otherwise (missing or hidden alike). */
async function contractOf(manager: EntityManager, home: EventHome, id: string): Promise<Contract> {
  const contract = await manager.getRepository(Contract).findOneBy({ id });
  const belongs = contract !== null && (home.jobId === null ? contract.organizationId === home.organizationId : contract.jobId === home.jobId);
  if (!belongs) {
    throw badInput('contractId', "That is not a contract on this event's job: pick one of the job's contracts, or leave `contractId` out.");
  }
  return contract;
}

/**
 * Checks an attendee list and returns it as user ids, without duplicates, with `always` (the
 * creator) included. Everyone must be a member of the organization or a trainer with a contract
 * on the job (for an event without a job: on the event's contract); the refusal names who is not.
 */
async function checkedAttendees(manager: EntityManager, home: EventHome, contractId: string | null, userIds: string[], always: string): Promise<string[]> {
  const ids = [...new Set(userIds)].filter((id) => id !== always);
  if (ids.length > 0) {
    const users = await manager.getRepository(User).findBy({ id: In(ids) });
    const trainerRows: Array<{ trainer_id: string }> =
      home.jobId !== null
        ? await manager.query('SELECT DISTINCT trainer_id FROM contracts WHERE job_id = $1 AND trainer_id = ANY($2::uuid[])', [home.jobId, ids])
        : contractId !== null
          ? await manager.query('SELECT trainer_id FROM contracts WHERE id = $1 AND trainer_id = ANY($2::uuid[])', [contractId, ids])
          : [];
    const trainersOnJob = new Set(trainerRows.map((row) => row.trainer_id));
    const usersById = new Map(users.map((user) => [user.id, user]));
    const onJob = (user: User | undefined) =>
      user !== undefined &&
      ((user.role === UserRole.EMPLOYER && user.organizationId === home.organizationId) || (user.role === UserRole.TRAINER && trainersOnJob.has(user.id)));
    const outsiders = ids.filter((id) => !onJob(usersById.get(id)));
    if (outsiders.length > 0) {
      const names = outsiders.map((id) => usersById.get(id)?.name ?? `unknown user ${toGlobalId('User', id)}`);
      const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
      throw badInput(
        'attendeeIds',
        `${list} ${names.length === 1 ? 'is' : 'are'} not on this job. Invite members of your organization or trainers with a contract on this job.`,
        { notOnJob: outsiders.map((id) => toGlobalId('User', id)) },
      );
    }
  }
  return [always, ...ids];
}

/**
 * Checks a start and end, and returns them as stored: an all-day event as whole UTC days.
 * `endField` names the field to blame when the end is before the start.
 */
function spanOf(startsAt: Date, endsAt: Date, allDay: boolean, endField: 'endsAt' | 'startsAt'): { startsAt: Date; endsAt: Date } {
  if (endsAt < startsAt) {
    throw badInput(endField, `The event ends (${endsAt.toISOString()}) before it starts (${startsAt.toISOString()}).`);
  }
  const span = allDay ? wholeUtcDays(startsAt, endsAt) : { startsAt, endsAt };
  if (span.endsAt.getTime() - span.startsAt.getTime() > maxEventDays * dayMs) {
    throw badInput('endsAt', `An event lasts at most ${maxEventDays} days; put longer work on a milestone's due date instead.`);
  }
  return span;
}

const cleanText = (value: string | null | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/** Adds attendees not there yet and removes those not wanted; the ones kept keep their place. */
async function setAttendees(manager: EntityManager, eventId: string, userIds: string[]): Promise<void> {
  await manager.query('DELETE FROM calendar_event_attendees WHERE event_id = $1 AND NOT (user_id = ANY($2::uuid[]))', [eventId, userIds]);
  // A microsecond apart, in the order given: the list reads back as it was written.
  await manager.query(
    `INSERT INTO calendar_event_attendees (event_id, user_id, added_at)
     SELECT $1, u.id, now() + u.n * interval '1 microsecond' FROM unnest($2::uuid[]) WITH ORDINALITY AS u(id, n)
     ON CONFLICT DO NOTHING`,
    [eventId, userIds],
  );
}

async function currentAttendees(manager: EntityManager, eventId: string): Promise<string[]> {
  const rows = await manager.getRepository(CalendarEventAttendee).find({ where: { eventId }, order: { addedAt: 'ASC' } });
  return rows.map((row) => row.userId);
}

/**
 * What every calendar event's event names besides its payload: the calendar event, its contract
 * (whose trainer the refs name), who and a line for people.
 */
async function announcement({ manager, viewer }: CommandContext, event: CalendarEvent, verb: string) {
  const contract = event.contractId ? await manager.getRepository(Contract).findOneBy({ id: event.contractId }) : null;
  return { subject: event, contract, actorId: viewer.id, summary: `${viewer.user.name} ${verb} "${event.title}"` };
}

/** When it happens, as it is after the change. */
function timing(event: CalendarEvent) {
  return { startsAt: event.startsAt.toISOString(), endsAt: event.endsAt.toISOString(), allDay: event.allDay };
}

/**
 * The commands below take database ids (the resolver decodes global ids) and run in the caller's
 * transaction.
 */

/** Employer: schedules an event on one of the organization's jobs. */
export async function createCalendarEvent(tx: CommandContext, input: CreateCalendarEventInput): Promise<CalendarEventChange> {
  const { manager, viewer } = tx;
  const job = await jobToScheduleOn(tx, input.jobId);
  const home: EventHome = { organizationId: job.organizationId, jobId: job.id };
  const contract = input.contractId != null ? await contractOf(manager, home, input.contractId) : null;
  const span = spanOf(input.startsAt, input.endsAt, input.allDay, 'endsAt');
  const attendees = await checkedAttendees(manager, home, contract?.id ?? null, input.attendeeIds, viewer.id);
  const repository = manager.getRepository(CalendarEvent);
  const event = await repository.save(
    repository.create({
      organizationId: job.organizationId,
      jobId: job.id,
      contractId: contract?.id ?? null,
      kind: input.kind,
      title: input.title.trim(),
      description: input.description?.trim() ?? '',
      ...span,
      allDay: input.allDay,
      location: cleanText(input.location),
      meetingUrl: cleanText(input.meetingUrl),
      createdById: viewer.id,
      cancelledAt: null,
    }),
  );
  await setAttendees(manager, event.id, attendees);
  await recordEvent(manager, CalendarEventScheduled, {
    ...(await announcement(tx, event, 'scheduled')),
    payload: { ...timing(event), attendeeCount: attendees.length },
  });
  return { eventId: event.id };
}

/** Employer: moves or edits an event that is not cancelled. */
export async function updateCalendarEvent(tx: CommandContext, input: UpdateCalendarEventInput): Promise<CalendarEventChange> {
  const { manager } = tx;
  const event = await lockEvent(tx, input.eventId, 'UPDATE');
  const home: EventHome = { organizationId: event.organizationId, jobId: event.jobId };
  const changed = new Set<string>();
  const set = <K extends keyof CalendarEvent>(field: K, value: CalendarEvent[K], same = value === event[field]) => {
    if (same) return;
    event[field] = value;
    changed.add(field);
  };

  if (input.contractId !== undefined) {
    const contract = input.contractId === null ? null : await contractOf(manager, home, input.contractId);
    set('contractId', contract?.id ?? null);
  }
  if (input.kind != null) set('kind', input.kind);
  if (input.title != null) set('title', input.title.trim());
  if (input.description !== undefined) set('description', input.description?.trim() ?? '');
  if (input.location !== undefined) set('location', cleanText(input.location));
  if (input.meetingUrl !== undefined) set('meetingUrl', cleanText(input.meetingUrl));
  if (input.allDay != null) set('allDay', input.allDay);

  if (input.startsAt != null || input.endsAt != null || input.allDay != null) {
    const endField = input.endsAt != null ? 'endsAt' : 'startsAt';
    const span = spanOf(input.startsAt ?? event.startsAt, input.endsAt ?? event.endsAt, event.allDay, endField);
    set('startsAt', span.startsAt, span.startsAt.getTime() === event.startsAt.getTime());
    set('endsAt', span.endsAt, span.endsAt.getTime() === event.endsAt.getTime());
  }

  if (input.attendeeIds != null) {
    const wanted = await checkedAttendees(manager, home, event.contractId, input.attendeeIds, event.createdById);
    const current = await currentAttendees(manager, event.id);
    const same = wanted.length === current.length && wanted.every((id) => current.includes(id));
    if (!same) {
      await setAttendees(manager, event.id, wanted);
      changed.add('attendees');
    }
  }

  // Nothing to say when nothing changed: no write, no event.
  if (changed.size === 0) return { eventId: event.id };
  await manager.getRepository(CalendarEvent).save(event);
  await recordEvent(manager, CalendarEventUpdated, {
    ...(await announcement(tx, event, 'updated')),
    payload: { ...timing(event), changed: [...changed] },
  });
  return { eventId: event.id };
}

/** Employer: cancels an event; it stays, marked cancelled. */
export async function cancelCalendarEvent(tx: CommandContext, input: CancelCalendarEventInput): Promise<CalendarEventChange> {
  const event = await lockEvent(tx, input.eventId, 'CANCEL');
  event.cancelledAt = new Date();
  await tx.manager.getRepository(CalendarEvent).save(event);
  await recordEvent(tx.manager, CalendarEventCancelled, { ...(await announcement(tx, event, 'cancelled')), payload: timing(event) });
  return { eventId: event.id };
}

/**
 * Issues a new secret for the viewer's private feed and returns its path. The previous secret,
 * if any, is overwritten in the same statement: its address stops working at once.
 */
export async function rotateCalendarFeed({ manager, viewer }: CommandContext): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  await manager.getRepository(User).update({ id: viewer.id }, { calendarFeedToken: token });
  return calendarFeedPath(token);
}

/** Turns the viewer's private feed off. True when there was one. */
export async function revokeCalendarFeed({ manager, viewer }: CommandContext): Promise<boolean> {
  const result = await manager.getRepository(User).update({ id: viewer.id, calendarFeedToken: Not(IsNull()) }, { calendarFeedToken: null });
  return (result.affected ?? 0) > 0;
}
