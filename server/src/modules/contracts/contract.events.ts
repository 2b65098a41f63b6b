import { z } from 'zod';
import { EventAudience } from '../../events/activity-event.entity.js';
import { defineEvent, type EventRefs } from '../../events/event-catalogue.js';
import { PaymentType } from '../jobs/job.entity.js';
import { ContractStatus, type Contract } from './contract.entity.js';

/** What an event needs of a contract to be filed under it. */
export type ContractOfEvent = Pick<Contract, 'id' | 'organizationId' | 'trainerId' | 'jobId'>;

/** An event about a contract, or about something on it, is seen by both parties: its organization and its trainer. */
export function contractParties(contract: ContractOfEvent): EventRefs {
  return {
    audience: EventAudience.PARTICIPANTS,
    organizationId: contract.organizationId,
    trainerId: contract.trainerId,
    jobId: contract.jobId,
    contractId: contract.id,
    channelId: null,
  };
}

/**
 * The refs of an event about something on a contract (a milestone, an invoice, an access grant):
 * its contract's parties. The contract is passed for its parties; it must be the subject's own.
 */
export function onContract({ subject, contract }: { subject: { id: string; contractId: string }; contract: ContractOfEvent }): EventRefs {
  if (subject.contractId !== contract.id) throw new Error(`An event about ${subject.id} was filed under contract ${contract.id}, which is not its contract`);
  return contractParties(contract);
}

const ofContract = ({ subject }: { subject: ContractOfEvent }) => contractParties(subject);

export const ContractStarted = defineEvent({
  type: 'CONTRACT_STARTED',
  subjectType: 'Contract',
  payload: z.object({
    proposalId: z.guid(),
    paymentType: z.enum(PaymentType),
    rateCents: z.int().nullable(),
    totalBudgetCents: z.int(),
    currency: z.string().length(3),
  }),
  refs: ofContract,
});

export const ContractStatusChanged = defineEvent({
  type: 'CONTRACT_STATUS_CHANGED',
  subjectType: 'Contract',
  payload: z.object({ from: z.enum(ContractStatus), to: z.enum(ContractStatus) }),
  refs: ofContract,
});

/** The contracts area's events, for the composition root's catalogue. */
export const contractEvents = [ContractStarted, ContractStatusChanged] as const;
