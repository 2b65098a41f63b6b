import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventAudience } from '../src/events/activity-event.entity.js';
import { toGlobalId } from '../src/graphql/global-id.js';
import type { User } from '../src/modules/accounts/user.entity.js';
import { InvoiceStatus } from '../src/modules/billing/invoice.entity.js';
import { PayoutStatus } from '../src/modules/billing/payout.entity.js';
import { CalendarEventKind } from '../src/modules/calendar/calendar-event.entity.js';
import { ContractStatus } from '../src/modules/contracts/contract.entity.js';
import { JobStatus } from '../src/modules/jobs/job.entity.js';
import { ChannelKind, type Channel } from '../src/modules/messaging/channel.entity.js';
import { MilestoneAction } from '../src/modules/milestones/milestone-event.entity.js';
import { MilestoneStatus } from '../src/modules/milestones/milestone.entity.js';
import { ProposalStatus } from '../src/modules/proposals/proposal.entity.js';
import { Factory } from './factories.js';
import { startTestServer, type TestServer } from './helpers.js';

/**
 * The read graph as people see it: each tab of the dashboard and the object pages behind it,
 * asked for over HTTP exactly as a client would. One server for the file; every `describe`
 * builds a small world of its own (its own organization and users), so the viewers' lists hold
 * exactly what that block created.
 */
let server: TestServer;
let factory: Factory;

beforeAll(async () => {
  server = await startTestServer();
  factory = new Factory(server.workroom.dataSource);
});

afterAll(async () => {
  await server?.stop();
});

const gid = toGlobalId;
const sql = (query: string, parameters: unknown[]) => server.workroom.dataSource.query(query, parameters);
const signInAs = (user: User) => server.signIn(user.email);
const hours = (n: number) => n * 3600 * 1000;
const days = (n: number) => n * 24 * 3600 * 1000;
const iso = (date: Date) => date.toISOString();

/** Runs a query that must succeed and returns its data. */
async function ask<T>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await server.graphql<T>(query, { token, variables });
  expect(result.errors, `unexpected errors: ${JSON.stringify(result.errors)}`).toBeUndefined();
  return result.data as T;
}

/** Runs a query that must fail and returns the first error. */
async function refusal(token: string, query: string, variables: Record<string, unknown> = {}) {
  const result = await server.graphql(query, { token, variables });
  expect(result.errors, 'expected an error').toBeDefined();
  return result.errors![0]!;
}

interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

describe('messages page both ways', () => {
  let token: string;
  let channelId: string;

  const messagesQuery = `
    query Messages($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
      node(id: $id) {
        ... on Channel {
          messages(first: $first, after: $after, last: $last, before: $before) {
            totalCount
            pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
            edges { cursor node { body } }
          }
        }
      }
    }`;

  interface MessagePage {
    totalCount: number;
    pageInfo: PageInfo;
    edges: Array<{ cursor: string; node: { body: string } }>;
  }

  async function readPage(reader: string, id: string, args: { first?: number; after?: string | null; last?: number; before?: string | null }) {
    const data = await ask<{ node: { messages: MessagePage } }>(reader, messagesQuery, { id, ...args });
    const messages = data.node.messages;
    // The page's cursors are those of its first and last edge.
    expect(messages.pageInfo.startCursor).toBe(messages.edges[0]?.cursor ?? null);
    expect(messages.pageInfo.endCursor).toBe(messages.edges.at(-1)?.cursor ?? null);
    return messages;
  }

  const page = (id: string, args: { first?: number; after?: string | null; last?: number; before?: string | null }) => readPage(token, id, args);
  const bodies = (messages: MessagePage) => messages.edges.map((edge) => edge.node.body);
  const numbered = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => `Message ${from + index}`);

  beforeAll(async () => {
    const organization = await factory.organization();
    const employer = await factory.employer(organization);
    const trainer = await factory.trainer();
    const channel = await factory.channel(organization, [trainer, employer]);
    for (let n = 1; n <= 25; n += 1) await factory.message(channel, n % 2 === 1 ? employer : trainer, `Message ${n}`);
    channelId = gid('Channel', channel.id);
    token = await signInAs(trainer);
  });

  it('`last: 10` is the newest page, oldest first, and `before` pages back to the start', async () => {
    const newest = await page(channelId, { last: 10 });
    expect(bodies(newest)).toEqual(numbered(16, 25));
    expect(newest.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    expect(newest.totalCount).toBe(25);

    const middle = await page(channelId, { last: 10, before: newest.pageInfo.startCursor });
    expect(bodies(middle)).toEqual(numbered(6, 15));
    expect(middle.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    expect(middle.totalCount).toBe(25);

    const oldest = await page(channelId, { last: 10, before: middle.pageInfo.startCursor });
    expect(bodies(oldest)).toEqual(numbered(1, 5));
    expect(oldest.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
    expect(oldest.totalCount).toBe(25);
  });

  it('`first: 10` with `after` pages forward to the end', async () => {
    const first = await page(channelId, { first: 10 });
    expect(bodies(first)).toEqual(numbered(1, 10));
    expect(first.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
    expect(first.totalCount).toBe(25);

    const second = await page(channelId, { first: 10, after: first.pageInfo.endCursor });
    expect(bodies(second)).toEqual(numbered(11, 20));
    expect(second.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    expect(second.totalCount).toBe(25);

    const third = await page(channelId, { first: 10, after: second.pageInfo.endCursor });
    expect(bodies(third)).toEqual(numbered(21, 25));
    expect(third.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    expect(third.totalCount).toBe(25);
  });

  it('a message posted between two pages is neither skipped nor repeated: it comes at the end', async () => {
    const organization = await factory.organization();
    const employer = await factory.employer(organization);
    const trainer = await factory.trainer();
    const channel = await factory.channel(organization, [trainer, employer]);
    for (let n = 1; n <= 12; n += 1) await factory.message(channel, employer, `Message ${n}`);
    const id = gid('Channel', channel.id);
    const reader = await signInAs(trainer);
    const page = (args: { first: number; after?: string | null }) => readPage(reader, id, args);

    const first = await page({ first: 5 });
    expect(bodies(first)).toEqual(numbered(1, 5));
    expect(first.totalCount).toBe(12);

    await factory.message(channel, trainer, 'Message 13');

    const second = await page({ first: 5, after: first.pageInfo.endCursor });
    expect(bodies(second)).toEqual(numbered(6, 10));
    expect(second.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    const third = await page({ first: 5, after: second.pageInfo.endCursor });
    expect(bodies(third)).toEqual(numbered(11, 13));
    expect(third.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    expect(third.totalCount).toBe(13);
  });

  it('refuses `first` and `last` together as BAD_USER_INPUT', async () => {
    const error = await refusal(token, messagesQuery, { id: channelId, first: 10, last: 10 });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'last' });
    expect(error.message).toMatch(/either `first` or `last`/);
  });
});

describe('conversations', () => {
  let trainer: User;
  let employer: User;
  let colleague: User;
  let removed: User;
  let trainerToken: string;
  let proposalChannel: Channel;
  const channels: Record<'direct' | 'group' | 'proposal' | 'quiet' | 'left', string> = {} as never;
  const messageIds: Record<'beforeRemoval' | 'afterRemoval', string> = {} as never;

  beforeAll(async () => {
    const organization = await factory.organization();
    employer = await factory.employer(organization, { name: 'Dana Employer' });
    colleague = await factory.employer(organization, { name: 'Chris Colleague' });
    trainer = await factory.trainer({ name: 'Tess Trainer' });
    removed = await factory.trainer({ name: 'Rene Removed' });
    const direct = await factory.channel(organization, [trainer, employer], { kind: ChannelKind.DIRECT, name: 'Direct' });
    const group = await factory.channel(organization, [trainer, employer, colleague], { kind: ChannelKind.GROUP, name: 'Group' });
    const proposal = await factory.channel(organization, [trainer, employer], { kind: ChannelKind.PROPOSAL, name: 'Proposal' });
    const quiet = await factory.channel(organization, [trainer, employer], { kind: ChannelKind.GROUP, name: 'Quiet' });
    const left = await factory.channel(organization, [employer, removed], { kind: ChannelKind.GROUP, name: 'Left' });
    proposalChannel = proposal;
    Object.assign(channels, {
      direct: direct.id,
      group: group.id,
      proposal: proposal.id,
      quiet: quiet.id,
      left: left.id,
    });

    // Activity order, oldest first: proposal, direct, group. "Quiet" has no messages at all.
    await factory.message(proposal, trainer, 'Only mine');
    await factory.message(direct, employer, 'd1');
    await factory.message(direct, employer, 'd2');
    await factory.message(direct, trainer, 'd3 (mine)');
    await factory.message(direct, employer, 'd4');
    await factory.message(direct, employer, 'd5');
    await factory.message(group, colleague, 'g1');
    await factory.message(group, trainer, 'g2 (mine)');
    // The trainer has read the direct channel up to d2.
    await sql('UPDATE channel_members SET last_read_seq = $1 WHERE channel_id = $2 AND user_id = $3', [2, direct.id, trainer.id]);

    // A member removed between two messages.
    const before = await factory.message(left, employer, 'Before removal');
    const after = await factory.message(left, employer, 'After removal');
    await sql("UPDATE messages SET created_at = now() - interval '2 hours' WHERE id = $1", [before.id]);
    // Everyone joined before all that: a member list is read as of the removal too.
    await sql("UPDATE channel_members SET joined_at = now() - interval '3 hours' WHERE channel_id = $1", [left.id]);
    await sql("UPDATE channel_members SET removed_at = now() - interval '1 hour' WHERE channel_id = $1 AND user_id = $2", [left.id, removed.id]);
    Object.assign(messageIds, { beforeRemoval: before.id, afterRemoval: after.id });

    trainerToken = await signInAs(trainer);
  });

  const conversationsQuery = `{
    viewer {
      unreadMessageCount
      conversations {
        totalCount
        nodes { id name kind unreadCount lastMessage { body author { name } } }
      }
    }
  }`;

  interface Conversations {
    viewer: {
      unreadMessageCount: number;
      conversations: {
        totalCount: number;
        nodes: Array<{ id: string; name: string; kind: string; unreadCount: number; lastMessage: { body: string; author: { name: string } } | null }>;
      };
    };
  }

  it('lists conversations most recently active first, with the newest message and unread counts', async () => {
    const { viewer } = await ask<Conversations>(trainerToken, conversationsQuery);
    expect(viewer.conversations.totalCount).toBe(4);
    // Direct: d4 and d5 are unread (after read position 2; d3 is the trainer's own). Group: g1.
    expect(viewer.conversations.nodes).toEqual([
      {
        id: gid('Channel', channels.group),
        name: 'Group',
        kind: 'GROUP',
        unreadCount: 1,
        lastMessage: { body: 'g2 (mine)', author: { name: 'Tess Trainer' } },
      },
      { id: gid('Channel', channels.direct), name: 'Direct', kind: 'DIRECT', unreadCount: 2, lastMessage: { body: 'd5', author: { name: 'Dana Employer' } } },
      {
        id: gid('Channel', channels.proposal),
        name: 'Proposal',
        kind: 'PROPOSAL',
        unreadCount: 0,
        lastMessage: { body: 'Only mine', author: { name: 'Tess Trainer' } },
      },
      { id: gid('Channel', channels.quiet), name: 'Quiet', kind: 'GROUP', unreadCount: 0, lastMessage: null },
    ]);
    // The dashboard's badge is the sum of the conversations' counts.
    expect(viewer.unreadMessageCount).toBe(3);
  });

  it('moves a conversation to the top when a message arrives, and counts it unread for the others only', async () => {
    await factory.message(proposalChannel, employer, 'Any news?');
    const { viewer } = await ask<Conversations>(trainerToken, conversationsQuery);
    expect(viewer.conversations.nodes.map((node) => node.name)).toEqual(['Proposal', 'Group', 'Direct', 'Quiet']);
    expect(viewer.conversations.nodes[0]).toMatchObject({ unreadCount: 1, lastMessage: { body: 'Any news?' } });
    expect(viewer.unreadMessageCount).toBe(4);

    // The employer wrote it: not unread for them. Their read position is 0, so the trainer's
    // messages in each channel are.
    const employerView = await ask<Conversations>(await signInAs(employer), conversationsQuery);
    const byName = Object.fromEntries(employerView.viewer.conversations.nodes.map((node) => [node.name, node.unreadCount]));
    expect(byName).toEqual({ Proposal: 1, Group: 2, Direct: 1, Quiet: 0, Left: 0 });
    expect(employerView.viewer.unreadMessageCount).toBe(4);
  });

  it('a removed member keeps the history up to the removal and sees nothing after it', async () => {
    const token = await signInAs(removed);
    const channelQuery = `query ($id: ID!) {
      node(id: $id) { ... on Channel { name members { name } unreadCount lastMessage { body } messages { totalCount nodes { body } } } }
    }`;
    const { node } = await ask<{
      node: {
        name: string;
        members: Array<{ name: string }>;
        unreadCount: number;
        lastMessage: { body: string };
        messages: { totalCount: number; nodes: Array<{ body: string }> };
      };
    }>(token, channelQuery, { id: gid('Channel', channels.left) });
    expect(node).toEqual({
      name: 'Left',
      members: [{ name: 'Dana Employer' }],
      unreadCount: 1,
      lastMessage: { body: 'Before removal' },
      messages: { totalCount: 1, nodes: [{ body: 'Before removal' }] },
    });

    const messageQuery = 'query ($id: ID!) { node(id: $id) { ... on Message { body } } }';
    const before = await ask<{ node: { body: string } }>(token, messageQuery, { id: gid('Message', messageIds.beforeRemoval) });
    expect(before.node.body).toBe('Before removal');
    const after = await server.graphql<{ node: unknown }>(messageQuery, { token, variables: { id: gid('Message', messageIds.afterRemoval) } });
    expect(after.data?.node).toBeNull();
    expect(after.errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND' });

    const removedConversations = await ask<Conversations>(token, conversationsQuery);
    expect(removedConversations.viewer.conversations.nodes.map((conversation) => conversation.name)).toEqual(['Left']);
    expect(removedConversations.viewer.unreadMessageCount).toBe(1);

    // The remaining members no longer see them listed.
    const { node: employerView } = await ask<{ node: { members: Array<{ name: string }>; messages: { totalCount: number } } }>(
      await signInAs(employer),
      `query ($id: ID!) { node(id: $id) { ... on Channel { members { name } messages { totalCount } } } }`,
      { id: gid('Channel', channels.left) },
    );
    expect(employerView).toEqual({ members: [{ name: 'Dana Employer' }], messages: { totalCount: 2 } });
  });

  it('does not tell a removed member when the channel was last active after their removal', async () => {
    const [membership]: Array<{ removed_at: Date }> = await sql('SELECT removed_at FROM channel_members WHERE channel_id = $1 AND user_id = $2', [
      channels.left,
      removed.id,
    ]);
    const { node } = await ask<{ node: { lastMessageAt: string | null; lastMessage: { body: string; createdAt: string } } }>(
      await signInAs(removed),
      'query ($id: ID!) { node(id: $id) { ... on Channel { lastMessageAt lastMessage { body createdAt } } } }',
      { id: gid('Channel', channels.left) },
    );
    expect(node.lastMessage.body).toBe('Before removal');
    expect(
      Date.parse(node.lastMessageAt ?? ''),
      `lastMessageAt ${node.lastMessageAt} is the time of "After removal", a message the member may not read (removed at ${membership!.removed_at.toISOString()})`,
    ).toBeLessThanOrEqual(membership!.removed_at.getTime());
  });

  it('a message created in the same millisecond as the removal, but after it, is hidden from node(id:) too', async () => {
    // The list reads PostgreSQL's microsecond timestamps; node(id:) must agree with it.
    const organization = await factory.organization();
    const owner = await factory.employer(organization);
    const leaver = await factory.trainer();
    const channel = await factory.channel(organization, [owner, leaver], { name: 'Sub-millisecond' });
    const early = await factory.message(channel, owner, 'Early');
    const late = await factory.message(channel, owner, 'Late');
    await sql('UPDATE messages SET created_at = $1 WHERE id = $2', ['2030-01-01T00:00:00.000000Z', early.id]);
    await sql('UPDATE messages SET created_at = $1 WHERE id = $2', ['2030-01-01T00:00:01.000600Z', late.id]);
    await sql('UPDATE channel_members SET removed_at = $1 WHERE channel_id = $2 AND user_id = $3', ['2030-01-01T00:00:01.000100Z', channel.id, leaver.id]);
    const token = await signInAs(leaver);

    const { node } = await ask<{ node: { messages: { nodes: Array<{ body: string }> } } }>(
      token,
      'query ($id: ID!) { node(id: $id) { ... on Channel { messages { nodes { body } } } } }',
      { id: gid('Channel', channel.id) },
    );
    expect(node.messages.nodes).toEqual([{ body: 'Early' }]);

    const hidden = await server.graphql<{ node: unknown }>('query ($id: ID!) { node(id: $id) { ... on Message { body } } }', {
      token,
      variables: { id: gid('Message', late.id) },
    });
    expect(
      hidden.errors?.[0]?.extensions,
      'node(id:) shows a message posted 0.5 ms after the removal that messages() hides (policy compares JS Dates, ms precision)',
    ).toEqual({ code: 'NOT_FOUND' });
  });
});

describe('contract tab', () => {
  let trainerToken: string;
  let employerToken: string;
  let contractId: string;
  const contracts: Record<'active' | 'paused' | 'ended', string> = {} as never;

  beforeAll(async () => {
    const organization = await factory.organization();
    const employer = await factory.employer(organization, { name: 'Dana Employer' });
    const trainer = await factory.trainer({ name: 'Tess Trainer' });
    const job = await factory.job(organization, { title: 'Rank answers' });
    const now = Date.now();
    const contract = await factory.contract(job, trainer, {
      title: 'Rank answers',
      totalBudgetCents: 1_000_000,
      startedAt: new Date(now - days(3)),
    });
    const paused = await factory.contract(await factory.job(organization), trainer, {
      title: 'Paused work',
      status: ContractStatus.PAUSED,
      startedAt: new Date(now - days(1)),
    });
    const ended = await factory.contract(await factory.job(organization), trainer, {
      title: 'Ended work',
      status: ContractStatus.ENDED,
      startedAt: new Date(now - days(2)),
      endedAt: new Date(now - hours(1)),
    });
    Object.assign(contracts, { active: contract.id, paused: paused.id, ended: ended.id });
    contractId = gid('Contract', contract.id);

    // Created out of order; listed by number.
    const milestones: Array<[number, MilestoneStatus, number]> = [
      [3, MilestoneStatus.PAID, 100_000],
      [1, MilestoneStatus.PAID, 25_000],
      [2, MilestoneStatus.FUNDED, 50_000],
      [5, MilestoneStatus.CHANGES_REQUESTED, 20_000],
      [4, MilestoneStatus.SUBMITTED, 30_000],
      [6, MilestoneStatus.DISPUTED, 15_000],
      [7, MilestoneStatus.NOT_FUNDED, 40_000],
      [8, MilestoneStatus.CANCELLED, 60_000],
    ];
    for (const [number, status, amountCents] of milestones) {
      const milestone = await factory.milestone(contract, { number, status, amountCents, title: `Part ${number}` });
      if (number !== 1) continue;
      // Its history, inserted shuffled; read back by time.
      const at = (hour: number) => new Date(now - days(10) + hours(hour));
      await factory.milestoneEvent(milestone, employer, {
        action: MilestoneAction.APPROVED,
        fromStatus: MilestoneStatus.SUBMITTED,
        toStatus: MilestoneStatus.PAID,
        at: at(3),
      });
      await factory.milestoneEvent(milestone, employer, {
        action: MilestoneAction.CREATED,
        fromStatus: null,
        toStatus: MilestoneStatus.NOT_FUNDED,
        at: at(0),
      });
      await factory.milestoneEvent(milestone, trainer, {
        action: MilestoneAction.SUBMITTED,
        fromStatus: MilestoneStatus.FUNDED,
        toStatus: MilestoneStatus.SUBMITTED,
        note: 'Done, see the sheet.',
        attachments: [{ name: 'labels.csv', url: 'https://files.example.com/labels.csv' }],
        at: at(2),
      });
      await factory.milestoneEvent(milestone, employer, {
        action: MilestoneAction.FUNDED,
        fromStatus: MilestoneStatus.NOT_FUNDED,
        toStatus: MilestoneStatus.FUNDED,
        at: at(1),
      });
    }

    await factory.accessGrant(contract, employer, { name: 'Old workspace', grantedAt: new Date(now - days(5)) });
    await factory.accessGrant(contract, employer, {
      name: 'Revoked dataset',
      grantedAt: new Date(now - days(4)),
      revokedAt: new Date(now - days(1)),
    });
    await factory.accessGrant(contract, employer, { name: 'New workspace', grantedAt: new Date(now - days(2)) });

    trainerToken = await signInAs(trainer);
    employerToken = await signInAs(employer);
  });

  it('sums the milestones by status in the billing summary', async () => {
    const query = `query ($id: ID!) {
      node(id: $id) {
        ... on Contract {
          billingSummary {
            paidOut { cents amount currency formatted }
            activeAndFunded { cents amount currency }
            pendingApproval { cents amount currency }
            inDispute { cents amount currency }
            totalBudget { cents amount currency formatted }
          }
        }
      }
    }`;
    const expected = {
      paidOut: { cents: 125_000, amount: '1250.00', currency: 'USD', formatted: '$1,250.00' },
      activeAndFunded: { cents: 70_000, amount: '700.00', currency: 'USD' },
      pendingApproval: { cents: 30_000, amount: '300.00', currency: 'USD' },
      inDispute: { cents: 15_000, amount: '150.00', currency: 'USD' },
      totalBudget: { cents: 1_000_000, amount: '10000.00', currency: 'USD', formatted: '$10,000.00' },
    };
    // NOT_FUNDED (400.00) and CANCELLED (600.00) count nowhere; the employer sees the same sums.
    for (const token of [trainerToken, employerToken]) {
      const { node } = await ask<{ node: { billingSummary: unknown } }>(token, query, { id: contractId });
      expect(node.billingSummary).toEqual(expected);
    }
  });

  it('lists milestones by number, each with its history oldest first', async () => {
    const { node } = await ask<{
      node: {
        milestones: {
          totalCount: number;
          nodes: Array<{
            number: number;
            title: string;
            status: string;
            amount: { amount: string };
            history: { totalCount: number; nodes: Array<Record<string, unknown>> };
          }>;
        };
      };
    }>(
      trainerToken,
      `query ($id: ID!) {
        node(id: $id) {
          ... on Contract {
            milestones {
              totalCount
              nodes {
                number title status amount { amount }
                history { totalCount nodes { action fromStatus toStatus note attachments { name url } actor { name } } }
              }
            }
          }
        }
      }`,
      { id: contractId },
    );
    expect(node.milestones.totalCount).toBe(8);
    expect(node.milestones.nodes.map((milestone) => [milestone.number, milestone.title, milestone.status, milestone.amount.amount])).toEqual([
      [1, 'Part 1', 'PAID', '250.00'],
      [2, 'Part 2', 'FUNDED', '500.00'],
      [3, 'Part 3', 'PAID', '1000.00'],
      [4, 'Part 4', 'SUBMITTED', '300.00'],
      [5, 'Part 5', 'CHANGES_REQUESTED', '200.00'],
      [6, 'Part 6', 'DISPUTED', '150.00'],
      [7, 'Part 7', 'NOT_FUNDED', '400.00'],
      [8, 'Part 8', 'CANCELLED', '600.00'],
    ]);
    expect(node.milestones.nodes[0]!.history).toEqual({
      totalCount: 4,
      nodes: [
        { action: 'CREATED', fromStatus: null, toStatus: 'NOT_FUNDED', note: null, attachments: [], actor: { name: 'Dana Employer' } },
        { action: 'FUNDED', fromStatus: 'NOT_FUNDED', toStatus: 'FUNDED', note: null, attachments: [], actor: { name: 'Dana Employer' } },
        {
          action: 'SUBMITTED',
          fromStatus: 'FUNDED',
          toStatus: 'SUBMITTED',
          note: 'Done, see the sheet.',
          attachments: [{ name: 'labels.csv', url: 'https://files.example.com/labels.csv' }],
          actor: { name: 'Tess Trainer' },
        },
        { action: 'APPROVED', fromStatus: 'SUBMITTED', toStatus: 'PAID', note: null, attachments: [], actor: { name: 'Dana Employer' } },
      ],
    });
    expect(node.milestones.nodes[1]!.history).toEqual({ totalCount: 0, nodes: [] });
  });

  it('filters milestones by status', async () => {
    const { node } = await ask<{ node: Record<string, { totalCount: number; nodes: Array<{ number: number }> }> }>(
      trainerToken,
      `query ($id: ID!) {
        node(id: $id) {
          ... on Contract {
            funded: milestones(status: [FUNDED]) { totalCount nodes { number } }
            working: milestones(status: [CHANGES_REQUESTED, FUNDED]) { totalCount nodes { number } }
            done: milestones(status: [PAID]) { totalCount nodes { number } }
          }
        }
      }`,
      { id: contractId },
    );
    expect(node).toEqual({
      funded: { totalCount: 1, nodes: [{ number: 2 }] },
      working: { totalCount: 2, nodes: [{ number: 2 }, { number: 5 }] },
      done: { totalCount: 2, nodes: [{ number: 1 }, { number: 3 }] },
    });
  });

  it('hides revoked access grants unless asked for them', async () => {
    type Grants = { totalCount: number; nodes: Array<{ name: string; grantedBy: { name: string }; revokedAt: string | null }> };
    const { node } = await ask<{ node: { current: Grants; all: Grants } }>(
      trainerToken,
      `query ($id: ID!) {
        node(id: $id) {
          ... on Contract {
            current: accessGrants { totalCount nodes { name grantedBy { name } revokedAt } }
            all: accessGrants(includeRevoked: true) { totalCount nodes { name grantedBy { name } revokedAt } }
          }
        }
      }`,
      { id: contractId },
    );
    const summary = (list: Grants) => ({
      totalCount: list.totalCount,
      names: list.nodes.map((grant) => [grant.name, grant.grantedBy.name, grant.revokedAt !== null]),
    });
    expect(summary(node.current)).toEqual({
      totalCount: 2,
      names: [
        ['New workspace', 'Dana Employer', false],
        ['Old workspace', 'Dana Employer', false],
      ],
    });
    expect(summary(node.all)).toEqual({
      totalCount: 3,
      names: [
        ['New workspace', 'Dana Employer', false],
        ['Revoked dataset', 'Dana Employer', true],
        ['Old workspace', 'Dana Employer', false],
      ],
    });
  });

  it('puts ACTIVE and PAUSED contracts under My Jobs and ENDED ones under Finished, newest first', async () => {
    const query = `{
      viewer {
        activeContracts { totalCount nodes { id title status } }
        finishedContracts { totalCount nodes { id title status endedAt } }
      }
    }`;
    for (const token of [trainerToken, employerToken]) {
      const { viewer } = await ask<{
        viewer: {
          activeContracts: { totalCount: number; nodes: Array<{ id: string; title: string; status: string }> };
          finishedContracts: { totalCount: number; nodes: Array<{ id: string; title: string; status: string; endedAt: string | null }> };
        };
      }>(token, query);
      expect(viewer.activeContracts).toEqual({
        totalCount: 2,
        nodes: [
          { id: gid('Contract', contracts.paused), title: 'Paused work', status: 'PAUSED' },
          { id: gid('Contract', contracts.active), title: 'Rank answers', status: 'ACTIVE' },
        ],
      });
      expect(viewer.finishedContracts.totalCount).toBe(1);
      expect(viewer.finishedContracts.nodes).toEqual([
        { id: gid('Contract', contracts.ended), title: 'Ended work', status: 'ENDED', endedAt: expect.any(String) },
      ]);
    }
  });
});

describe('instructions', () => {
  let trainerToken: string;
  let employerToken: string;
  let trainerId: string;
  let documentId: string;
  let publishedContractId: string;
  let draftContractId: string;
  let draftDocumentId: string;
  let upToDateJobId: string;

  const instructionsQuery = `query ($id: ID!) {
    node(id: $id) {
      ... on Contract {
        instructions {
          id status version publishedVersion hasUnpublishedChanges hasUnreadUpdate acknowledgedVersion
          published { version body author { name } }
          draft { version body }
          revisions { totalCount nodes { version body author { name } } }
        }
      }
    }
  }`;

  interface Instructions {
    id: string;
    status: string;
    version: number | null;
    publishedVersion: number | null;
    hasUnpublishedChanges: boolean;
    hasUnreadUpdate: boolean;
    acknowledgedVersion: number | null;
    published: { version: number; body: string; author: { name: string } } | null;
    draft: { version: number; body: string } | null;
    revisions: { totalCount: number; nodes: Array<{ version: number; body: string; author: { name: string } }> };
  }

  const instructionsOf = async (token: string, id: string) =>
    (await ask<{ node: { instructions: Instructions | null } }>(token, instructionsQuery, { id })).node.instructions;

  beforeAll(async () => {
    const organization = await factory.organization();
    const employer = await factory.employer(organization, { name: 'Dana Author' });
    const trainer = await factory.trainer();
    trainerId = trainer.id;

    // Three saved versions, the second published.
    const job = await factory.job(organization);
    const contract = await factory.contract(job, trainer);
    const { document } = await factory.instructions(job, employer, { versions: 3, publishedVersion: 2 });
    documentId = document.id;
    publishedContractId = gid('Contract', contract.id);

    // Never published.
    const draftJob = await factory.job(organization);
    const draftContract = await factory.contract(draftJob, trainer);
    const draft = await factory.instructions(draftJob, employer, { versions: 2, publishedVersion: null });
    draftContractId = gid('Contract', draftContract.id);
    draftDocumentId = draft.document.id;

    // Published and unchanged since.
    const upToDate = await factory.job(organization);
    await factory.instructions(upToDate, employer, { versions: 2, publishedVersion: 2 });
    upToDateJobId = gid('Job', upToDate.id);

    trainerToken = await signInAs(trainer);
    employerToken = await signInAs(employer);
  });

  it('shows a hired trainer the published version only', async () => {
    const instructions = await instructionsOf(trainerToken, publishedContractId);
    expect(instructions).toEqual({
      id: gid('InstructionDocument', documentId),
      status: 'PUBLISHED',
      version: null,
      publishedVersion: 2,
      hasUnpublishedChanges: false,
      hasUnreadUpdate: true,
      acknowledgedVersion: null,
      published: { version: 2, body: '# Guidelines v2', author: { name: 'Dana Author' } },
      draft: null,
      revisions: { totalCount: 0, nodes: [] },
    });
  });

  it('flags an update until the trainer acknowledges the published version', async () => {
    await sql('INSERT INTO instruction_acks (document_id, trainer_id, version) VALUES ($1, $2, $3)', [documentId, trainerId, 1]);
    expect(await instructionsOf(trainerToken, publishedContractId)).toMatchObject({ acknowledgedVersion: 1, hasUnreadUpdate: true });

    await sql('UPDATE instruction_acks SET version = $1 WHERE document_id = $2 AND trainer_id = $3', [2, documentId, trainerId]);
    expect(await instructionsOf(trainerToken, publishedContractId)).toMatchObject({ acknowledgedVersion: 2, hasUnreadUpdate: false });
  });

  it('shows the employer the draft, the unpublished changes and every revision, newest first', async () => {
    const instructions = await instructionsOf(employerToken, publishedContractId);
    expect(instructions).toEqual({
      id: gid('InstructionDocument', documentId),
      status: 'PUBLISHED',
      version: 3,
      publishedVersion: 2,
      hasUnpublishedChanges: true,
      hasUnreadUpdate: false,
      acknowledgedVersion: null,
      published: { version: 2, body: '# Guidelines v2', author: { name: 'Dana Author' } },
      draft: { version: 3, body: '# Guidelines v3' },
      revisions: {
        totalCount: 3,
        nodes: [3, 2, 1].map((version) => ({ version, body: `# Guidelines v${version}`, author: { name: 'Dana Author' } })),
      },
    });

    const { node } = await ask<{ node: { instructions: { version: number; publishedVersion: number; hasUnpublishedChanges: boolean } } }>(
      employerToken,
      'query ($id: ID!) { node(id: $id) { ... on Job { instructions { version publishedVersion hasUnpublishedChanges } } } }',
      { id: upToDateJobId },
    );
    expect(node.instructions).toEqual({ version: 2, publishedVersion: 2, hasUnpublishedChanges: false });
  });

  it('gives the trainer nothing for instructions that were never published', async () => {
    expect(await instructionsOf(trainerToken, draftContractId)).toBeNull();
    const hidden = await server.graphql('query ($id: ID!) { node(id: $id) { id } }', {
      token: trainerToken,
      variables: { id: gid('InstructionDocument', draftDocumentId) },
    });
    expect(hidden.errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND' });

    const employerView = await instructionsOf(employerToken, draftContractId);
    expect(employerView).toMatchObject({
      status: 'DRAFT',
      version: 2,
      publishedVersion: null,
      published: null,
      hasUnpublishedChanges: true,
      draft: { version: 2, body: '# Guidelines v2' },
      revisions: { totalCount: 2 },
    });
  });
});

describe('calendar', () => {
  const base = new Date(Date.UTC(2030, 2, 1));
  const at = (offset: number) => new Date(base.getTime() + offset);
  let trainerToken: string;
  let employerToken: string;
  const ids: Record<string, string> = {};

  const calendarQuery = `query ($from: DateTime!, $to: DateTime!) {
    viewer {
      calendar(from: $from, to: $to) {
        __typename kind title startsAt endsAt allDay
        ... on CalendarEvent { id }
        ... on MilestoneDeadline { milestone { id title } contract { title } }
      }
    }
  }`;

  interface Entry {
    __typename: string;
    kind: string;
    title: string;
    startsAt: string;
    endsAt: string;
    allDay: boolean;
    id?: string;
    milestone?: { id: string; title: string };
    contract?: { title: string };
  }

  beforeAll(async () => {
    const organization = await factory.organization();
    const employer = await factory.employer(organization);
    const trainer = await factory.trainer();
    const job = await factory.job(organization);
    const contract = await factory.contract(job, trainer, { title: 'Calendar contract' });

    const other = await factory.organization();
    const otherEmployer = await factory.employer(other);
    const otherTrainer = await factory.trainer();
    const otherContract = await factory.contract(await factory.job(other), otherTrainer, { title: 'Not yours' });

    const kickoff = await factory.calendarEvent(organization, employer, [trainer, employer], {
      kind: CalendarEventKind.KICKOFF,
      title: 'Kickoff call',
      startsAt: at(days(1)),
      endsAt: at(days(1) + hours(1)),
    });
    const review = await factory.calendarEvent(organization, employer, [employer], {
      title: 'Contract review',
      contractId: contract.id,
      startsAt: at(days(3)),
      endsAt: at(days(3) + hours(1)),
    });
    const internal = await factory.calendarEvent(organization, employer, [employer], {
      kind: CalendarEventKind.OTHER,
      title: 'Internal planning',
      startsAt: at(days(3) + hours(5)),
      endsAt: at(days(3) + hours(6)),
    });
    const elsewhere = await factory.calendarEvent(other, otherEmployer, [trainer], {
      kind: CalendarEventKind.OTHER,
      title: 'Intro with another client',
      startsAt: at(days(5)),
      endsAt: at(days(5)),
      allDay: true,
    });
    // Not the trainer's: another organization's event and deadline, and things out of range.
    await factory.calendarEvent(other, otherEmployer, [otherTrainer, otherEmployer], { title: 'Other check-in', startsAt: at(days(1) + hours(2)) });
    await factory.milestone(otherContract, { title: 'Other deadline', dueAt: at(days(2) + hours(1)) });
    await factory.calendarEvent(organization, employer, [trainer], { title: 'Last month', startsAt: at(-days(2)), endsAt: at(-days(2) + hours(1)) });
    await factory.milestone(contract, { number: 3, title: 'Next quarter', dueAt: at(days(40)) });

    const due = await factory.milestone(contract, { number: 1, title: 'Label set A', dueAt: at(days(2)), status: MilestoneStatus.FUNDED });
    await factory.milestone(contract, { number: 2, title: 'Cancelled part', dueAt: at(days(4)), status: MilestoneStatus.CANCELLED });
    Object.assign(ids, {
      kickoff: gid('CalendarEvent', kickoff.id),
      review: gid('CalendarEvent', review.id),
      internal: gid('CalendarEvent', internal.id),
      elsewhere: gid('CalendarEvent', elsewhere.id),
      due: gid('Milestone', due.id),
    });

    trainerToken = await signInAs(trainer);
    employerToken = await signInAs(employer);
  });

  const range = { from: iso(base), to: iso(at(days(30))) };

  it("shows the trainer's events, their contracts' events and milestone deadlines, in time order", async () => {
    const { viewer } = await ask<{ viewer: { calendar: Entry[] } }>(trainerToken, calendarQuery, range);
    expect(viewer.calendar).toEqual([
      {
        __typename: 'CalendarEvent',
        id: ids.kickoff,
        kind: 'KICKOFF',
        title: 'Kickoff call',
        startsAt: iso(at(days(1))),
        endsAt: iso(at(days(1) + hours(1))),
        allDay: false,
      },
      {
        __typename: 'MilestoneDeadline',
        kind: 'DEADLINE',
        title: 'Milestone 1 due: Label set A',
        startsAt: iso(at(days(2))),
        endsAt: iso(at(days(2))),
        allDay: false,
        milestone: { id: ids.due, title: 'Label set A' },
        contract: { title: 'Calendar contract' },
      },
      {
        __typename: 'CalendarEvent',
        id: ids.review,
        kind: 'CHECK_IN',
        title: 'Contract review',
        startsAt: iso(at(days(3))),
        endsAt: iso(at(days(3) + hours(1))),
        allDay: false,
      },
      {
        __typename: 'CalendarEvent',
        id: ids.elsewhere,
        kind: 'OTHER',
        title: 'Intro with another client',
        startsAt: iso(at(days(5))),
        endsAt: iso(at(days(5))),
        allDay: true,
      },
    ]);
  });

  it("shows the employer their organization's events and deadlines, not other organizations' events", async () => {
    const { viewer } = await ask<{ viewer: { calendar: Entry[] } }>(employerToken, calendarQuery, range);
    expect(viewer.calendar.map((entry) => entry.title)).toEqual(['Kickoff call', 'Milestone 1 due: Label set A', 'Contract review', 'Internal planning']);
  });

  it('narrows to the range asked for', async () => {
    const { viewer } = await ask<{ viewer: { calendar: Entry[] } }>(trainerToken, calendarQuery, {
      from: iso(at(days(2))),
      to: iso(at(days(3))),
    });
    // `to` is exclusive: the review starting exactly at `to` is not included.
    expect(viewer.calendar.map((entry) => entry.title)).toEqual(['Milestone 1 due: Label set A']);
  });

  it('refuses a range that ends before it starts, or is longer than 92 days', async () => {
    const backwards = await refusal(trainerToken, calendarQuery, { from: iso(at(days(3))), to: iso(at(days(1))) });
    expect(backwards.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'to' });

    const tooLong = await refusal(trainerToken, calendarQuery, { from: iso(base), to: iso(at(days(93))) });
    expect(tooLong.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(tooLong.message).toMatch(/92 days/);

    const longest = await ask<{ viewer: { calendar: Entry[] } }>(trainerToken, calendarQuery, { from: iso(base), to: iso(at(days(92))) });
    expect(longest.viewer.calendar.map((entry) => entry.title)).toEqual([
      'Kickoff call',
      'Milestone 1 due: Label set A',
      'Contract review',
      'Intro with another client',
      'Milestone 3 due: Next quarter',
    ]);
  });
});

describe('recommended jobs', () => {
  let token: string;
  const jobs: Record<string, string> = {};

  const recommendedQuery = `query ($first: Int, $after: String) {
    viewer {
      recommendedJobs(first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes { id title status skills matchingSkills }
      }
    }
  }`;

  interface Recommended {
    viewer: {
      recommendedJobs: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        nodes: Array<{ id: string; title: string; status: string; skills: string[]; matchingSkills: string[] }>;
      };
    };
  }

  beforeAll(async () => {
    const organization = await factory.organization();
    const other = await factory.organization();
    // Skills no other block uses, so only this block's jobs match.
    const trainer = await factory.trainer({ skills: ['rec-vision', 'rec-audio', 'Rec-Text'] });
    const job = (title: string, skills: string[], values: { status?: JobStatus; organization?: typeof organization } = {}) =>
      factory.job(values.organization ?? organization, { title, skills, status: values.status ?? JobStatus.OPEN });

    const oneOlder = await job('One match, older', ['rec-vision', 'cooking']);
    const three = await job('Three matches', ['rec-text', 'rec-vision', 'rec-audio'], { organization: other });
    const oneNewer = await job('One match, newer', ['rec-audio', 'cooking']);
    const two = await job('Two matches', ['rec-vision', 'rec-text']);
    await job('Draft, three matches', ['rec-vision', 'rec-audio', 'rec-text'], { status: JobStatus.DRAFT });
    await job('Closed, three matches', ['rec-vision', 'rec-audio', 'rec-text'], { status: JobStatus.CLOSED });
    const applied = await job('Applied, two matches', ['rec-vision', 'rec-audio']);
    await factory.proposal(applied, trainer);
    const hired = await job('Hired, three matches', ['rec-vision', 'rec-audio', 'rec-text']);
    await factory.contract(hired, trainer);
    const none = await job('No match', ['cooking']);
    Object.assign(jobs, {
      oneOlder: gid('Job', oneOlder.id),
      three: gid('Job', three.id),
      oneNewer: gid('Job', oneNewer.id),
      two: gid('Job', two.id),
      none: gid('Job', none.id),
    });
    token = await signInAs(trainer);
  });

  it('ranks OPEN jobs by matching skills, then newest, with the overlap', async () => {
    const { viewer } = await ask<Recommended>(token, recommendedQuery, { first: 4 });
    expect(viewer.recommendedJobs.nodes).toEqual([
      {
        id: jobs.three,
        title: 'Three matches',
        status: 'OPEN',
        skills: ['rec-text', 'rec-vision', 'rec-audio'],
        matchingSkills: ['rec-text', 'rec-vision', 'rec-audio'],
      },
      { id: jobs.two, title: 'Two matches', status: 'OPEN', skills: ['rec-vision', 'rec-text'], matchingSkills: ['rec-vision', 'rec-text'] },
      { id: jobs.oneNewer, title: 'One match, newer', status: 'OPEN', skills: ['rec-audio', 'cooking'], matchingSkills: ['rec-audio'] },
      { id: jobs.oneOlder, title: 'One match, older', status: 'OPEN', skills: ['rec-vision', 'cooking'], matchingSkills: ['rec-vision'] },
    ]);
    expect(viewer.recommendedJobs.pageInfo.hasNextPage).toBe(true);
  });

  it('pages through the ranking without skipping or repeating', async () => {
    const first = await ask<Recommended>(token, recommendedQuery, { first: 2 });
    const second = await ask<Recommended>(token, recommendedQuery, { first: 2, after: first.viewer.recommendedJobs.pageInfo.endCursor });
    expect([...first.viewer.recommendedJobs.nodes, ...second.viewer.recommendedJobs.nodes].map((job) => job.id)).toEqual([
      jobs.three,
      jobs.two,
      jobs.oneNewer,
      jobs.oneOlder,
    ]);
  });

  it('never recommends DRAFT or CLOSED jobs, nor jobs already applied to or hired on', async () => {
    const { viewer } = await ask<Recommended>(token, recommendedQuery, { first: 100 });
    const list = viewer.recommendedJobs;
    expect(list.totalCount).toBeLessThanOrEqual(100);
    expect(list.nodes).toHaveLength(list.totalCount);
    expect(list.nodes.every((job) => job.status === 'OPEN')).toBe(true);
    const titles = list.nodes.map((job) => job.title);
    for (const excluded of ['Draft, three matches', 'Closed, three matches', 'Applied, two matches', 'Hired, three matches']) {
      expect(titles).not.toContain(excluded);
    }
    // Jobs without a matching skill still come, after every match.
    expect(titles).toContain('No match');
    expect(list.nodes.slice(4).every((job) => job.matchingSkills.length === 0)).toBe(true);
  });
});

describe('reports', () => {
  let trainerToken: string;
  let employerToken: string;
  const ids: Record<string, string> = {};

  interface Money {
    cents: number;
    amount: string;
    currency: string;
    formatted: string;
  }

  beforeAll(async () => {
    const organization = await factory.organization();
    const employer = await factory.employer(organization);
    const trainer = await factory.trainer();
    const colleague = await factory.trainer();
    const contract = await factory.contract(await factory.job(organization), trainer, { title: 'Reports contract' });
    const otherContract = await factory.contract(await factory.job(organization), colleague);

    const paid = await factory.payout(trainer, {
      status: PayoutStatus.PAID,
      amountCents: 315_000,
      requestedAt: new Date('2030-02-12T09:00:00Z'),
      completedAt: new Date('2030-02-13T09:00:00Z'),
    });
    const requested = await factory.payout(trainer, {
      status: PayoutStatus.REQUESTED,
      amountCents: 45_000,
      requestedAt: new Date('2030-03-12T09:00:00Z'),
    });
    const failed = await factory.payout(trainer, {
      status: PayoutStatus.FAILED,
      amountCents: 10_000,
      requestedAt: new Date('2030-01-15T09:00:00Z'),
      failureReason: 'The bank refused the transfer.',
    });
    const invoice = (values: { number: string; issuedAt: string; status: InvoiceStatus; grossCents: number; payoutId?: string }, on = contract) =>
      factory.invoice(on, {
        number: values.number,
        issuedAt: new Date(values.issuedAt),
        status: values.status,
        grossCents: values.grossCents,
        feeCents: values.grossCents / 10,
        netCents: values.grossCents - values.grossCents / 10,
        payoutId: values.payoutId ?? null,
      });
    await invoice({ number: 'WR-2030-000001', issuedAt: '2030-01-10T00:00:00Z', status: InvoiceStatus.PAID, grossCents: 100_000, payoutId: paid.id });
    await invoice({ number: 'WR-2030-000002', issuedAt: '2030-02-10T00:00:00Z', status: InvoiceStatus.PAID, grossCents: 250_000, payoutId: paid.id });
    await invoice({ number: 'WR-2030-000003', issuedAt: '2030-03-10T00:00:00Z', status: InvoiceStatus.ISSUED, grossCents: 50_000, payoutId: requested.id });
    await invoice({ number: 'WR-2030-000004', issuedAt: '2030-02-20T00:00:00Z', status: InvoiceStatus.VOID, grossCents: 20_000 });
    await invoice({ number: 'WR-2030-000005', issuedAt: '2030-02-15T00:00:00Z', status: InvoiceStatus.ISSUED, grossCents: 70_000 }, otherContract);
    Object.assign(ids, { paid: gid('Payout', paid.id), requested: gid('Payout', requested.id), failed: gid('Payout', failed.id) });

    trainerToken = await signInAs(trainer);
    employerToken = await signInAs(employer);
  });

  const invoicesQuery = `query ($status: [InvoiceStatus!], $issuedFrom: DateTime, $issuedTo: DateTime) {
    viewer {
      invoices(status: $status, issuedFrom: $issuedFrom, issuedTo: $issuedTo) {
        totalCount
        nodes { number status issuedAt gross { cents amount currency formatted } fee { formatted } net { cents formatted } contract { title } payout { id } }
      }
    }
  }`;

  interface Invoices {
    viewer: {
      invoices: {
        totalCount: number;
        nodes: Array<{
          number: string;
          status: string;
          issuedAt: string;
          gross: Money;
          fee: { formatted: string };
          net: { cents: number; formatted: string };
          contract: { title: string };
          payout: { id: string } | null;
        }>;
      };
    };
  }

  const numbers = (data: Invoices) => data.viewer.invoices.nodes.map((node) => node.number);

  it("lists the trainer's invoices newest first, with gross, fee and net", async () => {
    const data = await ask<Invoices>(trainerToken, invoicesQuery);
    expect(data.viewer.invoices.totalCount).toBe(4);
    expect(numbers(data)).toEqual(['WR-2030-000003', 'WR-2030-000004', 'WR-2030-000002', 'WR-2030-000001']);
    expect(data.viewer.invoices.nodes[3]).toEqual({
      number: 'WR-2030-000001',
      status: 'PAID',
      issuedAt: '2030-01-10T00:00:00.000Z',
      gross: { cents: 100_000, amount: '1000.00', currency: 'USD', formatted: '$1,000.00' },
      fee: { formatted: '$100.00' },
      net: { cents: 90_000, formatted: '$900.00' },
      contract: { title: 'Reports contract' },
      payout: { id: ids.paid },
    });
    expect(data.viewer.invoices.nodes[2]!.gross.formatted).toBe('$2,500.00');
  });

  it('filters invoices by status and by issue date (from inclusive, to exclusive)', async () => {
    const paid = await ask<Invoices>(trainerToken, invoicesQuery, { status: ['PAID'] });
    expect(paid.viewer.invoices.totalCount).toBe(2);
    expect(numbers(paid)).toEqual(['WR-2030-000002', 'WR-2030-000001']);

    const february = await ask<Invoices>(trainerToken, invoicesQuery, { issuedFrom: '2030-02-10T00:00:00Z', issuedTo: '2030-03-10T00:00:00Z' });
    expect(numbers(february)).toEqual(['WR-2030-000004', 'WR-2030-000002']);

    const both = await ask<Invoices>(trainerToken, invoicesQuery, { status: ['PAID', 'ISSUED'], issuedFrom: '2030-02-01T00:00:00Z' });
    expect(numbers(both)).toEqual(['WR-2030-000003', 'WR-2030-000002']);
  });

  it("lists the trainer's payouts newest first, with the invoices each covers", async () => {
    const { viewer } = await ask<{
      viewer: {
        payouts: {
          totalCount: number;
          nodes: Array<{
            id: string;
            status: string;
            amount: Money;
            failureReason: string | null;
            invoices: { totalCount: number; nodes: Array<{ number: string }> };
          }>;
        };
        paidOnly: { nodes: Array<{ id: string }> };
      };
    }>(
      trainerToken,
      `{
        viewer {
          payouts { totalCount nodes { id status amount { cents amount currency formatted } failureReason invoices { totalCount nodes { number } } } }
          paidOnly: payouts(status: [PAID]) { nodes { id } }
        }
      }`,
    );
    expect(viewer.payouts.totalCount).toBe(3);
    expect(viewer.payouts.nodes).toEqual([
      {
        id: ids.requested,
        status: 'REQUESTED',
        amount: { cents: 45_000, amount: '450.00', currency: 'USD', formatted: '$450.00' },
        failureReason: null,
        invoices: { totalCount: 1, nodes: [{ number: 'WR-2030-000003' }] },
      },
      {
        id: ids.paid,
        status: 'PAID',
        amount: { cents: 315_000, amount: '3150.00', currency: 'USD', formatted: '$3,150.00' },
        failureReason: null,
        invoices: { totalCount: 2, nodes: [{ number: 'WR-2030-000001' }, { number: 'WR-2030-000002' }] },
      },
      {
        id: ids.failed,
        status: 'FAILED',
        amount: { cents: 10_000, amount: '100.00', currency: 'USD', formatted: '$100.00' },
        failureReason: 'The bank refused the transfer.',
        invoices: { totalCount: 0, nodes: [] },
      },
    ]);
    expect(viewer.paidOnly.nodes).toEqual([{ id: ids.paid }]);
  });

  it("shows the employer the organization's invoices, but no payouts", async () => {
    const data = await ask<Invoices>(employerToken, invoicesQuery);
    expect(data.viewer.invoices.totalCount).toBe(5);
    expect(numbers(data)).toEqual(['WR-2030-000003', 'WR-2030-000004', 'WR-2030-000005', 'WR-2030-000002', 'WR-2030-000001']);
    // Payouts are the trainer's business.
    expect(data.viewer.invoices.nodes.every((node) => node.payout === null)).toBe(true);
    const { viewer } = await ask<{ viewer: { payouts: { totalCount: number; nodes: unknown[] } } }>(
      employerToken,
      '{ viewer { payouts { totalCount nodes { id } } } }',
    );
    expect(viewer.payouts).toEqual({ totalCount: 0, nodes: [] });
  });
});

describe("an organization's page", () => {
  let organizationId: string;
  let employerToken: string;
  let trainerToken: string;
  let strangerToken: string;

  const organizationFields = `
    name
    jobs { totalCount nodes { title status } }
    unreviewed: proposals(status: [UNREVIEWED]) { totalCount nodes { trainer { name } job { title } } }
    proposals { totalCount nodes { status trainer { name } } }
    contracts { totalCount nodes { title trainer { name } } }`;

  interface OrganizationPage {
    name: string;
    jobs: { totalCount: number; nodes: Array<{ title: string; status: string }> };
    unreviewed: { totalCount: number; nodes: Array<{ trainer: { name: string }; job: { title: string } }> };
    proposals: { totalCount: number; nodes: Array<{ status: string; trainer: { name: string } }> };
    contracts: { totalCount: number; nodes: Array<{ title: string; trainer: { name: string } }> };
  }

  beforeAll(async () => {
    const organization = await factory.organization({ name: 'Acme Labs' });
    organizationId = gid('Organization', organization.id);
    const employer = await factory.employer(organization);
    const ada = await factory.trainer({ name: 'Ada' });
    const bo = await factory.trainer({ name: 'Bo' });
    const stranger = await factory.employer(await factory.organization());

    const labeling = await factory.job(organization, { title: 'Labeling', status: JobStatus.OPEN });
    const ranking = await factory.job(organization, { title: 'Ranking', status: JobStatus.OPEN });
    await factory.job(organization, { title: 'Upcoming', status: JobStatus.DRAFT });
    await factory.job(organization, { title: 'Archived', status: JobStatus.CLOSED });

    await factory.proposal(labeling, ada, { status: ProposalStatus.UNREVIEWED });
    await factory.proposal(ranking, ada, { status: ProposalStatus.DECLINED });
    await factory.proposal(labeling, bo, { status: ProposalStatus.UNREVIEWED });
    await factory.proposal(ranking, bo, { status: ProposalStatus.SHORTLISTED });
    await factory.contract(labeling, ada, { title: "Ada's labeling" });
    await factory.contract(ranking, bo, { title: "Bo's ranking" });

    employerToken = await signInAs(employer);
    trainerToken = await signInAs(ada);
    strangerToken = await signInAs(stranger);
  });

  it('shows an employer everything of their organization', async () => {
    const { viewer } = await ask<{ viewer: { organization: OrganizationPage } }>(employerToken, `{ viewer { organization { ${organizationFields} } } }`);
    const page = viewer.organization;
    expect(page.name).toBe('Acme Labs');
    expect(page.jobs.totalCount).toBe(4);
    expect(page.jobs.nodes.map((job) => job.title).sort()).toEqual(['Archived', 'Labeling', 'Ranking', 'Upcoming']);
    // Newest first: Bo applied after Ada.
    expect(page.unreviewed).toEqual({
      totalCount: 2,
      nodes: [
        { trainer: { name: 'Bo' }, job: { title: 'Labeling' } },
        { trainer: { name: 'Ada' }, job: { title: 'Labeling' } },
      ],
    });
    expect(page.proposals.totalCount).toBe(4);
    expect(page.contracts.totalCount).toBe(2);
    expect(page.contracts.nodes.map((contract) => contract.title).sort()).toEqual(["Ada's labeling", "Bo's ranking"]);
  });

  it('shows a trainer only the OPEN jobs and their own proposals and contracts', async () => {
    const { node } = await ask<{ node: OrganizationPage }>(
      trainerToken,
      `query ($id: ID!) { node(id: $id) { ... on Organization { ${organizationFields} } } }`,
      {
        id: organizationId,
      },
    );
    expect(node.name).toBe('Acme Labs');
    expect(node.jobs.totalCount).toBe(2);
    expect(node.jobs.nodes.map((job) => job.status)).toEqual(['OPEN', 'OPEN']);
    expect(node.jobs.nodes.map((job) => job.title).sort()).toEqual(['Labeling', 'Ranking']);
    expect(node.unreviewed).toEqual({ totalCount: 1, nodes: [{ trainer: { name: 'Ada' }, job: { title: 'Labeling' } }] });
    expect(node.proposals.totalCount).toBe(2);
    expect(node.proposals.nodes.every((proposal) => proposal.trainer.name === 'Ada')).toBe(true);
    expect(node.contracts).toEqual({ totalCount: 1, nodes: [{ title: "Ada's labeling", trainer: { name: 'Ada' } }] });
  });

  it("shows another organization's employer the OPEN jobs and nothing else", async () => {
    const { node } = await ask<{ node: OrganizationPage }>(
      strangerToken,
      `query ($id: ID!) { node(id: $id) { ... on Organization { ${organizationFields} } } }`,
      {
        id: organizationId,
      },
    );
    expect(node.jobs.nodes.map((job) => job.title).sort()).toEqual(['Labeling', 'Ranking']);
    expect(node.unreviewed.totalCount).toBe(0);
    expect(node.proposals.totalCount).toBe(0);
    expect(node.contracts).toEqual({ totalCount: 0, nodes: [] });
  });
});

describe('latest activity', () => {
  const tokens: Record<'employer' | 'colleague' | 'trainer' | 'otherTrainer', string> = {} as never;
  const ids: Record<string, string> = {};

  const activityQuery = `{
    viewer {
      latestActivity {
        totalCount
        nodes {
          id type summary createdAt actor { name }
          subject { __typename id ... on Milestone { title status } ... on Message { body } }
        }
      }
    }
  }`;

  interface Activity {
    viewer: {
      latestActivity: {
        totalCount: number;
        nodes: Array<{
          id: string;
          type: string;
          summary: string;
          createdAt: string;
          actor: { name: string } | null;
          subject: { __typename: string; id: string; title?: string; status?: string; body?: string } | null;
        }>;
      };
    };
  }

  const summaries = async (token: string) => (await ask<Activity>(token, activityQuery)).viewer.latestActivity.nodes.map((node) => node.summary);

  beforeAll(async () => {
    const organization = await factory.organization();
    const employer = await factory.employer(organization, { name: 'Dana Employer' });
    const colleague = await factory.employer(organization, { name: 'Chris Colleague' });
    const trainer = await factory.trainer({ name: 'Tess Trainer' });
    const otherTrainer = await factory.trainer({ name: 'Otto Trainer' });
    const job = await factory.job(organization);
    const contract = await factory.contract(job, trainer);
    const otherContract = await factory.contract(job, otherTrainer);
    const milestone = await factory.milestone(contract, { number: 1, title: 'Label set A', status: MilestoneStatus.FUNDED });
    const otherMilestone = await factory.milestone(otherContract, { number: 1, title: "Otto's set", status: MilestoneStatus.SUBMITTED });
    const channel = await factory.channel(organization, [trainer, employer], { contractId: contract.id });
    const privateChannel = await factory.channel(organization, [otherTrainer, colleague], { kind: ChannelKind.GROUP });
    const message = await factory.message(channel, employer, 'Welcome aboard');
    const payout = await factory.payout(otherTrainer);

    const base = Date.now() - hours(6);
    const events: Array<Parameters<Factory['activity']>[0]> = [
      {
        organizationId: organization.id,
        audience: EventAudience.PARTICIPANTS,
        trainerId: trainer.id,
        contractId: contract.id,
        jobId: job.id,
        actorId: employer.id,
        type: 'MILESTONE_STATUS_CHANGED',
        summary: 'Dana funded milestone 1 (Label set A)',
        subjectType: 'Milestone',
        subjectId: milestone.id,
      },
      {
        organizationId: organization.id,
        audience: EventAudience.CHANNEL,
        channelId: channel.id,
        actorId: employer.id,
        type: 'MESSAGE_ADDED',
        summary: 'Dana wrote in the contract channel',
        subjectType: 'Message',
        subjectId: message.id,
      },
      {
        organizationId: organization.id,
        audience: EventAudience.ORGANIZATION,
        jobId: job.id,
        actorId: employer.id,
        type: 'INSTRUCTIONS_SAVED',
        summary: 'Dana saved a draft of the instructions',
        subjectType: 'Job',
        subjectId: job.id,
      },
      {
        organizationId: organization.id,
        audience: EventAudience.TRAINER,
        trainerId: otherTrainer.id,
        actorId: otherTrainer.id,
        type: 'PAYOUT_REQUESTED',
        summary: 'Otto requested a payout',
        subjectType: 'Payout',
        subjectId: payout.id,
      },
      {
        organizationId: organization.id,
        audience: EventAudience.CHANNEL,
        channelId: privateChannel.id,
        actorId: colleague.id,
        type: 'CHANNEL_CREATED',
        summary: 'Chris started a private channel',
        subjectType: 'Channel',
        subjectId: privateChannel.id,
      },
      {
        organizationId: organization.id,
        audience: EventAudience.JOB,
        jobId: job.id,
        trainerId: otherTrainer.id,
        contractId: otherContract.id,
        actorId: otherTrainer.id,
        type: 'MILESTONE_STATUS_CHANGED',
        summary: "Otto submitted milestone 1 (Otto's set)",
        subjectType: 'Milestone',
        subjectId: otherMilestone.id,
      },
    ];
    for (const [index, values] of events.entries()) {
      const event = await factory.activity(values);
      await sql('UPDATE events SET created_at = $1 WHERE id = $2', [new Date(base + hours(index)), event.id]);
      ids[values.summary ?? ''] = gid('ActivityEvent', event.id);
    }
    Object.assign(ids, { milestone: gid('Milestone', milestone.id), otherMilestone: gid('Milestone', otherMilestone.id), message: gid('Message', message.id) });

    tokens.employer = await signInAs(employer);
    tokens.colleague = await signInAs(colleague);
    tokens.trainer = await signInAs(trainer);
    tokens.otherTrainer = await signInAs(otherTrainer);
  });

  it('shows the trainer what concerns them, newest first, with the subject they may see', async () => {
    const { viewer } = await ask<Activity>(tokens.trainer, activityQuery);
    expect(viewer.latestActivity.totalCount).toBe(3);
    expect(viewer.latestActivity.nodes).toEqual([
      {
        id: ids["Otto submitted milestone 1 (Otto's set)"],
        type: 'MILESTONE_STATUS_CHANGED',
        summary: "Otto submitted milestone 1 (Otto's set)",
        createdAt: expect.any(String),
        actor: { name: 'Otto Trainer' },
        // A job-wide event: the trainer sees it, but not another trainer's milestone.
        subject: null,
      },
      {
        id: ids['Dana wrote in the contract channel'],
        type: 'MESSAGE_ADDED',
        summary: 'Dana wrote in the contract channel',
        createdAt: expect.any(String),
        actor: { name: 'Dana Employer' },
        subject: { __typename: 'Message', id: ids.message, body: 'Welcome aboard' },
      },
      {
        id: ids['Dana funded milestone 1 (Label set A)'],
        type: 'MILESTONE_STATUS_CHANGED',
        summary: 'Dana funded milestone 1 (Label set A)',
        createdAt: expect.any(String),
        actor: { name: 'Dana Employer' },
        subject: { __typename: 'Milestone', id: ids.milestone, title: 'Label set A', status: 'FUNDED' },
      },
    ]);
    const times = viewer.latestActivity.nodes.map((node) => Date.parse(node.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('shows channel events to the channel members only, even within the organization', async () => {
    expect(await summaries(tokens.employer)).toEqual([
      "Otto submitted milestone 1 (Otto's set)",
      'Dana saved a draft of the instructions',
      'Dana wrote in the contract channel',
      'Dana funded milestone 1 (Label set A)',
    ]);
    expect(await summaries(tokens.colleague)).toEqual([
      "Otto submitted milestone 1 (Otto's set)",
      'Chris started a private channel',
      'Dana saved a draft of the instructions',
      'Dana funded milestone 1 (Label set A)',
    ]);
    expect(await summaries(tokens.otherTrainer)).toEqual([
      "Otto submitted milestone 1 (Otto's set)",
      'Chris started a private channel',
      'Otto requested a payout',
    ]);
  });

  it('resolves the subject for everyone who may see it', async () => {
    const { viewer } = await ask<Activity>(tokens.otherTrainer, activityQuery);
    expect(viewer.latestActivity.nodes[0]!.subject).toEqual({
      __typename: 'Milestone',
      id: ids.otherMilestone,
      title: "Otto's set",
      status: 'SUBMITTED',
    });
    const employerView = await ask<Activity>(tokens.employer, activityQuery);
    expect(employerView.viewer.latestActivity.nodes.map((node) => node.subject?.id ?? null)).toEqual([
      ids.otherMilestone,
      expect.any(String),
      ids.message,
      ids.milestone,
    ]);
  });
});
