import { defineAudience } from '../../events/audience.js';
import { defineReadRule, inOrganization, userIds, type PolicyContext, type PolicyQuery } from '../../policy/policy.js';
import type { Viewer } from '../../auth/viewer.js';
import { EventAudience } from '../../events/activity-event.entity.js';
import { Contract } from '../contracts/contract.entity.js';
import { CalendarEventAttendee } from './calendar-event-attendee.entity.js';
import { CalendarEvent } from './calendar-event.entity.js';

/** Whether the viewer attends a calendar event (batched per request). */
function attends(calendarEventId: string, context: PolicyContext): Promise<boolean> {
  return context.loaders
    .named<string, boolean>('policy.attends', async (eventIds) => {
      const rows = await context.loaders.manager
        .getRepository(CalendarEventAttendee)
        .createQueryBuilder('a')
        .where('a.user_id = :viewerId AND a.event_id IN (:...eventIds)', { viewerId: context.viewer.id, eventIds })
        .getMany();
      const attended = new Set(rows.map((row) => row.eventId));
      return eventIds.map((id) => attended.has(id));
    })
    .load(calendarEventId);
}

// The organization's events, the events one attends, and those of one's own contracts.
defineReadRule(CalendarEvent, async (event, context) => {
  if (inOrganization(context.viewer, event.organizationId)) return true;
  if (await attends(event.id, context)) return true;
  const contract = event.contractId ? await context.loaders.byId(Contract).load(event.contractId) : null;
  return contract?.trainerId === context.viewer.id;
});

/** The CalendarEvent rule as SQL, for lists. */
export function calendarEventsScope(query: PolicyQuery, viewer: Viewer, alias = query.alias): PolicyQuery {
  return query.andWhere(
    `(${alias}.organization_id = :scopeOrganizationId
      OR EXISTS (SELECT 1 FROM calendar_event_attendees scope_a WHERE scope_a.event_id = ${alias}.id AND scope_a.user_id = :scopeViewerId)
      OR ${alias}.contract_id IN (SELECT scope_c.id FROM contracts scope_c WHERE scope_c.trainer_id = :scopeViewerId))`,
    { scopeViewerId: viewer.id, scopeOrganizationId: viewer.organizationId },
  );
}

// Events about a calendar event (its subject): the organization and its attendees.
defineAudience(EventAudience.CALENDAR, {
  reads: async (event, context) => inOrganization(context.viewer, event.organizationId) || attends(event.subjectId, context),
  sql: (alias) =>
    `(${alias}.organization_id = :scopeOrganizationId
      OR EXISTS (SELECT 1 FROM calendar_event_attendees scope_a WHERE scope_a.event_id = ${alias}.subject_id AND scope_a.user_id = :scopeViewerId))`,
  readers: async (event, manager) => {
    const attendees = await userIds(manager, 'SELECT user_id FROM calendar_event_attendees WHERE event_id = $1', [event.subjectId]);
    return (viewer) => inOrganization(viewer, event.organizationId) || attendees.has(viewer.id);
  },
});
