import { defineList, pageQueryOf } from '../../graphql/lists.js';
import { activityScope } from '../../events/audience.js';
import { ActivityEvent } from '../../events/activity-event.entity.js';
import type { SignedInContext } from '../../api/context.js';
import type { Connection, ConnectionArgs } from '../../graphql/pagination.js';

/** The dashboard's feed: every event the viewer may see, newest first. */
export const viewerActivity = defineList<ActivityEvent, ConnectionArgs>({
  entity: ActivityEvent,
  alias: 'a',
  where: (query, _args, viewer) => {
    activityScope(query, viewer);
  },
  sort: [{ expression: 'a.created_at', direction: 'DESC' }],
});

export function latestActivity(context: SignedInContext, args: ConnectionArgs): Promise<Connection<ActivityEvent>> {
  return context.loaders.page(ActivityEvent, args, pageQueryOf(context.loaders.manager, viewerActivity, args, context.viewer));
}
