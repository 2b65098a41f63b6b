import type { Area } from '../../api/area.js';
import { WebhookDelivery } from './webhook-delivery.entity.js';
import { WebhookEndpoint } from './webhook-endpoint.entity.js';
import { webhooksEvents } from './webhooks.events.js';
import { WebhookMutationResolver } from './webhooks.mutations.resolver.js';
import './webhooks.policy.js';
import { ViewerWebhooksResolver, WebhookDeliveryResolver, WebhookEndpointResolver, WebhookEventTypesResolver } from './webhooks.resolver.js';

/**
 * Signed webhooks for employer tools: an organization's endpoints, their delivery log, and the
 * worker that delivers the organization's events to them (webhook-worker.ts, started by server.ts).
 */
export const webhooksArea: Area = {
  name: 'webhooks',
  entities: [WebhookEndpoint, WebhookDelivery],
  resolvers: [ViewerWebhooksResolver, WebhookEventTypesResolver, WebhookEndpointResolver, WebhookDeliveryResolver, WebhookMutationResolver],
  events: webhooksEvents,
};
