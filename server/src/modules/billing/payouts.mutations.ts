import { In, IsNull } from 'typeorm';
import { authorizePayoutRequest } from './billing.policy.js';
import { idempotent } from '../../db/idempotency.js';
import type { CommandContext } from '../../commands/command.js';
import { recordEvent } from '../../events/outbox.js';
import { invalidTransition } from '../../errors/domain-error.js';
import { Money } from '../../graphql/money.js';
import { PayoutRequested } from './billing.events.js';
import type { RequestPayoutInput } from './billing.inputs.js';
import { Invoice, InvoiceStatus } from './invoice.entity.js';
import { Payout, PayoutStatus } from './payout.entity.js';
import type { PayoutMethod } from './payout-method.entity.js';
import { defaultPayoutMethod } from './payout-methods.mutations.js';

/**
 * Trainer: one payout per organization and currency over every ISSUED invoice not yet in a
 * payout, so a payout never mixes two organizations' money and settling one touches one
 * organization's invoices, each to the trainer's default payout method (refused with
 * INVALID_TRANSITION / NO_PAYOUT_METHOD when they have none). The invoices are locked, so two requests at once cannot put one
 * invoice in two payouts. Only the payment processor settles them (payout-processor.ts).
 */
export async function requestPayout(tx: CommandContext, input: RequestPayoutInput): Promise<{ payoutIds: string[] }> {
  authorizePayoutRequest(tx);
  const { manager, viewer } = tx;
  return idempotent(manager, {
    userId: viewer.id,
    operation: 'requestPayout',
    key: input.idempotencyKey,
    input: {},
    run: async () => {
      const invoices = await manager.getRepository(Invoice).find({
        where: { trainerId: viewer.id, status: InvoiceStatus.ISSUED, payoutId: IsNull() },
        order: { issuedAt: 'ASC' },
        lock: { mode: 'pessimistic_write' },
      });
      if (invoices.length === 0) {
        throw invalidTransition('You have no paid invoices waiting for a payout.', {
          currentStatus: 'NOTHING_TO_PAY_OUT',
          attemptedAction: 'REQUEST_PAYOUT',
        });
      }
      // Where it goes: the default method, held until this commits (a removal waits, then sees the payout).
      const method = await defaultPayoutMethod(tx);
      if (!method) {
        throw invalidTransition('Add a payout method under Settings → Payouts first: there is nowhere to send the money yet.', {
          currentStatus: 'NO_PAYOUT_METHOD',
          attemptedAction: 'REQUEST_PAYOUT',
        });
      }
      const groups = new Map<string, Invoice[]>();
      for (const invoice of invoices) {
        const key = `${invoice.organizationId}:${invoice.currency}`;
        groups.set(key, [...(groups.get(key) ?? []), invoice]);
      }
      const payoutIds: string[] = [];
      for (const group of groups.values()) payoutIds.push((await openPayout(tx, group, method)).id);
      return { payoutIds };
    },
  });
}

/** One payout over `invoices`, which share one organization and one currency, to `method`. */
async function openPayout({ manager, viewer }: CommandContext, invoices: Invoice[], method: PayoutMethod): Promise<Payout> {
  const { organizationId, currency } = invoices[0]!;
  const repository = manager.getRepository(Payout);
  const payout = await repository.save(
    repository.create({
      trainerId: viewer.id,
      organizationId,
      payoutMethodId: method.id,
      amountCents: invoices.reduce((sum, invoice) => sum + invoice.netCents, 0),
      currency,
      status: PayoutStatus.REQUESTED,
    }),
  );
  await manager.getRepository(Invoice).update({ id: In(invoices.map((invoice) => invoice.id)) }, { payoutId: payout.id });
  await recordEvent(manager, PayoutRequested, {
    subject: payout,
    actorId: viewer.id,
    summary: `Payout of ${new Money(payout.amountCents, currency).formatted} requested (${invoices.length} invoice${invoices.length === 1 ? '' : 's'}) to ${method.label}`,
    payload: { payoutId: payout.id, amountCents: payout.amountCents, currency, invoiceIds: invoices.map((invoice) => invoice.id) },
  });
  return payout;
}
