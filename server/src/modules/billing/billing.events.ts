import { z } from 'zod';
import { EventAudience } from '../../events/activity-event.entity.js';
import { defineEvent, type EventRefs } from '../../events/event-catalogue.js';
import { onContract } from '../contracts/contract.events.js';
import { PayoutStatus, type Payout } from './payout.entity.js';

/** A payout is the platform paying a trainer one organization's invoices: its trainer alone hears of it. */
function payoutTrainer({ subject }: { subject: Pick<Payout, 'id' | 'organizationId' | 'trainerId'> }): EventRefs {
  return {
    audience: EventAudience.TRAINER,
    organizationId: subject.organizationId,
    trainerId: subject.trainerId,
    jobId: null,
    contractId: null,
    channelId: null,
  };
}

export const InvoiceIssued = defineEvent({
  type: 'INVOICE_ISSUED',
  subjectType: 'Invoice',
  payload: z.object({ invoiceId: z.guid(), number: z.string(), grossCents: z.int(), feeCents: z.int(), netCents: z.int() }),
  refs: onContract,
});

export const PayoutRequested = defineEvent({
  type: 'PAYOUT_REQUESTED',
  subjectType: 'Payout',
  payload: z.object({ payoutId: z.guid(), amountCents: z.int(), currency: z.string().length(3), invoiceIds: z.array(z.guid()) }),
  refs: payoutTrainer,
});

export const PayoutCompleted = defineEvent({
  type: 'PAYOUT_COMPLETED',
  subjectType: 'Payout',
  payload: z.object({
    payoutId: z.guid(),
    status: z.enum([PayoutStatus.PAID, PayoutStatus.FAILED]),
    failureReason: z.string().nullable(),
  }),
  refs: payoutTrainer,
});

/** The billing area's events, for the composition root's catalogue. */
export const billingEvents = [InvoiceIssued, PayoutRequested, PayoutCompleted] as const;
