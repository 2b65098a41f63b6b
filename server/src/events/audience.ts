import type { EntityManager } from 'typeorm';
import type { Viewer } from '../auth/viewer.js';
import { defineReadRule, inOrganization, type PolicyContext, type PolicyQuery } from '../policy/policy.js';
import { ActivityEvent, EventAudience } from './activity-event.entity.js';

/**
 * Who reads an event of one audience, declared once in its three forms, side by side so they
 * cannot drift apart (and a test holds them to each other for every audience and viewer):
 */
export interface AudienceRule {
  /** For one viewer and one event (the feed's `node(id:)` reads). */
  reads(event: ActivityEvent, context: PolicyContext): boolean | Promise<boolean>;
  /** For lists: a condition over the events alias, with the viewer bound as `:scopeViewerId` and `:scopeOrganizationId`. */
  sql(alias: string): string;
  /** For live delivery: one event, every viewer, with the audience's members read once. */
  readers(event: ActivityEvent, manager: EntityManager): Promise<(viewer: Viewer) => boolean>;
}

const audiences = new Map<EventAudience, AudienceRule>();

/** Declares an audience; the area that knows its members declares it. */
export function defineAudience(audience: EventAudience, rule: AudienceRule): void {
  if (audiences.has(audience)) throw new Error(`The ${audience} audience is declared twice`);
  audiences.set(audience, rule);
}

function audienceRule(audience: EventAudience): AudienceRule {
  const rule = audiences.get(audience);
  if (!rule) throw new Error(`No rule for the ${audience} audience: its area is not loaded`);
  return rule;
}

/** Audiences without a rule; the schema build refuses to start when this is not empty. */
export function audiencesWithoutRule(): EventAudience[] {
  return Object.values(EventAudience).filter((audience) => !audiences.has(audience));
}

defineReadRule(ActivityEvent, (event, context) => audienceRule(event.audience).reads(event, context));

/** The event rule turned around for live delivery: decided once per event for every subscriber. */
export function eventReaders(event: ActivityEvent, manager: EntityManager): Promise<(viewer: Viewer) => boolean> {
  return audienceRule(event.audience).readers(event, manager);
}

/** The events a viewer may read, for the activity feed and replay. */
export function activityScope(query: PolicyQuery, viewer: Viewer, alias = query.alias): PolicyQuery {
  const byAudience = [...audiences].map(([audience, rule]) => `(${alias}.audience = '${audience}' AND ${rule.sql(alias)})`);
  return query.andWhere(`(${byAudience.join(' OR ')})`, { scopeViewerId: viewer.id, scopeOrganizationId: viewer.organizationId });
}

// The audiences that need nothing but the viewer and the event's own refs.
const inEventOrganization = (event: ActivityEvent) => (viewer: Viewer) => inOrganization(viewer, event.organizationId);
const isEventTrainer = (event: ActivityEvent) => (viewer: Viewer) => event.trainerId === viewer.id;

defineAudience(EventAudience.ORGANIZATION, {
  reads: (event, { viewer }) => inEventOrganization(event)(viewer),
  sql: (alias) => `${alias}.organization_id = :scopeOrganizationId`,
  readers: async (event) => inEventOrganization(event),
});

defineAudience(EventAudience.PARTICIPANTS, {
  reads: (event, { viewer }) => inEventOrganization(event)(viewer) || isEventTrainer(event)(viewer),
  sql: (alias) => `(${alias}.organization_id = :scopeOrganizationId OR ${alias}.trainer_id = :scopeViewerId)`,
  readers: async (event) => (viewer) => inEventOrganization(event)(viewer) || isEventTrainer(event)(viewer),
});

defineAudience(EventAudience.TRAINER, {
  reads: (event, { viewer }) => isEventTrainer(event)(viewer),
  sql: (alias) => `${alias}.trainer_id = :scopeViewerId`,
  readers: async (event) => isEventTrainer(event),
});
