import { defineAudience } from '../../events/audience.js';
import { defineReadRule, defineReadScope, userIds, type PolicyContext, type PolicyQuery } from '../../policy/policy.js';
import type { Viewer } from '../../auth/viewer.js';
import { EventAudience } from '../../events/activity-event.entity.js';
import { ChannelMember } from './channel-member.entity.js';
import { Channel } from './channel.entity.js';
import { Message } from './message.entity.js';

/**
 * What a channel member reads, as SQL: the one rule behind messages, read positions and unread
 * counts, the feed, live delivery and the member list. A member reads the channel up to their
 * horizon: everything while they are in it; once removed, the channel as it was at their
 * removal, and nothing after. Each form takes `member`, the alias of the viewer's own
 * `channel_members` row, which the query joins.
 *
 * Decided in SQL only, never in JavaScript: timestamps there have microseconds, JavaScript dates
 * only milliseconds, and two copies of the rule must never disagree. Everything compared with
 * the horizon is dated by `clock_timestamp()` under the channel's lock (see messaging.mutations.ts),
 * like removals, so "before" and "after" a removal mean commit order.
 */
export const channelView = {
  /** The last moment the member reads: their removal, or no end while they are in it. */
  horizon: (member: string) => `COALESCE(${member}.removed_at, 'infinity')`,

  /** Whether something in the channel dated `at` (a message, an event, a membership change) is readable. */
  includes: (member: string, at: string) => `${at} <= ${channelView.horizon(member)}`,

  /**
   * Whether the membership row `other` is listed: its joining is readable and its removal, if
   * any, is not. For a current member that is who is in the channel now; for a removed one, who
   * was in it when they were removed (without themselves), never who joined or left after.
   */
  lists: (member: string, other: string) =>
    `(${channelView.includes(member, `${other}.joined_at`)} AND NOT COALESCE(${channelView.includes(member, `${other}.removed_at`)}, FALSE))`,
};

/** The viewer's membership of a channel, current or ended (batched per request). */
function membership(channelId: string, context: PolicyContext): Promise<ChannelMember | null> {
  return context.loaders
    .named<string, ChannelMember | null>('policy.membership', async (channelIds) => {
      const rows = await context.loaders.manager
        .getRepository(ChannelMember)
        .createQueryBuilder('m')
        .where('m.user_id = :viewerId AND m.channel_id IN (:...channelIds)', { viewerId: context.viewer.id, channelIds })
        .getMany();
      const byChannel = new Map(rows.map((row) => [row.channelId, row]));
      return channelIds.map((id) => byChannel.get(id) ?? null);
    })
    .load(channelId);
}

/** A message or channel event, by the channel rule above. */
function visibleInChannel(table: 'messages' | 'events', id: string, context: PolicyContext): Promise<boolean> {
  return context.loaders
    .named<string, boolean>(`policy.visibleIn.${table}`, async (ids) => {
      const rows: Array<{ id: string }> = await context.loaders.manager.query(
        `SELECT t.id FROM ${table} t
           JOIN channel_members cm ON cm.channel_id = t.channel_id AND cm.user_id = $1
          WHERE t.id = ANY($2::uuid[]) AND ${channelView.includes('cm', 't.created_at')}`,
        [context.viewer.id, ids],
      );
      const visible = new Set(rows.map((row) => row.id));
      return ids.map((candidate) => visible.has(candidate));
    })
    .load(id);
}

// A channel is read by its members, current and removed; a message by the channel rule.
defineReadRule(Channel, async (channel, context) => (await membership(channel.id, context)) !== null);
defineReadRule(Message, (message, context) => visibleInChannel('messages', message.id, context));

/** The Channel rule as SQL, for lists. */
export function channelsScope(query: PolicyQuery, viewer: Viewer, alias = query.alias): PolicyQuery {
  return query.andWhere(`EXISTS (SELECT 1 FROM channel_members scope_m WHERE scope_m.channel_id = ${alias}.id AND scope_m.user_id = :scopeViewerId)`, {
    scopeViewerId: viewer.id,
  });
}

defineReadScope(Channel, (query, viewer, alias) => channelsScope(query, viewer, alias));
// The Message rule as SQL: a member reads the messages up to their horizon.
defineReadScope(Message, (query, viewer, alias) =>
  query.andWhere(
    `EXISTS (SELECT 1 FROM channel_members scope_m WHERE scope_m.channel_id = ${alias}.channel_id AND scope_m.user_id = :scopeViewerId
             AND ${channelView.includes('scope_m', `${alias}.created_at`)})`,
    { scopeViewerId: viewer.id },
  ),
);

// Events in a channel (messages, membership changes): its members, up to their horizon.
defineAudience(EventAudience.CHANNEL, {
  reads: (event, context) => visibleInChannel('events', event.id, context),
  sql: (alias) =>
    `EXISTS (SELECT 1 FROM channel_members scope_m WHERE scope_m.channel_id = ${alias}.channel_id
      AND scope_m.user_id = :scopeViewerId AND ${channelView.includes('scope_m', `${alias}.created_at`)})`,
  readers: async (event, manager) => {
    const readers = await userIds(
      manager,
      `SELECT cm.user_id FROM events t
         JOIN channel_members cm ON cm.channel_id = t.channel_id
        WHERE t.id = $1 AND ${channelView.includes('cm', 't.created_at')}`,
      [event.id],
    );
    return (viewer) => readers.has(viewer.id);
  },
});
