import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGlobalId, toGlobalId } from '../src/graphql/global-id.js';
import type { User } from '../src/modules/accounts/user.entity.js';
import type { Contract } from '../src/modules/contracts/contract.entity.js';
import { JobStatus, type Job } from '../src/modules/jobs/job.entity.js';
import { Factory } from './factories.js';
import { startTestServer, type GraphQLResponse, type TestServer } from './helpers.js';

/**
 * Scheduling through the API: who may schedule, change and cancel events, what a bad event is
 * refused with, how events land on attendees' calendars, and the private ICS feed that carries
 * the same calendar to calendar apps.
 */
let server: TestServer;
let factory: Factory;

const hours = (n: number) => n * 3600 * 1000;
const days = (n: number) => n * 24 * 3600 * 1000;
/** Midnight UTC ten days from now: every date of the file is an offset from it. */
const base = Math.floor(Date.now() / days(1)) * days(1) + days(10);
const at = (offset: number) => new Date(base + offset).toISOString();
const range = { from: at(-days(1)), to: at(days(30)) };

const people = {} as Record<'employer' | 'colleague' | 'otherEmployer' | 'alex' | 'jordan' | 'casey', User>;
const tokens = {} as Record<keyof typeof people, string>;
let job: Job;
let openJob: Job;
let alexContract: Contract;
let jordanContract: Contract;
let otherJobContract: Contract;

beforeAll(async () => {
  server = await startTestServer();
  factory = new Factory(server.workroom.dataSource);
  const organization = await factory.organization({ name: 'Northwind AI' });
  const other = await factory.organization({ name: 'Helios Labs' });
  people.employer = await factory.employer(organization, { email: 'cal-employer@test.example', name: 'Morgan Lee' });
  people.colleague = await factory.employer(organization, { email: 'cal-colleague@test.example', name: 'Priya Shah' });
  people.otherEmployer = await factory.employer(other, { email: 'cal-other-employer@test.example', name: 'Sam Ortega' });
  people.alex = await factory.trainer({ email: 'cal-alex@test.example', name: 'Alex Rivera' });
  people.jordan = await factory.trainer({ email: 'cal-jordan@test.example', name: 'Jordan Park' });
  people.casey = await factory.trainer({ email: 'cal-casey@test.example', name: 'Casey Kim' });
  // A job that is no longer posted: only its organization and its trainers can see it.
  job = await factory.job(organization, { title: 'RLHF ranking', status: JobStatus.CLOSED });
  openJob = await factory.job(organization, { title: 'Still hiring', status: JobStatus.OPEN });
  alexContract = await factory.contract(job, people.alex, { title: 'RLHF ranking: Alex' });
  jordanContract = await factory.contract(job, people.jordan, { title: 'RLHF ranking: Jordan' });
  otherJobContract = await factory.contract(openJob, people.alex, { title: 'Another job of Alex' });
  for (const key of Object.keys(people) as Array<keyof typeof people>) tokens[key] = await server.signIn(people[key].email);
});

afterAll(async () => {
  await server?.stop();
});

const eventFields = `id kind title description startsAt endsAt allDay location meetingUrl cancelledAt
  attendees { name } createdBy { name } job { title } contract { title }`;

const mutations = {
  create: `mutation ($input: CreateCalendarEventInput!) { createCalendarEvent(input: $input) { calendarEvent { ${eventFields} } } }`,
  update: `mutation ($input: UpdateCalendarEventInput!) { updateCalendarEvent(input: $input) { calendarEvent { ${eventFields} } } }`,
  cancel: `mutation ($input: CancelCalendarEventInput!) { cancelCalendarEvent(input: $input) { calendarEvent { ${eventFields} } } }`,
  rotate: 'mutation { rotateCalendarFeed { url } }',
  revoke: 'mutation { revokeCalendarFeed { revoked } }',
};

const calendarQuery = `query ($from: DateTime!, $to: DateTime!) {
  viewer {
    calendar(from: $from, to: $to) {
      __typename kind title startsAt endsAt allDay
      ... on CalendarEvent { id cancelledAt attendees { name } }
      ... on MilestoneDeadline { milestone { id title } }
    }
  }
}`;

interface EventResult {
  id: string;
  kind: string;
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  allDay: boolean;
  location: string | null;
  meetingUrl: string | null;
  cancelledAt: string | null;
  attendees: Array<{ name: string }>;
  createdBy: { name: string };
  job: { title: string } | null;
  contract: { title: string } | null;
}

interface Entry {
  __typename: string;
  kind: string;
  title: string;
  startsAt: string;
  endsAt: string;
  allDay: boolean;
  id?: string;
  cancelledAt?: string | null;
  attendees?: Array<{ name: string }>;
  milestone?: { id: string; title: string };
}

const gid = toGlobalId;
const userId = (user: User) => gid('User', user.id);
const sql = (query: string, parameters: unknown[] = []) => server.workroom.dataSource.query(query, parameters);
const databaseId = (globalId: string) => parseGlobalId(globalId)!.id;

function run<T = Record<string, { calendarEvent: EventResult }>>(mutation: string, token: string, input?: Record<string, unknown>) {
  return server.graphql<T>(mutation, { variables: input ? { input } : {}, token });
}

/** Runs an operation that must succeed and returns its data. */
function data<T>(result: GraphQLResponse<T>): T {
  expect(result.errors, `unexpected errors: ${JSON.stringify(result.errors)}`).toBeUndefined();
  return result.data as T;
}

const validInput = (values: Record<string, unknown> = {}) => ({
  jobId: gid('Job', job.id),
  kind: 'KICKOFF',
  title: 'Kickoff call',
  startsAt: at(hours(10)),
  endsAt: at(hours(11)),
  attendeeIds: [userId(people.alex)],
  ...values,
});

async function createEvent(values: Record<string, unknown> = {}): Promise<EventResult> {
  const result = await run<{ createCalendarEvent: { calendarEvent: EventResult } }>(mutations.create, tokens.employer, validInput(values));
  return data(result).createCalendarEvent.calendarEvent;
}

async function calendarOf(token: string): Promise<Entry[]> {
  return data(await server.graphql<{ viewer: { calendar: Entry[] } }>(calendarQuery, { token, variables: range })).viewer.calendar;
}

const titlesOn = async (token: string) => (await calendarOf(token)).map((entry) => entry.title);

async function storedEvent(globalId: string) {
  const [row] = await sql('SELECT title, starts_at, ends_at, cancelled_at FROM calendar_events WHERE id = $1', [databaseId(globalId)]);
  const attendees: Array<{ user_id: string }> = await sql('SELECT user_id FROM calendar_event_attendees WHERE event_id = $1 ORDER BY added_at', [
    databaseId(globalId),
  ]);
  return { ...row, attendees: attendees.map((attendee) => attendee.user_id) };
}

async function activityOf(globalId: string): Promise<Array<{ type: string; audience: string; subject_type: string; organization_id: string }>> {
  return sql('SELECT type, audience, subject_type, organization_id FROM events WHERE subject_id = $1 ORDER BY created_at', [databaseId(globalId)]);
}

const countEvents = async () => Number((await sql('SELECT count(*)::int AS n FROM calendar_events'))[0].n);

describe('refused first: nothing changes', () => {
  it('refuses a signed-out caller', async () => {
    const result = await server.graphql(mutations.create, { variables: { input: validInput() } });
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const rotate = await server.graphql(mutations.rotate);
    expect(rotate.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses each mutation to trainers and other organizations: FORBIDDEN to who can see it, NOT_FOUND to who cannot', async () => {
    const event = await createEvent({ title: 'Not yours to change', contractId: gid('Contract', alexContract.id) });
    const before = await storedEvent(event.id);
    const eventsBefore = await countEvents();
    const activityBefore = await activityOf(event.id);

    const cases: Array<[string, string, keyof typeof tokens, Record<string, unknown>, string]> = [
      // Alex has a contract on the job (so sees it) and attends the event.
      ['create', mutations.create, 'alex', validInput(), 'FORBIDDEN'],
      ['create', mutations.create, 'otherEmployer', validInput(), 'NOT_FOUND'],
      ['create', mutations.create, 'casey', validInput(), 'NOT_FOUND'],
      // An OPEN job is public: a trainer sees it, another organization's employer still learns nothing.
      ['create on an open job', mutations.create, 'casey', validInput({ jobId: gid('Job', openJob.id) }), 'FORBIDDEN'],
      ['create on an open job', mutations.create, 'otherEmployer', validInput({ jobId: gid('Job', openJob.id) }), 'NOT_FOUND'],
      ['update', mutations.update, 'alex', { eventId: event.id, title: 'Mine now' }, 'FORBIDDEN'],
      ['update', mutations.update, 'otherEmployer', { eventId: event.id, title: 'Mine now' }, 'NOT_FOUND'],
      ['update', mutations.update, 'casey', { eventId: event.id, title: 'Mine now' }, 'NOT_FOUND'],
      // Jordan works on the job but neither attends nor holds the event's contract.
      ['update', mutations.update, 'jordan', { eventId: event.id, title: 'Mine now' }, 'NOT_FOUND'],
      ['cancel', mutations.cancel, 'alex', { eventId: event.id }, 'FORBIDDEN'],
      ['cancel', mutations.cancel, 'otherEmployer', { eventId: event.id }, 'NOT_FOUND'],
      ['cancel', mutations.cancel, 'casey', { eventId: event.id }, 'NOT_FOUND'],
      ['cancel', mutations.cancel, 'jordan', { eventId: event.id }, 'NOT_FOUND'],
    ];
    for (const [name, mutation, caller, input, code] of cases) {
      const result = await run(mutation, tokens[caller], input);
      expect(result.errors?.[0]?.extensions?.code, `${name} as ${caller}`).toBe(code);
      expect(result.data, `${name} as ${caller}`).toBeNull();
    }
    const unknown = await run(mutations.cancel, tokens.employer, { eventId: gid('CalendarEvent', '00000000-0000-4000-8000-000000000000') });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    expect(await storedEvent(event.id)).toEqual(before);
    expect(await countEvents()).toBe(eventsBefore);
    expect(await activityOf(event.id)).toEqual(activityBefore);
  });

  it('names the field for bad input: times, attendees, links, contracts, text, ids', async () => {
    const eventsBefore = await countEvents();
    const cases: Array<[string, Record<string, unknown>, string, RegExp?]> = [
      ['ends before it starts', { startsAt: at(hours(11)), endsAt: at(hours(10)) }, 'endsAt', /ends .* before it starts/],
      ['an attendee not on the job', { attendeeIds: [userId(people.alex), userId(people.casey)] }, 'attendeeIds', /^Casey Kim is not on this job/],
      [
        'two attendees not on the job',
        { attendeeIds: [userId(people.otherEmployer), userId(people.casey)] },
        'attendeeIds',
        /^Sam Ortega and Casey Kim are not on this job/,
      ],
      ['a script link', { meetingUrl: 'javascript:alert(1)' }, 'meetingUrl', /http/],
      ['a non-web link', { meetingUrl: 'ftp://files.example.com/call' }, 'meetingUrl'],
      ['not a link at all', { meetingUrl: 'tomorrow at ten' }, 'meetingUrl'],
      ['a contract from another job', { contractId: gid('Contract', otherJobContract.id) }, 'contractId', /not a contract on this event's job/],
      ['an id of the wrong type as contract', { contractId: gid('Job', job.id) }, 'contractId'],
      ['a start in 2999', { startsAt: '2999-01-01T10:00:00Z', endsAt: '2999-01-01T11:00:00Z' }, 'startsAt', /five years/],
      ['a start in 1999', { startsAt: '1999-01-01T10:00:00Z', endsAt: '1999-01-01T11:00:00Z' }, 'startsAt', /2000/],
      ['an event of 32 days', { startsAt: at(0), endsAt: at(days(32)) }, 'endsAt', /31 days/],
      ['an all-day event of 32 days', { startsAt: at(hours(5)), endsAt: at(days(31) + hours(1)), allDay: true }, 'endsAt', /31 days/],
      ['an empty title', { title: '' }, 'title'],
      ['a blank title', { title: '   ' }, 'title'],
      ['a long title', { title: 'x'.repeat(201) }, 'title'],
      ['a long description', { description: 'x'.repeat(5001) }, 'description'],
      ['a long location', { location: 'x'.repeat(501) }, 'location'],
      ['too many attendees', { attendeeIds: Array.from({ length: 101 }, () => userId(people.alex)) }, 'attendeeIds'],
      ['a job id that is not one', { jobId: 'not-an-id' }, 'jobId'],
      ['a user id of the wrong type', { attendeeIds: [gid('Contract', alexContract.id)] }, 'attendeeIds'],
    ];
    for (const [name, values, field, message] of cases) {
      const result = await run(mutations.create, tokens.employer, validInput(values));
      expect(result.errors?.[0]?.extensions, name).toMatchObject({ code: 'BAD_USER_INPUT', field });
      if (message) expect(result.errors?.[0]?.message, name).toMatch(message);
    }
    const outsider = await run(mutations.create, tokens.employer, validInput({ attendeeIds: [userId(people.casey)] }));
    expect(outsider.errors?.[0]?.extensions?.notOnJob).toEqual([userId(people.casey)]);
    expect(await countEvents()).toBe(eventsBefore);

    const event = await createEvent({ title: 'Stays as it is' });
    const before = await storedEvent(event.id);
    const updates: Array<[Record<string, unknown>, string]> = [
      [{ endsAt: at(hours(9)) }, 'endsAt'],
      [{ startsAt: at(hours(12)) }, 'startsAt'],
      [{ attendeeIds: [userId(people.casey)] }, 'attendeeIds'],
      [{ meetingUrl: 'javascript:alert(1)' }, 'meetingUrl'],
      [{ contractId: gid('Contract', otherJobContract.id) }, 'contractId'],
      [{ title: '' }, 'title'],
    ];
    for (const [values, field] of updates) {
      const result = await run(mutations.update, tokens.employer, { eventId: event.id, ...values });
      expect(result.errors?.[0]?.extensions, JSON.stringify(values)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await storedEvent(event.id)).toEqual(before);
  });

  it('refuses to change or cancel a cancelled event with INVALID_TRANSITION', async () => {
    const event = await createEvent({ title: 'Called off' });
    data(await run(mutations.cancel, tokens.employer, { eventId: event.id }));
    const before = await storedEvent(event.id);

    const again = await run(mutations.cancel, tokens.employer, { eventId: event.id });
    expect(again.errors?.[0]?.extensions).toEqual({ code: 'INVALID_TRANSITION', currentStatus: 'CANCELLED', attemptedAction: 'CANCEL' });
    const update = await run(mutations.update, tokens.colleague, { eventId: event.id, title: 'Back on' });
    expect(update.errors?.[0]?.extensions).toEqual({ code: 'INVALID_TRANSITION', currentStatus: 'CANCELLED', attemptedAction: 'UPDATE' });
    expect(await storedEvent(event.id)).toEqual(before);
    expect((await activityOf(event.id)).map((row) => row.type)).toEqual(['CALENDAR_EVENT_SCHEDULED', 'CALENDAR_EVENT_CANCELLED']);
  });
});

describe('events on calendars', () => {
  it("puts a new event on each attendee trainer's calendar, not on other trainers' unless it is on their contract", async () => {
    const kickoff = await createEvent({
      title: 'Kickoff, part 1; RLHF',
      description: '  Bring questions.  ',
      location: 'Room 4',
      meetingUrl: 'https://meet.example.com/kickoff',
      // The creator is added even when left out; duplicates count once.
      attendeeIds: [userId(people.alex), userId(people.alex), userId(people.colleague)],
    });
    expect(kickoff).toMatchObject({
      kind: 'KICKOFF',
      title: 'Kickoff, part 1; RLHF',
      description: 'Bring questions.',
      startsAt: at(hours(10)),
      endsAt: at(hours(11)),
      allDay: false,
      location: 'Room 4',
      meetingUrl: 'https://meet.example.com/kickoff',
      cancelledAt: null,
      attendees: [{ name: 'Morgan Lee' }, { name: 'Alex Rivera' }, { name: 'Priya Shah' }],
      createdBy: { name: 'Morgan Lee' },
      job: { title: 'RLHF ranking' },
      contract: null,
    });
    // On Jordan's contract, though Jordan is not invited.
    const review = await createEvent({
      kind: 'CHECK_IN',
      title: "Review of Jordan's batch",
      contractId: gid('Contract', jordanContract.id),
      startsAt: at(days(1) + hours(9)),
      endsAt: at(days(1) + hours(10)),
      attendeeIds: [],
    });
    expect(review).toMatchObject({ attendees: [{ name: 'Morgan Lee' }], contract: { title: 'RLHF ranking: Jordan' } });

    const alexEntry = (await calendarOf(tokens.alex)).find((entry) => entry.id === kickoff.id);
    expect(alexEntry).toEqual({
      __typename: 'CalendarEvent',
      id: kickoff.id,
      kind: 'KICKOFF',
      title: 'Kickoff, part 1; RLHF',
      startsAt: at(hours(10)),
      endsAt: at(hours(11)),
      allDay: false,
      cancelledAt: null,
      attendees: [{ name: 'Morgan Lee' }, { name: 'Alex Rivera' }, { name: 'Priya Shah' }],
    });
    expect(await titlesOn(tokens.alex)).not.toContain("Review of Jordan's batch");
    expect(await titlesOn(tokens.jordan)).toEqual(expect.arrayContaining(["Review of Jordan's batch"]));
    expect(await titlesOn(tokens.jordan)).not.toContain('Kickoff, part 1; RLHF');
    expect(await titlesOn(tokens.casey)).toEqual([]);
    expect(await titlesOn(tokens.otherEmployer)).toEqual([]);
    expect(await titlesOn(tokens.colleague)).toEqual(expect.arrayContaining(['Kickoff, part 1; RLHF', "Review of Jordan's batch"]));

    const activity = await activityOf(kickoff.id);
    expect(activity).toEqual([{ type: 'CALENDAR_EVENT_SCHEDULED', audience: 'CALENDAR', subject_type: 'CalendarEvent', organization_id: job.organizationId }]);
  });

  it('moves an event on update, replaces its attendees, and marks it cancelled on cancel', async () => {
    const sync = await createEvent({ title: 'Weekly sync', kind: 'CHECK_IN' });
    expect(await titlesOn(tokens.alex)).toContain('Weekly sync');

    const moved = await run<{ updateCalendarEvent: { calendarEvent: EventResult } }>(mutations.update, tokens.colleague, {
      eventId: sync.id,
      startsAt: at(days(2) + hours(14)),
      endsAt: at(days(2) + hours(15)),
      location: 'Room 7',
    });
    expect(data(moved).updateCalendarEvent.calendarEvent).toMatchObject({
      startsAt: at(days(2) + hours(14)),
      endsAt: at(days(2) + hours(15)),
      location: 'Room 7',
      title: 'Weekly sync',
    });
    expect((await calendarOf(tokens.alex)).find((entry) => entry.id === sync.id)).toMatchObject({
      startsAt: at(days(2) + hours(14)),
      endsAt: at(days(2) + hours(15)),
    });

    // Only the start: the end must still be after it, and the start is blamed.
    const backwards = await run(mutations.update, tokens.employer, { eventId: sync.id, startsAt: at(days(2) + hours(16)) });
    expect(backwards.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'startsAt' });

    // The list is replaced: Alex leaves, Jordan joins; the creator stays; null clears the location.
    const swapped = await run<{ updateCalendarEvent: { calendarEvent: EventResult } }>(mutations.update, tokens.employer, {
      eventId: sync.id,
      attendeeIds: [userId(people.jordan)],
      location: null,
    });
    expect(data(swapped).updateCalendarEvent.calendarEvent).toMatchObject({ attendees: [{ name: 'Morgan Lee' }, { name: 'Jordan Park' }], location: null });
    expect(await titlesOn(tokens.alex)).not.toContain('Weekly sync');
    expect(await titlesOn(tokens.jordan)).toContain('Weekly sync');

    // Nothing to change: no write and nothing in the activity log.
    data(await run(mutations.update, tokens.employer, { eventId: sync.id, title: 'Weekly sync', attendeeIds: [userId(people.jordan)] }));

    const cancelled = await run<{ cancelCalendarEvent: { calendarEvent: EventResult } }>(mutations.cancel, tokens.employer, { eventId: sync.id });
    const cancelledAt = data(cancelled).cancelCalendarEvent.calendarEvent.cancelledAt;
    expect(cancelledAt).toEqual(expect.any(String));
    expect((await calendarOf(tokens.jordan)).find((entry) => entry.id === sync.id)).toMatchObject({ title: 'Weekly sync', cancelledAt });

    expect((await activityOf(sync.id)).map((row) => [row.type, row.audience])).toEqual([
      ['CALENDAR_EVENT_SCHEDULED', 'CALENDAR'],
      ['CALENDAR_EVENT_UPDATED', 'CALENDAR'],
      ['CALENDAR_EVENT_UPDATED', 'CALENDAR'],
      ['CALENDAR_EVENT_CANCELLED', 'CALENDAR'],
    ]);
  });

  it('stores all-day events as whole UTC days', async () => {
    const offsite = await createEvent({
      title: 'Labeling offsite',
      kind: 'OTHER',
      allDay: true,
      startsAt: at(days(3) + hours(9)),
      endsAt: at(days(4) + hours(17)),
    });
    expect(offsite).toMatchObject({ allDay: true, startsAt: at(days(3)), endsAt: at(days(5)) });
    const single = await createEvent({ title: 'Review day', kind: 'OTHER', allDay: true, startsAt: at(days(6)), endsAt: at(days(6)) });
    expect(single).toMatchObject({ startsAt: at(days(6)), endsAt: at(days(7)) });
    const timed = await run<{ updateCalendarEvent: { calendarEvent: EventResult } }>(mutations.update, tokens.employer, {
      eventId: single.id,
      allDay: false,
      startsAt: at(days(6) + hours(13)),
      endsAt: at(days(6) + hours(14)),
    });
    expect(data(timed).updateCalendarEvent.calendarEvent).toMatchObject({ allDay: false, startsAt: at(days(6) + hours(13)), endsAt: at(days(6) + hours(14)) });
  });

  it("shows milestone due dates as deadlines on the trainer's calendar", async () => {
    const milestone = await factory.milestone(alexContract, { number: 1, title: 'Label set A', dueAt: new Date(base + days(4) + hours(23)) });
    const deadline = (await calendarOf(tokens.alex)).find((entry) => entry.__typename === 'MilestoneDeadline');
    expect(deadline).toEqual({
      __typename: 'MilestoneDeadline',
      kind: 'DEADLINE',
      title: 'Milestone 1 due: Label set A',
      startsAt: at(days(4) + hours(23)),
      endsAt: at(days(4) + hours(23)),
      allDay: false,
      milestone: { id: gid('Milestone', milestone.id), title: 'Label set A' },
    });
    expect(await titlesOn(tokens.jordan)).not.toContain('Milestone 1 due: Label set A');
  });
});

/** The VEVENTs of an iCalendar document, property name (without parameters) to unescaped value. */
function parseEvents(ics: string): Array<Record<string, string>> {
  const lines = ics.replace(/\r\n[ \t]/g, '').split('\r\n');
  const events: Array<Record<string, string>> = [];
  let current: Record<string, string> | null = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT' && current) {
      events.push(current);
      current = null;
    } else if (current) {
      const colon = line.indexOf(':');
      const [name = '', ...parameters] = line.slice(0, colon).split(';');
      const value = line
        .slice(colon + 1)
        .replace(/\\([\\;,])/g, '$1')
        .replace(/\\n/gi, '\n');
      current[name] = value;
      if (parameters.length > 0) current[`${name};`] = parameters.join(';');
    }
  }
  return events;
}

const icsDateTime = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');

describe("a contract's meetings", () => {
  const meetingsQuery = `query ($id: ID!) { node(id: $id) { ... on Contract {
    meetings(first: 10) { totalCount nodes { id title startsAt cancelledAt attendees { name } } } } } }`;
  type Meetings = { totalCount: number; nodes: Array<{ id: string; title: string; startsAt: string; cancelledAt: string | null }> } | undefined;
  const meetingsOf = async (token: string, contract: Contract): Promise<Meetings | null> => {
    const result = await server.graphql<{ node: { meetings?: Meetings } | null }>(meetingsQuery, { token, variables: { id: gid('Contract', contract.id) } });
    if (result.errors?.[0]?.extensions?.code === 'NOT_FOUND') return null;
    expect(result.errors).toBeUndefined();
    return result.data!.node!.meetings ?? null;
  };

  it('lists the events on the contract that have not ended, soonest first, cancelled ones marked, to whoever may read them', async () => {
    const contract = await factory.contract(job, people.casey, { title: 'RLHF ranking: Casey' });
    const contractId = gid('Contract', contract.id);
    const later = await createEvent({
      contractId,
      title: 'Casey review',
      startsAt: at(days(3)),
      endsAt: at(days(3) + hours(1)),
      attendeeIds: [userId(people.casey)],
    });
    const sooner = await createEvent({ contractId, title: 'Casey kickoff', startsAt: at(hours(2)), endsAt: at(hours(3)), attendeeIds: [userId(people.casey)] });
    const past = await createEvent({ contractId, title: 'Casey intro', startsAt: at(-days(12)), endsAt: at(-days(12) + hours(1)), attendeeIds: [] });
    await createEvent({ title: 'Not about Casey', attendeeIds: [userId(people.casey)] });
    const cancelled = data(await run<{ cancelCalendarEvent: { calendarEvent: EventResult } }>(mutations.cancel, tokens.employer, { eventId: later.id }))
      .cancelCalendarEvent.calendarEvent.cancelledAt;

    const expected = [
      { id: sooner.id, title: 'Casey kickoff', cancelledAt: null },
      { id: later.id, title: 'Casey review', cancelledAt: cancelled },
    ];
    const employerView = await meetingsOf(tokens.colleague, contract);
    expect(employerView!.totalCount).toBe(2);
    expect(employerView!.nodes).toMatchObject(expected);
    expect(employerView!.nodes.map((node) => node.id)).not.toContain(past.id);
    expect((await meetingsOf(tokens.casey, contract))!.nodes).toMatchObject(expected);
    // Others do not see the contract at all.
    expect(await meetingsOf(tokens.otherEmployer, contract)).toBeNull();
    expect(await meetingsOf(tokens.alex, contract)).toBeNull();
  });
});

describe('the private ICS feed', () => {
  const feedUrlQuery = '{ viewer { calendarFeedUrl } }';
  const feedUrlOf = async (token: string) =>
    data(await server.graphql<{ viewer: { calendarFeedUrl: string | null } }>(feedUrlQuery, { token })).viewer.calendarFeedUrl;
  const rotate = async (token: string) => data(await run<{ rotateCalendarFeed: { url: string } }>(mutations.rotate, token)).rotateCalendarFeed.url;
  const fetchFeed = (path: string) => fetch(`${server.url}${path}`);

  it('serves the calendar to whoever has the address, until it is rotated or revoked', async () => {
    const visitor = await factory.trainer({ email: 'cal-feed@test.example', name: 'Robin Feed' });
    const contract = await factory.contract(job, visitor, { title: 'RLHF ranking: Robin' });
    const token = await server.signIn(visitor.email);
    expect(await feedUrlOf(token)).toBeNull();

    const scheduled = await createEvent({
      title: 'Calibration, round 2',
      description: 'Line one\nLine two',
      startsAt: at(days(8) + hours(15)),
      endsAt: at(days(8) + hours(16)),
      meetingUrl: 'https://meet.example.com/calibration',
      attendeeIds: [userId(visitor)],
    });
    const dropped = await createEvent({ title: 'Dropped sync', startsAt: at(days(9)), endsAt: at(days(9) + hours(1)), attendeeIds: [userId(visitor)] });
    data(await run(mutations.cancel, tokens.employer, { eventId: dropped.id }));
    const allDay = await createEvent({
      title: 'Holiday',
      kind: 'OTHER',
      allDay: true,
      startsAt: at(days(12)),
      endsAt: at(days(12)),
      attendeeIds: [userId(visitor)],
    });
    const milestone = await factory.milestone(contract, { number: 2, title: 'Label set B', dueAt: new Date(base + days(11) + hours(23)) });
    // Not Robin's: an event among employers only, and someone else's deadline.
    await createEvent({ title: 'Budget planning', attendeeIds: [userId(people.colleague)] });
    await factory.milestone(jordanContract, { number: 9, title: "Jordan's batch", dueAt: new Date(base + days(11)) });

    const url = await rotate(token);
    expect(url).toMatch(/^\/calendar\/[A-Za-z0-9_-]{32}\.ics$/);
    expect(await feedUrlOf(token)).toBe(url);

    const response = await fetchFeed(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    const ics = await response.text();
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics).toContain('X-WR-CALNAME:Workroom: Robin Feed');
    const events = parseEvents(ics);
    const byUid = new Map(events.map((event) => [event.UID, event]));
    expect(events.map((event) => event.SUMMARY).sort()).toEqual(['Calibration, round 2', 'Dropped sync', 'Holiday', 'Milestone 2 due: Label set B'].sort());
    expect(byUid.get(`${databaseId(scheduled.id)}@workroom`)).toMatchObject({
      SUMMARY: 'Calibration, round 2',
      DTSTART: icsDateTime(at(days(8) + hours(15))),
      DTEND: icsDateTime(at(days(8) + hours(16))),
      STATUS: 'CONFIRMED',
      URL: 'https://meet.example.com/calibration',
      DESCRIPTION: 'Line one\nLine two\n\nJoin: https://meet.example.com/calibration',
    });
    expect(byUid.get(`${databaseId(dropped.id)}@workroom`)).toMatchObject({ SUMMARY: 'Dropped sync', STATUS: 'CANCELLED' });
    const day = new Date(base + days(12)).toISOString().slice(0, 10).replace(/-/g, '');
    const nextDay = new Date(base + days(13)).toISOString().slice(0, 10).replace(/-/g, '');
    expect(byUid.get(`${databaseId(allDay.id)}@workroom`)).toMatchObject({ DTSTART: day, 'DTSTART;': 'VALUE=DATE', DTEND: nextDay });
    const deadline = byUid.get(`milestone-${milestone.id}-due@workroom`);
    expect(deadline).toMatchObject({ SUMMARY: 'Milestone 2 due: Label set B', DTSTART: icsDateTime(at(days(11) + hours(23))) });
    expect(deadline).not.toHaveProperty('DTEND');

    // The same address keeps working, with the same UIDs, and sees changes.
    data(await run(mutations.update, tokens.employer, { eventId: scheduled.id, title: 'Calibration, round 3' }));
    const again = parseEvents(await (await fetchFeed(url)).text());
    expect(again.find((event) => event.UID === `${databaseId(scheduled.id)}@workroom`)?.SUMMARY).toBe('Calibration, round 3');

    // Rotating revokes the old address.
    const rotated = await rotate(token);
    expect(rotated).not.toBe(url);
    expect(await feedUrlOf(token)).toBe(rotated);
    const old = await fetchFeed(url);
    expect(old.status).toBe(404);
    expect(old.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await old.text()).toMatch(/No calendar feed at this address/);
    expect((await fetchFeed(rotated)).status).toBe(200);

    // Revoking turns it off; revoking again changes nothing.
    expect(data(await run<{ revokeCalendarFeed: { revoked: boolean } }>(mutations.revoke, token)).revokeCalendarFeed.revoked).toBe(true);
    expect(await feedUrlOf(token)).toBeNull();
    expect((await fetchFeed(rotated)).status).toBe(404);
    expect(data(await run<{ revokeCalendarFeed: { revoked: boolean } }>(mutations.revoke, token)).revokeCalendarFeed.revoked).toBe(false);
  });

  it("gives an employer their organization's calendar, and answers 404 for addresses never issued", async () => {
    const url = await rotate(tokens.colleague);
    const summaries = parseEvents(await (await fetchFeed(url)).text()).map((event) => event.SUMMARY);
    expect(summaries).toEqual(expect.arrayContaining(['Budget planning', "Review of Jordan's batch", "Milestone 9 due: Jordan's batch"]));
    // Each user has a feed of their own: rotating one leaves the other working.
    const employerUrl = await rotate(tokens.employer);
    expect((await fetchFeed(url)).status).toBe(200);
    expect((await fetchFeed(employerUrl)).status).toBe(200);

    for (const path of ['/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics', '/calendar/short.ics', `/calendar/${"'; DROP TABLE users; --"}.ics`]) {
      const response = await fetchFeed(path);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).toMatch(/No calendar feed/);
    }
  });
});
