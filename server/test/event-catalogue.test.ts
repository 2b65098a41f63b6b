import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { activityTypeEnum, EventAudience, type ActivityEvent, type ActivityType } from '../src/events/activity-event.entity.js';
import { GraphQLEnumType } from 'graphql';
import { buildWorkroomSchema } from '../src/composition.js';
import { eventCatalogue } from '../src/composition.js';
import { createEventCatalogue, readEvent, type AnyEventDefinition, type EventRefs } from '../src/events/event-catalogue.js';
import { eventRow, recordEvent } from '../src/events/outbox.js';
import { AccessKind } from '../src/modules/access/access-grant.entity.js';
import { accessEvents } from '../src/modules/access/access.events.js';
import { billingEvents } from '../src/modules/billing/billing.events.js';
import { PayoutStatus } from '../src/modules/billing/payout.entity.js';
import { calendarEvents } from '../src/modules/calendar/calendar.events.js';
import { ContractStatus } from '../src/modules/contracts/contract.entity.js';
import { contractEvents } from '../src/modules/contracts/contract.events.js';
import { instructionEvents } from '../src/modules/instructions/instruction.events.js';
import { PaymentType } from '../src/modules/jobs/job.entity.js';
import { messagingEvents } from '../src/modules/messaging/messaging.events.js';
import { DisputeStatus } from '../src/modules/milestones/milestone-dispute.entity.js';
import { MilestoneStatus } from '../src/modules/milestones/milestone.entity.js';
import { MilestoneStatusChanged, milestoneEvents } from '../src/modules/milestones/milestone.events.js';
import { ProposalStatus } from '../src/modules/proposals/proposal.entity.js';
import { proposalEvents } from '../src/modules/proposals/proposal.events.js';
import { webhooksEvents } from '../src/modules/webhooks/webhooks.events.js';

/**
 * The event catalogue: one definition per ActivityType, each payload surviving the trip through
 * zod and jsonb, the refs each definition derives from its subject, and what a reader gets from a
 * row that predates its shape. The producers themselves are held to it by event-payloads.test.ts.
 */
// The composition root assembles the same list from the areas' manifests.
const all = [
  ...proposalEvents,
  ...contractEvents,
  ...milestoneEvents,
  ...instructionEvents,
  ...calendarEvents,
  ...messagingEvents,
  ...billingEvents,
  ...accessEvents,
  ...webhooksEvents,
] as const;

type Definition = (typeof all)[number];
type ByType = { [D in Definition as D['type']]: D };
interface Sample<D extends AnyEventDefinition> {
  source: Parameters<D['refs']>[0];
  payload: z.input<D['payload']>;
  refs: EventRefs;
}

const id = () => randomUUID();
const organizationId = id();
const trainerId = id();
const jobId = id();
const proposal = { id: id(), organizationId, trainerId, jobId };
const contract = { id: id(), organizationId, trainerId, jobId, proposalId: proposal.id };
const milestone = { id: id(), contractId: contract.id };
const document = { id: id(), organizationId, jobId };
const meeting = { id: id(), organizationId, jobId, contractId: contract.id };
const channel = { id: id(), organizationId, jobId, contractId: contract.id };
const groupChannel = { id: id(), organizationId, jobId, contractId: null };
const message = { id: id(), channelId: channel.id };
const payout = { id: id(), organizationId, trainerId };
const webhookEndpoint = { id: id(), organizationId };
const onContract: EventRefs = { audience: EventAudience.PARTICIPANTS, organizationId, trainerId, jobId, contractId: contract.id, channelId: null };
const onJob = (audience: EventAudience): EventRefs => ({ audience, organizationId, trainerId: null, jobId, contractId: null, channelId: null });
const inChannel: EventRefs = { audience: EventAudience.CHANNEL, organizationId, trainerId, jobId, contractId: contract.id, channelId: channel.id };
const timing = { startsAt: '2031-05-01T09:00:00.000Z', endsAt: '2031-05-01T09:30:00.000Z', allDay: false };
const disputeStep = (disputeStatus: DisputeStatus) => ({
  milestoneId: milestone.id,
  disputeId: id(),
  number: 2,
  disputeStatus,
  milestoneStatus: MilestoneStatus.DISPUTED,
  releaseCents: null,
  refundCents: null,
});
const moved = { milestoneId: milestone.id, number: 2, from: MilestoneStatus.FUNDED, to: MilestoneStatus.SUBMITTED, version: 3 };

// One sample per type, as its producer writes it; a type without one does not compile.
const samples: { [T in keyof ByType]: Sample<ByType[T]> } = {
  PROPOSAL_SUBMITTED: {
    source: { subject: proposal },
    payload: { status: ProposalStatus.UNREVIEWED },
    refs: { ...onContract, contractId: null },
  },
  PROPOSAL_STATUS_CHANGED: {
    source: { subject: proposal, contract },
    payload: { from: ProposalStatus.SHORTLISTED, to: ProposalStatus.HIRED },
    refs: onContract,
  },
  CONTRACT_STARTED: {
    source: { subject: contract },
    payload: { proposalId: proposal.id, paymentType: PaymentType.PAY_PER_HOUR, rateCents: 4_500, totalBudgetCents: 900_000, currency: 'USD' },
    refs: onContract,
  },
  CONTRACT_STATUS_CHANGED: { source: { subject: contract }, payload: { from: ContractStatus.ACTIVE, to: ContractStatus.PAUSED }, refs: onContract },
  MILESTONE_CREATED: {
    source: { subject: milestone, contract },
    payload: { ...moved, from: null, to: MilestoneStatus.NOT_FUNDED, version: 1 },
    refs: onContract,
  },
  MILESTONE_UPDATED: { source: { subject: milestone, contract }, payload: { milestoneId: milestone.id, version: 2 }, refs: onContract },
  MILESTONE_STATUS_CHANGED: { source: { subject: milestone, contract }, payload: moved, refs: onContract },
  DISPUTE_RESPONDED: { source: { subject: milestone, contract }, payload: disputeStep(DisputeStatus.OPEN), refs: onContract },
  DISPUTE_SETTLEMENT_PROPOSED: { source: { subject: milestone, contract }, payload: disputeStep(DisputeStatus.OPEN), refs: onContract },
  DISPUTE_SETTLEMENT_REJECTED: { source: { subject: milestone, contract }, payload: disputeStep(DisputeStatus.OPEN), refs: onContract },
  DISPUTE_SETTLED: {
    source: { subject: milestone, contract },
    payload: { ...disputeStep(DisputeStatus.SETTLED), milestoneStatus: MilestoneStatus.PAID, releaseCents: 6_000, refundCents: 4_000 },
    refs: onContract,
  },
  DISPUTE_ESCALATED: { source: { subject: milestone, contract }, payload: disputeStep(DisputeStatus.ESCALATED), refs: onContract },
  DISPUTE_RESOLVED: {
    source: { subject: milestone, contract },
    payload: { ...disputeStep(DisputeStatus.RESOLVED), milestoneStatus: MilestoneStatus.CANCELLED, releaseCents: 0, refundCents: 10_000 },
    refs: onContract,
  },
  DISPUTE_WITHDRAWN: {
    source: { subject: milestone, contract },
    payload: { ...disputeStep(DisputeStatus.WITHDRAWN), milestoneStatus: MilestoneStatus.SUBMITTED },
    refs: onContract,
  },
  INSTRUCTIONS_SAVED: { source: { subject: document }, payload: { version: 4, baseVersion: 3 }, refs: onJob(EventAudience.ORGANIZATION) },
  INSTRUCTIONS_PUBLISHED: { source: { subject: document }, payload: { version: 4, previousVersion: null }, refs: onJob(EventAudience.JOB) },
  CALENDAR_EVENT_SCHEDULED: {
    source: { subject: meeting, contract },
    payload: { ...timing, attendeeCount: 2 },
    refs: { ...onContract, audience: EventAudience.CALENDAR },
  },
  CALENDAR_EVENT_UPDATED: {
    source: { subject: { ...meeting, contractId: null }, contract: null },
    payload: { ...timing, allDay: true, changed: ['title', 'attendees'] },
    refs: { ...onJob(EventAudience.CALENDAR) },
  },
  CALENDAR_EVENT_CANCELLED: { source: { subject: meeting, contract }, payload: timing, refs: { ...onContract, audience: EventAudience.CALENDAR } },
  CHANNEL_CREATED: { source: { subject: channel, contract }, payload: { memberIds: [trainerId, id()] }, refs: inChannel },
  CHANNEL_MEMBERS_CHANGED: {
    source: { subject: groupChannel, contract: null },
    payload: { added: [], removed: [trainerId] },
    refs: { ...inChannel, trainerId: null, contractId: null, channelId: groupChannel.id },
  },
  MESSAGE_ADDED: { source: { subject: message, channel, contract }, payload: { seq: 1 }, refs: inChannel },
  MESSAGE_EDITED: { source: { subject: message, channel, contract }, payload: { seq: 1 }, refs: inChannel },
  INVOICE_ISSUED: {
    source: { subject: { id: id(), contractId: contract.id }, contract },
    payload: { invoiceId: id(), number: 'WR-2031-000042', grossCents: 10_000, feeCents: 1_000, netCents: 9_000 },
    refs: onContract,
  },
  PAYOUT_REQUESTED: {
    source: { subject: payout },
    payload: { payoutId: payout.id, amountCents: 9_000, currency: 'USD', invoiceIds: [id()] },
    refs: { ...onJob(EventAudience.TRAINER), trainerId, jobId: null },
  },
  PAYOUT_COMPLETED: {
    source: { subject: payout },
    payload: { payoutId: payout.id, status: PayoutStatus.FAILED, failureReason: 'Bank account closed' },
    refs: { ...onJob(EventAudience.TRAINER), trainerId, jobId: null },
  },
  ACCESS_GRANTED: { source: { subject: { id: id(), contractId: contract.id }, contract }, payload: { kind: AccessKind.DATASET }, refs: onContract },
  ACCESS_REVOKED: { source: { subject: { id: id(), contractId: contract.id }, contract }, payload: { kind: AccessKind.TOOL }, refs: onContract },
  WEBHOOK_ENDPOINT_DISABLED: {
    source: { subject: webhookEndpoint },
    payload: { endpointId: webhookEndpoint.id, url: 'https://hooks.example.com/workroom', reason: 'No successful delivery since …', consecutiveFailures: 12 },
    refs: { ...onJob(EventAudience.ORGANIZATION), jobId: null },
  },
};

/** A row as the database hands it back: the payload went through jsonb (JSON) on the way. */
function row(type: ActivityType, payload: unknown): ActivityEvent {
  return { type, payload: JSON.parse(JSON.stringify(payload)) as unknown } as ActivityEvent;
}

describe('the event catalogue', () => {
  const catalogue = createEventCatalogue(all);

  it('declares every ActivityType exactly once, and the GraphQL enum is the catalogue', async () => {
    const types = all.map((definition) => definition.type);
    expect([...catalogue.definitions.keys()].sort()).toEqual([...new Set(types)].sort());
    expect(Object.values(activityTypeEnum).sort()).toEqual([...types].sort());
    // The enum has no value without a definition: the schema's ActivityType lists exactly these.
    const schemaEnum = (await buildWorkroomSchema()).getType('ActivityType') as GraphQLEnumType;
    expect(
      schemaEnum
        .getValues()
        .map((value) => value.value as string)
        .sort(),
    ).toEqual([...types].sort());
    expect(() => createEventCatalogue([...all, MilestoneStatusChanged])).toThrow('MILESTONE_STATUS_CHANGED is declared twice');
    expect(() => createEventCatalogue([...all, { ...MilestoneStatusChanged, type: 'milestoneMoved' }])).toThrow('milestoneMoved is not in SCREAMING_CASE');
  });

  it("is what the composition root assembles from the areas' manifests", () => {
    expect([...eventCatalogue.definitions.values()]).toEqual(expect.arrayContaining([...all]));
    expect(eventCatalogue.definitions.size).toBe(all.length);
  });

  it.each(all.map((definition) => definition.type))('%s: derives its refs from the subject, and its payload survives zod and jsonb unchanged', (type) => {
    const definition = catalogue.definitions.get(type)!;
    const sample = samples[type];
    // `as never`: the samples are typed per type above; here the type is any of them.
    const written = eventRow(definition, { ...sample.source, actorId: trainerId, summary: 'Something happened', payload: sample.payload } as never);
    expect(written).toEqual({
      type,
      ...sample.refs,
      actorId: trainerId,
      subjectType: definition.subjectType,
      subjectId: sample.source.subject.id,
      summary: 'Something happened',
      payload: sample.payload,
    });
    expect(catalogue.read(row(type, written.payload))).toEqual({ type, complete: true, payload: sample.payload });
  });

  it('refuses a subject filed under another contract, channel or proposal than its own', () => {
    const other = { ...contract, id: id(), proposalId: id() };
    expect(() => catalogue.definitions.get('MILESTONE_STATUS_CHANGED')!.refs({ subject: milestone, contract: other } as never)).toThrow('not its contract');
    expect(() => catalogue.definitions.get('MESSAGE_ADDED')!.refs({ subject: message, channel: groupChannel, contract: null } as never)).toThrow(
      'another channel',
    );
    expect(() => catalogue.definitions.get('CHANNEL_CREATED')!.refs({ subject: channel, contract: null } as never)).toThrow('another contract');
    expect(() => catalogue.definitions.get('PROPOSAL_STATUS_CHANGED')!.refs({ subject: proposal, contract: other } as never)).toThrow(
      'did not come from proposal',
    );
  });

  it('refuses at run time a payload the compiler could not check (a bigint read back as a string)', () => {
    const input = { subject: milestone, contract, actorId: null, summary: 'x', payload: { ...moved, version: '3' as unknown as number } };
    expect(() => eventRow(MilestoneStatusChanged, input)).toThrow(/version/);
  });

  it('reads what matches from a row that predates its shape, and says it is incomplete', () => {
    // The demo seed's milestone events carry no milestoneId or number; a hand-written row may carry nothing.
    expect(readEvent(row('MILESTONE_STATUS_CHANGED', { from: 'FUNDED', to: 'SUBMITTED', version: 3 }), milestoneEvents)).toEqual({
      type: 'MILESTONE_STATUS_CHANGED',
      complete: false,
      payload: { from: MilestoneStatus.FUNDED, to: MilestoneStatus.SUBMITTED, version: 3 },
    });
    expect(readEvent(row('INSTRUCTIONS_PUBLISHED', { version: '4', previousVersion: null }), instructionEvents).payload).toEqual({ previousVersion: null });
    expect(readEvent(row('MILESTONE_CREATED', {}), milestoneEvents)).toEqual({ type: 'MILESTONE_CREATED', complete: false, payload: {} });
    expect(readEvent(row('MESSAGE_ADDED', 'not an object'), messagingEvents).payload).toEqual({});
  });

  it('parses a payload once per event, however many subscribers read it', () => {
    const event = row('MILESTONE_STATUS_CHANGED', moved);
    const first = readEvent(event, milestoneEvents);
    for (let subscriber = 0; subscriber < 100; subscriber += 1) expect(readEvent(event, milestoneEvents)).toBe(first);
    expect(catalogue.read(event)).toBe(first);
  });

  it('refuses to read an event with definitions of other types', () => {
    expect(() => readEvent(row('MESSAGE_ADDED', { seq: 1 }), milestoneEvents)).toThrow('MESSAGE_ADDED is not one of');
  });
});

// Compiled, never run: what a producer cannot write. `npm run typecheck` fails if any of these compiles.
export async function producerMistakes(manager: EntityManager): Promise<void> {
  const input = { subject: milestone, contract, actorId: null, summary: 'Dana moved milestone 2', payload: moved };
  await recordEvent(manager, MilestoneStatusChanged, input);
  // @ts-expect-error the audience follows from the subject; it is not written by hand
  await recordEvent(manager, MilestoneStatusChanged, { ...input, payload: moved, audience: EventAudience.TRAINER });
  // @ts-expect-error so do the refs
  await recordEvent(manager, MilestoneStatusChanged, { ...input, payload: moved, trainerId });
  // @ts-expect-error a payload of another shape
  await recordEvent(manager, MilestoneStatusChanged, { ...input, payload: { from: null, to: MilestoneStatus.PAID } });
  // @ts-expect-error a value outside the declared enum
  await recordEvent(manager, MilestoneStatusChanged, { ...input, payload: { ...moved, to: 'APPROVED' } });
  // @ts-expect-error a milestone's event needs its contract, for its parties
  await recordEvent(manager, MilestoneStatusChanged, { subject: milestone, actorId: null, summary: 'x', payload: moved });
}
