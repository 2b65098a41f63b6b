import type { DataSource } from 'typeorm';
import { lockRowById } from '../../db/rows-by-id.js';
import { recordEvent } from '../../events/outbox.js';
import { badInput, invalidTransition, notFound } from '../../errors/domain-error.js';
import { expectGlobalId, toGlobalId } from '../../graphql/global-id.js';
import { PayoutCompleted } from './billing.events.js';
import { Invoice, InvoiceStatus } from './invoice.entity.js';
import { Payout, PayoutStatus } from './payout.entity.js';

/**
 * SIMULATION of the payment processor (no money moves anywhere). In production a processor pays
 * the trainer and tells the platform how it went; here an operator plays that part with
 * `npm run payouts:settle` (server/src/cli/payouts-settle.ts). It acts as the platform, never as a user:
 * there is no GraphQL path to it, so no employer (and no trainer) can settle or fail a payout.
 */
export enum PayoutOutcome {
  PAID = 'PAID',
  FAILED = 'FAILED',
}

export interface ProcessorAnswer {
  /** The payout's global ID, as the trainer's Reports and `npm run payouts:settle -- list` show it. */
  payoutId: string;
  outcome: PayoutOutcome;
  /** Why it failed, for FAILED: the trainer sees it. */
  failureReason?: string | null;
}

const maxFailureReasonLength = 500;

/**
 * Records the processor's answer for a REQUESTED payout, once, in one transaction: PAID settles
 * its invoices; FAILED releases them, so the trainer can request them again. Only the payout's
 * own organization's invoices are touched (a payout never holds another's). The trainer hears of
 * it through a PAYOUT_COMPLETED event with no actor; a running server publishes it within
 * EVENTS_SWEEP_MS, as it does any outbox row written elsewhere.
 */
export async function settlePayout(dataSource: DataSource, answer: ProcessorAnswer): Promise<Payout> {
  const id = expectGlobalId(answer.payoutId, 'Payout', 'payoutId');
  const failureReason = answer.failureReason?.trim() || null;
  if (answer.outcome === PayoutOutcome.FAILED && !failureReason) {
    throw badInput('failureReason', 'Say why the payout failed; the trainer sees it.');
  }
  if (failureReason && failureReason.length > maxFailureReasonLength) {
    throw badInput('failureReason', `Keep the reason under ${maxFailureReasonLength} characters.`);
  }
  return dataSource.transaction('READ COMMITTED', async (manager) => {
    const payouts = manager.getRepository(Payout);
    const payout = await lockRowById(manager, Payout, id);
    if (!payout) throw notFound('Payout', answer.payoutId);
    if (payout.status !== PayoutStatus.REQUESTED) {
      throw invalidTransition(`This payout is already ${payout.status}.`, { currentStatus: payout.status, attemptedAction: answer.outcome });
    }
    const now = new Date();
    payout.status = answer.outcome === PayoutOutcome.PAID ? PayoutStatus.PAID : PayoutStatus.FAILED;
    payout.completedAt = now;
    payout.failureReason = answer.outcome === PayoutOutcome.FAILED ? failureReason : null;
    await payouts.save(payout);
    const invoices = manager.getRepository(Invoice);
    const covered = { payoutId: payout.id, organizationId: payout.organizationId };
    if (payout.status === PayoutStatus.PAID) {
      await invoices.update({ ...covered, status: InvoiceStatus.ISSUED }, { status: InvoiceStatus.PAID, paidAt: now });
    } else {
      await invoices.update(covered, { payoutId: null });
    }
    await recordEvent(manager, PayoutCompleted, {
      subject: payout,
      actorId: null,
      summary:
        payout.status === PayoutStatus.PAID ? `Payout of ${payout.amount.formatted} paid` : `Payout of ${payout.amount.formatted} failed: ${failureReason}`,
      payload: { payoutId: payout.id, status: payout.status, failureReason: payout.failureReason },
    });
    return payout;
  });
}

export interface PendingPayout {
  payoutId: string;
  amount: string;
  trainer: string;
  organization: string;
  requestedAt: Date;
}

/** What the processor has yet to answer: every REQUESTED payout, oldest first (one request's payouts by organization name). */
export async function pendingPayouts(dataSource: DataSource): Promise<PendingPayout[]> {
  const rows = await dataSource.getRepository(Payout).find({
    where: { status: PayoutStatus.REQUESTED },
    relations: { trainer: true, organization: true },
    order: { requestedAt: 'ASC', organization: { name: 'ASC' }, id: 'ASC' },
  });
  return rows.map((payout) => ({
    payoutId: toGlobalId('Payout', payout.id),
    amount: payout.amount.formatted,
    trainer: `${payout.trainer!.name} <${payout.trainer!.email}>`,
    organization: payout.organization!.name,
    requestedAt: payout.requestedAt,
  }));
}
