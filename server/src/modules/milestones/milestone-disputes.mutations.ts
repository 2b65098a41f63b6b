import type { EntityManager } from 'typeorm';
import { lockRowById } from '../../db/rows-by-id.js';
import type { CommandContext } from '../../commands/command.js';
import { defineStateMachine } from '../../db/state-machine.js';
import { recordEvent } from '../../events/outbox.js';
import { badInput, conflict, invalidTransition, notFound } from '../../errors/domain-error.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { Money } from '../../graphql/money.js';
import { moneyReleased, type Releaser } from './money-released.js';
import { Contract } from '../contracts/contract.entity.js';
import { DisputeMove, disputeTransitions } from './dispute-transitions.js';
import type {
  AcceptDisputeSettlementInput,
  EscalateDisputeInput,
  ProposeDisputeSettlementInput,
  RejectDisputeSettlementInput,
  RespondToDisputeInput,
  WithdrawDisputeInput,
} from './milestone-dispute.inputs.js';
import { DisputeParty, DisputeStatus, MilestoneDispute } from './milestone-dispute.entity.js';
import { MilestoneAction, MilestoneEvent } from './milestone-event.entity.js';
import { Milestone, MilestoneStatus } from './milestone.entity.js';
import {
  DisputeEscalated,
  DisputeResolved,
  DisputeResponded,
  DisputeSettled,
  DisputeSettlementProposed,
  DisputeSettlementRejected,
  DisputeWithdrawn,
  MilestoneStatusChanged,
} from './milestone.events.js';
import { assertContractOpen, onceByKey, statusWords, type MilestoneChange } from './milestones.mutations.js';
import { assertProposalRecipient, authorizeDisputeParty } from './milestones.policy.js';

/**
 * Who takes a dispute step, as the step's rows and events record it: a user through the API, or
 * the platform (`actorId` null) through `npm run disputes:resolve` (dispute-resolution.ts).
 */
export interface DisputeStepper extends Releaser {
  /** For the feed: "Alex Rivera", or "Workroom" for the platform. */
  name: string;
}

export interface LockedDispute {
  milestone: Milestone;
  contract: Contract;
  dispute: MilestoneDispute;
}

type DisputeStepEvent =
  | typeof DisputeResponded
  | typeof DisputeSettlementProposed
  | typeof DisputeSettlementRejected
  | typeof DisputeSettled
  | typeof DisputeEscalated
  | typeof DisputeResolved
  | typeof DisputeWithdrawn;

const stepperOf = (tx: CommandContext): DisputeStepper => ({
  manager: tx.manager,
  actorId: tx.viewer.id,
  name: tx.viewer.user.name,
  feePercent: tx.config.billing.feePercent,
});

const money = (cents: number, currency: string) => new Money(cents, currency).formatted;

/**
 * Locks the milestone (the row every money move of it queues on, so a settlement, an escalation
 * and a withdrawal of one dispute run one after another and each sees the one before), then its
 * latest dispute. `authorize` is the write rule, checked before anything about the dispute is told.
 */
export async function lockDispute(
  manager: EntityManager,
  milestoneId: string,
  authorize: (contract: Contract | null, milestoneGlobalId: string) => Contract,
): Promise<LockedDispute> {
  const milestoneGlobalId = toGlobalId('Milestone', milestoneId);
  const milestone = await lockRowById(manager, Milestone, milestoneId);
  if (!milestone) throw notFound('Milestone', milestoneGlobalId);
  const contract = authorize(await manager.getRepository(Contract).findOneBy({ id: milestone.contractId }), milestoneGlobalId);
  const dispute = await manager
    .getRepository(MilestoneDispute)
    .createQueryBuilder('d')
    .setLock('pessimistic_write')
    .where('d.milestone_id = :milestoneId', { milestoneId })
    .orderBy('d.opened_at', 'DESC')
    .addOrderBy('d.id', 'DESC')
    .limit(1)
    .getOne();
  if (!dispute) {
    throw invalidTransition(`Milestone ${milestone.number} is not in dispute (it is ${milestone.status}): there is nothing to settle.`, {
      currentStatus: milestone.status,
      attemptedAction: 'DISPUTE',
    });
  }
  return { milestone, contract, dispute };
}

/**
 * Moves the dispute by `move` (INVALID_TRANSITION from the wrong status, naming it). A step that
 * `stays` keeps the status it found. The milestone must be DISPUTED while its dispute is open; a
 * row written around that is refused rather than trusted.
 */
export async function moveDispute({ milestone, dispute }: LockedDispute, move: DisputeMove): Promise<void> {
  const machine = defineStateMachine(disputeTransitions, {
    name: (_dispute: MilestoneDispute) => `the dispute on milestone ${milestone.number}`,
  });
  const { rule, from } = await machine.move(dispute, move, () => {
    if (milestone.status !== MilestoneStatus.DISPUTED) {
      throw invalidTransition(`Milestone ${milestone.number} is ${milestone.status}, not DISPUTED: its dispute cannot change.`, {
        currentStatus: milestone.status,
        attemptedAction: move,
      });
    }
  });
  if (rule.stays) dispute.status = from;
}

function clearProposal(dispute: MilestoneDispute): void {
  dispute.proposedBy = null;
  dispute.proposedReleaseCents = null;
  dispute.proposalNote = null;
  dispute.proposedAt = null;
}

/** Saves the dispute, appends the milestone's history step and records the step's live event. */
async function record(
  stepper: DisputeStepper,
  locked: LockedDispute,
  action: MilestoneAction,
  definition: DisputeStepEvent,
  summary: string,
  details: { note?: string | null; fromStatus?: MilestoneStatus } = {},
): Promise<MilestoneEvent> {
  const { manager } = stepper;
  const { milestone, contract, dispute } = locked;
  await manager.getRepository(MilestoneDispute).save(dispute);
  const history = manager.getRepository(MilestoneEvent);
  const step = await history.save(
    history.create({
      milestoneId: milestone.id,
      actorId: stepper.actorId,
      action,
      fromStatus: details.fromStatus ?? milestone.status,
      toStatus: milestone.status,
      note: details.note?.trim() || null,
      attachments: [],
    }),
  );
  await recordEvent(manager, definition, {
    subject: milestone,
    contract,
    actorId: stepper.actorId,
    summary,
    payload: {
      milestoneId: milestone.id,
      disputeId: dispute.id,
      number: milestone.number,
      disputeStatus: dispute.status,
      milestoneStatus: milestone.status,
      releaseCents: dispute.releasedCents,
      refundCents: dispute.refundedCents,
    },
  });
  return step;
}

/**
 * Closes the dispute with `releaseCents` to the trainer and the rest back to the employer: the
 * milestone becomes PAID (something released; its invoice is for the released part, fee taken as
 * from any earning) or CANCELLED (all refunded), and `refundedCents` records what went back. The
 * caller has moved the dispute (SETTLED or RESOLVED) under the milestone's row lock.
 */
export async function closeWithSplit(
  stepper: DisputeStepper,
  locked: LockedDispute,
  releaseCents: number,
  action: MilestoneAction.DISPUTE_SETTLED | MilestoneAction.DISPUTE_RESOLVED,
  summary: string,
  note: string | null,
): Promise<MilestoneChange> {
  const { manager } = stepper;
  const { milestone, contract, dispute } = locked;
  const refundCents = dispute.heldCents - releaseCents;
  dispute.releasedCents = releaseCents;
  dispute.refundedCents = refundCents;
  dispute.closedAt = new Date();
  clearProposal(dispute);
  milestone.status = releaseCents > 0 ? MilestoneStatus.PAID : MilestoneStatus.CANCELLED;
  milestone.refundedCents = refundCents;
  await manager.getRepository(Milestone).save(milestone);
  const definition = action === MilestoneAction.DISPUTE_SETTLED ? DisputeSettled : DisputeResolved;
  const step = await record(stepper, locked, action, definition, summary, { note, fromStatus: MilestoneStatus.DISPUTED });
  // The status moved too: whoever follows milestone moves (`milestoneStatusChanged`) hears of it.
  await recordEvent(manager, MilestoneStatusChanged, {
    subject: milestone,
    contract,
    actorId: stepper.actorId,
    summary,
    payload: { milestoneId: milestone.id, number: milestone.number, from: MilestoneStatus.DISPUTED, to: milestone.status, version: milestone.version },
  });
  const release = releaseCents > 0 ? await moneyReleased({ releaser: stepper, milestone, contract, grossCents: releaseCents }) : null;
  return { milestoneId: milestone.id, eventId: step.id, disputeId: dispute.id, ...(release ? { invoiceId: release.invoiceId } : {}) };
}

/** "$600.00 released to the trainer, $400.00 refunded to the employer". */
export function splitWords(releaseCents: number, heldCents: number, currency: string): string {
  if (releaseCents === heldCents) return `all ${money(heldCents, currency)} released to the trainer`;
  if (releaseCents === 0) return `all ${money(heldCents, currency)} refunded to the employer`;
  return `${money(releaseCents, currency)} released to the trainer, ${money(heldCents - releaseCents, currency)} refunded to the employer`;
}

function lockForParty(tx: CommandContext, milestoneId: string, move: DisputeMove) {
  let party: DisputeParty = DisputeParty.EMPLOYER;
  return lockDispute(tx.manager, milestoneId, (contract, globalId) => {
    party = authorizeDisputeParty(contract, tx, disputeTransitions[move].by, globalId);
    return contract!;
  }).then((locked) => {
    assertContractOpen(locked.contract, move, true);
    return { ...locked, party };
  });
}

const sideName = (party: DisputeParty) => (party === DisputeParty.EMPLOYER ? 'employer' : 'trainer');

/** Trainer: answers the dispute (OPEN or ESCALATED); a new response replaces the last. */
export async function respondToDispute(tx: CommandContext, input: RespondToDisputeInput): Promise<MilestoneChange> {
  const locked = await lockForParty(tx, input.milestoneId, DisputeMove.RESPOND);
  await moveDispute(locked, DisputeMove.RESPOND);
  const { milestone, dispute } = locked;
  dispute.response = input.response.trim();
  dispute.respondedAt = new Date();
  const step = await record(
    stepperOf(tx),
    locked,
    MilestoneAction.DISPUTE_RESPONDED,
    DisputeResponded,
    `${tx.viewer.user.name} responded to the dispute on milestone ${milestone.number} (${milestone.title})`,
    { note: dispute.response },
  );
  return { milestoneId: milestone.id, eventId: step.id, disputeId: dispute.id };
}

/** Either party: proposes a split of the held money; it replaces any proposal waiting for an answer. */
export async function proposeDisputeSettlement(tx: CommandContext, input: ProposeDisputeSettlementInput): Promise<MilestoneChange> {
  const locked = await lockForParty(tx, input.milestoneId, DisputeMove.PROPOSE);
  await moveDispute(locked, DisputeMove.PROPOSE);
  const { milestone, dispute, party } = locked;
  if (input.releaseCents > dispute.heldCents) {
    throw badInput(
      'releaseCents',
      `At most the ${money(dispute.heldCents, dispute.currency)} in dispute can be released (${money(input.releaseCents, dispute.currency)} was proposed).`,
    );
  }
  dispute.proposedBy = party;
  dispute.proposedReleaseCents = input.releaseCents;
  dispute.proposalNote = input.note?.trim() || null;
  dispute.proposedAt = new Date();
  const step = await record(
    stepperOf(tx),
    locked,
    MilestoneAction.SETTLEMENT_PROPOSED,
    DisputeSettlementProposed,
    `${tx.viewer.user.name} proposed settling milestone ${milestone.number} (${milestone.title}): ${splitWords(input.releaseCents, dispute.heldCents, dispute.currency)}`,
    { note: `Proposed: ${splitWords(input.releaseCents, dispute.heldCents, dispute.currency)}.${dispute.proposalNote ? ` ${dispute.proposalNote}` : ''}` },
  );
  return { milestoneId: milestone.id, eventId: step.id, disputeId: dispute.id };
}

/** The party who did not propose it: the proposal lapses; either may propose again or escalate. */
export async function rejectDisputeSettlement(tx: CommandContext, input: RejectDisputeSettlementInput): Promise<MilestoneChange> {
  const locked = await lockForParty(tx, input.milestoneId, DisputeMove.REJECT);
  await moveDispute(locked, DisputeMove.REJECT);
  const { milestone, dispute, party } = locked;
  const proposedBy = requireProposal(locked, DisputeMove.REJECT);
  assertProposalRecipient(party, proposedBy);
  const rejected = splitWords(dispute.proposedReleaseCents!, dispute.heldCents, dispute.currency);
  clearProposal(dispute);
  const step = await record(
    stepperOf(tx),
    locked,
    MilestoneAction.SETTLEMENT_REJECTED,
    DisputeSettlementRejected,
    `${tx.viewer.user.name} rejected the ${sideName(proposedBy)}'s settlement of milestone ${milestone.number} (${milestone.title})`,
    { note: `Rejected: ${rejected}.${input.note?.trim() ? ` ${input.note.trim()}` : ''}` },
  );
  return { milestoneId: milestone.id, eventId: step.id, disputeId: dispute.id };
}

function requireProposal({ milestone, dispute }: LockedDispute, move: DisputeMove): DisputeParty {
  if (dispute.proposedBy === null || dispute.proposedReleaseCents === null) {
    throw invalidTransition(`There is no settlement of milestone ${milestone.number} waiting for an answer: propose one instead.`, {
      currentStatus: dispute.status,
      attemptedAction: move,
    });
  }
  return dispute.proposedBy;
}

/**
 * The party who did not propose it: the money moves as the proposal says, once. A retry with the
 * same key returns the first result; two accepts at once queue on the milestone's row lock, and
 * the second finds the dispute SETTLED. The release the accepting party saw must still be the
 * proposal's (CONFLICT otherwise: the other side changed it in the meantime).
 */
export function acceptDisputeSettlement(tx: CommandContext, input: AcceptDisputeSettlementInput): Promise<MilestoneChange> {
  return onceByKey(tx, 'acceptDisputeSettlement', input.idempotencyKey, { milestoneId: input.milestoneId, releaseCents: input.releaseCents }, async () => {
    const locked = await lockForParty(tx, input.milestoneId, DisputeMove.ACCEPT);
    const { milestone, dispute, party } = locked;
    // The proposal is checked before the move, which clears it.
    if (dispute.status === DisputeStatus.OPEN) {
      const proposedBy = requireProposal(locked, DisputeMove.ACCEPT);
      assertProposalRecipient(party, proposedBy);
      if (dispute.proposedReleaseCents !== input.releaseCents) {
        throw conflict(
          `The proposal changed: it now says ${splitWords(dispute.proposedReleaseCents!, dispute.heldCents, dispute.currency)}. Look at it again before accepting.`,
          { proposedReleaseCents: dispute.proposedReleaseCents },
        );
      }
    }
    await moveDispute(locked, DisputeMove.ACCEPT);
    const split = splitWords(input.releaseCents, dispute.heldCents, dispute.currency);
    return closeWithSplit(
      stepperOf(tx),
      locked,
      input.releaseCents,
      MilestoneAction.DISPUTE_SETTLED,
      `${tx.viewer.user.name} accepted the settlement of milestone ${milestone.number} (${milestone.title}): ${split}`,
      `Settled: ${split}.`,
    );
  });
}

/** Either party: hands the dispute to the platform (`npm run disputes:resolve`); a waiting proposal lapses. */
export async function escalateDispute(tx: CommandContext, input: EscalateDisputeInput): Promise<MilestoneChange> {
  const locked = await lockForParty(tx, input.milestoneId, DisputeMove.ESCALATE);
  await moveDispute(locked, DisputeMove.ESCALATE);
  const { milestone, dispute, party } = locked;
  clearProposal(dispute);
  dispute.escalatedBy = party;
  dispute.escalatedAt = new Date();
  const step = await record(
    stepperOf(tx),
    locked,
    MilestoneAction.DISPUTE_ESCALATED,
    DisputeEscalated,
    `${tx.viewer.user.name} escalated the dispute on milestone ${milestone.number} (${milestone.title}) to Workroom`,
    { note: input.note },
  );
  return { milestoneId: milestone.id, eventId: step.id, disputeId: dispute.id };
}

/** Employer: drops the dispute (OPEN or ESCALATED); the milestone goes back to the status it had, its money in play again. */
export function withdrawDispute(tx: CommandContext, input: WithdrawDisputeInput): Promise<MilestoneChange> {
  return onceByKey(tx, 'withdrawDispute', input.idempotencyKey, { milestoneId: input.milestoneId, note: input.note ?? null }, async () => {
    const locked = await lockForParty(tx, input.milestoneId, DisputeMove.WITHDRAW);
    await moveDispute(locked, DisputeMove.WITHDRAW);
    const { milestone, contract, dispute } = locked;
    clearProposal(dispute);
    dispute.closedAt = new Date();
    milestone.status = dispute.priorStatus;
    await tx.manager.getRepository(Milestone).save(milestone);
    const summary = `${tx.viewer.user.name} withdrew the dispute on milestone ${milestone.number} (${milestone.title}); it is ${statusWords[milestone.status]} again`;
    const step = await record(stepperOf(tx), locked, MilestoneAction.DISPUTE_WITHDRAWN, DisputeWithdrawn, summary, {
      note: input.note,
      fromStatus: MilestoneStatus.DISPUTED,
    });
    await recordEvent(tx.manager, MilestoneStatusChanged, {
      subject: milestone,
      contract,
      actorId: tx.viewer.id,
      summary,
      payload: { milestoneId: milestone.id, number: milestone.number, from: MilestoneStatus.DISPUTED, to: milestone.status, version: milestone.version },
    });
    return { milestoneId: milestone.id, eventId: step.id, disputeId: dispute.id };
  });
}
