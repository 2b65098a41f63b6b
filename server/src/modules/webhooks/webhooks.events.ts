import { z } from 'zod';
import { EventAudience } from '../../events/activity-event.entity.js';
import { defineEvent } from '../../events/event-catalogue.js';
import type { WebhookEndpoint } from './webhook-endpoint.entity.js';

/** The organization's notice that one of its endpoints was disabled after failing for too long. */
export const WebhookEndpointDisabled = defineEvent({
  type: 'WEBHOOK_ENDPOINT_DISABLED',
  subjectType: 'WebhookEndpoint',
  payload: z.object({ endpointId: z.guid(), url: z.string(), reason: z.string(), consecutiveFailures: z.int() }),
  refs: ({ subject }: { subject: Pick<WebhookEndpoint, 'id' | 'organizationId'> }) => ({
    audience: EventAudience.ORGANIZATION,
    organizationId: subject.organizationId,
    trainerId: null,
    jobId: null,
    contractId: null,
    channelId: null,
  }),
});

/** The webhooks area's events, for the composition root's catalogue. */
export const webhooksEvents = [WebhookEndpointDisabled] as const;
