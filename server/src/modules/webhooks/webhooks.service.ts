import type { SignedInContext } from '../../api/context.js';
import type { Connection, ConnectionArgs } from '../../graphql/pagination.js';
import { WebhookDelivery } from './webhook-delivery.entity.js';
import { WebhookEndpoint } from './webhook-endpoint.entity.js';
import { webhooksScope } from './webhooks.policy.js';

/** The viewer's organization's endpoints, oldest first (none for a trainer). */
export function webhookEndpointsOf(context: SignedInContext): Promise<WebhookEndpoint[]> {
  const query = context.loaders.manager.getRepository(WebhookEndpoint).createQueryBuilder('w');
  webhooksScope(query, context.viewer);
  return query.orderBy('w.created_at', 'ASC').addOrderBy('w.id', 'ASC').getMany();
}

/** An endpoint's delivery log, newest first. */
export function deliveriesOf(context: SignedInContext, endpoint: WebhookEndpoint, args: ConnectionArgs): Promise<Connection<WebhookDelivery>> {
  const query = context.loaders.manager.getRepository(WebhookDelivery).createQueryBuilder('d');
  webhooksScope(query, context.viewer);
  query.andWhere('d.endpoint_id = :endpointId', { endpointId: endpoint.id });
  return context.loaders.page(WebhookDelivery, args, { query, sort: [{ expression: 'd.created_at', direction: 'DESC' }] });
}
