import { Arg, Mutation, Resolver } from 'type-graphql';
import { runCommand } from '../../commands/command.js';
import { type SignedInContext } from '../../api/context.js';
import { expectGlobalId } from '../../graphql/global-id.js';
import { readBack } from '../../api/payload.js';
import { SignedIn } from '../../api/signed-in.js';
import { Channel } from './channel.entity.js';
import { Message } from './message.entity.js';
import {
  AddChannelMembersInput,
  AddChannelMembersPayload,
  CreateChannelInput,
  CreateChannelPayload,
  EditMessageInput,
  EditMessagePayload,
  MarkChannelReadInput,
  MarkChannelReadPayload,
  RemoveChannelMemberInput,
  RemoveChannelMemberPayload,
  SendMessageInput,
  SendMessagePayload,
} from './messaging.inputs.js';
import * as messaging from './messaging.mutations.js';

/** The input with its channel named by database id, as the commands take it. */
const onChannel = <T extends { channelId: string }>(input: T): T => ({ ...input, channelId: expectGlobalId(input.channelId, 'Channel', 'channelId') });

const usersOf = (globalIds: string[], field: string) => globalIds.map((globalId) => expectGlobalId(globalId, 'User', field));

/** The channel a mutation changed, as the viewer now sees it (a member who removed themselves still reads it, as it was then). */
const channelOf = (context: SignedInContext, change: messaging.MessagingChange) => readBack(context, { channel: [Channel, change.channelId] });

@Resolver()
export class MessagingMutationResolver {
  @Mutation(() => SendMessagePayload, {
    description: 'A current member posts a message; it takes the next number in the channel and is read for its sender.',
  })
  async sendMessage(@Arg('input') input: SendMessageInput, @SignedIn() context: SignedInContext): Promise<SendMessagePayload> {
    const change = await runCommand(context, messaging.sendMessage, onChannel(input));
    return readBack(context, { message: [Message, change.messageId!], channel: [Channel, change.channelId] });
  }

  @Mutation(() => EditMessagePayload, { description: "The author changes a message's text; sets `editedAt`." })
  async editMessage(@Arg('input') input: EditMessageInput, @SignedIn() context: SignedInContext): Promise<EditMessagePayload> {
    const change = await runCommand(context, messaging.editMessage, { ...input, messageId: expectGlobalId(input.messageId, 'Message', 'messageId') });
    return readBack(context, { message: [Message, change.messageId!] });
  }

  @Mutation(() => MarkChannelReadPayload, {
    description: "Moves the viewer's read position forward (never back), to a message or to the newest one.",
  })
  async markChannelRead(@Arg('input') input: MarkChannelReadInput, @SignedIn() context: SignedInContext): Promise<MarkChannelReadPayload> {
    const { upToMessageId } = input;
    const decoded = {
      ...onChannel(input),
      upToMessageId: upToMessageId == null ? upToMessageId : expectGlobalId(upToMessageId, 'Message', 'upToMessageId'),
    };
    return channelOf(context, await runCommand(context, messaging.markChannelRead, decoded));
  }

  @Mutation(() => CreateChannelPayload, {
    description: "Employer: a GROUP channel on one of the organization's jobs, with colleagues and the job's trainers.",
  })
  async createChannel(@Arg('input') input: CreateChannelInput, @SignedIn() context: SignedInContext): Promise<CreateChannelPayload> {
    const decoded = { ...input, jobId: expectGlobalId(input.jobId, 'Job', 'jobId'), memberIds: usersOf(input.memberIds, 'memberIds') };
    return channelOf(context, await runCommand(context, messaging.createChannel, decoded));
  }

  @Mutation(() => AddChannelMembersPayload, {
    description: 'Employer in the channel: adds colleagues or trainers on the job to a GROUP channel (a removed member comes back).',
  })
  async addChannelMembers(@Arg('input') input: AddChannelMembersInput, @SignedIn() context: SignedInContext): Promise<AddChannelMembersPayload> {
    const decoded = { ...onChannel(input), userIds: usersOf(input.userIds, 'userIds') };
    return channelOf(context, await runCommand(context, messaging.addChannelMembers, decoded));
  }

  @Mutation(() => RemoveChannelMemberPayload, {
    description: 'Employer in the channel: removes someone from a GROUP channel; they keep the history up to now and see nothing after.',
  })
  async removeChannelMember(@Arg('input') input: RemoveChannelMemberInput, @SignedIn() context: SignedInContext): Promise<RemoveChannelMemberPayload> {
    const decoded = { ...onChannel(input), userId: expectGlobalId(input.userId, 'User', 'userId') };
    return channelOf(context, await runCommand(context, messaging.removeChannelMember, decoded));
  }
}
