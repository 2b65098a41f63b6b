import { z } from 'zod';
import { EventAudience } from '../../events/activity-event.entity.js';
import { defineEvent, type EventRefs } from '../../events/event-catalogue.js';
import type { Contract } from '../contracts/contract.entity.js';
import type { Channel } from './channel.entity.js';
import type { Message } from './message.entity.js';

type ChannelOfEvent = Pick<Channel, 'id' | 'organizationId' | 'jobId' | 'contractId'>;
type ContractOfChannel = Pick<Contract, 'id' | 'trainerId'> | null;

/**
 * Seen by the channel's members (the policy reads them, as of the event's time); a contract's
 * channel names its trainer among the refs. The contract is passed for its trainer and must be
 * the channel's own.
 */
function channelMembers(channel: ChannelOfEvent, contract: ContractOfChannel): EventRefs {
  if ((contract?.id ?? null) !== channel.contractId) throw new Error(`Channel ${channel.id} was announced with another contract than its own`);
  return {
    audience: EventAudience.CHANNEL,
    organizationId: channel.organizationId,
    trainerId: contract?.trainerId ?? null,
    jobId: channel.jobId,
    contractId: channel.contractId,
    channelId: channel.id,
  };
}

const aboutChannel = ({ subject, contract }: { subject: ChannelOfEvent; contract: ContractOfChannel }) => channelMembers(subject, contract);

function aboutMessage({
  subject,
  channel,
  contract,
}: {
  subject: Pick<Message, 'id' | 'channelId'>;
  channel: ChannelOfEvent;
  contract: ContractOfChannel;
}): EventRefs {
  if (subject.channelId !== channel.id) throw new Error(`Message ${subject.id} was announced in another channel than its own`);
  return channelMembers(channel, contract);
}

export const ChannelCreated = defineEvent({
  type: 'CHANNEL_CREATED',
  subjectType: 'Channel',
  payload: z.object({ memberIds: z.array(z.guid()) }),
  refs: aboutChannel,
});

export const ChannelMembersChanged = defineEvent({
  type: 'CHANNEL_MEMBERS_CHANGED',
  subjectType: 'Channel',
  payload: z.object({ added: z.array(z.guid()), removed: z.array(z.guid()) }),
  refs: aboutChannel,
});

/** `seq`: the message's place in its channel. */
const inChannel = z.object({ seq: z.int() });

export const MessageAdded = defineEvent({ type: 'MESSAGE_ADDED', subjectType: 'Message', payload: inChannel, refs: aboutMessage });

export const MessageEdited = defineEvent({ type: 'MESSAGE_EDITED', subjectType: 'Message', payload: inChannel, refs: aboutMessage });

/** The messaging area's events, for the composition root's catalogue. */
export const messagingEvents = [ChannelCreated, ChannelMembersChanged, MessageAdded, MessageEdited] as const;
