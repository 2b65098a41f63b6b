import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import { Money } from '../../graphql/money.js';
import { ConnectionArgs, connectionType } from '../../graphql/pagination.js';
import { Invoice, InvoiceStatus } from './invoice.entity.js';
import { Payout, PayoutStatus } from './payout.entity.js';

export const InvoiceConnection = connectionType(Invoice);
export const PayoutConnection = connectionType(Payout);

@ArgsType()
export class InvoiceFilterArgs extends ConnectionArgs {
  @Field(() => [InvoiceStatus], { nullable: true })
  status?: InvoiceStatus[] | null;

  @Field(() => Date, { nullable: true, description: 'Issued at or after this time.' })
  issuedFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Issued before this time.' })
  issuedTo?: Date | null;
}

@ArgsType()
export class PayoutFilterArgs extends ConnectionArgs {
  @Field(() => [PayoutStatus], { nullable: true })
  status?: PayoutStatus[] | null;

  @Field(() => Date, { nullable: true, description: 'Requested at or after this time.' })
  requestedFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Requested before this time.' })
  requestedTo?: Date | null;
}

/**
 * An employer's money on Workroom, for one organization (the employer Reports page). Every
 * figure is a list with one Money per currency, ordered by currency code: amounts in different
 * currencies are never added together. A currency appears in every list once the organization
 * has any money in it, with zero where that figure has none.
 *
 * - `spent`: what the organization paid to trainers: the gross of every invoice that is not VOID
 *   (one is issued per paid milestone).
 * - `marketplaceFees`: the part of `spent` that is Workroom's fee. In this model the trainer bears
 *   the fee: it is withheld from the milestone amount the employer paid, and the employer pays
 *   nothing on top (see `fees.ts`).
 * - `inEscrow`: funded and not yet released: milestones FUNDED, SUBMITTED, CHANGES_REQUESTED or
 *   DISPUTED.
 * - `funded`: all the money put in and not refunded: `spent` + `inEscrow`.
 */
@ObjectType({ description: "An organization's spend, escrow and fees (the employer Reports page); one Money per currency, never summed across currencies." })
export class OrganizationFinances {
  constructor(readonly organizationId: string) {}
}

@ObjectType({ description: "One contract's money, in the contract's currency." })
export class ContractSpend {
  contractId: string;

  @Field(() => Money, { description: 'Paid to the trainer: the gross of its invoices that are not VOID.' })
  spent: Money;

  @Field(() => Money, { description: 'The marketplace fee withheld from those invoices (borne by the trainer).' })
  marketplaceFees: Money;

  @Field(() => Money, { description: 'Funded and not yet released (FUNDED, SUBMITTED, CHANGES_REQUESTED, DISPUTED milestones).' })
  inEscrow: Money;

  @Field(() => Money, { description: 'spent + inEscrow.' })
  funded: Money;

  @Field(() => Int, { description: 'Its invoices that are not VOID.' })
  invoiceCount: number;
}

@ObjectType({ description: 'Spend in one calendar month (UTC), by invoice issue date.' })
export class MonthSpend {
  @Field({ description: 'The month as YYYY-MM, in UTC.' })
  month: string;

  @Field(() => Date, { description: 'The first instant of the month (00:00 UTC on the 1st).' })
  startsAt: Date;

  @Field(() => [Money], { description: 'Invoice gross issued that month, one per currency; empty for a month without invoices.' })
  spent: Money[];

  @Field(() => [Money], { description: 'The marketplace fee within `spent`, one per currency.' })
  marketplaceFees: Money[];

  @Field(() => Int)
  invoiceCount: number;
}

@ArgsType()
export class SpendByMonthArgs {
  @Field(() => Int, { defaultValue: 12, description: 'How many calendar months (UTC), ending with the current one (1–36).' })
  months: number;
}

export const ContractSpendConnection = connectionType(ContractSpend);
