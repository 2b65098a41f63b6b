import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ActivityEvent } from '../../events/activity-event.entity.js';
import { eventCursor } from '../../api/live-feed.js';
import { type Context, type SignedInContext } from '../../api/context.js';
import { Node } from '../../graphql/node.js';
import { nodeTypes } from '../../api/node.service.js';
import { ConnectionArgs, connectionType } from '../../graphql/pagination.js';
import { SignedIn } from '../../api/signed-in.js';
import { loadVisible } from '../../api/visible.js';
import { User } from '../accounts/user.entity.js';
import { ViewerType } from '../accounts/viewer.type.js';
import { Contract } from '../contracts/contract.entity.js';
import { Job } from '../jobs/job.entity.js';
import { Channel } from '../messaging/channel.entity.js';
import { latestActivity } from './activity.service.js';

export const ActivityEventConnection = connectionType(ActivityEvent);

@Resolver(() => ActivityEvent)
export class ActivityEventResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: 'Its place in the event log; pass as `after` to a subscription to resume from here. Null for a moment after it happens.',
  })
  cursor(@Root() event: ActivityEvent): string | null {
    return event.position === null ? null : eventCursor(event.position);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who did it; null for the system.' })
  actor(@Root() event: ActivityEvent, @Ctx() context: Context) {
    return loadVisible(context, User, event.actorId);
  }

  @FieldResolver(() => Node, { nullable: true, description: 'What it is about, if the viewer may still see it.' })
  subject(@Root() event: ActivityEvent, @Ctx() context: Context) {
    const type = nodeTypes.get(event.subjectType);
    return type ? loadVisible(context, type, event.subjectId) : null;
  }

  @FieldResolver(() => Contract, { nullable: true })
  contract(@Root() event: ActivityEvent, @Ctx() context: Context) {
    return loadVisible(context, Contract, event.contractId);
  }

  @FieldResolver(() => Job, { nullable: true })
  job(@Root() event: ActivityEvent, @Ctx() context: Context) {
    return loadVisible(context, Job, event.jobId);
  }

  @FieldResolver(() => Channel, { nullable: true })
  channel(@Root() event: ActivityEvent, @Ctx() context: Context) {
    return loadVisible(context, Channel, event.channelId);
  }
}

@Resolver(() => ViewerType)
export class ActivityTabResolver {
  @FieldResolver(() => ActivityEventConnection, {
    description: 'Latest activity: everything the viewer may see, newest first.',
  })
  latestActivity(@Args() args: ConnectionArgs, @SignedIn() context: SignedInContext) {
    return latestActivity(context, args);
  }
}
