import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ActivityEvent } from '../../events/activity-event.entity.js';
import { requireViewer, type Context } from '../../graphql/context.js';
import { Node } from '../../graphql/node.js';
import { nodeTypes, readableOrNull } from '../../graphql/node.service.js';
import { connectionComplexity, ConnectionArgs, connectionType } from '../../graphql/pagination.js';
import { User } from '../accounts/user.entity.js';
import { ViewerType } from '../accounts/viewer.type.js';
import { Contract } from '../contracts/contract.entity.js';
import { Job } from '../jobs/job.entity.js';
import { Channel } from '../messaging/channel.entity.js';
import { latestActivity } from './activity.service.js';

export const ActivityEventConnection = connectionType(ActivityEvent);

@Resolver(() => ActivityEvent)
export class ActivityEventResolver {
  @FieldResolver(() => User, { nullable: true, description: 'Who did it; null for the system.' })
  actor(@Root() event: ActivityEvent, @Ctx() context: Context) {
    return event.actorId ? context.loaders.byId(User).load(event.actorId) : null;
  }

  @FieldResolver(() => Node, { nullable: true, description: 'What it is about, if the viewer may still see it.' })
  async subject(@Root() event: ActivityEvent, @Ctx() context: Context) {
    const type = nodeTypes.get(event.subjectType);
    if (!type) return null;
    const node = await context.loaders.byId(type as never).load(event.subjectId);
    return readableOrNull(requireViewer(context), node as object | null);
  }

  @FieldResolver(() => Contract, { nullable: true })
  async contract(@Root() event: ActivityEvent, @Ctx() context: Context) {
    if (!event.contractId) return null;
    return readableOrNull(requireViewer(context), await context.loaders.byId(Contract).load(event.contractId));
  }

  @FieldResolver(() => Job, { nullable: true })
  async job(@Root() event: ActivityEvent, @Ctx() context: Context) {
    if (!event.jobId) return null;
    return readableOrNull(requireViewer(context), await context.loaders.byId(Job).load(event.jobId));
  }

  @FieldResolver(() => Channel, { nullable: true })
  async channel(@Root() event: ActivityEvent, @Ctx() context: Context) {
    if (!event.channelId) return null;
    return readableOrNull(requireViewer(context), await context.loaders.byId(Channel).load(event.channelId));
  }
}

@Resolver(() => ViewerType)
export class ActivityTabResolver {
  @FieldResolver(() => ActivityEventConnection, {
    complexity: connectionComplexity,
    description: 'Latest activity: everything the viewer may see, newest first.',
  })
  latestActivity(@Args() args: ConnectionArgs, @Ctx() context: Context) {
    return latestActivity(requireViewer(context), args);
  }
}
