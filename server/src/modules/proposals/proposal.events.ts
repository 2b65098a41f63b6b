import { z } from 'zod';
import { EventAudience } from '../../events/activity-event.entity.js';
import { defineEvent, type EventRefs } from '../../events/event-catalogue.js';
import { ProposalStatus, type Proposal } from './proposal.entity.js';

type ProposalOfEvent = Pick<Proposal, 'id' | 'organizationId' | 'trainerId' | 'jobId'>;

/** The contract a hired proposal became, as far as its events need it (contracts sit above proposals). */
export interface ContractOfProposal {
  id: string;
  proposalId: string | null;
}

/**
 * A proposal is seen by its trainer and the job's organization. Once hired, its event names the
 * contract it became (so the contract's feed shows how it started).
 */
function proposalParties({ subject, contract }: { subject: ProposalOfEvent; contract?: ContractOfProposal | null }): EventRefs {
  if (contract && contract.proposalId !== subject.id) throw new Error(`Contract ${contract.id} did not come from proposal ${subject.id}`);
  return {
    audience: EventAudience.PARTICIPANTS,
    organizationId: subject.organizationId,
    trainerId: subject.trainerId,
    jobId: subject.jobId,
    contractId: contract?.id ?? null,
    channelId: null,
  };
}

export const ProposalSubmitted = defineEvent({
  type: 'PROPOSAL_SUBMITTED',
  subjectType: 'Proposal',
  payload: z.object({ status: z.literal(ProposalStatus.UNREVIEWED) }),
  refs: ({ subject }: { subject: ProposalOfEvent }) => proposalParties({ subject }),
});

export const ProposalStatusChanged = defineEvent({
  type: 'PROPOSAL_STATUS_CHANGED',
  subjectType: 'Proposal',
  payload: z.object({
    from: z.enum(ProposalStatus),
    to: z.enum(ProposalStatus),
    /** The employer's reason for declining, whole (the summary has an excerpt); absent when none was given. */
    reason: z.string().optional(),
  }),
  refs: proposalParties,
});

/** The proposals area's events, for the composition root's catalogue. */
export const proposalEvents = [ProposalSubmitted, ProposalStatusChanged] as const;
