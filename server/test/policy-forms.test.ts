import type { ObjectLiteral } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityScope, eventReaders } from '../src/events/audience.js';
import { canRead, entitiesWithReadScope, readScopeOf, type PolicyQuery } from '../src/policy/policy.js';
import { viewerOf, type Viewer } from '../src/auth/viewer.js';
import { ActivityEvent } from '../src/events/activity-event.entity.js';
import { Loaders, type EntityClass } from '../src/graphql/loaders.js';
import { User } from '../src/modules/accounts/user.entity.js';
import { Invoice } from '../src/modules/billing/invoice.entity.js';
import { Payout } from '../src/modules/billing/payout.entity.js';
import { payoutMethodsScope, payoutsScope } from '../src/modules/billing/billing.policy.js';
import { PayoutMethod } from '../src/modules/billing/payout-method.entity.js';
import { CalendarEvent } from '../src/modules/calendar/calendar-event.entity.js';
import { calendarEventsScope } from '../src/modules/calendar/calendar.policy.js';
import { Contract } from '../src/modules/contracts/contract.entity.js';
import { participantsScope } from '../src/policy/policy.js';
import { Job } from '../src/modules/jobs/job.entity.js';
import { jobsScope } from '../src/modules/jobs/jobs.policy.js';
import { jobTeamScope, onJobTeam } from '../src/modules/contracts/contracts.policy.js';
import { Channel } from '../src/modules/messaging/channel.entity.js';
import { channelsScope } from '../src/modules/messaging/messaging.policy.js';
import { Proposal } from '../src/modules/proposals/proposal.entity.js';
import { seedDemo } from '../src/demo/seed.js';
import { startTestServer, type TestServer } from './helpers.js';

/**
 * Each read rule has a JS form (`canRead`, for a row by id) and an SQL form (the area's scope,
 * for lists); events have a third (`eventReaders`, for live delivery). They are declared side by
 * side in each area's policy file; this holds them to each other: for every user of the demo
 * world and every row, the list shows exactly the rows a read by id allows, and live delivery
 * reaches exactly the viewers who could read the event.
 */
let server: TestServer;
let viewers: Viewer[];

beforeAll(async () => {
  server = await startTestServer();
  await seedDemo(server.workroom.dataSource);
  const users = await server.workroom.dataSource.getRepository(User).find();
  viewers = users.map((user) => viewerOf(user));
});

afterAll(async () => {
  await server?.stop();
});

type Scope = (query: PolicyQuery, viewer: Viewer, alias?: string) => PolicyQuery;

const forms: Array<[string, EntityClass<ObjectLiteral & { id: string }>, Scope]> = [
  ['Contract', Contract, participantsScope],
  ['Proposal', Proposal, participantsScope],
  ['Invoice', Invoice, participantsScope],
  ['Payout', Payout, payoutsScope],
  ['PayoutMethod', PayoutMethod, payoutMethodsScope],
  ['Job', Job, jobsScope],
  ['Channel', Channel, channelsScope],
  ['CalendarEvent', CalendarEvent, calendarEventsScope],
  ['ActivityEvent', ActivityEvent, activityScope],
];

describe('the forms of each read rule agree, for every user of the demo world', () => {
  it.each(forms)('%s: the SQL scope lists exactly what canRead allows', async (_name, entity, scope) => {
    const { dataSource } = server.workroom;
    const rows = await dataSource.getRepository(entity).find();
    expect(rows.length).toBeGreaterThan(1);
    let seenBySomeone = 0;
    for (const viewer of viewers) {
      const loaders = new Loaders(dataSource.manager);
      const allowed = new Set<string>();
      for (const row of rows) if (await canRead(row, { viewer, loaders })) allowed.add(row.id);
      const listed = await scope(dataSource.getRepository(entity).createQueryBuilder('a').select('a.id', 'id'), viewer).getRawMany<{ id: string }>();
      expect(new Set(listed.map((row) => row.id)), `${viewer.user.email}`).toEqual(allowed);
      seenBySomeone += allowed.size;
    }
    // The rule is not trivially "everything" or "nothing" across the world.
    expect(seenBySomeone).toBeGreaterThan(0);
  });

  // The read scopes the SQL read planner follows references through (defineReadScope), every one.
  it('every declared read scope lists exactly what canRead allows', async () => {
    const { dataSource } = server.workroom;
    const entities = entitiesWithReadScope();
    expect(entities.length).toBeGreaterThanOrEqual(11);
    for (const entity of entities) {
      const rows = await dataSource.getRepository(entity).find();
      expect(rows.length, entity.name).toBeGreaterThan(1);
      const scope = readScopeOf(entity)!;
      for (const viewer of viewers) {
        const loaders = new Loaders(dataSource.manager);
        const allowed = new Set<string>();
        for (const row of rows as Array<{ id: string }>) if (await canRead(row, { viewer, loaders })) allowed.add(row.id);
        const listed = await scope(dataSource.getRepository(entity).createQueryBuilder('a').select('a.id', 'id'), viewer, 'a').getRawMany<{ id: string }>();
        expect(new Set(listed.map((row) => row.id)), `${entity.name} for ${viewer.user.email}`).toEqual(allowed);
      }
    }
  });

  it('Job.team: the SQL scope lists exactly the jobs whose team onJobTeam shows', async () => {
    const { dataSource } = server.workroom;
    const jobs = await dataSource.getRepository(Job).find();
    let shown = 0;
    for (const viewer of viewers) {
      const loaders = new Loaders(dataSource.manager);
      const allowed = new Set<string>();
      for (const job of jobs) if (await onJobTeam(job, { viewer, loaders })) allowed.add(job.id);
      const listed = await jobTeamScope(dataSource.getRepository(Job).createQueryBuilder('a').select('a.id', 'id'), viewer).getRawMany<{ id: string }>();
      expect(new Set(listed.map((row) => row.id)), `${viewer.user.email}`).toEqual(allowed);
      shown += allowed.size;
    }
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(jobs.length * viewers.length);
  });

  it('live delivery reaches exactly the viewers who may read each event by id', async () => {
    const { dataSource } = server.workroom;
    const events = await dataSource.getRepository(ActivityEvent).find();
    expect(events.length).toBeGreaterThan(10);
    for (const event of events) {
      const readers = await eventReaders(event, dataSource.manager);
      for (const viewer of viewers) {
        const byId = await canRead(event, { viewer, loaders: new Loaders(dataSource.manager) });
        expect(readers(viewer), `${event.type} ${event.id} for ${viewer.user.email}`).toBe(byId);
      }
    }
  });
});
