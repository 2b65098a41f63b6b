import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelKind } from '../src/modules/messaging/channel.entity.js';
import { MilestoneStatus } from '../src/modules/milestones/milestone.entity.js';
import type { User } from '../src/modules/accounts/user.entity.js';
import { Factory } from './factories.js';
import { startTestServer, StatementCounter, type TestServer } from './helpers.js';

/**
 * No N+1: the full dashboard of a trainer with 50 active contracts issues no more SQL than the
 * same dashboard with 5, because every relation loads through per-request DataLoaders. The root
 * lists ask for pages that hold all of either world, so that both share the same DataLoader
 * cache hits (a row already loaded for one tab is not loaded again for another).
 */
const dashboardQuery = `
  query Dashboard($from: DateTime!, $to: DateTime!) {
    viewer {
      name
      unreadMessageCount
      activeContracts(first: 50) {
        totalCount
        edges {
          cursor
          node {
            id title status scope paymentType
            rate { amount currency } totalBudget { amount currency formatted }
            trainer { name }
            organization { name }
            job { title skills organization { name } }
            proposal { status }
            billingSummary { paidOut { cents } activeAndFunded { cents } pendingApproval { cents } totalBudget { cents } }
            milestones(first: 10) {
              totalCount
              nodes {
                number title status dueAt amount { amount }
                history(first: 5) { nodes { action toStatus note at actor { name } } }
              }
            }
            instructions { status hasUnreadUpdate acknowledgedVersion published { version title } }
            channels(first: 3) { nodes { name unreadCount lastMessage { body author { name } } members { name } } }
            accessGrants(first: 5) { nodes { kind name url grantedBy { name } } }
            invoices(first: 3) { nodes { number net { amount } } }
          }
        }
      }
      finishedContracts(first: 10) { totalCount nodes { title } }
      proposals(first: 50) { nodes { status job { title } thread { name members { name } } } }
      conversations(first: 100) { nodes { name unreadCount lastMessage { body } } }
      calendar(from: $from, to: $to) { kind title startsAt ... on MilestoneDeadline { milestone { title } contract { title } } ... on CalendarEvent { attendees { name } } }
      invoices(first: 50) { nodes { number gross { amount } contract { title } } }
      payouts(first: 20) { nodes { status amount { amount } invoices(first: 5) { nodes { number } } } }
      recommendedJobs(first: 10) { nodes { title matchingSkills organization { name } } }
      latestActivity(first: 20) { nodes { type summary actor { name } subject { id } } }
    }
  }`;

interface World {
  server: TestServer;
  counter: StatementCounter;
  trainer: User;
}

async function worldWithContracts(count: number): Promise<World> {
  const counter = new StatementCounter();
  // The event publisher's sweep and the stream's poll query the same database on timers; keep
  // them out of the measured window so only the dashboard's own statements are counted.
  const server = await startTestServer({ sqlLogger: counter, env: { EVENTS_SWEEP_MS: '60000', EVENTS_POLL_MS: '60000' } });
  const factory = new Factory(server.workroom.dataSource);
  const organization = await factory.organization();
  const employer = await factory.employer(organization);
  const trainer = await factory.trainer({ email: `dashboard-${count}@test.example`, skills: ['rlhf'] });
  await factory.job(organization, { skills: ['rlhf', 'python'] });
  for (let index = 0; index < count; index += 1) {
    const job = await factory.job(organization);
    const proposal = await factory.proposal(job, trainer);
    await factory.channel(organization, [trainer, employer], { kind: ChannelKind.PROPOSAL, proposalId: proposal.id, jobId: job.id });
    const contract = await factory.contract(job, trainer, { proposalId: proposal.id });
    for (const status of [MilestoneStatus.PAID, MilestoneStatus.FUNDED]) {
      const milestone = await factory.milestone(contract, { status });
      await factory.milestoneEvent(milestone, employer);
    }
    await factory.instructions(job, employer, { versions: 2, publishedVersion: 2 });
    const channel = await factory.channel(organization, [trainer, employer], { contractId: contract.id, jobId: job.id });
    await factory.message(channel, employer);
    await factory.accessGrant(contract, employer);
    await factory.invoice(contract);
    await factory.calendarEvent(organization, employer, [trainer], { contractId: contract.id, jobId: job.id });
    await factory.activity({
      organizationId: organization.id,
      trainerId: trainer.id,
      contractId: contract.id,
      subjectType: 'Contract',
      subjectId: contract.id,
    });
  }
  await factory.payout(trainer);
  return { server, counter, trainer };
}

async function countDashboardStatements(world: World): Promise<{ statements: number; contracts: number }> {
  const token = await world.server.signIn(world.trainer.email);
  const from = new Date(Date.now() - 7 * 24 * 3600 * 1000).toISOString();
  const to = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString();
  world.counter.reset();
  const result = await world.server.graphql<{ viewer: { activeContracts: { totalCount: number } } }>(dashboardQuery, {
    variables: { from, to },
    token,
  });
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return { statements: world.counter.count, contracts: result.data!.viewer.activeContracts.totalCount };
}

describe('dashboard query cost does not grow with the number of contracts', () => {
  let small: World;
  let large: World;

  beforeAll(async () => {
    small = await worldWithContracts(5);
    large = await worldWithContracts(50);
  }, 120_000);

  afterAll(async () => {
    await small?.server.stop();
    await large?.server.stop();
  });

  it('issues no more statements for 50 active contracts than for 5', async () => {
    const five = await countDashboardStatements(small);
    const fifty = await countDashboardStatements(large);
    expect(five.contracts).toBe(5);
    expect(fifty.contracts).toBe(50);
    expect(fifty.statements).toBeLessThanOrEqual(five.statements);
    // A sanity bound: the whole dashboard is a few dozen statements, not hundreds.
    expect(fifty.statements).toBeLessThan(60);
  });
});
