import type { EntityManager } from 'typeorm';
import { recordEvent } from '../../events/outbox.js';
import { Money } from '../../graphql/money.js';
import type { Contract } from '../contracts/contract.entity.js';
import type { Milestone } from '../milestones/milestone.entity.js';
import { whenMoneyReleased, type Releaser } from '../milestones/money-released.js';
import { InvoiceIssued } from './billing.events.js';
import { splitEarning } from './fees.js';
import { Invoice, InvoiceStatus } from './invoice.entity.js';

/** WR-<year>-<000042>: numbers come from one sequence, so they are unique and never reused. */
export async function nextInvoiceNumber(manager: EntityManager, issuedAt: Date): Promise<string> {
  const [{ n }] = await manager.query<[{ n: string }]>("SELECT nextval('invoice_number_seq') AS n");
  return `WR-${issuedAt.getUTCFullYear()}-${n.padStart(6, '0')}`;
}

/** Who issues an invoice: whoever released the money (a user's command, or the platform). */
export type InvoiceIssuer = Releaser;

/**
 * The trainer's invoice for a milestone just paid, in the caller's transaction: for all of its
 * amount, or for `grossCents` when a dispute released only part of it (the fee is taken from that
 * part, as from any earning).
 */
export async function issueEarningInvoice(
  { manager, actorId, feePercent }: InvoiceIssuer,
  milestone: Milestone,
  contract: Contract,
  grossCents: number = milestone.amountCents,
): Promise<Invoice> {
  const issuedAt = new Date();
  const split = splitEarning(grossCents, feePercent);
  const repository = manager.getRepository(Invoice);
  const invoice = await repository.save(
    repository.create({
      number: await nextInvoiceNumber(manager, issuedAt),
      contractId: contract.id,
      milestoneId: milestone.id,
      organizationId: contract.organizationId,
      trainerId: contract.trainerId,
      ...split,
      currency: milestone.currency,
      status: InvoiceStatus.ISSUED,
      issuedAt,
    }),
  );
  await recordEvent(manager, InvoiceIssued, {
    subject: invoice,
    contract,
    actorId,
    summary: `Invoice ${invoice.number} issued: ${new Money(split.netCents, invoice.currency).formatted} to be paid out for milestone ${milestone.number}`,
    payload: { invoiceId: invoice.id, number: invoice.number, ...split },
  });
  return invoice;
}

// Money released to a trainer becomes their invoice, in the same transaction.
whenMoneyReleased(async ({ releaser, milestone, contract, grossCents }) => {
  const invoice = await issueEarningInvoice(releaser, milestone, contract, grossCents);
  return { invoiceId: invoice.id };
});
