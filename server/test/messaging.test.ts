import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventCursor } from '../src/api/live-feed.js';
import { toGlobalId } from '../src/graphql/global-id.js';
import type { User } from '../src/modules/accounts/user.entity.js';
import { JobStatus } from '../src/modules/jobs/job.entity.js';
import { ChannelKind } from '../src/modules/messaging/channel.entity.js';
import { Factory } from './factories.js';
import { startTestServer, type TestServer } from './helpers.js';
import { collect, wsClient } from './live-helpers.js';

/**
 * Job messages as people use them: posting, editing, reading, and employers running group
 * channels, over HTTP against the real server. Every `describe` builds its own organization
 * (see {@link buildWorld}), so each block's counts and feeds hold exactly what it did.
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
const sql = <T = Record<string, unknown>>(query: string, parameters: unknown[] = []) => server.workroom.dataSource.query(query, parameters) as Promise<T[]>;
const signInAs = (user: User) => server.signIn(user.email);

async function ask<T>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await server.graphql<T>(query, { token, variables });
  expect(result.errors, `unexpected errors: ${JSON.stringify(result.errors)}`).toBeUndefined();
  return result.data as T;
}

async function refusal(token: string | undefined, query: string, variables: Record<string, unknown> = {}) {
  const result = await server.graphql(query, { variables, ...(token ? { token } : {}) });
  expect(result.errors, 'expected an error').toBeDefined();
  // Nothing comes back for the refused field (a mutation's whole `data` is null).
  expect(Object.values(result.data ?? {}).filter((value) => value !== null)).toEqual([]);
  return result.errors![0]!;
}

const SEND = `mutation Send($input: SendMessageInput!) {
  sendMessage(input: $input) {
    message { id body createdAt editedAt author { name } }
    channel { id unreadCount lastMessage { body } }
  }
}`;
const EDIT = 'mutation Edit($input: EditMessageInput!) { editMessage(input: $input) { message { id body editedAt } } }';
const MARK = 'mutation Mark($input: MarkChannelReadInput!) { markChannelRead(input: $input) { channel { id unreadCount } } }';
const CREATE = `mutation Create($input: CreateChannelInput!) {
  createChannel(input: $input) { channel { id kind name members { name } job { title } } }
}`;
const ADD = 'mutation Add($input: AddChannelMembersInput!) { addChannelMembers(input: $input) { channel { id members { name } } } }';
const REMOVE = 'mutation Remove($input: RemoveChannelMemberInput!) { removeChannelMember(input: $input) { channel { id members { name } } } }';
const CHANNEL = `query Channel($id: ID!) {
  node(id: $id) { ... on Channel { name unreadCount members { name } messages(last: 50) { totalCount nodes { id body author { name } } } } }
}`;
const MESSAGE = 'query Message($id: ID!) { node(id: $id) { ... on Message { body editedAt } } }';
const ACTIVITY = '{ viewer { latestActivity(first: 100) { nodes { type summary subject { id } } } } }';
const CONVERSATIONS = '{ viewer { unreadMessageCount conversations(first: 100) { nodes { id name unreadCount } } } }';

interface Sent {
  sendMessage: {
    message: { id: string; body: string; createdAt: string; editedAt: string | null; author: { name: string } };
    channel: { id: string; unreadCount: number; lastMessage: { body: string } | null };
  };
}

interface ChannelView {
  node: {
    name: string;
    unreadCount: number;
    members: Array<{ name: string }>;
    messages: { totalCount: number; nodes: Array<{ id: string; body: string; author: { name: string } }> };
  };
}

interface Activity {
  viewer: { latestActivity: { nodes: Array<{ type: string; summary: string; subject: { id: string } | null }> } };
}

/**
 * Northwind AI: employers Morgan (in the direct channel) and Priya (not); trainers Alex and Sam
 * with contracts on the job; Otto, a trainer with no contract; and Eve, another organization's
 * employer with a job of her own. Alex and Morgan share the contract's DIRECT channel.
 */
async function buildWorld() {
  const organization = await factory.organization({ name: 'Northwind AI' });
  const people = {
    morgan: await factory.employer(organization, { name: 'Morgan Lee' }),
    priya: await factory.employer(organization, { name: 'Priya Shah' }),
    alex: await factory.trainer({ name: 'Alex Rivera' }),
    sam: await factory.trainer({ name: 'Sam Park' }),
    otto: await factory.trainer({ name: 'Otto Outsider' }),
  };
  const job = await factory.job(organization, { title: 'RLHF ranking', status: JobStatus.CLOSED });
  const contract = await factory.contract(job, people.alex);
  await factory.contract(job, people.sam);
  const direct = await factory.channel(organization, [people.alex, people.morgan], {
    kind: ChannelKind.DIRECT,
    name: 'Alex Rivera · Northwind AI',
    jobId: job.id,
    contractId: contract.id,
  });
  const otherOrganization = await factory.organization({ name: 'Contoso Labs' });
  const eve = await factory.employer(otherOrganization, { name: 'Eve Other' });
  const otherJob = await factory.job(otherOrganization, { status: JobStatus.CLOSED });
  const tokens = {
    morgan: await signInAs(people.morgan),
    priya: await signInAs(people.priya),
    alex: await signInAs(people.alex),
    sam: await signInAs(people.sam),
    otto: await signInAs(people.otto),
    eve: await signInAs(eve),
  };
  const ids = {
    job: gid('Job', job.id),
    otherJob: gid('Job', otherJob.id),
    eve: gid('User', eve.id),
    direct: gid('Channel', direct.id),
    ...Object.fromEntries(Object.entries(people).map(([key, user]) => [key, gid('User', user.id)])),
  } as Record<'job' | 'otherJob' | 'eve' | 'direct' | keyof typeof people, string>;
  return { organization, people, job, contract, direct, tokens, ids };
}

type World = Awaited<ReturnType<typeof buildWorld>>;

const send = (token: string, channelId: string, body: string) => ask<Sent>(token, SEND, { input: { channelId, body } });
const view = (token: string, channelId: string) => ask<ChannelView>(token, CHANNEL, { id: channelId }).then((data) => data.node);
const summaries = async (token: string) => (await ask<Activity>(token, ACTIVITY)).viewer.latestActivity.nodes.map((node) => `${node.type}: ${node.summary}`);

/** What the database holds for a channel: its counter and its messages, by number. */
async function stored(channelDbId: string) {
  const [channel] = await sql<{ last_message_seq: string }>('SELECT last_message_seq FROM channels WHERE id = $1', [channelDbId]);
  const messages = await sql<{ seq: string; body: string }>('SELECT seq, body FROM messages WHERE channel_id = $1 ORDER BY seq', [channelDbId]);
  const [events] = await sql<{ count: string }>('SELECT count(*) FROM events WHERE channel_id = $1', [channelDbId]);
  return {
    lastMessageSeq: Number(channel!.last_message_seq),
    messages: messages.map((row) => ({ seq: Number(row.seq), body: row.body })),
    events: Number(events!.count),
  };
}

describe('refused first', () => {
  let world: World;
  let group: string;
  let groupDbId: string;
  let firstMessage: string;

  beforeAll(async () => {
    world = await buildWorld();
    const { people } = world;
    const channel = await factory.channel(world.organization, [people.morgan, people.alex, people.sam], {
      kind: ChannelKind.GROUP,
      name: 'Ranking team',
      jobId: world.job.id,
    });
    groupDbId = channel.id;
    group = gid('Channel', channel.id);
    firstMessage = gid('Message', (await factory.message(channel, people.morgan, 'Welcome, both of you')).id);
    // Sam was removed after that first message.
    await sql('UPDATE channel_members SET removed_at = now() WHERE channel_id = $1 AND user_id = $2', [channel.id, people.sam.id]);
  });

  it('refuses every messaging mutation without a token', async () => {
    const before = await stored(groupDbId);
    const calls: Array<[string, Record<string, unknown>]> = [
      [SEND, { channelId: group, body: 'Hi' }],
      [EDIT, { messageId: firstMessage, body: 'Hi' }],
      [MARK, { channelId: group }],
      [CREATE, { jobId: world.ids.job, name: 'New', memberIds: [] }],
      [ADD, { channelId: group, userIds: [world.ids.priya] }],
      [REMOVE, { channelId: group, userId: world.ids.alex }],
    ];
    for (const [query, input] of calls) {
      const error = await refusal(undefined, query, { input });
      expect(error.extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect(await stored(groupDbId)).toEqual(before);
  });

  it('a non-member cannot post: the channel does not exist for them, and nothing is written', async () => {
    const before = await stored(groupDbId);
    // Priya is an employer of the same organization, Otto a trainer with no contract, Eve from elsewhere.
    for (const token of [world.tokens.priya, world.tokens.otto, world.tokens.eve]) {
      const error = await refusal(token, SEND, { input: { channelId: group, body: 'Can I join?' } });
      expect(error.extensions).toEqual({ code: 'NOT_FOUND' });
      expect(error.message).toBe(`No Channel with id ${group}.`);
    }
    expect(await stored(groupDbId)).toEqual(before);
  });

  it('a removed member is told they were removed, and nothing is written', async () => {
    const before = await stored(groupDbId);
    const error = await refusal(world.tokens.sam, SEND, { input: { channelId: group, body: 'Still here?' } });
    expect(error.extensions).toEqual({ code: 'FORBIDDEN' });
    expect(error.message).toBe('You were removed from this channel.');
    expect(await stored(groupDbId)).toEqual(before);
    // They can still read what was said before.
    const node = await view(world.tokens.sam, group);
    expect(node.messages.nodes.map((message) => message.body)).toEqual(['Welcome, both of you']);
  });

  it('refuses an empty, blank or too long body, naming the field', async () => {
    const before = await stored(groupDbId);
    for (const body of ['', '   \n\t ', 'x'.repeat(10_001)]) {
      const error = await refusal(world.tokens.alex, SEND, { input: { channelId: group, body } });
      expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'body' });
      expect(error.message).toMatch(/1 to 10,000 characters/);
      const edit = await refusal(world.tokens.morgan, EDIT, { input: { messageId: firstMessage, body } });
      expect(edit.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'body' });
    }
    expect(await stored(groupDbId)).toEqual(before);
  });

  it('refuses an id of the wrong kind as BAD_USER_INPUT naming the field', async () => {
    const error = await refusal(world.tokens.alex, SEND, { input: { channelId: world.ids.job, body: 'Hi' } });
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'channelId' });
  });

  it('editMessage: FORBIDDEN for another member, NOT_FOUND for someone outside', async () => {
    const other = await refusal(world.tokens.alex, EDIT, { input: { messageId: firstMessage, body: 'Rewritten by Alex' } });
    expect(other.extensions).toEqual({ code: 'FORBIDDEN' });
    expect(other.message).toBe('Only its author can edit a message.');
    const outside = await refusal(world.tokens.priya, EDIT, { input: { messageId: firstMessage, body: 'Rewritten by Priya' } });
    expect(outside.extensions).toEqual({ code: 'NOT_FOUND' });
    const { node } = await ask<{ node: { body: string; editedAt: string | null } }>(world.tokens.morgan, MESSAGE, { id: firstMessage });
    expect(node).toEqual({ body: 'Welcome, both of you', editedAt: null });
  });

  it('markChannelRead refuses a message from another channel, and a channel the viewer is not in', async () => {
    const elsewhere = gid('Message', (await factory.message(world.direct, world.people.alex, 'In the direct channel')).id);
    const error = await refusal(world.tokens.alex, MARK, { input: { channelId: group, upToMessageId: elsewhere } });
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'upToMessageId' });
    const outside = await refusal(world.tokens.priya, MARK, { input: { channelId: group } });
    expect(outside.extensions).toEqual({ code: 'NOT_FOUND' });
  });

  it("createChannel: an outsider is named, a trainer is FORBIDDEN, another organization's job is NOT_FOUND; nothing is created", async () => {
    const channelCount = async () => Number((await sql<{ count: string }>('SELECT count(*) FROM channels'))[0]!.count);
    const before = await channelCount();

    const outsider = await refusal(world.tokens.morgan, CREATE, {
      input: { jobId: world.ids.job, name: 'QA', memberIds: [world.ids.alex, world.ids.otto] },
    });
    expect(outsider.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'memberIds', userIds: [world.ids.otto] });
    expect(outsider.message).toBe('Otto Outsider is not on this job: members must be employers of Northwind AI or trainers with a contract on "RLHF ranking".');
    // Another organization's employer is not on this job either.
    const eve = await refusal(world.tokens.morgan, CREATE, {
      input: { jobId: world.ids.job, name: 'QA', memberIds: [world.ids.eve] },
    });
    expect(eve.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'memberIds' });

    const trainer = await refusal(world.tokens.alex, CREATE, { input: { jobId: world.ids.job, name: 'QA', memberIds: [] } });
    expect(trainer.extensions).toEqual({ code: 'FORBIDDEN' });

    const foreign = await refusal(world.tokens.morgan, CREATE, { input: { jobId: world.ids.otherJob, name: 'QA', memberIds: [] } });
    expect(foreign.extensions).toEqual({ code: 'NOT_FOUND' });
    expect(foreign.message).toBe(`No Job with id ${world.ids.otherJob}.`);

    const blank = await refusal(world.tokens.morgan, CREATE, { input: { jobId: world.ids.job, name: '   ', memberIds: [] } });
    expect(blank.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'name' });

    expect(await channelCount()).toBe(before);
  });

  it('members of a DIRECT channel are fixed; only employers in a group channel change its members', async () => {
    const direct = await refusal(world.tokens.morgan, ADD, { input: { channelId: world.ids.direct, userIds: [world.ids.priya] } });
    expect(direct.extensions).toEqual({ code: 'INVALID_TRANSITION', currentStatus: 'DIRECT', attemptedAction: 'ADD_MEMBERS' });
    const directRemove = await refusal(world.tokens.morgan, REMOVE, { input: { channelId: world.ids.direct, userId: world.ids.alex } });
    expect(directRemove.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'DIRECT' });

    const trainer = await refusal(world.tokens.alex, ADD, { input: { channelId: group, userIds: [world.ids.priya] } });
    expect(trainer.extensions).toEqual({ code: 'FORBIDDEN' });
    const removedMember = await refusal(world.tokens.sam, REMOVE, { input: { channelId: group, userId: world.ids.alex } });
    expect(removedMember.extensions).toEqual({ code: 'FORBIDDEN' });
    const notInIt = await refusal(world.tokens.priya, ADD, { input: { channelId: group, userIds: [world.ids.priya] } });
    expect(notInIt.extensions).toEqual({ code: 'NOT_FOUND' });
    const outsider = await refusal(world.tokens.morgan, ADD, { input: { channelId: group, userIds: [world.ids.otto] } });
    expect(outsider.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'userIds' });
    expect(outsider.message).toMatch(/^Otto Outsider is not on this job/);
    const nobody = await refusal(world.tokens.morgan, ADD, { input: { channelId: group, userIds: [] } });
    expect(nobody.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'userIds' });

    const { node } = await ask<ChannelView>(world.tokens.morgan, CHANNEL, { id: group });
    expect(node.members.map((member) => member.name).sort()).toEqual(['Alex Rivera', 'Morgan Lee']);
  });
});

describe('sending a message', () => {
  let world: World;

  beforeAll(async () => {
    world = await buildWorld();
  });

  it('reaches the other member as unread, and is read for its sender', async () => {
    const { sendMessage } = await send(world.tokens.morgan, world.ids.direct, '  Welcome aboard, Alex!\n');
    expect(sendMessage.message).toMatchObject({ body: 'Welcome aboard, Alex!', editedAt: null, author: { name: 'Morgan Lee' } });
    expect(sendMessage.channel).toEqual({ id: world.ids.direct, unreadCount: 0, lastMessage: { body: 'Welcome aboard, Alex!' } });

    const alexView = await view(world.tokens.alex, world.ids.direct);
    expect(alexView.unreadCount).toBe(1);
    expect(alexView.messages.nodes.at(-1)).toEqual({ id: sendMessage.message.id, body: 'Welcome aboard, Alex!', author: { name: 'Morgan Lee' } });
    const conversations = await ask<{ viewer: { unreadMessageCount: number } }>(world.tokens.alex, CONVERSATIONS);
    expect(conversations.viewer.unreadMessageCount).toBe(1);

    // Alex answers: his reply is unread for Morgan, and Alex's own messages never count for him.
    const reply = await send(world.tokens.alex, world.ids.direct, 'Thanks Morgan!');
    expect(reply.sendMessage.channel.unreadCount).toBe(0);
    expect((await view(world.tokens.morgan, world.ids.direct)).unreadCount).toBe(1);
    const both = await view(world.tokens.alex, world.ids.direct);
    expect(both.messages.nodes.map((message) => message.body)).toEqual(['Welcome aboard, Alex!', 'Thanks Morgan!']);
  });

  it('sends a retried message once: the same idempotency key returns the first message; with another text it is a CONFLICT', async () => {
    const before = await stored(world.direct.id);
    const input = { channelId: world.ids.direct, body: 'Sent over a flaky connection', idempotencyKey: 'send-once-1' };
    const first = await ask<Sent>(world.tokens.morgan, SEND, { input });
    const retried = await Promise.all([1, 2, 3].map(() => ask<Sent>(world.tokens.morgan, SEND, { input })));
    for (const again of retried) expect(again.sendMessage.message.id).toBe(first.sendMessage.message.id);
    const after = await stored(world.direct.id);
    expect(after.messages.length).toBe(before.messages.length + 1);
    expect(after.events).toBe(before.events + 1);

    const reused = await refusal(world.tokens.morgan, SEND, { input: { ...input, body: 'Something else' } });
    expect(reused.extensions?.code).toBe('CONFLICT');
    expect((await stored(world.direct.id)).messages.length).toBe(after.messages.length);
    // Keys are per person: the same key from someone else is their own message.
    const other = await ask<Sent>(world.tokens.alex, SEND, { input });
    expect(other.sendMessage.message.id).not.toBe(first.sendMessage.message.id);
  });

  it('accepts exactly 10,000 characters once trimmed', async () => {
    const body = 'x'.repeat(10_000);
    const { sendMessage } = await send(world.tokens.alex, world.ids.direct, `\n  ${body}  `);
    expect(sendMessage.message.body).toBe(body);
  });

  it('shows up in the latest activity of the channel members only', async () => {
    const long = `Please re-check every SQL pair against section 3 of the rubric before you resubmit label set A, thanks.`;
    await send(world.tokens.morgan, world.ids.direct, long);
    const expected = `MESSAGE_ADDED: Morgan Lee in Alex Rivera · Northwind AI: ${long.slice(0, 80)}…`;
    expect(await summaries(world.tokens.alex)).toContain(expected);
    expect(await summaries(world.tokens.morgan)).toContain(expected);
    // Priya is Morgan's colleague but not in the channel; Sam works on the same job.
    for (const outsider of [world.tokens.priya, world.tokens.sam, world.tokens.otto]) {
      expect((await summaries(outsider)).filter((summary) => summary.startsWith('MESSAGE_ADDED'))).toEqual([]);
    }
  });
});

describe('editing a message', () => {
  it('changes the text for everyone and marks it edited', async () => {
    const world = await buildWorld();
    const { sendMessage } = await send(world.tokens.morgan, world.ids.direct, 'Calibration batch is 100 pairs');
    const { editMessage } = await ask<{ editMessage: { message: { id: string; body: string; editedAt: string | null } } }>(world.tokens.morgan, EDIT, {
      input: { messageId: sendMessage.message.id, body: ' Calibration batch is 200 pairs ' },
    });
    expect(editMessage.message).toMatchObject({ id: sendMessage.message.id, body: 'Calibration batch is 200 pairs' });
    expect(editMessage.message.editedAt).not.toBeNull();

    const { node } = await ask<{ node: { body: string; editedAt: string | null } }>(world.tokens.alex, MESSAGE, { id: sendMessage.message.id });
    expect(node).toEqual({ body: 'Calibration batch is 200 pairs', editedAt: editMessage.message.editedAt });
    expect(await summaries(world.tokens.alex)).toContain(
      'MESSAGE_EDITED: Morgan Lee edited a message in Alex Rivera · Northwind AI: Calibration batch is 200 pairs',
    );
    // Still one message, not a second one.
    expect((await view(world.tokens.alex, world.ids.direct)).messages.totalCount).toBe(1);
  });
});

describe('read positions', () => {
  it('markChannelRead clears the unread count, to a message or to the newest, and never moves backwards', async () => {
    const world = await buildWorld();
    const sent = [];
    for (const body of ['one', 'two', 'three']) sent.push((await send(world.tokens.morgan, world.ids.direct, body)).sendMessage.message);
    expect((await view(world.tokens.alex, world.ids.direct)).unreadCount).toBe(3);

    const mark = (upToMessageId?: string) =>
      ask<{ markChannelRead: { channel: { id: string; unreadCount: number } } }>(world.tokens.alex, MARK, {
        input: { channelId: world.ids.direct, ...(upToMessageId ? { upToMessageId } : {}) },
      }).then((data) => data.markChannelRead.channel);

    expect(await mark(sent[1]!.id)).toEqual({ id: world.ids.direct, unreadCount: 1 });
    // Marking an older message read does not make "two" unread again.
    expect((await mark(sent[0]!.id)).unreadCount).toBe(1);
    expect((await mark()).unreadCount).toBe(0);
    expect((await mark(sent[0]!.id)).unreadCount).toBe(0);
    expect((await view(world.tokens.alex, world.ids.direct)).unreadCount).toBe(0);
    const { viewer } = await ask<{ viewer: { unreadMessageCount: number } }>(world.tokens.alex, CONVERSATIONS);
    expect(viewer.unreadMessageCount).toBe(0);

    // A new message is unread again; Morgan's own count was never touched by Alex's reads.
    await send(world.tokens.morgan, world.ids.direct, 'four');
    expect((await view(world.tokens.alex, world.ids.direct)).unreadCount).toBe(1);
    expect((await view(world.tokens.morgan, world.ids.direct)).unreadCount).toBe(0);
  });
});

describe('concurrent messages', () => {
  it('20 messages sent at once each get their own place, with no gap or duplicate', async () => {
    const world = await buildWorld();
    const channel = await factory.channel(world.organization, [world.people.morgan, world.people.alex, world.people.priya], {
      kind: ChannelKind.GROUP,
      name: 'Busy',
      jobId: world.job.id,
    });
    const channelId = gid('Channel', channel.id);
    const bodies = Array.from({ length: 20 }, (_, index) => `Message ${index + 1}`);
    const results = await Promise.all(
      bodies.map((body, index) =>
        server.graphql<Sent>(SEND, { token: index % 2 === 0 ? world.tokens.morgan : world.tokens.alex, variables: { input: { channelId, body } } }),
      ),
    );
    for (const result of results) expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();

    const db = await stored(channel.id);
    expect(db.messages.map((message) => message.seq)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    expect(db.lastMessageSeq).toBe(20);

    // Priya sent none of them: all 20 are unread for her, each once, in the channel's order.
    const { node } = await ask<{ node: { unreadCount: number; messages: { totalCount: number; nodes: Array<{ body: string; createdAt: string }> } } }>(
      world.tokens.priya,
      'query ($id: ID!) { node(id: $id) { ... on Channel { unreadCount messages(first: 100) { totalCount nodes { body createdAt } } } } }',
      { id: channelId },
    );
    expect(node.unreadCount).toBe(20);
    expect(node.messages.totalCount).toBe(20);
    expect(node.messages.nodes.map((message) => message.body)).toEqual(db.messages.map((message) => message.body));
    expect([...node.messages.nodes.map((message) => message.body)].sort()).toEqual([...bodies].sort());
    // Times never go backwards down the list: each message is dated when it took its place.
    const times = node.messages.nodes.map((message) => Date.parse(message.createdAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});

describe('group channels', () => {
  let world: World;
  let channelId: string;

  beforeAll(async () => {
    world = await buildWorld();
  });

  it('an employer creates one on their job with a colleague and a trainer; they all see it', async () => {
    const { createChannel } = await ask<{
      createChannel: { channel: { id: string; kind: string; name: string; members: Array<{ name: string }>; job: { title: string } } };
    }>(
      world.tokens.morgan,
      CREATE,
      // Morgan lists himself too, and Alex twice: each is a member once.
      { input: { jobId: world.ids.job, name: '  Ranking team ', memberIds: [world.ids.alex, world.ids.priya, world.ids.alex, world.ids.morgan] } },
    );
    channelId = createChannel.channel.id;
    expect(createChannel.channel).toMatchObject({ kind: 'GROUP', name: 'Ranking team', job: { title: 'RLHF ranking' } });
    expect(createChannel.channel.members.map((member) => member.name).sort()).toEqual(['Alex Rivera', 'Morgan Lee', 'Priya Shah']);

    const { viewer } = await ask<{ viewer: { conversations: { nodes: Array<{ id: string; name: string }> } } }>(world.tokens.alex, CONVERSATIONS);
    expect(viewer.conversations.nodes.map((node) => node.name)).toContain('Ranking team');
    expect(await summaries(world.tokens.alex)).toContain('CHANNEL_CREATED: Morgan Lee created Ranking team with Alex Rivera and Priya Shah');
    expect((await summaries(world.tokens.sam)).filter((summary) => summary.startsWith('CHANNEL_'))).toEqual([]);

    // A channel with nobody else in it is fine too: its creator is in it.
    const alone = await ask<{ createChannel: { channel: { members: Array<{ name: string }> } } }>(world.tokens.priya, CREATE, {
      input: { jobId: world.ids.job, name: 'Notes', memberIds: [] },
    });
    expect(alone.createChannel.channel.members).toEqual([{ name: 'Priya Shah' }]);
  });

  it('adds a trainer on the job; adding a current member again changes nothing', async () => {
    const { addChannelMembers } = await ask<{ addChannelMembers: { channel: { members: Array<{ name: string }> } } }>(world.tokens.morgan, ADD, {
      input: { channelId, userIds: [world.ids.sam, world.ids.alex] },
    });
    expect(addChannelMembers.channel.members.map((member) => member.name).sort()).toEqual(['Alex Rivera', 'Morgan Lee', 'Priya Shah', 'Sam Park']);
    expect(await summaries(world.tokens.sam)).toContain('CHANNEL_MEMBERS_CHANGED: Morgan Lee added Sam Park to Ranking team');

    const again = await ask<{ addChannelMembers: { channel: { members: Array<{ name: string }> } } }>(world.tokens.priya, ADD, {
      input: { channelId, userIds: [world.ids.sam] },
    });
    expect(again.addChannelMembers.channel.members).toHaveLength(4);
    expect((await summaries(world.tokens.sam)).filter((summary) => summary.startsWith('CHANNEL_MEMBERS_CHANGED'))).toHaveLength(1);
  });

  it('a removed member keeps what was said before and stops seeing anything new', async () => {
    const before = (await send(world.tokens.morgan, channelId, 'Set B is due Friday')).sendMessage.message;

    const { removeChannelMember } = await ask<{ removeChannelMember: { channel: { members: Array<{ name: string }> } } }>(world.tokens.morgan, REMOVE, {
      input: { channelId, userId: world.ids.sam },
    });
    expect(removeChannelMember.channel.members.map((member) => member.name).sort()).toEqual(['Alex Rivera', 'Morgan Lee', 'Priya Shah']);
    // Removing again is harmless.
    await ask(world.tokens.morgan, REMOVE, { input: { channelId, userId: world.ids.sam } });

    const after = (await send(world.tokens.alex, channelId, 'Set C starts Monday')).sendMessage.message;

    const hidden = await refusal(world.tokens.sam, MESSAGE, { id: after.id });
    expect(hidden.extensions).toEqual({ code: 'NOT_FOUND' });
    const { node: older } = await ask<{ node: { body: string } }>(world.tokens.sam, MESSAGE, { id: before.id });
    expect(older.body).toBe('Set B is due Friday');

    const samView = await view(world.tokens.sam, channelId);
    expect(samView.messages.nodes.map((message) => message.body)).toEqual(['Set B is due Friday']);
    expect(samView.members.map((member) => member.name)).not.toContain('Sam Park');
    const samActivity = await summaries(world.tokens.sam);
    expect(samActivity).toContain('CHANNEL_MEMBERS_CHANGED: Morgan Lee removed Sam Park from Ranking team');
    expect(samActivity.filter((summary) => summary.includes('Set C'))).toEqual([]);
    expect(await summaries(world.tokens.alex)).toContain('MESSAGE_ADDED: Alex Rivera in Ranking team: Set C starts Monday');

    const refused = await refusal(world.tokens.sam, SEND, { input: { channelId, body: 'Wait, what about me?' } });
    expect(refused.extensions).toEqual({ code: 'FORBIDDEN' });
    expect((await view(world.tokens.morgan, channelId)).messages.totalCount).toBe(2);
  });

  it('removing someone who was never in the channel names the field', async () => {
    const error = await refusal(world.tokens.morgan, REMOVE, { input: { channelId, userId: world.ids.otto } });
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'userId' });
  });

  it('a removed member can be added back and post again', async () => {
    await ask(world.tokens.morgan, ADD, { input: { channelId, userIds: [world.ids.sam] } });
    const { sendMessage } = await send(world.tokens.sam, channelId, 'Back on the team');
    expect(sendMessage.message.author.name).toBe('Sam Park');
    expect((await view(world.tokens.morgan, channelId)).members.map((member) => member.name)).toContain('Sam Park');
  });
});

describe('what a removed member can read', () => {
  // One rule for all of it: a removed member reads the channel as it was when they were removed.
  // Messages, unread counts, live delivery and the member list must all stop at that moment.
  const THREAD = `query Thread($id: ID!) {
    node(id: $id) { ... on Channel { unreadCount lastMessage { body } members { name } messages(last: 50) { nodes { body } } } }
  }`;
  const LISTS = '{ viewer { unreadMessageCount conversations(first: 100) { nodes { id members { name } } } } }';
  type Thread = {
    node: { unreadCount: number; lastMessage: { body: string } | null; members: Array<{ name: string }>; messages: { nodes: Array<{ body: string }> } };
  };
  type Lists = { viewer: { unreadMessageCount: number; conversations: { nodes: Array<{ id: string; members: Array<{ name: string }> }> } } };
  const names = (members: Array<{ name: string }>) => members.map((member) => member.name).sort();

  it('sees the members as they were at the removal, never who joined or left after', async () => {
    const world = await buildWorld();
    const quinn = await factory.employer(world.organization, { name: 'Quinn Hale' });
    const { createChannel } = await ask<{ createChannel: { channel: { id: string } } }>(world.tokens.morgan, CREATE, {
      input: { jobId: world.ids.job, name: 'Label review', memberIds: [world.ids.alex, world.ids.priya, world.ids.sam] },
    });
    const channelId = createChannel.channel.id;
    const remove = (userId: string) => ask(world.tokens.morgan, REMOVE, { input: { channelId, userId } });
    const add = (userIds: string[]) => ask(world.tokens.morgan, ADD, { input: { channelId, userIds } });

    await remove(world.ids.priya);
    await send(world.tokens.morgan, channelId, 'Before Sam left');
    await remove(world.ids.sam);
    // After Sam's removal: a newcomer, Priya back (she was out when Sam left), Alex out.
    await add([gid('User', quinn.id), world.ids.priya]);
    await remove(world.ids.alex);
    await send(world.tokens.morgan, channelId, 'After Sam left');

    const atRemoval = ['Alex Rivera', 'Morgan Lee'];
    const thread = (await ask<Thread>(world.tokens.sam, THREAD, { id: channelId })).node;
    expect(thread.messages.nodes.map((message) => message.body)).toEqual(['Before Sam left']);
    expect(thread.unreadCount).toBe(1);
    expect(thread.lastMessage).toEqual({ body: 'Before Sam left' });
    expect(names(thread.members)).toEqual(atRemoval);

    const lists = (await ask<Lists>(world.tokens.sam, LISTS)).viewer;
    expect(lists.unreadMessageCount).toBe(1);
    expect(names(lists.conversations.nodes.find((node) => node.id === channelId)!.members)).toEqual(atRemoval);

    // Replayed live events carry the same list (the subscription's payload goes through the same field).
    await server.workroom.services.events.publisher.settle();
    const client = wsClient(server.url, world.tokens.sam);
    const replay = collect<{ message: { body: string }; channel: { members: Array<{ name: string }> } }>(
      client,
      'subscription ($channelId: ID, $after: String) { messageAdded(channelId: $channelId, after: $after) { message { body } channel { members { name } } } }',
      { channelId, after: eventCursor(0) },
    );
    const [replayed] = await replay.waitFor(1);
    expect(replayed!.message.body).toBe('Before Sam left');
    expect(names(replayed!.channel.members)).toEqual(atRemoval);
    await server.workroom.services.events.stream.catchUp();
    expect(replay.items).toHaveLength(1);
    await client.dispose();

    // Current members see who is in it now.
    expect(names((await ask<Thread>(world.tokens.morgan, THREAD, { id: channelId })).node.members)).toEqual(['Morgan Lee', 'Priya Shah', 'Quinn Hale']);
    // Alex, removed after Sam, sees Sam gone and Quinn and Priya back.
    expect(names((await ask<Thread>(world.tokens.alex, THREAD, { id: channelId })).node.members)).toEqual(['Morgan Lee', 'Priya Shah', 'Quinn Hale']);
  });
});
