import type { Context } from '../../graphql/context.js';
import type { Viewer } from '../../auth/viewer.js';
import { payoutMethodsScope } from './billing.policy.js';
import { PayoutMethod } from './payout-method.entity.js';

/** Settings → Payouts: the viewer's live methods, the default first, then oldest first (an employer has none). */
export function payoutMethodsOf(context: Context & { viewer: Viewer }): Promise<PayoutMethod[]> {
  const query = context.loaders.manager.getRepository(PayoutMethod).createQueryBuilder('m');
  payoutMethodsScope(query, context.viewer);
  return query.andWhere('m.removed_at IS NULL').orderBy('m.is_default', 'DESC').addOrderBy('m.created_at', 'ASC').addOrderBy('m.id', 'ASC').getMany();
}
