import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRead } from '../src/policy/policy.js';
import { eventReaders } from '../src/events/audience.js';
import { viewerOf, type Viewer } from '../src/auth/viewer.js';
import { EventAudience, type ActivityEvent } from '../src/events/activity-event.entity.js';
import { Loaders } from '../src/graphql/loaders.js';
import { ChannelMember } from '../src/modules/messaging/channel-member.entity.js';
import { Factory } from './factories.js';
import { startTestServer, type TestServer } from './helpers.js';

/**
 * Live delivery decides who may see an event once for all subscribers (eventReaders); reads by
 * id decide it per viewer (the ActivityEvent read rule). A subscriber must get exactly the events
 * it could read by id: the two are compared for every audience and every kind of viewer,
 * including a member removed from a channel between two messages.
 */
let server: TestServer;
let viewers: Record<string, Viewer>;
let events: Record<string, ActivityEvent>;

beforeAll(async () => {
  server = await startTestServer();
  const factory = new Factory(server.workroom.dataSource);
  const organization = await factory.organization({ name: 'Readers Inc' });
  const otherOrganization = await factory.organization({ name: 'Elsewhere' });
  const employer = await factory.employer(organization);
  const colleague = await factory.employer(organization);
  const outsider = await factory.employer(otherOrganization);
  const hired = await factory.trainer();
  const attendee = await factory.trainer();
  const removed = await factory.trainer();
  const stranger = await factory.trainer();
  const job = await factory.job(organization);
  const contract = await factory.contract(job, hired);
  const calendarEvent = await factory.calendarEvent(organization, employer, [attendee]);
  const channel = await factory.channel(organization, [employer, hired, removed]);
  const before = await factory.message(channel, employer, 'before the removal');
  const base = { organizationId: organization.id, trainerId: hired.id, contractId: contract.id, jobId: job.id };

  const beforeRemoval = await factory.activity({
    ...base,
    audience: EventAudience.CHANNEL,
    type: 'MESSAGE_ADDED',
    channelId: channel.id,
    subjectType: 'Message',
    subjectId: before.id,
  });
  await server.workroom.dataSource.getRepository(ChannelMember).update({ channelId: channel.id, userId: removed.id }, { removedAt: new Date() });
  const after = await factory.message(channel, employer, 'after the removal');
  const afterRemoval = await factory.activity({
    ...base,
    audience: EventAudience.CHANNEL,
    type: 'MESSAGE_ADDED',
    channelId: channel.id,
    subjectType: 'Message',
    subjectId: after.id,
  });

  viewers = Object.fromEntries(
    Object.entries({ employer, colleague, outsider, hired, attendee, removed, stranger }).map(([name, user]) => [name, viewerOf(user)]),
  );
  events = {
    organization: await factory.activity({ ...base, audience: EventAudience.ORGANIZATION, subjectType: 'Job', subjectId: job.id }),
    participants: await factory.activity({ ...base, audience: EventAudience.PARTICIPANTS, subjectType: 'Contract', subjectId: contract.id }),
    trainer: await factory.activity({ ...base, audience: EventAudience.TRAINER, subjectType: 'Contract', subjectId: contract.id }),
    job: await factory.activity({ ...base, audience: EventAudience.JOB, subjectType: 'Job', subjectId: job.id }),
    calendar: await factory.activity({
      ...base,
      trainerId: null,
      contractId: null,
      audience: EventAudience.CALENDAR,
      subjectType: 'CalendarEvent',
      subjectId: calendarEvent.id,
    }),
    channelBeforeRemoval: beforeRemoval,
    channelAfterRemoval: afterRemoval,
  };
});

afterAll(async () => {
  await server?.stop();
});

describe('who may see an event', () => {
  it('is decided the same way for live delivery as for a read by id, for every audience and viewer', async () => {
    const manager = server.workroom.dataSource.manager;
    const byId: Record<string, string[]> = {};
    const live: Record<string, string[]> = {};
    for (const [eventName, event] of Object.entries(events)) {
      const isReader = await eventReaders(event, manager);
      byId[eventName] = [];
      live[eventName] = [];
      for (const [viewerName, viewer] of Object.entries(viewers)) {
        if (await canRead(event, { viewer, loaders: new Loaders(manager) })) byId[eventName].push(viewerName);
        if (isReader(viewer)) live[eventName].push(viewerName);
      }
    }
    expect(live).toEqual(byId);
    // And the rule itself, spelled out, so that two equally wrong answers cannot pass.
    expect(byId).toEqual({
      organization: ['employer', 'colleague'],
      participants: ['employer', 'colleague', 'hired'],
      trainer: ['hired'],
      job: ['employer', 'colleague', 'hired'],
      calendar: ['employer', 'colleague', 'attendee'],
      channelBeforeRemoval: ['employer', 'hired', 'removed'],
      channelAfterRemoval: ['employer', 'hired'],
    });
  });
});
