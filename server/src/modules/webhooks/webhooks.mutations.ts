import type { CommandContext } from '../../commands/command.js';
import { badInput, conflict, notFound } from '../../errors/domain-error.js';
import { ActivityEvent, type ActivityType } from '../../events/activity-event.entity.js';
import { parseEventCursor } from '../../api/live-feed.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { checkEndpointUrl } from './webhook-address.js';
import { WebhookDelivery, WebhookDeliveryKind } from './webhook-delivery.entity.js';
import { WebhookEndpoint, WebhookEndpointStatus } from './webhook-endpoint.entity.js';
import { webhookSecretVault } from './webhook-secret-vault.js';
import { newWebhookSecret } from './webhook-signing.js';
import { authorizeWebhookChange, OrganizationAudience } from './webhooks.policy.js';

/** More is a mistake: one per receiving system is plenty. */
export const maxWebhookEndpoints = 10;

export interface EndpointChange {
  endpointId: string;
  /** Set when a secret was made: answered once. */
  secret?: string;
}

const headPosition = async ({ manager }: CommandContext) =>
  Number((await manager.query<[{ position: string }]>('SELECT COALESCE(max(position), 0) AS position FROM events'))[0].position);

function eventTypesOf(types: readonly ActivityType[]): ActivityType[] {
  const unique = [...new Set(types)];
  if (unique.length === 0) throw badInput('eventTypes', 'Choose at least one kind of event.');
  return unique.sort();
}

function descriptionOf(description: string | null | undefined): string {
  return (description ?? '').trim();
}

/** Employer: registers an endpoint for their organization; it gets the events from now on, and its secret once. */
export async function createWebhookEndpoint(
  tx: CommandContext,
  input: { url: string; eventTypes: ActivityType[]; description?: string | null },
): Promise<EndpointChange> {
  const organizationId = authorizeWebhookChange(tx);
  const { manager, config } = tx;
  const url = await checkEndpointUrl(input.url, config.webhooks);
  const eventTypes = eventTypesOf(input.eventTypes);
  await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('webhook_endpoints:' || $1, 0))`, [organizationId]);
  const count = await manager.countBy(WebhookEndpoint, { organizationId });
  if (count >= maxWebhookEndpoints) throw conflict(`Your organization has ${maxWebhookEndpoints} webhook endpoints: delete one before adding another.`);
  const secret = newWebhookSecret();
  const endpoint = await manager.save(
    manager.create(WebhookEndpoint, {
      organizationId,
      url,
      description: descriptionOf(input.description),
      eventTypes,
      secret: webhookSecretVault(config.billing.payoutMethodsKey).seal(secret, organizationId),
      cursor: await headPosition(tx),
    }),
  );
  return { endpointId: endpoint.id, secret };
}

/** Employer: changes the address, the kinds of event or the description. */
export async function updateWebhookEndpoint(
  tx: CommandContext,
  input: { endpointId: string; url?: string | null; eventTypes?: ActivityType[] | null; description?: string | null },
): Promise<EndpointChange> {
  const endpoint = await ownEndpoint(tx, input.endpointId);
  const changes: Partial<WebhookEndpoint> = {};
  if (input.url != null) changes.url = await checkEndpointUrl(input.url, tx.config.webhooks);
  if (input.eventTypes != null) changes.eventTypes = eventTypesOf(input.eventTypes);
  if (input.description != null) changes.description = descriptionOf(input.description);
  if (Object.keys(changes).length > 0) await tx.manager.update(WebhookEndpoint, { id: endpoint.id }, changes);
  return { endpointId: endpoint.id };
}

/** Employer: stops deliveries; nothing is sent while disabled. */
export async function disableWebhookEndpoint(tx: CommandContext, input: { endpointId: string }): Promise<EndpointChange> {
  const endpoint = await ownEndpoint(tx, input.endpointId);
  if (endpoint.status !== WebhookEndpointStatus.DISABLED) {
    await tx.manager.update(
      WebhookEndpoint,
      { id: endpoint.id },
      { status: WebhookEndpointStatus.DISABLED, disabledReason: 'Disabled by an employer.', nextAttemptAt: null },
    );
  }
  return { endpointId: endpoint.id };
}

/**
 * Employer: delivers again, from the events after now (what happened while it was disabled is
 * not sent; `replayWebhookDeliveries` sends it on request). Its failure count starts over.
 */
export async function enableWebhookEndpoint(tx: CommandContext, input: { endpointId: string }): Promise<EndpointChange> {
  const endpoint = await ownEndpoint(tx, input.endpointId);
  if (endpoint.status !== WebhookEndpointStatus.ACTIVE) {
    await tx.manager.update(
      WebhookEndpoint,
      { id: endpoint.id },
      {
        status: WebhookEndpointStatus.ACTIVE,
        disabledReason: null,
        cursor: await headPosition(tx),
        rewindTo: null,
        consecutiveFailures: 0,
        failingSince: null,
        nextAttemptAt: null,
      },
    );
  }
  return { endpointId: endpoint.id };
}

/** Employer: deletes the endpoint and its delivery log. */
export async function deleteWebhookEndpoint(tx: CommandContext, input: { endpointId: string }): Promise<EndpointChange> {
  const endpoint = await ownEndpoint(tx, input.endpointId);
  await tx.manager.delete(WebhookEndpoint, { id: endpoint.id });
  return { endpointId: endpoint.id };
}

/** Employer: a new secret, answered once; the old one keeps signing too for `overlapMinutes` (default a day). */
export async function rotateWebhookSecret(tx: CommandContext, input: { endpointId: string; overlapMinutes?: number | null }): Promise<EndpointChange> {
  const overlap = input.overlapMinutes ?? 24 * 60;
  if (!Number.isInteger(overlap) || overlap < 0 || overlap > 7 * 24 * 60)
    throw badInput('overlapMinutes', 'Keep the old secret for 0 to 10,080 minutes (a week).');
  const endpoint = await ownEndpoint(tx, input.endpointId);
  const secret = newWebhookSecret();
  await tx.manager.update(
    WebhookEndpoint,
    { id: endpoint.id },
    {
      secret: webhookSecretVault(tx.config.billing.payoutMethodsKey).seal(secret, endpoint.organizationId),
      previousSecret: overlap > 0 ? endpoint.secret : null,
      previousSecretExpiresAt: overlap > 0 ? new Date(Date.now() + overlap * 60_000) : null,
    },
  );
  return { endpointId: endpoint.id, secret };
}

/** Employer: sends one delivery's event again (a new delivery, outside the order; same `webhook-id`). */
export async function resendWebhookDelivery(tx: CommandContext, input: { deliveryId: string }): Promise<{ deliveryId: string }> {
  const organizationId = authorizeWebhookChange(tx);
  const { manager } = tx;
  const original = await manager.findOneBy(WebhookDelivery, { id: input.deliveryId, organizationId });
  if (!original) throw notFound('WebhookDelivery', toGlobalId('WebhookDelivery', input.deliveryId));
  const endpoint = await ownEndpoint(tx, original.endpointId);
  if (endpoint.status !== WebhookEndpointStatus.ACTIVE) throw conflict('This endpoint is disabled: enable it before resending.');
  const event = await manager.findOneBy(ActivityEvent, { id: original.eventId });
  if (!event || !(await new OrganizationAudience(endpoint.organizationId, manager).mayReceive(event))) {
    throw conflict('This event is no longer your organization’s to see: it cannot be sent again.');
  }
  const delivery = await manager.save(
    manager.create(WebhookDelivery, {
      endpointId: endpoint.id,
      organizationId: endpoint.organizationId,
      eventId: original.eventId,
      position: original.position,
      eventType: original.eventType,
      kind: WebhookDeliveryKind.RESEND,
    }),
  );
  return { deliveryId: delivery.id };
}

/** Employer: every event after the cursor is delivered again, in order (the cursor of a payload they received). */
export async function replayWebhookDeliveries(tx: CommandContext, input: { endpointId: string; after: string }): Promise<EndpointChange> {
  const position = parseEventCursor(input.after, 'after');
  const endpoint = await ownEndpoint(tx, input.endpointId);
  if (position > endpoint.cursor) throw badInput('after', 'Nothing after this cursor has been delivered yet: it will be, in order.');
  await tx.manager.update(WebhookEndpoint, { id: endpoint.id }, { rewindTo: position });
  return { endpointId: endpoint.id };
}

/** The viewer's organization's endpoint, locked for the change; another organization's, or none: NOT_FOUND alike. */
async function ownEndpoint(tx: CommandContext, id: string): Promise<WebhookEndpoint> {
  const organizationId = authorizeWebhookChange(tx);
  const endpoint = await tx.manager.findOne(WebhookEndpoint, { where: { id, organizationId }, lock: { mode: 'pessimistic_write' } });
  if (!endpoint) throw notFound('WebhookEndpoint', toGlobalId('WebhookEndpoint', id));
  return endpoint;
}
