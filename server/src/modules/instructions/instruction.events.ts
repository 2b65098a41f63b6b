import { z } from 'zod';
import { EventAudience } from '../../events/activity-event.entity.js';
import { defineEvent, type EventRefs } from '../../events/event-catalogue.js';
import type { InstructionDocument } from './instruction-document.entity.js';

type DocumentOfEvent = Pick<InstructionDocument, 'id' | 'organizationId' | 'jobId'>;

const onJob =
  (audience: EventAudience) =>
  ({ subject }: { subject: DocumentOfEvent }): EventRefs => ({
    audience,
    organizationId: subject.organizationId,
    trainerId: null,
    jobId: subject.jobId,
    contractId: null,
    channelId: null,
  });

export const InstructionsSaved = defineEvent({
  type: 'INSTRUCTIONS_SAVED',
  subjectType: 'InstructionDocument',
  payload: z.object({ version: z.int(), baseVersion: z.int().nullable() }),
  // Drafts concern the organization only; trainers hear about a version when it is published.
  refs: onJob(EventAudience.ORGANIZATION),
});

export const InstructionsPublished = defineEvent({
  type: 'INSTRUCTIONS_PUBLISHED',
  subjectType: 'InstructionDocument',
  payload: z.object({ version: z.int(), previousVersion: z.int().nullable(), changeNote: z.string().nullable().optional() }),
  // Every trainer with a contract on the job reads the published version, so all of them hear of it.
  refs: onJob(EventAudience.JOB),
});

/** The instructions area's events, for the composition root's catalogue. */
export const instructionEvents = [InstructionsSaved, InstructionsPublished] as const;
