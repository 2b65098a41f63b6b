import { ArrayMaxSize, ArrayNotEmpty, IsOptional, Length } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { TrimmedLength } from '../../graphql/validation.js';
import { Channel } from './channel.entity.js';
import { Message } from './message.entity.js';

/** The database's CHECK on messages.body (char_length, so counted in code points, as here). */
export const maxMessageLength = 10_000;
export const maxChannelNameLength = 100;
/** A sanity cap on one call's member list, far above a real team channel. */
export const maxMembersPerCall = 200;

const messageBodyRule = () => TrimmedLength(1, maxMessageLength, { message: 'A message is 1 to 10,000 characters (not counting surrounding spaces).' });

@InputType({ description: 'The input of `sendMessage`.' })
export class SendMessageInput {
  @Field(() => ID)
  channelId: string;

  @Field({ description: 'Trimmed; 1 to 10,000 characters.' })
  @messageBodyRule()
  body: string;

  @Field(() => String, {
    nullable: true,
    description: 'Any unique string (a UUID, say), one per message. A retry with the same key returns the first message and sends nothing twice.',
  })
  @IsOptional()
  @Length(1, 200)
  idempotencyKey?: string | null;
}

@InputType({ description: 'The input of `editMessage`.' })
export class EditMessageInput {
  @Field(() => ID)
  messageId: string;

  @Field({ description: 'The new text, trimmed; 1 to 10,000 characters.' })
  @messageBodyRule()
  body: string;
}

@InputType({ description: 'The input of `markChannelRead`.' })
export class MarkChannelReadInput {
  @Field(() => ID)
  channelId: string;

  @Field(() => ID, { nullable: true, description: "Read up to and including this message; the channel's newest when omitted." })
  upToMessageId?: string | null;
}

@InputType({ description: 'The input of `createChannel`.' })
export class CreateChannelInput {
  @Field(() => ID, { description: 'The job the channel is about; its trainers (with a contract) and your colleagues can be members.' })
  jobId: string;

  @Field({ description: 'Trimmed; 1 to 100 characters.' })
  @TrimmedLength(1, maxChannelNameLength, { message: 'A channel name is 1 to 100 characters (not counting surrounding spaces).' })
  name: string;

  @Field(() => [ID], { description: 'Who else is in it (you always are): colleagues, or trainers with a contract on the job.' })
  @ArrayMaxSize(maxMembersPerCall, { message: 'A channel starts with at most 200 members.' })
  memberIds: string[];
}

@InputType({ description: 'The input of `addChannelMembers`.' })
export class AddChannelMembersInput {
  @Field(() => ID)
  channelId: string;

  @Field(() => [ID], { description: "Colleagues, or trainers with a contract on the channel's job. Current members are left as they are." })
  @ArrayNotEmpty({ message: 'Name at least one person to add.' })
  @ArrayMaxSize(maxMembersPerCall, { message: 'Add at most 200 people at once.' })
  userIds: string[];
}

@InputType({ description: 'The input of `removeChannelMember`.' })
export class RemoveChannelMemberInput {
  @Field(() => ID)
  channelId: string;

  @Field(() => ID)
  userId: string;
}

@ObjectType({ description: 'What `sendMessage` returns.' })
export class SendMessagePayload {
  @Field(() => Message)
  message: Message;

  @Field(() => Channel, { description: 'The channel as the sender now sees it (the new message is read for them).' })
  channel: Channel;
}

@ObjectType({ description: 'What `editMessage` returns.' })
export class EditMessagePayload {
  @Field(() => Message)
  message: Message;
}

/** What every channel-level mutation returns: the channel as the viewer now sees it. */
@ObjectType()
export class ChannelChangePayload {
  @Field(() => Channel)
  channel: Channel;
}

@ObjectType({ description: 'What `markChannelRead` returns.' })
export class MarkChannelReadPayload extends ChannelChangePayload {}

@ObjectType({ description: 'What `createChannel` returns.' })
export class CreateChannelPayload extends ChannelChangePayload {}

@ObjectType({ description: 'What `addChannelMembers` returns.' })
export class AddChannelMembersPayload extends ChannelChangePayload {}

@ObjectType({ description: 'What `removeChannelMember` returns.' })
export class RemoveChannelMemberPayload extends ChannelChangePayload {}
