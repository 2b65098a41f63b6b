import type { ActivityEvent } from '../../events/activity-event.entity.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { eventCursor } from '../../api/live-feed.js';

/** The JSON body of every webhook request (documented in the README, "Webhooks"). */
export interface WebhookPayload {
  /** The event's global id, as `node(id:)` takes it; also the `webhook-id` header. */
  id: string;
  type: string;
  /** Its place in the organization's stream: pass to `replayWebhookDeliveries(after:)` or a subscription's `after`. */
  cursor: string;
  position: number;
  createdAt: string;
  summary: string;
  organizationId: string;
  actorId: string | null;
  subject: { type: string; id: string };
  contractId: string | null;
  jobId: string | null;
  channelId: string | null;
  /** The type's payload, as its definition in the event catalogue declares it (database ids inside). */
  data: unknown;
}

const globalOrNull = (type: string, id: string | null) => (id ? toGlobalId(type, id) : null);

export function webhookPayload(event: ActivityEvent): WebhookPayload {
  return {
    id: toGlobalId('ActivityEvent', event.id),
    type: event.type,
    cursor: eventCursor(event.position!),
    position: event.position!,
    createdAt: event.createdAt.toISOString(),
    summary: event.summary,
    organizationId: toGlobalId('Organization', event.organizationId),
    actorId: globalOrNull('User', event.actorId),
    subject: { type: event.subjectType, id: toGlobalId(event.subjectType, event.subjectId) },
    contractId: globalOrNull('Contract', event.contractId),
    jobId: globalOrNull('Job', event.jobId),
    channelId: globalOrNull('Channel', event.channelId),
    data: event.payload,
  };
}
