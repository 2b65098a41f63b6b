import type { EntityManager } from 'typeorm';
import { ActivityEvent, EventAudience, type ActivityType } from './activity-event.entity.js';

export interface OutboxEvent {
  type: ActivityType;
  audience: EventAudience;
  organizationId: string;
  trainerId?: string | null;
  jobId?: string | null;
  contractId?: string | null;
  channelId?: string | null;
  actorId: string | null;
  subjectType: string;
  subjectId: string;
  summary: string;
  payload?: Record<string, unknown>;
}

/**
 * Writes the event in the caller's transaction: it exists if and only if the change does.
 * Publishing it to subscribers happens after commit (the publisher assigns its `position`).
 */
export async function recordEvent(manager: EntityManager, event: OutboxEvent): Promise<ActivityEvent> {
  const repository = manager.getRepository(ActivityEvent);
  return repository.save(
    repository.create({
      trainerId: null,
      jobId: null,
      contractId: null,
      channelId: null,
      payload: {},
      ...event,
    }),
  );
}

/** The refs of an event about a contract, seen by both its parties (its organization and its trainer). */
export function contractParties(contract: { id: string; organizationId: string; trainerId: string; jobId: string }) {
  return {
    audience: EventAudience.PARTICIPANTS,
    organizationId: contract.organizationId,
    trainerId: contract.trainerId,
    jobId: contract.jobId,
    contractId: contract.id,
  };
}
