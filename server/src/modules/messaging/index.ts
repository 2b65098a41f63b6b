import type { Area } from '../../api/area.js';
import { messagingEvents } from './messaging.events.js';
import { ChannelMember } from './channel-member.entity.js';
import { Channel } from './channel.entity.js';
import { Message } from './message.entity.js';
import { MessagingMutationResolver } from './messaging.mutations.resolver.js';
import './messaging.policy.js';
import './messaging.read-plan.js';
import { ChannelResolver, ContractChannelsResolver, ConversationTabsResolver, MessageResolver, ProposalThreadResolver } from './messaging.resolver.js';

/** Channels, their members and messages, read positions. */
export const messagingArea: Area = {
  name: 'messaging',
  entities: [Channel, ChannelMember, Message],
  resolvers: [ProposalThreadResolver, ContractChannelsResolver, ChannelResolver, MessageResolver, ConversationTabsResolver, MessagingMutationResolver],
  events: messagingEvents,
};
