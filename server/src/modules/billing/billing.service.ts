import { exactInteger } from '../../db/columns.js';
import { badInput } from '../../errors/domain-error.js';
import { Money } from '../../graphql/money.js';
import { participantsScope } from '../../policy/policy.js';
import { Contract } from '../contracts/contract.entity.js';
import { payoutsScope } from './billing.policy.js';
import type { SignedInContext } from '../../api/context.js';
import type { Connection, ConnectionArgs } from '../../graphql/pagination.js';
import { defineList, pageQueryOf } from '../../graphql/lists.js';
import type { Viewer } from '../../auth/viewer.js';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { ContractSpend, InvoiceFilterArgs, MonthSpend, PayoutFilterArgs } from './billing.types.js';
import { Invoice } from './invoice.entity.js';
import { Payout } from './payout.entity.js';

/** Reports: a trainer's invoices, or those of an employer's organization; newest first. */
const newestFirst = [{ expression: 'a.issued_at', direction: 'DESC' as const }];

export const viewerInvoices = defineList<Invoice, InvoiceFilterArgs>({
  entity: Invoice,
  alias: 'a',
  where: (query, filter, viewer) => invoiceFilter(query, filter, viewer),
  sort: newestFirst,
  plannedArgs: ['status', 'issuedFrom', 'issuedTo'],
});

export function invoicesOf(context: SignedInContext, filter: InvoiceFilterArgs): Promise<Connection<Invoice>> {
  return context.loaders.page(Invoice, filter, pageQueryOf(context.loaders.manager, viewerInvoices, filter, context.viewer));
}

/** A contract's invoices, newest first. */
export const contractInvoices = defineList<Invoice, InvoiceFilterArgs>({
  entity: Invoice,
  alias: 'a',
  parent: 'a.contract_id',
  where: (query, filter, viewer) => invoiceFilter(query, filter, viewer),
  sort: newestFirst,
  plannedArgs: ['status'],
});

/** A contract's invoices, batched across contracts. */
export function invoicesOfContract(context: SignedInContext, contractId: string, filter: InvoiceFilterArgs): Promise<Connection<Invoice>> {
  const key = `contract.invoices:${JSON.stringify([filter.status ? [...filter.status].sort() : null, filter.issuedFrom, filter.issuedTo])}`;
  return context.loaders
    .connection(Invoice, key, filter, (contractIds) => pageQueryOf(context.loaders.manager, contractInvoices, filter, context.viewer, contractIds))
    .load(contractId);
}

function invoiceQuery(context: SignedInContext, filter: InvoiceFilterArgs) {
  const query = context.loaders.manager.getRepository(Invoice).createQueryBuilder('a');
  invoiceFilter(query, filter, context.viewer);
  return query;
}

function invoiceFilter(query: SelectQueryBuilder<ObjectLiteral>, filter: InvoiceFilterArgs, viewer: Viewer): void {
  participantsScope(query, viewer);
  if (filter.status?.length) query.andWhere('a.status IN (:...statuses)', { statuses: filter.status });
  if (filter.issuedFrom) query.andWhere('a.issued_at >= :issuedFrom', { issuedFrom: filter.issuedFrom });
  if (filter.issuedTo) query.andWhere('a.issued_at < :issuedTo', { issuedTo: filter.issuedTo });
}

/** Reports: the trainer's payouts, newest first (employers have none). */
export const viewerPayouts = defineList<Payout, PayoutFilterArgs>({
  entity: Payout,
  alias: 'a',
  where: (query, filter, viewer) => {
    payoutsScope(query, viewer);
    if (filter.status?.length) query.andWhere('a.status IN (:...statuses)', { statuses: filter.status });
    if (filter.requestedFrom) query.andWhere('a.requested_at >= :requestedFrom', { requestedFrom: filter.requestedFrom });
    if (filter.requestedTo) query.andWhere('a.requested_at < :requestedTo', { requestedTo: filter.requestedTo });
  },
  sort: [{ expression: 'a.requested_at', direction: 'DESC' }],
  plannedArgs: ['status', 'requestedFrom', 'requestedTo'],
});

export function payoutsOf(context: SignedInContext, filter: PayoutFilterArgs): Promise<Connection<Payout>> {
  return context.loaders.page(Payout, filter, pageQueryOf(context.loaders.manager, viewerPayouts, filter, context.viewer));
}

/** The invoices a payout covers, as the viewer may see them (scoped like every invoice list). */
export const payoutInvoices = defineList<Invoice, ConnectionArgs>({
  entity: Invoice,
  alias: 'i',
  parent: 'i.payout_id',
  where: (query, _args, viewer) => {
    participantsScope(query, viewer);
  },
  sort: [{ expression: 'i.issued_at', direction: 'ASC' }],
});

export function invoicesOfPayout(context: SignedInContext, payoutId: string, args: ConnectionArgs): Promise<Connection<Invoice>> {
  return context.loaders
    .connection(Invoice, 'payout.invoices', args, (payoutIds) => pageQueryOf(context.loaders.manager, payoutInvoices, args, context.viewer, payoutIds))
    .load(payoutId);
}

/** Milestone statuses whose money is held: funded and not yet released or refunded. */
export const escrowStatuses = ['FUNDED', 'SUBMITTED', 'CHANGES_REQUESTED', 'DISPUTED'] as const;

/** An invoice counts as spend unless it is VOID. */
const spendingInvoice = (alias: string) => `${alias}.status <> 'VOID'`;

/** A sum from PostgreSQL (an exact numeric as text) as Money, refused rather than rounded past 2^53. */
function sumMoney(sum: string | number | null | undefined, currency: string): Money {
  return new Money(exactInteger(String(sum ?? '0')), currency);
}

export interface FinanceTotals {
  spent: Money[];
  marketplaceFees: Money[];
  inEscrow: Money[];
  funded: Money[];
}

interface TotalsRow {
  organization_id: string;
  currency: string;
  in_escrow: string;
  spent: string;
  fees: string;
}

/**
 * An organization's totals per currency, in one statement (batched across organizations): the
 * held milestones and the invoices, grouped by currency and never added across currencies.
 */
export function financeTotals(context: SignedInContext, organizationId: string): Promise<FinanceTotals> {
  return context.loaders
    .named<string, TotalsRow[]>('billing.financeTotals', async (organizationIds) => {
      const rows: TotalsRow[] = await context.loaders.manager.query(
        `SELECT organization_id, currency, sum(in_escrow) AS in_escrow, sum(spent) AS spent, sum(fees) AS fees
           FROM (SELECT c.organization_id, m.currency, m.amount_cents AS in_escrow, 0 AS spent, 0 AS fees
                   FROM milestones m JOIN contracts c ON c.id = m.contract_id
                  WHERE c.organization_id = ANY($1::uuid[]) AND m.status::text = ANY($2::text[])
                 UNION ALL
                 SELECT i.organization_id, i.currency, 0, i.gross_cents, i.fee_cents
                   FROM invoices i
                  WHERE i.organization_id = ANY($1::uuid[]) AND ${spendingInvoice('i')}) AS money
          GROUP BY organization_id, currency
          ORDER BY currency`,
        [organizationIds, escrowStatuses],
      );
      return organizationIds.map((id) => rows.filter((row) => row.organization_id === id));
    })
    .load(organizationId)
    .then((rows) => ({
      spent: rows.map((row) => sumMoney(row.spent, row.currency)),
      marketplaceFees: rows.map((row) => sumMoney(row.fees, row.currency)),
      inEscrow: rows.map((row) => sumMoney(row.in_escrow, row.currency)),
      funded: rows.map((row) => new Money(exactInteger(row.spent) + exactInteger(row.in_escrow), row.currency)),
    }));
}

interface ContractSpendRow {
  contract_id: string;
  in_escrow: string;
  spent: string;
  fees: string;
  invoices: string;
}

/**
 * Spend per contract of the organization, most recently started first: a page of contracts
 * (one statement, two with `totalCount`) and the figures of the whole page in one more.
 */
export async function spendByContract(context: SignedInContext, organizationId: string, args: ConnectionArgs): Promise<Connection<ContractSpend>> {
  const query = context.loaders.manager
    .getRepository(Contract)
    .createQueryBuilder('a')
    .where('a.organization_id = :financesOrganizationId', { financesOrganizationId: organizationId });
  const page = await context.loaders.page(Contract, args, {
    query,
    sort: [{ expression: 'a.started_at', direction: 'DESC' }],
  });
  const ids = page.nodes.map((contract) => contract.id);
  const rows: ContractSpendRow[] = ids.length
    ? await context.loaders.manager.query(
        `SELECT c.id AS contract_id,
                COALESCE(m.in_escrow, 0) AS in_escrow, COALESCE(i.spent, 0) AS spent, COALESCE(i.fees, 0) AS fees,
                COALESCE(i.invoices, 0) AS invoices
           FROM contracts c
           LEFT JOIN LATERAL (SELECT sum(amount_cents) AS in_escrow FROM milestones
                               WHERE contract_id = c.id AND status::text = ANY($2::text[])) m ON TRUE
           LEFT JOIN LATERAL (SELECT sum(gross_cents) AS spent, sum(fee_cents) AS fees, count(*) AS invoices FROM invoices inv
                               WHERE inv.contract_id = c.id AND ${spendingInvoice('inv')}) i ON TRUE
          WHERE c.id = ANY($1::uuid[])`,
        [ids, escrowStatuses],
      )
    : [];
  const byContract = new Map(rows.map((row) => [row.contract_id, row]));
  const spendOf = (contract: Contract): ContractSpend => {
    const row = byContract.get(contract.id);
    const spent = sumMoney(row?.spent, contract.currency);
    const inEscrow = sumMoney(row?.in_escrow, contract.currency);
    return {
      contractId: contract.id,
      spent,
      marketplaceFees: sumMoney(row?.fees, contract.currency),
      inEscrow,
      funded: new Money(spent.cents + inEscrow.cents, contract.currency),
      invoiceCount: Number(row?.invoices ?? 0),
    };
  };
  return {
    ...page,
    edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: spendOf(edge.node) })),
    nodes: page.nodes.map(spendOf),
  };
}

/** 00:00 UTC on the first of the month `back` months before `now`'s month. */
export function utcMonthStart(now: Date, back = 0): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
}

/**
 * Spend per calendar month in UTC (by invoice issue date), the last `months` months ending with
 * the current one, oldest first; a month without invoices is there with empty lists.
 */
export async function spendByMonth(context: SignedInContext, organizationId: string, months: number, now = new Date()): Promise<MonthSpend[]> {
  if (!Number.isInteger(months) || months < 1 || months > 36) throw badInput('months', 'Ask for 1 to 36 months.');
  const from = utcMonthStart(now, months - 1);
  const rows: Array<{ month: string; currency: string; spent: string; fees: string; invoices: string }> = await context.loaders.manager.query(
    `SELECT to_char(date_trunc('month', issued_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month, currency,
            sum(gross_cents) AS spent, sum(fee_cents) AS fees, count(*) AS invoices
       FROM invoices i
      WHERE organization_id = $1 AND ${spendingInvoice('i')} AND issued_at >= $2
      GROUP BY 1, 2
      ORDER BY 1, 2`,
    [organizationId, from],
  );
  return Array.from({ length: months }, (_, index) => {
    const startsAt = utcMonthStart(now, months - 1 - index);
    const month = startsAt.toISOString().slice(0, 7);
    const inMonth = rows.filter((row) => row.month === month);
    return {
      month,
      startsAt,
      spent: inMonth.map((row) => sumMoney(row.spent, row.currency)),
      marketplaceFees: inMonth.map((row) => sumMoney(row.fees, row.currency)),
      invoiceCount: inMonth.reduce((count, row) => count + Number(row.invoices), 0),
    };
  });
}

/** The organization's invoices, newest first (the caller has checked membership). */
export function invoicesOfOrganization(context: SignedInContext, organizationId: string, filter: InvoiceFilterArgs): Promise<Connection<Invoice>> {
  const query = invoiceQuery(context, filter).andWhere('a.organization_id = :financesOrganizationId', { financesOrganizationId: organizationId });
  return context.loaders.page(Invoice, filter, { query, sort: newestFirst });
}
