import { activityScope } from '../../events/audience.js';
import { ActivityEvent } from '../../events/activity-event.entity.js';
import type { SignedInContext } from '../../api/context.js';
import type { Connection, ConnectionArgs } from '../../graphql/pagination.js';

/** The dashboard's feed: every event the viewer may see, newest first. */
export function latestActivity(context: SignedInContext, args: ConnectionArgs): Promise<Connection<ActivityEvent>> {
  const query = context.loaders.manager.getRepository(ActivityEvent).createQueryBuilder('a');
  activityScope(query, context.viewer);
  return context.loaders.page(ActivityEvent, args, { query, sort: [{ expression: 'a.created_at', direction: 'DESC' }] });
}
