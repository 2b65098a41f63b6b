import { channelsScope, channelView } from './messaging.policy.js';
import type { SignedInContext } from '../../api/context.js';
import type { Connection, ConnectionArgs } from '../../graphql/pagination.js';
import { defineList, pageQueryOf } from '../../graphql/lists.js';
import { User } from '../accounts/user.entity.js';
import { loadVisible } from '../../api/visible.js';
import { Organization } from '../accounts/organization.entity.js';
import { Contract } from '../contracts/contract.entity.js';
import { ChannelMember } from './channel-member.entity.js';
import { Channel, ChannelKind } from './channel.entity.js';
import { Message } from './message.entity.js';

/**
 * Most recently active first, as the viewer knows it: a removed member's activity stops at their
 * removal, so the order does not reveal messages they cannot read.
 */
const byRecentActivity = [
  {
    expression: `LEAST(COALESCE(a.last_message_at, a.created_at), ${channelView.horizon('viewer_member')})`,
    direction: 'DESC' as const,
  },
];

/** Messages tab: the channels the viewer is a member of, most recently active first. */
export const viewerChannels = defineList<Channel, ConnectionArgs>({
  entity: Channel,
  alias: 'a',
  where: (query, _args, viewer) => {
    query.innerJoin(ChannelMember, 'viewer_member', 'viewer_member.channel_id = a.id AND viewer_member.user_id = :sortViewerId', { sortViewerId: viewer.id });
    channelsScope(query, viewer);
  },
  sort: byRecentActivity,
});

/**
 * A contract's conversations as the job's Messages tab lists them: the contract's own channels
 * (its DIRECT one), and the GROUP channels of the contract's job, which belong to the job and not
 * to one contract. Only channels the viewer is a member of (the Channel scope); of the job's
 * GROUP channels only those they are in now: one they were removed from leaves the job's tab
 * (they still find its history, up to their removal, under Messages).
 */
export const contractChannels = defineList<Channel, ConnectionArgs>({
  entity: Channel,
  alias: 'a',
  parent: 'of_contract.id',
  where: (query, args, viewer) => {
    viewerChannels.where(query, args, viewer);
    query.innerJoin(
      Contract,
      'of_contract',
      `(a.contract_id = of_contract.id OR (a.kind = :groupKind AND a.job_id = of_contract.job_id AND viewer_member.removed_at IS NULL))`,
      { groupKind: ChannelKind.GROUP },
    );
  },
  sort: byRecentActivity,
});

/**
 * Messages of a channel the viewer may read, oldest first, so `last: 20` is the newest page and
 * `before` pages back through history. A removed member reads up to their removal.
 */
export const channelMessages = defineList<Message, ConnectionArgs>({
  entity: Message,
  alias: 'm',
  parent: 'm.channel_id',
  where: (query, _args, viewer) => {
    query
      .innerJoin(ChannelMember, 'member', 'member.channel_id = m.channel_id AND member.user_id = :viewerId', { viewerId: viewer.id })
      .andWhere(channelView.includes('member', 'm.created_at'));
  },
  sort: [{ expression: 'm.seq', direction: 'ASC' }],
});

/** The same messages, newest first: a channel's `lastMessage` is the first. */
export const channelMessagesNewestFirst = defineList<Message, ConnectionArgs>({ ...channelMessages, sort: [{ expression: 'm.seq', direction: 'DESC' }] });

/**
 * Who is in the channel, in the order they joined, as the viewer may know it: the members now,
 * or, for someone removed, the members when they were removed (the policy's channel rule).
 */
export const channelMembers = defineList<User, ConnectionArgs>({
  entity: User,
  alias: 'u',
  parent: 'other.channel_id',
  where: (query, _args, viewer) => {
    query
      .innerJoin(ChannelMember, 'other', 'other.user_id = u.id')
      .innerJoin(ChannelMember, 'viewer_member', 'viewer_member.channel_id = other.channel_id AND viewer_member.user_id = :viewerId', { viewerId: viewer.id })
      .andWhere(channelView.lists('viewer_member', 'other'));
  },
  sort: [
    { expression: 'other.joined_at', direction: 'ASC' },
    { expression: 'other.user_id', direction: 'ASC' },
  ],
});

/**
 * The messages from others after the viewer's read position (in one channel, or in all of theirs),
 * as SQL. Counted membership by membership, each a range of the `(channel_id, seq)` index past the
 * read position: a join of messages with the viewer's memberships lets PostgreSQL read every message
 * of every channel (a sequential scan of the table, at the bench's size) to keep the unread ones.
 */
export function unreadMessagesSql(viewer: string, channel?: string): string {
  return `SELECT COALESCE(sum((SELECT count(*) FROM messages m
                     WHERE m.channel_id = cm.channel_id AND m.seq > cm.last_read_seq AND m.author_id <> ${viewer}
                       AND ${channelView.includes('cm', 'm.created_at')})), 0)::bigint AS count
            FROM channel_members cm
           WHERE cm.user_id = ${viewer}${channel ? ` AND cm.channel_id = ${channel}` : ''}`;
}

/**
 * The PROPOSAL thread `submitProposal` opened for a proposal, batched across proposals; unchecked
 * (the caller asks the Channel rule, `readableOrNull`, as for any row found otherwise than by id).
 */
export function threadOfProposal(context: SignedInContext, proposalId: string): Promise<Channel | null> {
  return context.loaders
    .named<string, Channel | null>('channels.threadOfProposal', async (proposalIds) => {
      const rows = await context.loaders.manager
        .getRepository(Channel)
        .createQueryBuilder('a')
        .where('a.proposal_id IN (:...proposalIds) AND a.kind = :kind', { proposalIds, kind: ChannelKind.PROPOSAL })
        .getMany();
      const byProposal = new Map(rows.map((row) => [row.proposalId, row]));
      return proposalIds.map((id) => byProposal.get(id) ?? null);
    })
    .load(proposalId);
}

/** Channels the viewer is a member of, most recently active first. */
export function channelsOf(context: SignedInContext, args: ConnectionArgs): Promise<Connection<Channel>> {
  return context.loaders.page(Channel, args, pageQueryOf(context.loaders.manager, viewerChannels, args, context.viewer));
}

/** A contract's conversations (see {@link contractChannels}), batched across contracts. */
export function channelsOfContract(context: SignedInContext, contractId: string, args: ConnectionArgs): Promise<Connection<Channel>> {
  return context.loaders
    .connection(Channel, 'contract.channels', args, (contractIds) => pageQueryOf(context.loaders.manager, contractChannels, args, context.viewer, contractIds))
    .load(contractId);
}

/** A channel's messages (see {@link channelMessages}), batched across channels. */
export function messagesOf(context: SignedInContext, channelId: string, args: ConnectionArgs): Promise<Connection<Message>> {
  return context.loaders
    .connection(Message, 'channel.messages', args, (channelIds) => pageQueryOf(context.loaders.manager, channelMessages, args, context.viewer, channelIds))
    .load(channelId);
}

/** Messages from others after the viewer's read position. */
export function unreadCount(context: SignedInContext, channelId: string): Promise<number> {
  return context.loaders
    .named<string, number>('channel.unread', async (channelIds) => {
      const rows: Array<{ channel_id: string; unread: string }> = await context.loaders.manager.query(
        `SELECT m.channel_id, count(*) AS unread
           FROM messages m
           JOIN channel_members cm ON cm.channel_id = m.channel_id AND cm.user_id = $1
          WHERE m.channel_id = ANY($2::uuid[]) AND m.seq > cm.last_read_seq AND m.author_id <> $1
            AND ${channelView.includes('cm', 'm.created_at')}
          GROUP BY m.channel_id`,
        [context.viewer.id, channelIds],
      );
      const byChannel = new Map(rows.map((row) => [row.channel_id, Number(row.unread)]));
      return channelIds.map((id) => byChannel.get(id) ?? 0);
    })
    .load(channelId);
}

/** All unread messages across the viewer's channels (the dashboard's badge). */
export async function totalUnread(context: SignedInContext): Promise<number> {
  const [row]: Array<{ count: string }> = await context.loaders.manager.query(unreadMessagesSql('$1'), [context.viewer.id]);
  return Number(row?.count ?? 0);
}

/** The newest message the viewer may read in each channel. */
export function lastMessage(context: SignedInContext, channelId: string): Promise<Message | null> {
  return context.loaders
    .named<string, Message | null>('channel.lastMessage', async (channelIds) => {
      const rows: Array<{ id: string }> = await context.loaders.manager.query(
        `SELECT DISTINCT ON (m.channel_id) m.id
           FROM messages m
           JOIN channel_members cm ON cm.channel_id = m.channel_id AND cm.user_id = $1
          WHERE m.channel_id = ANY($2::uuid[]) AND ${channelView.includes('cm', 'm.created_at')}
          ORDER BY m.channel_id, m.seq DESC`,
        [context.viewer.id, channelIds],
      );
      const messages = await context.loaders.byId(Message).loadMany(rows.map((row) => row.id));
      const byChannel = new Map<string, Message>();
      for (const message of messages) if (message && !(message instanceof Error)) byChannel.set(message.channelId, message);
      return channelIds.map((id) => byChannel.get(id) ?? null);
    })
    .load(channelId);
}

/**
 * Who is in the channel, in the order they joined, as the viewer may know it: the members now,
 * or, for someone removed, the members when they were removed (the policy's channel rule).
 */
export function membersOf(context: SignedInContext, channelId: string): Promise<User[]> {
  return context.loaders
    .named<string, User[]>('channel.members', async (channelIds) => {
      const rows: Array<{ channel_id: string; user_id: string }> = await context.loaders.manager.query(
        `SELECT other.channel_id, other.user_id
           FROM channel_members other
           JOIN channel_members viewer_member ON viewer_member.channel_id = other.channel_id AND viewer_member.user_id = $1
          WHERE other.channel_id = ANY($2::uuid[]) AND ${channelView.lists('viewer_member', 'other')}
          ORDER BY other.joined_at, other.user_id`,
        [context.viewer.id, channelIds],
      );
      const users = await context.loaders.byId(User).loadMany(rows.map((row) => row.user_id));
      const byChannel = new Map<string, User[]>(channelIds.map((id) => [id, []]));
      rows.forEach((row, index) => {
        const user = users[index];
        if (user && !(user instanceof Error)) byChannel.get(row.channel_id)?.push(user);
      });
      return channelIds.map((id) => byChannel.get(id) ?? []);
    })
    .load(channelId);
}

/**
 * The channel's name as the viewer sees it. A DIRECT channel is named after the other party of
 * its contract, never the viewer: "<trainer> · <contract>" for the organization's side,
 * "<organization> · <contract>" for the trainer (its stored name, used in activity summaries,
 * starts with the trainer's). Other kinds keep the name they were given.
 *
 * Only rows by id are read, and the viewer only for a DIRECT channel: live delivery shares those
 * rows between subscribers (events/delivery.ts), so a message reaching many people costs no
 * statement per person, and GROUP and PROPOSAL payloads stay shared outright.
 */
export async function channelName(context: SignedInContext, channel: Channel): Promise<string> {
  if (channel.kind !== ChannelKind.DIRECT || !channel.contractId) return channel.name;
  const contract = await loadVisible(context, Contract, channel.contractId);
  if (!contract) return channel.name;
  const other =
    contract.trainerId === context.viewer.id
      ? await loadVisible(context, Organization, contract.organizationId)
      : await loadVisible(context, User, contract.trainerId);
  return directChannelName(channel, other?.name ?? null, contract.title);
}

/** A DIRECT channel's name for one side: the other party's name and the contract's title. */
export function directChannelName(channel: Channel, otherPartyName: string | null, contractTitle: string): string {
  return otherPartyName !== null ? `${otherPartyName} · ${contractTitle}` : channel.name;
}
