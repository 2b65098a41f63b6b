import type { EntityManager } from 'typeorm';
import { lockRowById } from '../../db/rows-by-id.js';
import { authorizeRead, canRead } from '../../policy/policy.js';
import { channelView } from './messaging.policy.js';
import { isEmployer } from '../../auth/viewer.js';
import { idempotent } from '../../db/idempotency.js';
import type { CommandContext } from '../../commands/command.js';
import { recordEvent } from '../../events/outbox.js';
import { badInput, forbidden, invalidTransition, notFound } from '../../errors/domain-error.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { Organization } from '../accounts/organization.entity.js';
import { Contract } from '../contracts/contract.entity.js';
import { Job } from '../jobs/job.entity.js';
import { ChannelMember } from './channel-member.entity.js';
import { Channel, ChannelKind } from './channel.entity.js';
import { Message } from './message.entity.js';
import { ChannelCreated, ChannelMembersChanged, MessageAdded, MessageEdited } from './messaging.events.js';
import { trimmedLength } from '../../graphql/validation.js';
import {
  maxChannelNameLength,
  maxMessageLength,
  type AddChannelMembersInput,
  type CreateChannelInput,
  type EditMessageInput,
  type MarkChannelReadInput,
  type RemoveChannelMemberInput,
  type SendMessageInput,
} from './messaging.inputs.js';

/** What a messaging mutation changed, as ids; the resolver reads them back after the commit. */
export type MessagingChange = {
  channelId: string;
  messageId?: string;
};

/**
 * The stored text: trimmed, 1 to 10,000 characters. The input class already refuses anything
 * else; this keeps the service safe on its own and the database CHECK from ever being the one
 * to say no (its error would reach people as an internal error).
 */
function messageBody(raw: string): string {
  const body = raw.trim();
  const length = trimmedLength(body);
  if (length < 1 || length > maxMessageLength) {
    throw badInput('body', 'A message is 1 to 10,000 characters (not counting surrounding spaces).');
  }
  return body;
}

/** One line for the activity feed: whitespace collapsed, the first 80 characters. */
function excerpt(body: string): string {
  const characters = [...body.replace(/\s+/g, ' ').trim()];
  return characters.length > 80 ? `${characters.slice(0, 80).join('')}…` : characters.join('');
}

const listFormat = new Intl.ListFormat('en', { style: 'long', type: 'conjunction' });

/** "Alex Rivera", "Alex Rivera and Sam Park", "Alex Rivera, Sam Park and 3 others". */
function namesOf(names: string[]): string {
  return names.length <= 3 ? listFormat.format(names) : listFormat.format([...names.slice(0, 2), `${names.length - 2} others`]);
}

/**
 * The channel, locked for this transaction (`SELECT … FOR UPDATE`), if the viewer is a current
 * member. Membership is read here, after the lock, and not from the request's policy cache:
 * a removal committed while we waited must count. Someone who was never a member cannot see
 * the channel at all (the Channel read rule), so it does not exist for them; a removed member
 * can still see it and is told why they cannot write.
 */
async function lockChannelAsMember(tx: CommandContext, id: string): Promise<Channel> {
  const channel = await lockChannel(tx, id);
  const member = await tx.manager.getRepository(ChannelMember).findOneBy({ channelId: id, userId: tx.viewer.id });
  refuseUnlessCurrentMember(id, member && { removed: member.removedAt !== null });
  return channel;
}

/** The channel, locked for this transaction; membership is for the caller to read after the lock. */
async function lockChannel({ manager }: CommandContext, id: string): Promise<Channel> {
  const channel = await lockRowById(manager, Channel, id);
  if (!channel) throw notFound('Channel', toGlobalId('Channel', id));
  return channel;
}

/** The refusals of {@link lockChannelAsMember}, for a membership read after the channel's lock. */
function refuseUnlessCurrentMember(channelId: string, member: { removed: boolean } | null): void {
  if (!member) throw notFound('Channel', toGlobalId('Channel', channelId));
  if (member.removed) throw forbidden('You were removed from this channel.');
}

/**
 * The channel, locked, for changing who is in it: the viewer must be a current member and an
 * employer of the channel's organization, and the channel a GROUP channel.
 */
async function lockChannelToManage(tx: CommandContext, id: string, attemptedAction: string): Promise<Channel> {
  const channel = await lockChannelAsMember(tx, id);
  const { viewer } = tx;
  if (!isEmployer(viewer) || viewer.organizationId !== channel.organizationId) {
    throw forbidden("Only the organization's employers in this channel can change who is in it.");
  }
  // INVALID_TRANSITION rather than FORBIDDEN: the refusal is about the channel, not the person.
  // Nobody may change a DIRECT channel (a hired trainer's 1:1 with their employer) or a
  // PROPOSAL thread (the applicant's 1:1), so FORBIDDEN's "someone else could" would mislead;
  // the code and `currentStatus` tell a client this channel's membership is fixed by its kind.
  if (channel.kind !== ChannelKind.GROUP) {
    throw invalidTransition(`This is a ${channel.kind} channel: its members are fixed. Only GROUP channels can have members added or removed.`, {
      currentStatus: channel.kind,
      attemptedAction,
    });
  }
  return channel;
}

interface Candidate {
  id: string;
  name: string;
}

/**
 * Who may be in a job's channel: the employers of its organization, and the trainers holding a
 * contract on the job. Anyone else (or an id of nobody) is refused with their names, so the
 * person adding them knows whom to take off the list. Returns the users, in the order asked,
 * without duplicates.
 */
async function eligibleMembers(
  manager: EntityManager,
  scope: { organizationId: string; jobId: string | null },
  userIds: string[],
  field: string,
): Promise<Candidate[]> {
  const ids = new Set(userIds);
  if (ids.size === 0) return [];
  const rows: Array<{ id: string; name: string; eligible: boolean }> = await manager.query(
    `SELECT u.id, u.name,
            (u.role = 'EMPLOYER' AND u.organization_id = $2::uuid)
              OR EXISTS (SELECT 1 FROM contracts c WHERE c.job_id = $3::uuid AND c.trainer_id = u.id) AS eligible
       FROM users u
      WHERE u.id = ANY($1::uuid[])`,
    [[...ids.keys()], scope.organizationId, scope.jobId],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  const refused = [...ids].filter((id) => !byId.get(id)?.eligible);
  if (refused.length > 0) {
    const names = refused.map((id) => byId.get(id)?.name ?? `an unknown user (${toGlobalId('User', id)})`);
    const organization = await manager.getRepository(Organization).findOneBy({ id: scope.organizationId });
    const job = scope.jobId ? await manager.getRepository(Job).findOneBy({ id: scope.jobId }) : null;
    const who = job
      ? `members must be employers of ${organization?.name ?? 'the organization'} or trainers with a contract on "${job.title}"`
      : `members must be employers of ${organization?.name ?? 'the organization'}`;
    throw badInput(field, `${namesOf(names)} ${refused.length === 1 ? 'is' : 'are'} not on this job: ${who}.`, {
      userIds: refused.map((id) => toGlobalId('User', id)),
    });
  }
  return [...ids].map((id) => ({ id, name: byId.get(id)!.name }));
}

/** The job whose people may join a channel: its own, else its contract's. */
async function jobOf(manager: EntityManager, channel: Channel): Promise<string | null> {
  if (channel.jobId) return channel.jobId;
  if (!channel.contractId) return null;
  return (await manager.getRepository(Contract).findOneBy({ id: channel.contractId }))?.jobId ?? null;
}

/**
 * What a channel's events name besides their payload: the channel, its contract (whose trainer
 * the refs name, as the seed does), and who did it.
 */
async function channelSource({ manager, viewer }: CommandContext, channel: Channel) {
  const contract = channel.contractId ? await manager.getRepository(Contract).findOneBy({ id: channel.contractId }) : null;
  return { channel, contract, actorId: viewer.id };
}

/**
 * The commands below take database ids (the resolver decodes global ids) and run in the caller's
 * transaction.
 */

/**
 * Posts a message. Under the channel row's lock it takes `lastMessageSeq + 1`, so concurrent
 * posts queue and the per-channel order is the commit order, with no gap or duplicate.
 *
 * Its time is `clock_timestamp()` taken under that lock, not `now()` (the transaction's start):
 * a post that started before a member's removal but waited for the lock behind it is sent
 * after the removal, and must be dated after it, or the removed member would read it
 * (visibility compares `created_at` with `removed_at`, which removals also take under the
 * lock). The MESSAGE_ADDED event is dated by `clock_timestamp()` too (the events table's
 * default), a moment later under the same lock, so the feed hides it from exactly those who
 * cannot read the message.
 */
export async function sendMessage(tx: CommandContext, input: SendMessageInput): Promise<MessagingChange> {
  const body = messageBody(input.body);
  if (!input.idempotencyKey) {
    // Without a key, membership is read by the statement that posts (after the lock, so a
    // removal committed while we waited counts), one round trip instead of two.
    return insertMessage(tx, await lockChannel(tx, input.channelId), body);
  }
  // With a key, a current member's retry is answered before anything is written.
  const channel = await lockChannelAsMember(tx, input.channelId);
  // A retried send (the answer was lost, say) with the same key returns the first message.
  return idempotent(tx.manager, {
    userId: tx.viewer.id,
    operation: 'sendMessage',
    key: input.idempotencyKey,
    input: { channelId: channel.id, body },
    run: () => insertMessage(tx, channel, body),
  });
}

/**
 * Posts under the channel's lock, in one statement: reads the viewer's membership and, only for a
 * current member, takes the next `seq`, writes the message and moves the sender's read position to
 * it (their own message is never unread for them); it also returns the trainer of the channel's
 * contract, which the event's refs name. Then the event, a moment later under the same lock.
 */
async function insertMessage(tx: CommandContext, channel: Channel, body: string): Promise<MessagingChange> {
  const { manager, viewer } = tx;
  const [row] = await manager.query<
    Array<{ member: boolean; removed: boolean | null; id: string | null; seq: string | null; contract_trainer_id: string | null }>
  >(
    `WITH member AS (
       SELECT removed_at FROM channel_members WHERE channel_id = $1 AND user_id = $2
     ), bumped AS (
       UPDATE channels SET last_message_seq = last_message_seq + 1, last_message_at = clock_timestamp()
        WHERE id = $1 AND EXISTS (SELECT 1 FROM member WHERE removed_at IS NULL)
        RETURNING id, last_message_seq, last_message_at
     ), inserted AS (
       INSERT INTO messages (channel_id, seq, author_id, body, created_at)
       SELECT id, last_message_seq, $2, $3, last_message_at FROM bumped
       RETURNING id, seq
     ), read AS (
       UPDATE channel_members SET last_read_seq = GREATEST(last_read_seq, inserted.seq)
         FROM inserted
        WHERE channel_members.channel_id = $1 AND channel_members.user_id = $2
     )
     SELECT EXISTS (SELECT 1 FROM member) AS member,
            (SELECT removed_at IS NOT NULL FROM member) AS removed,
            inserted.id, inserted.seq,
            (SELECT trainer_id FROM contracts WHERE id = $4) AS contract_trainer_id
       FROM (SELECT 1) AS one LEFT JOIN inserted ON true`,
    [channel.id, viewer.id, body, channel.contractId],
  );
  refuseUnlessCurrentMember(channel.id, row!.member ? { removed: row!.removed === true } : null);
  const messageId = row!.id!;
  const seq = Number(row!.seq);
  // The channel's contract as the refs need it (its id and trainer), read by the statement above.
  const contract = channel.contractId ? { id: channel.contractId, trainerId: row!.contract_trainer_id! } : null;
  await recordEvent(manager, MessageAdded, {
    channel,
    contract,
    actorId: viewer.id,
    subject: { id: messageId, channelId: channel.id },
    summary: `${viewer.user.name} in ${channel.name}: ${excerpt(body)}`,
    payload: { seq },
  });
  return { channelId: channel.id, messageId };
}

/** The author changes a message's text; `editedAt` records when. */
export async function editMessage(tx: CommandContext, input: EditMessageInput): Promise<MessagingChange> {
  const { manager, viewer } = tx;
  const body = messageBody(input.body);
  const id = input.messageId;
  const message = await authorizeRead(await lockRowById(manager, Message, id), tx, 'Message', toGlobalId('Message', id));
  if (message.authorId !== viewer.id) throw forbidden('Only its author can edit a message.');
  const member = await manager.getRepository(ChannelMember).findOneBy({ channelId: message.channelId, userId: viewer.id });
  if (!member || member.removedAt !== null) throw forbidden('You were removed from this channel.');
  await manager.getRepository(Message).update({ id }, { body, editedAt: () => 'now()' });
  const channel = (await manager.getRepository(Channel).findOneBy({ id: message.channelId }))!;
  await recordEvent(manager, MessageEdited, {
    ...(await channelSource(tx, channel)),
    subject: message,
    summary: `${viewer.user.name} edited a message in ${channel.name}: ${excerpt(body)}`,
    payload: { seq: message.seq },
  });
  return { channelId: channel.id, messageId: message.id };
}

/**
 * Moves the viewer's read position forward, to a message or to the newest message they may
 * read; never backwards, so a late or repeated call cannot make read messages unread again.
 * Removed members may do it too (they still read the history up to their removal).
 */
export async function markChannelRead(tx: CommandContext, input: MarkChannelReadInput): Promise<MessagingChange> {
  const { manager, viewer } = tx;
  const id = input.channelId;
  const channel = await authorizeRead(await manager.getRepository(Channel).findOneBy({ id }), tx, 'Channel', toGlobalId('Channel', id));
  let upToSeq: number | null = null;
  if (input.upToMessageId != null) {
    const message = await manager.getRepository(Message).findOneBy({ id: input.upToMessageId });
    // One answer for "in another channel", "no such message" and "not yours to read": nothing is revealed.
    if (!message || message.channelId !== channel.id || !(await canRead(message, tx))) {
      throw badInput('upToMessageId', '`upToMessageId` must be a message of this channel that you can read.');
    }
    upToSeq = message.seq;
  }
  await manager.query(
    `UPDATE channel_members cm
        SET last_read_seq = GREATEST(cm.last_read_seq, COALESCE($3::bigint, (
              SELECT max(m.seq) FROM messages m
               WHERE m.channel_id = cm.channel_id AND ${channelView.includes('cm', 'm.created_at')}), 0))
      WHERE cm.channel_id = $1 AND cm.user_id = $2`,
    [channel.id, viewer.id, upToSeq],
  );
  return { channelId: channel.id };
}

/** Employer: a named GROUP channel on one of their organization's jobs. */
export async function createChannel(tx: CommandContext, input: CreateChannelInput): Promise<MessagingChange> {
  const { manager, viewer } = tx;
  if (!isEmployer(viewer)) throw forbidden('Only employers can create channels; they add trainers to them.');
  const jobId = input.jobId;
  const job = await authorizeRead(await manager.getRepository(Job).findOneBy({ id: jobId }), tx, 'Job', toGlobalId('Job', jobId));
  // An OPEN job of another organization is public, so this is FORBIDDEN, not NOT_FOUND.
  if (job.organizationId !== viewer.organizationId) throw forbidden("Only the job's own organization can create channels on it.");
  const name = input.name.trim();
  if (trimmedLength(name) < 1 || trimmedLength(name) > maxChannelNameLength) {
    throw badInput('name', 'A channel name is 1 to 100 characters (not counting surrounding spaces).');
  }
  const others = input.memberIds.filter((id) => id !== viewer.id);
  const members = await eligibleMembers(manager, { organizationId: job.organizationId, jobId: job.id }, others, 'memberIds');

  const channels = manager.getRepository(Channel);
  const channel = await channels.save(
    channels.create({ organizationId: job.organizationId, jobId: job.id, contractId: null, proposalId: null, kind: ChannelKind.GROUP, name }),
  );
  await manager.getRepository(ChannelMember).insert([viewer.id, ...members.map((member) => member.id)].map((userId) => ({ channelId: channel.id, userId })));
  await recordEvent(manager, ChannelCreated, {
    ...(await channelSource(tx, channel)),
    subject: channel,
    summary:
      members.length > 0 ? `${viewer.user.name} created ${name} with ${namesOf(members.map((member) => member.name))}` : `${viewer.user.name} created ${name}`,
    payload: { memberIds: [viewer.id, ...members.map((member) => member.id)] },
  });
  return { channelId: channel.id };
}

/**
 * Employer: adds people to a GROUP channel. Current members are left as they are; a removed
 * member comes back (`removedAt` cleared: they read the whole history again, as before).
 *
 * Joining is dated by `clock_timestamp()` under the channel lock, like messages and removals, and
 * a member who comes back joins anew: someone removed earlier must not see a newcomer, or a
 * returning member, who joined after their removal (the policy's `channelView.lists`).
 */
export async function addChannelMembers(tx: CommandContext, input: AddChannelMembersInput): Promise<MessagingChange> {
  const { manager, viewer } = tx;
  const channel = await lockChannelToManage(tx, input.channelId, 'ADD_MEMBERS');
  const candidates = await eligibleMembers(manager, { organizationId: channel.organizationId, jobId: await jobOf(manager, channel) }, input.userIds, 'userIds');
  const joined: Array<{ user_id: string }> = await manager.query(
    `INSERT INTO channel_members (channel_id, user_id, joined_at)
     SELECT $1, unnest($2::uuid[]), clock_timestamp()
     ON CONFLICT (channel_id, user_id) DO UPDATE SET removed_at = NULL, joined_at = excluded.joined_at
       WHERE channel_members.removed_at IS NOT NULL
     RETURNING user_id`,
    [channel.id, candidates.map((candidate) => candidate.id)],
  );
  const added = new Set(joined.map((row) => row.user_id));
  const addedPeople = candidates.filter((candidate) => added.has(candidate.id));
  if (addedPeople.length > 0) {
    await recordEvent(manager, ChannelMembersChanged, {
      ...(await channelSource(tx, channel)),
      subject: channel,
      summary: `${viewer.user.name} added ${namesOf(addedPeople.map((person) => person.name))} to ${channel.name}`,
      payload: { added: addedPeople.map((person) => person.id), removed: [] },
    });
  }
  return { channelId: channel.id };
}

/**
 * Employer: removes someone from a GROUP channel. The row stays, with `removedAt`: they keep
 * reading what was posted before and see nothing after. The time is `clock_timestamp()` under
 * the channel lock, the same clock messages are dated with (see {@link sendMessage}).
 * Removing someone already removed changes nothing (a retry is harmless).
 */
export async function removeChannelMember(tx: CommandContext, input: RemoveChannelMemberInput): Promise<MessagingChange> {
  const { manager, viewer } = tx;
  const channel = await lockChannelToManage(tx, input.channelId, 'REMOVE_MEMBER');
  const userId = input.userId;
  const member = await manager.getRepository(ChannelMember).findOne({
    where: { channelId: channel.id, userId },
    relations: { user: true },
  });
  if (!member) throw badInput('userId', 'That person is not a member of this channel.');
  if (member.removedAt !== null) return { channelId: channel.id };
  const actor = viewer.user.name;
  // The event first: it is dated (clock_timestamp()) before the removal, so the person removed
  // still sees why the channel went quiet for them.
  await recordEvent(manager, ChannelMembersChanged, {
    ...(await channelSource(tx, channel)),
    subject: channel,
    summary: userId === viewer.id ? `${actor} left ${channel.name}` : `${actor} removed ${member.user!.name} from ${channel.name}`,
    payload: { added: [], removed: [userId] },
  });
  await manager.query('UPDATE channel_members SET removed_at = clock_timestamp() WHERE channel_id = $1 AND user_id = $2', [channel.id, userId]);
  return { channelId: channel.id };
}
