import type { Context } from '../../api/context.js';
import { UserRole, type Viewer } from '../../auth/viewer.js';
import { exactInteger } from '../../db/columns.js';
import { Money } from '../../graphql/money.js';
import { InvoiceStatus } from './invoice.entity.js';
import { payoutMethodsScope } from './billing.policy.js';
import { PayoutMethod } from './payout-method.entity.js';

/** Settings → Payouts: the viewer's live methods, the default first, then oldest first (an employer has none). */
export function payoutMethodsOf(context: Context & { viewer: Viewer }): Promise<PayoutMethod[]> {
  const query = context.loaders.manager.getRepository(PayoutMethod).createQueryBuilder('m');
  payoutMethodsScope(query, context.viewer);
  return query.andWhere('m.removed_at IS NULL').orderBy('m.is_default', 'DESC').addOrderBy('m.created_at', 'ASC').addOrderBy('m.id', 'ASC').getMany();
}

/**
 * What `requestPayout` would pay out now: the trainer's ISSUED invoices not yet in a payout, net,
 * summed per currency in PostgreSQL (exact); empty when there is nothing, and for an employer.
 */
export async function availableForPayoutOf(context: Context & { viewer: Viewer }): Promise<Money[]> {
  if (context.viewer.role !== UserRole.TRAINER) return [];
  const rows: Array<{ currency: string; cents: string }> = await context.loaders.manager.query(
    `SELECT currency, sum(net_cents)::text AS cents FROM invoices
      WHERE trainer_id = $1 AND status = $2 AND payout_id IS NULL
      GROUP BY currency ORDER BY currency`,
    [context.viewer.id, InvoiceStatus.ISSUED],
  );
  return rows.map((row) => new Money(exactInteger(row.cents), row.currency));
}
