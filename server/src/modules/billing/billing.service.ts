import { participantsScope } from '../../policy/policy.js';
import { payoutsScope } from './billing.policy.js';
import type { SignedInContext } from '../../api/context.js';
import type { Connection, ConnectionArgs } from '../../graphql/pagination.js';
import type { InvoiceFilterArgs, PayoutFilterArgs } from './billing.types.js';
import { Invoice } from './invoice.entity.js';
import { Payout } from './payout.entity.js';

/** Reports: a trainer's invoices, or those of an employer's organization; newest first. */
export function invoicesOf(context: SignedInContext, filter: InvoiceFilterArgs): Promise<Connection<Invoice>> {
  const query = invoiceQuery(context, filter);
  return context.loaders.page(Invoice, filter, { query, sort: newestFirst });
}

/** A contract's invoices, batched across contracts. */
export function invoicesOfContract(context: SignedInContext, contractId: string, filter: InvoiceFilterArgs): Promise<Connection<Invoice>> {
  const key = `contract.invoices:${JSON.stringify([filter.status ? [...filter.status].sort() : null, filter.issuedFrom, filter.issuedTo])}`;
  return context.loaders
    .connection(Invoice, key, filter, (contractIds) => ({
      query: invoiceQuery(context, filter).andWhere('a.contract_id IN (:...contractIds)', { contractIds }),
      partitionBy: 'a.contract_id',
      sort: newestFirst,
    }))
    .load(contractId);
}

const newestFirst = [{ expression: 'a.issued_at', direction: 'DESC' as const }];

function invoiceQuery(context: SignedInContext, filter: InvoiceFilterArgs) {
  const query = context.loaders.manager.getRepository(Invoice).createQueryBuilder('a');
  participantsScope(query, context.viewer);
  if (filter.status?.length) query.andWhere('a.status IN (:...statuses)', { statuses: filter.status });
  if (filter.issuedFrom) query.andWhere('a.issued_at >= :issuedFrom', { issuedFrom: filter.issuedFrom });
  if (filter.issuedTo) query.andWhere('a.issued_at < :issuedTo', { issuedTo: filter.issuedTo });
  return query;
}

/** Reports: the trainer's payouts, newest first (employers have none). */
export function payoutsOf(context: SignedInContext, filter: PayoutFilterArgs): Promise<Connection<Payout>> {
  const query = context.loaders.manager.getRepository(Payout).createQueryBuilder('a');
  payoutsScope(query, context.viewer);
  if (filter.status?.length) query.andWhere('a.status IN (:...statuses)', { statuses: filter.status });
  if (filter.requestedFrom) query.andWhere('a.requested_at >= :requestedFrom', { requestedFrom: filter.requestedFrom });
  if (filter.requestedTo) query.andWhere('a.requested_at < :requestedTo', { requestedTo: filter.requestedTo });
  return context.loaders.page(Payout, filter, { query, sort: [{ expression: 'a.requested_at', direction: 'DESC' }] });
}

/** The invoices a payout covers, as the viewer may see them (scoped like every invoice list). */
export function invoicesOfPayout(context: SignedInContext, payoutId: string, args: ConnectionArgs): Promise<Connection<Invoice>> {
  return context.loaders
    .connection(Invoice, 'payout.invoices', args, (payoutIds) => ({
      query: participantsScope(
        context.loaders.manager.getRepository(Invoice).createQueryBuilder('i').where('i.payout_id IN (:...payoutIds)', { payoutIds }),
        context.viewer,
      ),
      partitionBy: 'i.payout_id',
      sort: [{ expression: 'i.issued_at', direction: 'ASC' }],
    }))
    .load(payoutId);
}
