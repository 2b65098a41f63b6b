import type { EntityManager } from 'typeorm';
import { lockRowById } from '../../db/rows-by-id.js';
import { authorizeContractParty, type ContractParty } from '../contracts/contracts.policy.js';
import { exactInteger } from '../../db/columns.js';
import type { CommandContext } from '../../commands/command.js';
import { idempotent } from '../../db/idempotency.js';
import { defineStateMachine } from '../../db/state-machine.js';
import { recordEvent } from '../../events/outbox.js';
import { badInput, invalidTransition, notFound } from '../../errors/domain-error.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { Money } from '../../graphql/money.js';
import { moneyReleased } from './money-released.js';
import { maxContractMilestonesCents } from '../../graphql/money-limits.js';
import { Contract, ContractStatus } from '../contracts/contract.entity.js';
import { milestoneTransitions, type MilestoneTransitionAction } from './milestone-transitions.js';
import { MilestoneDispute } from './milestone-dispute.entity.js';
import { MilestoneAction, MilestoneEvent, type Attachment } from './milestone-event.entity.js';
import { Milestone, MilestoneStatus } from './milestone.entity.js';
import { MilestoneCreated, MilestoneStatusChanged, MilestoneUpdated } from './milestone.events.js';
import type {
  ApproveMilestoneInput,
  CancelMilestoneInput,
  NewMilestoneInput,
  DisputeMilestoneInput,
  FundMilestoneInput,
  RequestMilestoneChangesInput,
  SubmitMilestoneInput,
  UpdateMilestoneInput,
} from './milestone.inputs.js';

/** What a milestone mutation changed, as ids: small enough to keep as an idempotent result. */
export interface MilestoneChange extends Record<string, unknown> {
  milestoneId: string;
  eventId: string;
  invoiceId?: string;
  disputeId?: string;
  refunded?: boolean;
}

export interface Locked {
  milestone: Milestone;
  contract: Contract;
}

/** The milestone, locked for this transaction, with its contract, if the actor is `party` on it. */
async function lockMilestone(tx: CommandContext, id: string, party: ContractParty): Promise<Locked> {
  const milestone = await lockRowById(tx.manager, Milestone, id);
  if (!milestone) throw notFound('Milestone', toGlobalId('Milestone', id));
  const contract = await tx.manager.getRepository(Contract).findOneBy({ id: milestone.contractId });
  return { milestone, contract: authorizeContractParty(contract, tx, party, 'Milestone', toGlobalId('Milestone', id)) };
}

/**
 * Locks the contract of a milestone before the milestone itself: contract first, then its
 * milestones, is the order creating a milestone and ending a contract take their locks in, so an
 * amount edit cannot deadlock with them. Who may edit is checked after, by {@link lockMilestone}.
 */
async function lockContractOfMilestone(manager: EntityManager, id: string): Promise<void> {
  await manager.query('SELECT 1 FROM contracts WHERE id = (SELECT contract_id FROM milestones WHERE id = $1) FOR UPDATE', [id]);
}

export function assertContractOpen(contract: Contract, attemptedAction: string, allowPaused: boolean): void {
  const open = contract.status === ContractStatus.ACTIVE || (allowPaused && contract.status === ContractStatus.PAUSED);
  if (!open) {
    throw invalidTransition(`The contract is ${contract.status}: milestones cannot be changed now.`, {
      currentStatus: contract.status,
      attemptedAction,
    });
  }
}

async function appendHistory(
  { manager, viewer }: CommandContext,
  milestone: Milestone,
  action: MilestoneAction,
  fromStatus: MilestoneStatus | null,
  details: { note?: string | null; attachments?: Attachment[] } = {},
): Promise<MilestoneEvent> {
  const repository = manager.getRepository(MilestoneEvent);
  return repository.save(
    repository.create({
      milestoneId: milestone.id,
      actorId: viewer.id,
      action,
      fromStatus,
      toStatus: milestone.status,
      note: details.note ?? null,
      attachments: details.attachments ?? [],
    }),
  );
}

/**
 * Refuses an amount that would take the contract's milestones past {@link maxContractMilestonesCents}
 * together; cancelled ones do not count (their money went back, or was never held). `replacing`
 * is the milestone being edited, whose old amount is left out of the sum. An edit that does not
 * raise the amount always passes, even on a contract over the cap from before it existed. The
 * caller holds the contract's row lock, so two creates or edits at once cannot both squeeze in.
 */
async function assertContractTotalFits(manager: EntityManager, contract: Contract, amountCents: number, replacing?: Milestone): Promise<void> {
  if (replacing && amountCents <= replacing.amountCents) return;
  const [{ others }] = await manager.query<[{ others: string }]>(
    `SELECT COALESCE(sum(amount_cents), 0) AS others FROM milestones
      WHERE contract_id = $1 AND status <> $2 AND ($3::uuid IS NULL OR id <> $3)`,
    [contract.id, MilestoneStatus.CANCELLED, replacing?.id ?? null],
  );
  const room = maxContractMilestonesCents - exactInteger(others);
  if (amountCents <= room) return;
  const money = (cents: number) => new Money(cents, contract.currency).formatted;
  throw badInput(
    'amountCents',
    `A contract's milestones add up to at most ${money(maxContractMilestonesCents)} (cancelled ones do not count). ` +
      `This contract's ${replacing ? 'other milestones come' : 'milestones come'} to ${money(exactInteger(others))}, ` +
      (room > 0 ? `so this amount can be at most ${money(room)}.` : 'so there is no room for more: cancel one first, or start another contract.'),
  );
}

export const statusWords: Record<MilestoneStatus, string> = {
  NOT_FUNDED: 'not funded',
  FUNDED: 'active and funded',
  SUBMITTED: 'pending approval',
  CHANGES_REQUESTED: 'waiting for changes',
  PAID: 'paid',
  DISPUTED: 'disputed',
  CANCELLED: 'cancelled',
};

async function announce({ manager, viewer }: CommandContext, { milestone, contract }: Locked, from: MilestoneStatus | null, summary: string) {
  await recordEvent(manager, from === null ? MilestoneCreated : MilestoneStatusChanged, {
    subject: milestone,
    contract,
    actorId: viewer.id,
    summary,
    payload: { milestoneId: milestone.id, number: milestone.number, from, to: milestone.status, version: milestone.version },
  });
}

const milestoneMachine = defineStateMachine(milestoneTransitions, {
  name: (milestone: Milestone) => `milestone ${milestone.number}`,
  describe: (status) => statusWords[status],
});

/**
 * One state transition: lock, check who and from where, move, record history and the event.
 * Concurrent calls on one milestone queue on the row lock, so the second sees the first's
 * result and is refused: a money move happens once.
 */
async function transition(
  tx: CommandContext,
  milestoneId: string,
  action: MilestoneTransitionAction,
  details: { note?: string | null; attachments?: Attachment[] } = {},
): Promise<Locked & { event: MilestoneEvent; from: MilestoneStatus }> {
  const locked = await lockMilestone(tx, milestoneId, milestoneMachine.rules[action].by);
  const { milestone, contract } = locked;
  const { rule, from } = await milestoneMachine.move(milestone, action, () =>
    assertContractOpen(contract, action, action !== MilestoneAction.FUNDED && action !== MilestoneAction.SUBMITTED),
  );
  await tx.manager.getRepository(Milestone).save(milestone);
  const event = await appendHistory(tx, milestone, action, from, details);
  const actor = tx.viewer.user.name;
  await announce(tx, locked, from, `${actor} moved milestone ${milestone.number} (${milestone.title}) to ${statusWords[rule.to]}`);
  return { ...locked, event, from };
}

/**
 * The commands below take database ids (the resolver decodes global ids) and run in the caller's
 * transaction; a hire runs `createMilestone` inside its own.
 */

/** Employer: adds a NOT_FUNDED milestone to a contract. */
export async function createMilestone(tx: CommandContext, input: NewMilestoneInput & { contractId: string }): Promise<MilestoneChange> {
  const { manager } = tx;
  const contract = await lockRowById(manager, Contract, input.contractId);
  authorizeContractParty(contract, tx, 'employer', 'Contract', toGlobalId('Contract', input.contractId));
  assertContractOpen(contract!, 'CREATE', true);
  await assertContractTotalFits(manager, contract!, input.amountCents);
  const [{ next }] = await manager.query<[{ next: number }]>('SELECT COALESCE(max(number), 0) + 1 AS next FROM milestones WHERE contract_id = $1', [
    input.contractId,
  ]);
  const repository = manager.getRepository(Milestone);
  const milestone = await repository.save(
    repository.create({
      contractId: input.contractId,
      number: next,
      title: input.title.trim(),
      description: (input.description ?? '').trim(),
      amountCents: input.amountCents,
      currency: contract!.currency,
      dueAt: input.dueAt ?? null,
      status: MilestoneStatus.NOT_FUNDED,
    }),
  );
  const event = await appendHistory(tx, milestone, MilestoneAction.CREATED, null);
  await announce(tx, { milestone, contract: contract! }, null, `${tx.viewer.user.name} added milestone ${milestone.number} (${milestone.title})`);
  return { milestoneId: milestone.id, eventId: event.id };
}

/** Employer: edits a milestone while it is NOT_FUNDED. */
export async function updateMilestone(tx: CommandContext, input: UpdateMilestoneInput): Promise<MilestoneChange> {
  if (input.amountCents != null) await lockContractOfMilestone(tx.manager, input.milestoneId);
  const locked = await lockMilestone(tx, input.milestoneId, 'employer');
  const { milestone } = locked;
  if (milestone.status !== MilestoneStatus.NOT_FUNDED) {
    throw invalidTransition(`Milestone ${milestone.number} is ${milestone.status}: only a milestone that is not funded yet can be edited.`, {
      currentStatus: milestone.status,
      attemptedAction: MilestoneAction.UPDATED,
    });
  }
  if (input.amountCents != null) await assertContractTotalFits(tx.manager, locked.contract, input.amountCents, milestone);
  if (input.title != null) milestone.title = input.title.trim();
  if (input.description != null) milestone.description = input.description.trim();
  if (input.amountCents != null) milestone.amountCents = input.amountCents;
  if (input.dueAt !== undefined) milestone.dueAt = input.dueAt;
  await tx.manager.getRepository(Milestone).save(milestone);
  const event = await appendHistory(tx, milestone, MilestoneAction.UPDATED, milestone.status);
  await recordEvent(tx.manager, MilestoneUpdated, {
    subject: milestone,
    contract: locked.contract,
    actorId: tx.viewer.id,
    summary: `${tx.viewer.user.name} edited milestone ${milestone.number} (${milestone.title})`,
    payload: { milestoneId: milestone.id, version: milestone.version },
  });
  return { milestoneId: milestone.id, eventId: event.id };
}

/** A money move that a retry with the same key must not make twice; the key's input names the milestone by its global id. */
export function onceByKey(
  tx: CommandContext,
  operation: string,
  key: string | null | undefined,
  input: Record<string, unknown> & { milestoneId: string },
  run: () => Promise<MilestoneChange>,
) {
  return idempotent(tx.manager, {
    userId: tx.viewer.id,
    operation,
    key,
    input: { ...input, milestoneId: toGlobalId('Milestone', input.milestoneId) },
    run,
  });
}

/** Employer: NOT_FUNDED → FUNDED. */
export function fundMilestone(tx: CommandContext, input: FundMilestoneInput): Promise<MilestoneChange> {
  return onceByKey(tx, 'fundMilestone', input.idempotencyKey, { milestoneId: input.milestoneId }, async () => {
    const { milestone, event } = await transition(tx, input.milestoneId, MilestoneAction.FUNDED);
    return { milestoneId: milestone.id, eventId: event.id };
  });
}

/** Trainer: FUNDED or CHANGES_REQUESTED → SUBMITTED, with a note and links. */
export async function submitMilestone(tx: CommandContext, input: SubmitMilestoneInput): Promise<MilestoneChange> {
  const attachments = input.attachments.map(({ name, url }) => ({ name: name.trim(), url }));
  const { milestone, event } = await transition(tx, input.milestoneId, MilestoneAction.SUBMITTED, { note: input.note.trim(), attachments });
  return { milestoneId: milestone.id, eventId: event.id };
}

/** Employer: SUBMITTED → CHANGES_REQUESTED. */
export async function requestMilestoneChanges(tx: CommandContext, input: RequestMilestoneChangesInput): Promise<MilestoneChange> {
  const { milestone, event } = await transition(tx, input.milestoneId, MilestoneAction.CHANGES_REQUESTED, { note: input.note.trim() });
  return { milestoneId: milestone.id, eventId: event.id };
}

/** Employer: SUBMITTED → PAID, issuing the trainer's invoice. */
export function approveMilestone(tx: CommandContext, input: ApproveMilestoneInput): Promise<MilestoneChange> {
  return onceByKey(tx, 'approveMilestone', input.idempotencyKey, { milestoneId: input.milestoneId, note: input.note ?? null }, async () => {
    const { milestone, contract, event } = await transition(tx, input.milestoneId, MilestoneAction.APPROVED, { note: input.note?.trim() || null });
    const releaser = { manager: tx.manager, actorId: tx.viewer.id, feePercent: tx.config.billing.feePercent };
    const { invoiceId } = await moneyReleased({ releaser, milestone, contract, grossCents: milestone.amountCents });
    return { milestoneId: milestone.id, eventId: event.id, invoiceId };
  });
}

/** Employer: cancels a NOT_FUNDED or FUNDED milestone (a funded one is refunded: its amount goes back to the employer). */
export async function cancelMilestone(tx: CommandContext, input: CancelMilestoneInput): Promise<MilestoneChange> {
  const { milestone, event, from } = await transition(tx, input.milestoneId, MilestoneAction.CANCELLED, { note: input.reason?.trim() || null });
  const refunded = from === MilestoneStatus.FUNDED;
  if (refunded) await tx.manager.getRepository(Milestone).update(milestone.id, { refundedCents: milestone.amountCents });
  return { milestoneId: milestone.id, eventId: event.id, refunded };
}

/**
 * Employer: opens a dispute on a milestone with money in play. Its amount is held "In dispute"
 * until the parties settle, the platform resolves an escalated dispute, or the employer withdraws
 * it (milestone-disputes.mutations.ts).
 */
export async function disputeMilestone(tx: CommandContext, input: DisputeMilestoneInput): Promise<MilestoneChange> {
  const reason = input.reason.trim();
  const { milestone, event, from } = await transition(tx, input.milestoneId, MilestoneAction.DISPUTED, { note: reason });
  const repository = tx.manager.getRepository(MilestoneDispute);
  const dispute = await repository.save(
    repository.create({
      milestoneId: milestone.id,
      openedById: tx.viewer.id,
      reason,
      priorStatus: from,
      heldCents: milestone.amountCents,
      currency: milestone.currency,
    }),
  );
  return { milestoneId: milestone.id, eventId: event.id, disputeId: dispute.id };
}
