import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../src/graphql/global-id.js';
import type { Organization } from '../src/modules/accounts/organization.entity.js';
import type { User } from '../src/modules/accounts/user.entity.js';
import type { CalendarEvent } from '../src/modules/calendar/calendar-event.entity.js';
import { JobStatus, type Job } from '../src/modules/jobs/job.entity.js';
import type { Channel } from '../src/modules/messaging/channel.entity.js';
import { Factory } from './factories.js';
import { startTestServer, type TestServer } from './helpers.js';

/**
 * A row the viewer reaches by one rule must not carry a row another rule hides. The trainer here
 * attends a call and sits in a channel on a job still in DRAFT, on which they hold no contract
 * and no proposal: they see the call and the channel, but the posting does not exist for them,
 * so following `job` from either must answer null, exactly as `node(id:)` answers NOT_FOUND.
 */
let server: TestServer;
let organization: Organization;
let employer: User;
let draftJob: Job;
let call: CalendarEvent;
let channel: Channel;
const tokens: Record<'trainer' | 'employer', string> = { trainer: '', employer: '' };

beforeAll(async () => {
  server = await startTestServer();
  const factory = new Factory(server.workroom.dataSource);
  organization = await factory.organization({ name: 'Drafting Org' });
  employer = await factory.employer(organization, { email: 'relation-employer@test.example' });
  const trainer = await factory.trainer({ email: 'relation-trainer@test.example' });
  draftJob = await factory.job(organization, { status: JobStatus.DRAFT, title: 'Unannounced: red-teaming a new model' });
  call = await factory.calendarEvent(organization, employer, [trainer, employer], { jobId: draftJob.id, title: 'Intro call' });
  channel = await factory.channel(organization, [trainer, employer], { jobId: draftJob.id, name: 'Intro' });
  tokens.trainer = await server.signIn('relation-trainer@test.example');
  tokens.employer = await server.signIn('relation-employer@test.example');
});

afterAll(async () => {
  await server?.stop();
});

const from = () => new Date(Date.now() - 24 * 3600 * 1000).toISOString();
const to = () => new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString();

const calendarQuery = `query ($from: DateTime!, $to: DateTime!) {
  viewer { calendar(from: $from, to: $to) { ... on CalendarEvent { id title job { id title } } } }
}`;
const conversationsQuery = '{ viewer { conversations(first: 10) { nodes { id name job { id title } } } } }';
const nodeQuery = `query ($id: ID!) {
  node(id: $id) { id ... on CalendarEvent { job { title } } ... on Channel { job { title } } ... on Job { title } }
}`;

type Calendar = { viewer: { calendar: Array<{ id?: string; title: string; job: { id: string; title: string } | null }> } };
type Conversations = { viewer: { conversations: { nodes: Array<{ id: string; name: string; job: { id: string; title: string } | null }> } } };

describe('relation fields answer only rows the viewer may read', () => {
  it('the trainer cannot read the draft job itself', async () => {
    const result = await server.graphql(nodeQuery, { variables: { id: toGlobalId('Job', draftJob.id) }, token: tokens.trainer });
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('CalendarEvent.job is null for an attendee who may not read the job', async () => {
    const result = await server.graphql<Calendar>(calendarQuery, { variables: { from: from(), to: to() }, token: tokens.trainer });
    expect(result.errors).toBeUndefined();
    const entry = result.data!.viewer.calendar.find((item) => item.id === toGlobalId('CalendarEvent', call.id));
    expect(entry).toMatchObject({ title: 'Intro call', job: null });

    const byNode = await server.graphql(nodeQuery, { variables: { id: toGlobalId('CalendarEvent', call.id) }, token: tokens.trainer });
    expect(byNode.errors).toBeUndefined();
    expect(byNode.data?.node).toEqual({ id: toGlobalId('CalendarEvent', call.id), job: null });
  });

  it('Channel.job is null for a member who may not read the job', async () => {
    const result = await server.graphql<Conversations>(conversationsQuery, { token: tokens.trainer });
    expect(result.errors).toBeUndefined();
    const entry = result.data!.viewer.conversations.nodes.find((item) => item.id === toGlobalId('Channel', channel.id));
    expect(entry).toMatchObject({ name: 'Intro', job: null });
  });

  it('the employer, who may read the job, follows both references to it', async () => {
    const job = { id: toGlobalId('Job', draftJob.id), title: draftJob.title };
    const calendar = await server.graphql<Calendar>(calendarQuery, { variables: { from: from(), to: to() }, token: tokens.employer });
    expect(calendar.errors).toBeUndefined();
    expect(calendar.data!.viewer.calendar.find((item) => item.id === toGlobalId('CalendarEvent', call.id))?.job).toEqual(job);
    const conversations = await server.graphql<Conversations>(conversationsQuery, { token: tokens.employer });
    expect(conversations.errors).toBeUndefined();
    expect(conversations.data!.viewer.conversations.nodes.find((item) => item.id === toGlobalId('Channel', channel.id))?.job).toEqual(job);
  });
});
