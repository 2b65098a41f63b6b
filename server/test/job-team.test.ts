import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventCursor } from '../src/api/live-feed.js';
import { toGlobalId } from '../src/graphql/global-id.js';
import type { User } from '../src/modules/accounts/user.entity.js';
import { ContractStatus } from '../src/modules/contracts/contract.entity.js';
import { JobStatus } from '../src/modules/jobs/job.entity.js';
import { ChannelKind } from '../src/modules/messaging/channel.entity.js';
import { Factory } from './factories.js';
import { startTestServer, type TestServer } from './helpers.js';
import { collect, wsClient } from './live-helpers.js';

/**
 * A job's people and its Messages tab, as each of them sees it: who is on the job (`Job.team`),
 * the job's GROUP channels next to the contract's DIRECT one (`Contract.channels`), a DIRECT
 * channel named after the other party, and an employer running a group channel's members while
 * the people added or removed watch it appear and disappear.
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
const signInAs = (user: User) => server.signIn(user.email);

async function ask<T>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await server.graphql<T>(query, { token, variables });
  expect(result.errors, `unexpected errors: ${JSON.stringify(result.errors)}`).toBeUndefined();
  return result.data as T;
}

async function refusal(token: string, query: string, variables: Record<string, unknown> = {}) {
  const result = await server.graphql(query, { token, variables });
  expect(result.errors, 'expected an error').toBeDefined();
  return result.errors![0]!;
}

/**
 * Northwind AI (Morgan and Priya) with one job, "RLHF ranking", and two trainers on it, Alex and
 * Sam, each with a contract and a DIRECT channel with Morgan; Morgan's GROUP channel with both.
 * Also: Pat, who applied to the job without being hired; Otto, on another Northwind job; Eve, an
 * employer of another organization.
 */
async function buildWorld() {
  const organization = await factory.organization({ name: 'Northwind AI' });
  const people = {
    morgan: await factory.employer(organization, { name: 'Morgan Lee' }),
    priya: await factory.employer(organization, { name: 'Priya Shah' }),
    alex: await factory.trainer({ name: 'Alex Rivera' }),
    sam: await factory.trainer({ name: 'Sam Park' }),
    pat: await factory.trainer({ name: 'Pat Applicant' }),
    otto: await factory.trainer({ name: 'Otto Elsewhere' }),
  };
  const job = await factory.job(organization, { title: 'RLHF ranking', status: JobStatus.OPEN });
  const otherJob = await factory.job(organization, { title: 'Bounding boxes', status: JobStatus.CLOSED });
  const alexContract = await factory.contract(job, people.alex);
  const samContract = await factory.contract(job, people.sam, { status: ContractStatus.ENDED });
  await factory.contract(otherJob, people.otto);
  await factory.proposal(job, people.pat);
  const direct = (trainer: User, contractId: string) =>
    factory.channel(organization, [trainer, people.morgan], {
      kind: ChannelKind.DIRECT,
      name: `${trainer.name} · Northwind AI · RLHF ranking`,
      jobId: job.id,
      contractId,
    });
  const alexDirect = await direct(people.alex, alexContract.id);
  const samDirect = await direct(people.sam, samContract.id);
  const group = await factory.channel(organization, [people.morgan, people.alex, people.sam], {
    kind: ChannelKind.GROUP,
    name: 'Ranking team',
    jobId: job.id,
  });
  // A GROUP channel of the same job without Sam, and one of another job: neither is on Sam's tab.
  const leads = await factory.channel(organization, [people.morgan, people.alex], { kind: ChannelKind.GROUP, name: 'Leads', jobId: job.id });
  const boxes = await factory.channel(organization, [people.morgan, people.otto], { kind: ChannelKind.GROUP, name: 'Boxes', jobId: otherJob.id });
  const other = await factory.organization({ name: 'Contoso Labs' });
  const eve = await factory.employer(other, { name: 'Eve Other' });
  const tokens = Object.fromEntries(
    await Promise.all([...Object.entries(people), ['eve', eve] as const].map(async ([key, user]) => [key, await signInAs(user)] as const)),
  ) as Record<keyof typeof people | 'eve', string>;
  const ids = {
    job: gid('Job', job.id),
    alexContract: gid('Contract', alexContract.id),
    samContract: gid('Contract', samContract.id),
    alexDirect: gid('Channel', alexDirect.id),
    samDirect: gid('Channel', samDirect.id),
    group: gid('Channel', group.id),
    leads: gid('Channel', leads.id),
    boxes: gid('Channel', boxes.id),
    ...Object.fromEntries(Object.entries(people).map(([key, user]) => [key, gid('User', user.id)])),
  } as Record<'job' | 'alexContract' | 'samContract' | 'alexDirect' | 'samDirect' | 'group' | 'leads' | 'boxes' | keyof typeof people, string>;
  return { people, tokens, ids };
}

const TEAM = 'query ($id: ID!) { node(id: $id) { ... on Job { team { role user { name } } } } }';
type Team = { node: { team: Array<{ role: string; user: { name: string } }> } | null };
const teamOf = async (token: string, jobId: string) =>
  (await ask<Team>(token, TEAM, { id: jobId })).node?.team.map((member) => `${member.user.name} (${member.role})`);

const CHANNELS = 'query ($id: ID!) { node(id: $id) { ... on Contract { channels(first: 20) { totalCount nodes { id kind name } } } } }';
type Channels = { node: { channels: { totalCount: number; nodes: Array<{ id: string; kind: string; name: string }> } } | null };
const tabOf = async (token: string, contractId: string) =>
  (await ask<Channels>(token, CHANNELS, { id: contractId })).node?.channels.nodes.map((channel) => `${channel.kind} ${channel.name}`).sort();

const ADD = 'mutation ($input: AddChannelMembersInput!) { addChannelMembers(input: $input) { channel { id members { name } } } }';
const REMOVE = 'mutation ($input: RemoveChannelMemberInput!) { removeChannelMember(input: $input) { channel { id members { name } } } }';
const CHANNEL = 'query ($id: ID!) { node(id: $id) { ... on Channel { id name messages(last: 20) { nodes { body } } } } }';
const SEND = 'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { message { id } } }';

describe('Job.team: who is on the job, for the people on it only', () => {
  it("lists the organization's employers, then the trainers with a contract (ended included), to each of them", async () => {
    const { tokens, ids } = await buildWorld();
    const everyone = ['Morgan Lee (EMPLOYER)', 'Priya Shah (EMPLOYER)', 'Alex Rivera (TRAINER)', 'Sam Park (TRAINER)'];
    expect(await teamOf(tokens.morgan, ids.job)).toEqual(everyone);
    expect(await teamOf(tokens.priya, ids.job)).toEqual(everyone);
    // A trainer sees the other trainers of the jobs they share, even once their contract ended.
    expect(await teamOf(tokens.alex, ids.job)).toEqual(everyone);
    expect(await teamOf(tokens.sam, ids.job)).toEqual(everyone);
  });

  it('is empty for anyone else who can read the job: an applicant, a trainer of another job, another organization', async () => {
    const { tokens, ids } = await buildWorld();
    // The job is OPEN, so they all read it; its people are not theirs to know.
    expect(await teamOf(tokens.pat, ids.job)).toEqual([]);
    expect(await teamOf(tokens.otto, ids.job)).toEqual([]);
    expect(await teamOf(tokens.eve, ids.job)).toEqual([]);
  });
});

describe("Contract.channels: the job's Messages tab", () => {
  it("lists the contract's DIRECT channel and the job's GROUP channels the viewer is in, and nothing else", async () => {
    const { tokens, ids } = await buildWorld();
    expect(await tabOf(tokens.alex, ids.alexContract)).toEqual(['DIRECT Northwind AI · RLHF ranking', 'GROUP Leads', 'GROUP Ranking team']);
    // Not in "Leads", and "Boxes" is another job's.
    expect(await tabOf(tokens.sam, ids.samContract)).toEqual(['DIRECT Northwind AI · RLHF ranking', 'GROUP Ranking team']);
    expect(await tabOf(tokens.morgan, ids.alexContract)).toEqual(['DIRECT Alex Rivera · RLHF ranking', 'GROUP Leads', 'GROUP Ranking team']);
    expect(await tabOf(tokens.morgan, ids.samContract)).toEqual(['DIRECT Sam Park · RLHF ranking', 'GROUP Leads', 'GROUP Ranking team']);
    // Priya reads the contract (her organization's) but is in none of its channels.
    expect(await tabOf(tokens.priya, ids.alexContract)).toEqual([]);
  });

  it('keeps a channel the viewer is not in invisible: NOT_FOUND by id, absent from lists', async () => {
    const { tokens, ids } = await buildWorld();
    for (const [token, channelId] of [
      [tokens.sam, ids.leads],
      [tokens.sam, ids.alexDirect],
      [tokens.alex, ids.samDirect],
      [tokens.priya, ids.group],
      [tokens.eve, ids.group],
      [tokens.otto, ids.group],
    ] as const) {
      const error = await refusal(token, 'query ($id: ID!) { channel: node(id: $id) { ... on Channel { id } } }', { id: channelId });
      expect(error.extensions?.code).toBe('NOT_FOUND');
    }
    // Another trainer's contract (and so its tab) does not exist for Sam.
    expect((await refusal(tokens.sam, CHANNELS, { id: ids.alexContract })).extensions?.code).toBe('NOT_FOUND');
  });

  it('names a DIRECT channel after the other party, for each side, everywhere it is read', async () => {
    const { tokens, ids } = await buildWorld();
    const name = async (token: string, id: string) => (await ask<{ node: { name: string } }>(token, CHANNEL, { id })).node.name;
    expect(await name(tokens.alex, ids.alexDirect)).toBe('Northwind AI · RLHF ranking');
    expect(await name(tokens.morgan, ids.alexDirect)).toBe('Alex Rivera · RLHF ranking');
    // The Messages page's list too; a GROUP channel keeps the name it was given.
    const { viewer } = await ask<{ viewer: { conversations: { nodes: Array<{ id: string; name: string }> } } }>(
      tokens.alex,
      '{ viewer { conversations(first: 20) { nodes { id name } } } }',
    );
    expect(viewer.conversations.nodes.find((node) => node.id === ids.alexDirect)?.name).toBe('Northwind AI · RLHF ranking');
    expect(viewer.conversations.nodes.find((node) => node.id === ids.group)?.name).toBe('Ranking team');
  });
});

describe("An employer runs a group channel's members; the people concerned see it live", () => {
  it('a trainer, even a member, cannot add or remove anyone, and nothing changes', async () => {
    const { tokens, ids } = await buildWorld();
    const add = await refusal(tokens.alex, ADD, { input: { channelId: ids.leads, userIds: [ids.sam] } });
    expect(add.extensions?.code).toBe('FORBIDDEN');
    const remove = await refusal(tokens.alex, REMOVE, { input: { channelId: ids.group, userId: ids.sam } });
    expect(remove.extensions?.code).toBe('FORBIDDEN');
    // Sam, not in "Leads", is told it does not exist.
    const outsider = await refusal(tokens.sam, ADD, { input: { channelId: ids.leads, userIds: [ids.sam] } });
    expect(outsider.extensions?.code).toBe('NOT_FOUND');
    expect(await tabOf(tokens.sam, ids.samContract)).toEqual(['DIRECT Northwind AI · RLHF ranking', 'GROUP Ranking team']);
  });

  it('only people on the job can be added: an applicant is refused by name', async () => {
    const { tokens, ids } = await buildWorld();
    const error = await refusal(tokens.morgan, ADD, { input: { channelId: ids.leads, userIds: [ids.pat] } });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'userIds' });
    expect(error.message).toContain('Pat Applicant is not on this job');
  });

  it('a trainer added sees the channel appear live on the job tab; removed, it leaves the tab and they read nothing new', async () => {
    const { tokens, ids } = await buildWorld();
    // From the newest event on: whatever arrives is what this test did, replayed or live.
    const [{ position }] = await server.workroom.dataSource.query('SELECT COALESCE(max(position), 0)::int AS position FROM events');
    const client = wsClient(server.url, tokens.sam);
    const live = collect<{ type: string; summary: string }>(client, 'subscription ($after: String) { activity(after: $after) { type summary } }', {
      after: eventCursor(position),
    });
    try {
      const added = await ask<{ addChannelMembers: { channel: { members: Array<{ name: string }> } } }>(tokens.morgan, ADD, {
        input: { channelId: ids.leads, userIds: [ids.sam] },
      });
      expect(added.addChannelMembers.channel.members.map((member) => member.name).sort()).toEqual(['Alex Rivera', 'Morgan Lee', 'Sam Park']);
      const [joined] = await live.waitFor(1);
      expect(joined).toEqual({ type: 'CHANNEL_MEMBERS_CHANGED', summary: 'Morgan Lee added Sam Park to Leads' });
      // What the client refetches on that event now holds the channel.
      expect(await tabOf(tokens.sam, ids.samContract)).toContain('GROUP Leads');
      await ask(tokens.alex, SEND, { input: { channelId: ids.leads, body: 'Welcome, Sam' } });

      await ask(tokens.morgan, REMOVE, { input: { channelId: ids.leads, userId: ids.sam } });
      const events = await live.waitFor(3);
      expect(events.slice(1).map((event) => event.type)).toEqual(['MESSAGE_ADDED', 'CHANNEL_MEMBERS_CHANGED']);
      expect(events[2]!.summary).toBe('Morgan Lee removed Sam Park from Leads');
      expect(await tabOf(tokens.sam, ids.samContract)).toEqual(['DIRECT Northwind AI · RLHF ranking', 'GROUP Ranking team']);

      // Nothing posted after the removal reaches them, live or read, and they cannot post.
      await ask(tokens.alex, SEND, { input: { channelId: ids.leads, body: 'After Sam left' } });
      const thread = await ask<{ node: { messages: { nodes: Array<{ body: string }> } } }>(tokens.sam, CHANNEL, { id: ids.leads });
      expect(thread.node.messages.nodes.map((message) => message.body)).toEqual(['Welcome, Sam']);
      const post = await refusal(tokens.sam, SEND, { input: { channelId: ids.leads, body: 'Still here?' } });
      expect(post.extensions?.code).toBe('FORBIDDEN');
      // The next thing Sam hears is Morgan's message in their DIRECT channel, not Alex's after the removal.
      await ask(tokens.morgan, SEND, { input: { channelId: ids.samDirect, body: 'Thanks for the help, Sam' } });
      expect((await live.waitFor(4))[3]).toEqual({ type: 'MESSAGE_ADDED', summary: expect.stringContaining('Thanks for the help, Sam') });
      expect(live.items).toHaveLength(4);
    } finally {
      live.dispose();
      await client.dispose();
    }
  });
});
