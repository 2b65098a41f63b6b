import { list, planField, reference } from '../../api/read-plan/registry.js';
import { Organization } from '../accounts/organization.entity.js';
import { User } from '../accounts/user.entity.js';
import { Contract } from '../contracts/contract.entity.js';
import { Job } from '../jobs/job.entity.js';
import { Proposal } from '../proposals/proposal.entity.js';
import pg from 'pg';
import { Channel, ChannelKind } from './channel.entity.js';
import { channelView } from './messaging.policy.js';
import {
  channelMembers,
  channelMessages,
  channelMessagesNewestFirst,
  contractChannels,
  directChannelName,
  unreadMessagesSql,
  viewerChannels,
} from './messaging.service.js';

const parseTimestamp = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ, 'text') as (text: string) => Date;

// How the SQL read planner reads the messaging area's fields: from the same lists and SQL as its resolvers.
planField('Viewer', 'conversations', list(viewerChannels));
planField('Viewer', 'unreadMessageCount', {
  kind: 'computed',
  sql: (_alias, { viewer, parameter }) => `(${unreadMessagesSql(parameter(viewer.id))})`,
  read: (raw) => Number(raw),
});
planField('Contract', 'channels', list(contractChannels));
planField('Channel', 'messages', list(channelMessages));
planField('Channel', 'lastMessage', { kind: 'first', list: channelMessagesNewestFirst });
planField('Channel', 'members', { kind: 'all', list: channelMembers });
planField('Channel', 'unreadCount', {
  kind: 'computed',
  sql: (alias, { viewer, parameter }) => {
    if (alias === null) throw new Error('a channel is a row');
    return `(${unreadMessagesSql(parameter(viewer.id), `${alias}."id"`)})`;
  },
  read: (raw) => Number(raw),
});
// A DIRECT channel is named after the other party of its contract (channelName in messaging.service.ts).
planField('Channel', 'name', {
  kind: 'computed',
  sql: (alias, { readScope }) => {
    if (alias === null) throw new Error('a channel is a row');
    return `(SELECT ARRAY[name_k.title, name_k.trainer_id::text, name_o.name, name_t.name]
               FROM contracts name_k JOIN organizations name_o ON name_o.id = name_k.organization_id JOIN users name_t ON name_t.id = name_k.trainer_id
              WHERE name_k.id = ${alias}."contract_id" AND ${readScope(Contract, 'name_k')})`;
  },
  read: (raw, parent, viewer) => {
    const channel = parent as Channel;
    if (channel.kind !== ChannelKind.DIRECT || !channel.contractId || raw === null) return channel.name;
    const [title, trainerId, organizationName, trainerName] = raw as [string, string, string, string];
    return directChannelName(channel, trainerId === viewer.id ? organizationName : trainerName, title);
  },
  reads: ['kind', 'contractId', 'name'],
});
// When the newest message the viewer can read was sent: the `lastMessage` list's first row, its date only.
planField('Channel', 'lastMessageAt', {
  kind: 'computed',
  sql: (alias, { viewer, parameter }) => {
    if (alias === null) throw new Error('a channel is a row');
    return `(SELECT lm.created_at::text FROM messages lm
               JOIN channel_members member ON member.channel_id = lm.channel_id AND member.user_id = ${parameter(viewer.id)}
              WHERE lm.channel_id = ${alias}."id" AND ${channelView.includes('member', 'lm.created_at')}
              ORDER BY lm.seq DESC LIMIT 1)`;
  },
  read: (raw) => (raw === null ? null : parseTimestamp(raw as string)),
  reads: [],
});
planField('Channel', 'organization', reference(Organization, 'organizationId'));
planField('Channel', 'job', reference(Job, 'jobId'));
planField('Channel', 'contract', reference(Contract, 'contractId'));
planField('Channel', 'proposal', reference(Proposal, 'proposalId'));
planField('Message', 'author', reference(User, 'authorId'));
planField('Message', 'channel', reference(Channel, 'channelId'));
