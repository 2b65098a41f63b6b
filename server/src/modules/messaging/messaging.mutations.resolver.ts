import { Arg, Mutation, Resolver } from 'type-graphql';
import { type Context, type SignedInContext } from '../../graphql/context.js';
import { SignedIn } from '../../graphql/signed-in.js';
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

/**
 * Reads back the channel a mutation changed, after its commit, as the viewer now sees it (a member
 * who removed themselves still reads it, as it was then).
 * By id and unchecked (byId, not loadVisible): the viewer's own mutation just wrote it, as someone the
 * policy let write it, which implies reading it; the payload's relation fields are checked as usual.
 */
async function channelOf(context: Context, change: messaging.MessagingChange) {
  return (await context.loaders.byId(Channel).load(change.channelId))!;
}

async function messageOf(context: Context, change: messaging.MessagingChange) {
  return (await context.loaders.byId(Message).load(change.messageId!))!;
}

@Resolver()
export class MessagingMutationResolver {
  @Mutation(() => SendMessagePayload, {
    description: 'A current member posts a message; it takes the next number in the channel and is read for its sender.',
  })
  async sendMessage(@Arg('input') input: SendMessageInput, @SignedIn() context: SignedInContext): Promise<SendMessagePayload> {
    const change = await messaging.sendMessage(context, input);
    const [message, channel] = await Promise.all([messageOf(context, change), channelOf(context, change)]);
    return { message, channel };
  }

  @Mutation(() => EditMessagePayload, { description: "The author changes a message's text; sets `editedAt`." })
  async editMessage(@Arg('input') input: EditMessageInput, @SignedIn() context: SignedInContext): Promise<EditMessagePayload> {
    return { message: await messageOf(context, await messaging.editMessage(context, input)) };
  }

  @Mutation(() => MarkChannelReadPayload, {
    description: "Moves the viewer's read position forward (never back), to a message or to the newest one.",
  })
  async markChannelRead(@Arg('input') input: MarkChannelReadInput, @SignedIn() context: SignedInContext): Promise<MarkChannelReadPayload> {
    return { channel: await channelOf(context, await messaging.markChannelRead(context, input)) };
  }

  @Mutation(() => CreateChannelPayload, {
    description: "Employer: a GROUP channel on one of the organization's jobs, with colleagues and the job's trainers.",
  })
  async createChannel(@Arg('input') input: CreateChannelInput, @SignedIn() context: SignedInContext): Promise<CreateChannelPayload> {
    return { channel: await channelOf(context, await messaging.createChannel(context, input)) };
  }

  @Mutation(() => AddChannelMembersPayload, {
    description: 'Employer in the channel: adds colleagues or trainers on the job to a GROUP channel (a removed member comes back).',
  })
  async addChannelMembers(@Arg('input') input: AddChannelMembersInput, @SignedIn() context: SignedInContext): Promise<AddChannelMembersPayload> {
    return { channel: await channelOf(context, await messaging.addChannelMembers(context, input)) };
  }

  @Mutation(() => RemoveChannelMemberPayload, {
    description: 'Employer in the channel: removes someone from a GROUP channel; they keep the history up to now and see nothing after.',
  })
  async removeChannelMember(@Arg('input') input: RemoveChannelMemberInput, @SignedIn() context: SignedInContext): Promise<RemoveChannelMemberPayload> {
    return { channel: await channelOf(context, await messaging.removeChannelMember(context, input)) };
  }
}
