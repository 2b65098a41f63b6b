import { Args, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { canRead } from '../../auth/policy.js';
import { requireViewer, type Context } from '../../graphql/context.js';
import { connectionComplexity, ConnectionArgs } from '../../graphql/pagination.js';
import { Organization } from '../accounts/organization.entity.js';
import { User } from '../accounts/user.entity.js';
import { ViewerType } from '../accounts/viewer.type.js';
import { Contract } from '../contracts/contract.entity.js';
import { Job } from '../jobs/job.entity.js';
import { Proposal } from '../proposals/proposal.entity.js';
import { Channel } from './channel.entity.js';
import { ChannelConnection, MessageConnection } from './channel.types.js';
import { Message } from './message.entity.js';
import { channelsOf, lastMessage, membersOf, messagesOf, totalUnread, unreadCount } from './messaging.service.js';

@Resolver(() => Channel)
export class ChannelResolver {
  @FieldResolver(() => MessageConnection, {
    complexity: connectionComplexity,
    description: 'Oldest first: ask for `last: 20` for the newest page, then page back with `before`.',
  })
  messages(@Root() channel: Channel, @Args() args: ConnectionArgs, @Ctx() context: Context) {
    return messagesOf(requireViewer(context), channel.id, args);
  }

  @FieldResolver(() => [User], { description: 'Current members.' })
  members(@Root() channel: Channel, @Ctx() context: Context) {
    return membersOf(requireViewer(context), channel.id);
  }

  @FieldResolver(() => Int, { description: "Messages from others after the viewer's read position." })
  unreadCount(@Root() channel: Channel, @Ctx() context: Context) {
    return unreadCount(requireViewer(context), channel.id);
  }

  @FieldResolver(() => Message, { nullable: true })
  lastMessage(@Root() channel: Channel, @Ctx() context: Context) {
    return lastMessage(requireViewer(context), channel.id);
  }

  @FieldResolver(() => Date, { nullable: true, description: 'When the newest message the viewer can read was sent.' })
  async lastMessageAt(@Root() channel: Channel, @Ctx() context: Context): Promise<Date | null> {
    return (await lastMessage(requireViewer(context), channel.id))?.createdAt ?? null;
  }

  @FieldResolver(() => Organization)
  organization(@Root() channel: Channel, @Ctx() context: Context) {
    return context.loaders.byId(Organization).load(channel.organizationId);
  }

  @FieldResolver(() => Job, { nullable: true })
  job(@Root() channel: Channel, @Ctx() context: Context) {
    return channel.jobId ? context.loaders.byId(Job).load(channel.jobId) : null;
  }

  @FieldResolver(() => Contract, { nullable: true })
  async contract(@Root() channel: Channel, @Ctx() context: Context) {
    const contract = channel.contractId ? await context.loaders.byId(Contract).load(channel.contractId) : null;
    return contract && (await canRead(contract, requireViewer(context))) ? contract : null;
  }

  @FieldResolver(() => Proposal, { nullable: true, description: 'For PROPOSAL threads.' })
  async proposal(@Root() channel: Channel, @Ctx() context: Context) {
    const proposal = channel.proposalId ? await context.loaders.byId(Proposal).load(channel.proposalId) : null;
    return proposal && (await canRead(proposal, requireViewer(context))) ? proposal : null;
  }
}

@Resolver(() => Message)
export class MessageResolver {
  @FieldResolver(() => User)
  author(@Root() message: Message, @Ctx() context: Context) {
    return context.loaders.byId(User).load(message.authorId);
  }

  @FieldResolver(() => Channel)
  channel(@Root() message: Message, @Ctx() context: Context) {
    return context.loaders.byId(Channel).load(message.channelId);
  }
}

@Resolver(() => ViewerType)
export class ConversationTabsResolver {
  @FieldResolver(() => ChannelConnection, {
    complexity: connectionComplexity,
    description: 'Messages tab: every conversation (direct, group, proposal), most recently active first.',
  })
  conversations(@Args() args: ConnectionArgs, @Ctx() context: Context) {
    return channelsOf(requireViewer(context), args);
  }

  @FieldResolver(() => Int, { description: 'Unread job messages across all conversations.' })
  unreadMessageCount(@Ctx() context: Context) {
    return totalUnread(requireViewer(context));
  }
}
