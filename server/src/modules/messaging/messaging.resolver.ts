import { Args, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { type Context, type SignedInContext } from '../../api/context.js';
import { ConnectionArgs } from '../../graphql/pagination.js';
import { SignedIn } from '../../api/signed-in.js';
import { loadVisible } from '../../api/visible.js';
import { Organization } from '../accounts/organization.entity.js';
import { User } from '../accounts/user.entity.js';
import { ViewerType } from '../accounts/viewer.type.js';
import { Contract } from '../contracts/contract.entity.js';
import { Job } from '../jobs/job.entity.js';
import { Proposal } from '../proposals/proposal.entity.js';
import { Channel } from './channel.entity.js';
import { ChannelConnection, MessageConnection } from './channel.types.js';
import { Message } from './message.entity.js';
import {
  channelName,
  channelsOf,
  channelsOfContract,
  lastMessage,
  membersOf,
  messagesOf,
  threadOfProposal,
  totalUnread,
  unreadCount,
} from './messaging.service.js';
import { readableOrNull } from '../../api/node.service.js';

@Resolver(() => Channel)
export class ChannelResolver {
  @FieldResolver(() => String, {
    description:
      'As given for GROUP and PROPOSAL channels. A DIRECT channel is named after the other party, never the viewer: ' +
      '"<trainer> · <contract>" for the organization\'s side, "<organization> · <contract>" for the trainer.',
  })
  name(@Root() channel: Channel, @SignedIn() context: SignedInContext) {
    return channelName(context, channel);
  }

  @FieldResolver(() => MessageConnection, {
    description: 'Oldest first: ask for `last: 20` for the newest page, then page back with `before`.',
  })
  messages(@Root() channel: Channel, @Args() args: ConnectionArgs, @SignedIn() context: SignedInContext) {
    return messagesOf(context, channel.id, args);
  }

  @FieldResolver(() => [User], {
    description:
      'Who is in the channel, in the order they joined. For someone removed from it: who was in it when they were removed, not who joined or left after.',
  })
  members(@Root() channel: Channel, @SignedIn() context: SignedInContext) {
    return membersOf(context, channel.id);
  }

  @FieldResolver(() => Int, { description: "Messages from others after the viewer's read position." })
  unreadCount(@Root() channel: Channel, @SignedIn() context: SignedInContext) {
    return unreadCount(context, channel.id);
  }

  @FieldResolver(() => Message, { nullable: true })
  lastMessage(@Root() channel: Channel, @SignedIn() context: SignedInContext) {
    return lastMessage(context, channel.id);
  }

  @FieldResolver(() => Date, { nullable: true, description: 'When the newest message the viewer can read was sent.' })
  async lastMessageAt(@Root() channel: Channel, @SignedIn() context: SignedInContext): Promise<Date | null> {
    return (await lastMessage(context, channel.id))?.createdAt ?? null;
  }

  @FieldResolver(() => Organization)
  organization(@Root() channel: Channel, @Ctx() context: Context) {
    return loadVisible(context, Organization, channel.organizationId);
  }

  @FieldResolver(() => Job, { nullable: true })
  job(@Root() channel: Channel, @Ctx() context: Context) {
    return loadVisible(context, Job, channel.jobId);
  }

  @FieldResolver(() => Contract, { nullable: true })
  contract(@Root() channel: Channel, @Ctx() context: Context) {
    return loadVisible(context, Contract, channel.contractId);
  }

  @FieldResolver(() => Proposal, { nullable: true, description: 'For PROPOSAL threads.' })
  proposal(@Root() channel: Channel, @Ctx() context: Context) {
    return loadVisible(context, Proposal, channel.proposalId);
  }
}

@Resolver(() => Message)
export class MessageResolver {
  @FieldResolver(() => User)
  author(@Root() message: Message, @Ctx() context: Context) {
    return loadVisible(context, User, message.authorId);
  }

  @FieldResolver(() => Channel)
  channel(@Root() message: Message, @Ctx() context: Context) {
    return loadVisible(context, Channel, message.channelId);
  }
}

@Resolver(() => ViewerType)
export class ConversationTabsResolver {
  @FieldResolver(() => ChannelConnection, {
    description: 'Messages tab: every conversation (direct, group, proposal), most recently active first.',
  })
  conversations(@Args() args: ConnectionArgs, @SignedIn() context: SignedInContext) {
    return channelsOf(context, args);
  }

  @FieldResolver(() => Int, { description: 'Unread job messages across all conversations.' })
  unreadMessageCount(@SignedIn() context: SignedInContext) {
    return totalUnread(context);
  }
}

/** A contract's channels, from the messaging area. */
@Resolver(() => Contract)
export class ContractChannelsResolver {
  @FieldResolver(() => ChannelConnection, {
    description:
      "The job's Messages tab: the contract's own channels and the job's GROUP channels, those the viewer is a member of (of GROUP channels, a current member).",
  })
  channels(@Root() contract: Contract, @Args() args: ConnectionArgs, @SignedIn() context: SignedInContext) {
    return channelsOfContract(context, contract.id, args);
  }
}

/** A proposal's thread, from the messaging area. */
@Resolver(() => Proposal)
export class ProposalThreadResolver {
  @FieldResolver(() => Channel, {
    nullable: true,
    description: "The proposal's PROPOSAL thread, opened when it was sent, between the trainer and the job's employers; null for anyone who is not in it.",
  })
  async thread(@Root() proposal: Proposal, @SignedIn() context: SignedInContext): Promise<Channel | null> {
    // Found by the proposal's id, like `contract`; the Channel rule (its members) decides who reads it.
    return readableOrNull(context, await threadOfProposal(context, proposal.id));
  }
}
