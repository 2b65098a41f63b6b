import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivityEvent, activityTypeEnum } from '../src/events/activity-event.entity.js';
import { createEventCatalogue } from '../src/events/event-catalogue.js';
import { toGlobalId } from '../src/graphql/global-id.js';
import { accessEvents } from '../src/modules/access/access.events.js';
import { billingEvents } from '../src/modules/billing/billing.events.js';
import { PayoutOutcome, settlePayout } from '../src/modules/billing/payout-processor.js';
import { resolveEscalatedDispute } from '../src/modules/milestones/dispute-resolution.js';
import { calendarEvents } from '../src/modules/calendar/calendar.events.js';
import { contractEvents } from '../src/modules/contracts/contract.events.js';
import { instructionEvents } from '../src/modules/instructions/instruction.events.js';
import { messagingEvents } from '../src/modules/messaging/messaging.events.js';
import { milestoneEvents } from '../src/modules/milestones/milestone.events.js';
import { proposalEvents } from '../src/modules/proposals/proposal.events.js';
import { webhooksEvents } from '../src/modules/webhooks/webhooks.events.js';
import { Factory } from './factories.js';
import { startTestServer, type TestServer } from './helpers.js';

/**
 * Every producer, through the API (and the payout processor), writes payloads its definition
 * reads back whole: one walk through a contract's life that writes every kind of event, then every
 * row of the log is read through the catalogue.
 */
let server: TestServer;

beforeAll(async () => {
  // A webhook endpoint that never answers is disabled within moments: that writes its notice too.
  server = await startTestServer({
    env: {
      WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: 'true',
      WEBHOOKS_BACKOFF_BASE_MS: '10',
      WEBHOOKS_BACKOFF_MAX_MS: '20',
      WEBHOOKS_DISABLE_AFTER_MS: '200',
      WEBHOOKS_POLL_MS: '50',
    },
  });
});

afterAll(async () => {
  await server?.stop();
});

const catalogue = createEventCatalogue([
  ...proposalEvents,
  ...contractEvents,
  ...milestoneEvents,
  ...instructionEvents,
  ...calendarEvents,
  ...messagingEvents,
  ...billingEvents,
  ...accessEvents,
  ...webhooksEvents,
]);

describe('what producers write', () => {
  it('is, for every kind of event, a payload its definition reads back whole', async () => {
    const factory = new Factory(server.workroom.dataSource);
    const organization = await factory.organization();
    const employer = await factory.employer(organization);
    const colleague = await factory.employer(organization);
    const trainer = await factory.trainer();
    await factory.payoutMethod(trainer);
    const otherTrainer = await factory.trainer();
    const job = await factory.job(organization);
    const tokens = {
      employer: await server.signIn(employer.email),
      trainer: await server.signIn(trainer.email),
      otherTrainer: await server.signIn(otherTrainer.email),
    };
    const run = async <T>(token: string, field: string, input: Record<string, unknown>, selection = '__typename'): Promise<T> => {
      const type = `${field[0]!.toUpperCase()}${field.slice(1)}Input`;
      const response = await server.graphql<Record<string, T>>(`mutation ($input: ${type}!) { ${field}(input: $input) { ${selection} } }`, {
        token,
        variables: { input },
      });
      expect(response.errors, field).toBeUndefined();
      return response.data![field]!;
    };
    const jobId = toGlobalId('Job', job.id);
    // Port 9 (discard) on the loopback: nothing listens, every attempt is refused.
    await run(tokens.employer, 'createWebhookEndpoint', { url: 'http://127.0.0.1:9/hook', eventTypes: ['PROPOSAL_SUBMITTED'] }, 'endpoint { id }');
    const userId = (user: { id: string }) => toGlobalId('User', user.id);

    const applied = await run<{ proposal: { id: string } }>(
      tokens.trainer,
      'submitProposal',
      { jobId, coverLetter: 'Hello', rateCents: 3_000 },
      'proposal { id }',
    );
    const declined = await run<{ proposal: { id: string } }>(
      tokens.otherTrainer,
      'submitProposal',
      { jobId, coverLetter: 'Hi', rateCents: 2_000 },
      'proposal { id }',
    );
    await run(tokens.employer, 'declineProposal', { proposalId: declined.proposal.id, reason: 'We need native Korean.' });
    await run(tokens.employer, 'shortlistProposal', { proposalId: applied.proposal.id });
    const hired = await run<{ contract: { id: string }; milestone: { id: string } }>(
      tokens.employer,
      'hireProposal',
      {
        proposalId: applied.proposal.id,
        scope: 'Rank answers',
        terms: 'Net 7',
        paymentType: 'FIXED_PRICE',
        totalBudgetCents: 100_000,
        firstMilestone: { title: 'Batch 1', amountCents: 20_000 },
      },
      'contract { id } milestone { id }',
    );
    const contractId = hired.contract.id;
    const milestoneId = hired.milestone.id;

    const second = await run<{ milestone: { id: string } }>(
      tokens.employer,
      'createMilestone',
      { contractId, title: 'Batch 2', amountCents: 10_000 },
      'milestone { id }',
    );
    await run(tokens.employer, 'updateMilestone', { milestoneId: second.milestone.id, title: 'Batch 2 (revised)' });
    await run(tokens.employer, 'fundMilestone', { milestoneId });
    await run(tokens.trainer, 'submitMilestone', { milestoneId, note: 'Done' });
    await run(tokens.employer, 'approveMilestone', { milestoneId });
    // A dispute settled by the parties, one the platform resolves, and one withdrawn.
    const disputed = async () => {
      const made = await run<{ milestone: { id: string } }>(
        tokens.employer,
        'createMilestone',
        { contractId, title: 'Disputed', amountCents: 5_000 },
        'milestone { id }',
      );
      const id = made.milestone.id;
      await run(tokens.employer, 'fundMilestone', { milestoneId: id });
      await run(tokens.employer, 'disputeMilestone', { milestoneId: id, reason: 'Wrong' });
      return id;
    };
    const settledId = await disputed();
    await run(tokens.trainer, 'respondToDispute', { milestoneId: settledId, response: 'Right' });
    await run(tokens.trainer, 'proposeDisputeSettlement', { milestoneId: settledId, releaseCents: 4_000 });
    await run(tokens.employer, 'rejectDisputeSettlement', { milestoneId: settledId });
    await run(tokens.employer, 'proposeDisputeSettlement', { milestoneId: settledId, releaseCents: 3_000 });
    await run(tokens.trainer, 'acceptDisputeSettlement', { milestoneId: settledId, releaseCents: 3_000 });
    const escalatedId = await disputed();
    await run(tokens.trainer, 'escalateDispute', { milestoneId: escalatedId });
    await resolveEscalatedDispute(server.workroom.dataSource, { id: escalatedId, releaseCents: 2_500, note: 'Half done' }, 10);
    await run(tokens.employer, 'withdrawDispute', { milestoneId: await disputed() });
    const requested = await run<{ payouts: Array<{ id: string }> }>(tokens.trainer, 'requestPayout', {}, 'payouts { id }');
    await settlePayout(server.workroom.dataSource, { payoutId: requested.payouts[0]!.id, outcome: PayoutOutcome.FAILED, failureReason: 'Bank account closed' });

    const saved = await run<{ document: { id: string } }>(tokens.employer, 'saveInstructions', { jobId, title: 'Guide', body: '# Rank' }, 'document { id }');
    await run(tokens.employer, 'publishInstructions', { documentId: saved.document.id });

    const scheduled = await run<{ calendarEvent: { id: string } }>(
      tokens.employer,
      'createCalendarEvent',
      {
        jobId,
        contractId,
        kind: 'KICKOFF',
        title: 'Kickoff',
        startsAt: '2031-05-01T09:00:00.000Z',
        endsAt: '2031-05-01T09:30:00.000Z',
        attendeeIds: [userId(trainer)],
      },
      'calendarEvent { id }',
    );
    await run(tokens.employer, 'updateCalendarEvent', { eventId: scheduled.calendarEvent.id, title: 'Kickoff call' });
    await run(tokens.employer, 'cancelCalendarEvent', { eventId: scheduled.calendarEvent.id });

    const created = await run<{ channel: { id: string } }>(
      tokens.employer,
      'createChannel',
      { jobId, name: 'Team', memberIds: [userId(trainer)] },
      'channel { id }',
    );
    const channelId = created.channel.id;
    await run(tokens.employer, 'addChannelMembers', { channelId, userIds: [userId(colleague)] });
    await run(tokens.employer, 'removeChannelMember', { channelId, userId: userId(colleague) });
    const sent = await run<{ message: { id: string } }>(tokens.trainer, 'sendMessage', { channelId, body: 'Hello team' }, 'message { id }');
    await run(tokens.trainer, 'editMessage', { messageId: sent.message.id, body: 'Hello, team' });

    const granted = await run<{ accessGrant: { id: string } }>(
      tokens.employer,
      'grantAccess',
      { contractId, kind: 'TOOL', name: 'Workspace', url: 'https://tools.example.com/w' },
      'accessGrant { id }',
    );
    await run(tokens.employer, 'revokeAccess', { accessGrantId: granted.accessGrant.id });
    await run(tokens.employer, 'pauseContract', { contractId });

    const events = server.workroom.dataSource.getRepository(ActivityEvent);
    for (let waited = 0; !(await events.existsBy({ type: 'WEBHOOK_ENDPOINT_DISABLED' })) && waited < 200; waited += 1)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const rows = await events.find({ order: { createdAt: 'ASC' } });
    expect(new Set(rows.map((row) => row.type))).toEqual(new Set(Object.values(activityTypeEnum)));
    const incomplete = rows.filter((row) => !catalogue.read(row).complete).map((row) => ({ type: row.type, payload: row.payload }));
    expect(incomplete).toEqual([]);
  });
});
