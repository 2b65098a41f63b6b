import type { DataSource } from 'typeorm';
import { audiencesWithoutRule } from './events/audience.js';
import { createDataSource, type DataSourceOptions } from './db/data-source.js';
import { IdempotencyKey } from './db/idempotency-key.entity.js';
import { ActivityEvent } from './events/activity-event.entity.js';
import { createEventCatalogue } from './events/event-catalogue.js';
import { resolversOf, type Area } from './api/area.js';
import type { EntityClass } from './graphql/loaders.js';
import { NodeResolver } from './api/node.resolver.js';
import { registerNodeTypes } from './api/node.service.js';
import { buildSchemaOf } from './api/schema.js';
import { accessArea } from './modules/access/index.js';
import { accountsArea } from './modules/accounts/index.js';
import { User } from './modules/accounts/user.entity.js';
import { activityArea } from './modules/activity/index.js';
import { billingArea } from './modules/billing/index.js';
import { calendarArea } from './modules/calendar/index.js';
import { hiringArea } from './modules/hiring/index.js';
import { contractsArea } from './modules/contracts/index.js';
import { instructionsArea } from './modules/instructions/index.js';
import { jobsArea } from './modules/jobs/index.js';
import { messagingArea } from './modules/messaging/index.js';
import { milestonesArea } from './modules/milestones/index.js';
import { proposalsArea } from './modules/proposals/index.js';
import { webhooksArea } from './modules/webhooks/index.js';

/**
 * The composition root: the one place that knows every domain area. The kernel below it and the
 * areas never import this file; a new area is a folder under `modules/` with an `index.ts`
 * manifest, and one line here. The list is bottom first: an area may import only the areas before
 * it (`architecture.test.ts` holds it so), and each area's `name` is its folder.
 */
export const areas: readonly Area[] = [
  accountsArea,
  jobsArea,
  proposalsArea,
  contractsArea,
  milestonesArea,
  instructionsArea,
  calendarArea,
  messagingArea,
  billingArea,
  accessArea,
  hiringArea,
  activityArea,
  webhooksArea,
];

/** Every table: the kernel's (the outbox, idempotency keys) and the areas'. */
export const entities: EntityClass<object>[] = [ActivityEvent, IdempotencyKey, ...areas.flatMap((area) => area.entities)];

/** Every kind of event, from the areas that write them; refuses to start on a type declared twice or not at all. */
export const eventCatalogue = createEventCatalogue(areas.flatMap((area) => area.events ?? []));

/** The signed-in account's entity, which the kernel loads the viewer from. */
export const viewerEntity = User;

registerNodeTypes(entities);

/** A data source over every area's tables. */
export function createWorkroomDataSource(options: Omit<DataSourceOptions, 'entities'>): DataSource {
  return createDataSource({ ...options, entities });
}

/** The schema of every area; refuses to build while a node type or an event audience has no rule. */
export function buildWorkroomSchema() {
  const missing = audiencesWithoutRule();
  if (missing.length > 0) throw new Error(`Event audiences without a rule: ${missing.join(', ')}`);
  return buildSchemaOf({
    resolvers: resolversOf(areas, [NodeResolver]),
    orphanedTypes: areas.flatMap((area) => area.orphanedTypes ?? []),
  });
}
