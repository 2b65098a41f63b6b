import { In, IsNull, type EntityManager } from 'typeorm';
import { isEmployer } from '../../auth/viewer.js';
import { idempotent } from '../../db/idempotency.js';
import { inTransaction } from '../../db/transaction.js';
import { ActivityType, EventAudience } from '../../events/activity-event.entity.js';
import { recordEvent } from '../../events/outbox.js';
import type { SignedInContext } from '../../graphql/context.js';
import { badInput, forbidden, invalidTransition, notFound } from '../../graphql/errors.js';
import { expectGlobalId } from '../../graphql/global-id.js';
import { Money } from '../../graphql/money.js';
import { UserRole } from '../accounts/user.entity.js';
import { PayoutOutcome, type CompletePayoutInput, type RequestPayoutInput } from './billing.inputs.js';
import { Invoice, InvoiceStatus } from './invoice.entity.js';
import { Payout, PayoutStatus } from './payout.entity.js';

/**
 * Trainer: one payout per currency over every ISSUED invoice not yet in a payout. The invoices
 * are locked, so two requests at once cannot put one invoice in two payouts.
 */
export function requestPayout(context: SignedInContext, input: RequestPayoutInput): Promise<{ payoutIds: string[] }> {
  if (context.viewer.role !== UserRole.TRAINER) throw forbidden('Only trainers request payouts of their earnings.');
  return inTransaction(context, (manager) =>
    idempotent(manager, {
      userId: context.viewer.id,
      operation: 'requestPayout',
      key: input.idempotencyKey,
      input: {},
      run: async () => {
        const invoices = await manager.getRepository(Invoice).find({
          where: { trainerId: context.viewer.id, status: InvoiceStatus.ISSUED, payoutId: IsNull() },
          order: { issuedAt: 'ASC' },
          lock: { mode: 'pessimistic_write' },
        });
        if (invoices.length === 0) {
          throw invalidTransition('You have no paid invoices waiting for a payout.', {
            currentStatus: 'NOTHING_TO_PAY_OUT',
            attemptedAction: 'REQUEST_PAYOUT',
          });
        }
        const byCurrency = new Map<string, Invoice[]>();
        for (const invoice of invoices) byCurrency.set(invoice.currency, [...(byCurrency.get(invoice.currency) ?? []), invoice]);
        const payoutIds: string[] = [];
        for (const [currency, group] of byCurrency) {
          payoutIds.push((await openPayout(manager, context, currency, group)).id);
        }
        return { payoutIds };
      },
    }),
  );
}

async function openPayout(manager: EntityManager, context: SignedInContext, currency: string, invoices: Invoice[]): Promise<Payout> {
  const repository = manager.getRepository(Payout);
  const payout = await repository.save(
    repository.create({
      trainerId: context.viewer.id,
      amountCents: invoices.reduce((sum, invoice) => sum + invoice.netCents, 0),
      currency,
      status: PayoutStatus.REQUESTED,
    }),
  );
  await manager.getRepository(Invoice).update({ id: In(invoices.map((invoice) => invoice.id)) }, { payoutId: payout.id });
  await recordEvent(manager, {
    type: ActivityType.PAYOUT_REQUESTED,
    audience: EventAudience.TRAINER,
    organizationId: invoices[0]!.organizationId,
    trainerId: context.viewer.id,
    actorId: context.viewer.id,
    subjectType: 'Payout',
    subjectId: payout.id,
    summary: `Payout of ${new Money(payout.amountCents, currency).formatted} requested (${invoices.length} invoice${invoices.length === 1 ? '' : 's'})`,
    payload: { payoutId: payout.id, amountCents: payout.amountCents, currency, invoiceIds: invoices.map((invoice) => invoice.id) },
  });
  return payout;
}

/**
 * A stand-in for the payment processor's callback: no money moves anywhere. An employer of an
 * organization whose invoices the payout covers records the processor's answer. PAID settles
 * the invoices; FAILED releases them, so the trainer can request them again.
 */
export function completePayout(context: SignedInContext, input: CompletePayoutInput): Promise<{ payoutId: string }> {
  return inTransaction(context, async (manager) => {
    const id = expectGlobalId(input.payoutId, 'Payout', 'payoutId');
    const payout = await manager.getRepository(Payout).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    const invoices = payout ? await manager.getRepository(Invoice).findBy({ payoutId: payout.id }) : [];
    const { viewer } = context;
    const involved = isEmployer(viewer) && invoices.some((invoice) => invoice.organizationId === viewer.organizationId);
    if (!payout || (!involved && payout.trainerId !== viewer.id)) throw notFound('Payout', input.payoutId);
    if (!involved) throw forbidden('Only an employer whose invoices this payout covers can record the payment result.');
    if (payout.status !== PayoutStatus.REQUESTED) {
      throw invalidTransition(`This payout is already ${payout.status}.`, { currentStatus: payout.status, attemptedAction: input.outcome });
    }
    const failureReason = input.failureReason?.trim() || null;
    if (input.outcome === PayoutOutcome.FAILED && !failureReason) {
      throw badInput('failureReason', 'Say why the payout failed; the trainer sees it.');
    }
    const now = new Date();
    payout.status = input.outcome === PayoutOutcome.PAID ? PayoutStatus.PAID : PayoutStatus.FAILED;
    payout.completedAt = now;
    payout.failureReason = input.outcome === PayoutOutcome.FAILED ? failureReason : null;
    await manager.getRepository(Payout).save(payout);
    const ids = invoices.map((invoice) => invoice.id);
    if (payout.status === PayoutStatus.PAID) {
      await manager.getRepository(Invoice).update({ id: In(ids) }, { status: InvoiceStatus.PAID, paidAt: now });
    } else {
      await manager.getRepository(Invoice).update({ id: In(ids) }, { payoutId: null });
    }
    await recordEvent(manager, {
      type: ActivityType.PAYOUT_COMPLETED,
      audience: EventAudience.TRAINER,
      organizationId: invoices[0]?.organizationId ?? viewer.organizationId!,
      trainerId: payout.trainerId,
      actorId: viewer.id,
      subjectType: 'Payout',
      subjectId: payout.id,
      summary:
        payout.status === PayoutStatus.PAID
          ? `Payout of ${payout.amount.formatted} paid`
          : `Payout of ${payout.amount.formatted} failed: ${failureReason}`,
      payload: { payoutId: payout.id, status: payout.status, failureReason: payout.failureReason },
    });
    return { payoutId: payout.id };
  });
}
