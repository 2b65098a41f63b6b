import type { EntityManager } from 'typeorm';
import { authorizeContractParty, type ContractParty } from '../contracts/contracts.policy.js';
import { exactInteger } from '../../db/columns.js';
import { inTransaction } from '../../db/transaction.js';
import { idempotent } from '../../db/idempotency.js';
import { recordEvent } from '../../events/outbox.js';
import type { SignedInContext } from '../../graphql/context.js';
import { badInput, invalidTransition, notFound } from '../../graphql/errors.js';
import { expectGlobalId } from '../../graphql/global-id.js';
import { Money } from '../../graphql/money.js';
import { issueEarningInvoice } from '../billing/invoices.service.js';
import { maxContractMilestonesCents } from '../billing/money-limits.js';
import { Contract, ContractStatus } from '../contracts/contract.entity.js';
import { milestoneTransitions, type MilestoneTransitionAction } from './milestone-transitions.js';
import { MilestoneAction, MilestoneEvent, type Attachment } from './milestone-event.entity.js';
import { Milestone, MilestoneStatus } from './milestone.entity.js';
import { MilestoneCreated, MilestoneStatusChanged, MilestoneUpdated } from './milestone.events.js';
import type {
  ApproveMilestoneInput,
  CancelMilestoneInput,
  CreateMilestoneInput,
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
  refunded?: boolean;
}

interface Locked {
  milestone: Milestone;
  contract: Contract;
}

/** The milestone, locked for this transaction, with its contract, if the viewer is `party` on it. */
async function lockMilestone(manager: EntityManager, context: SignedInContext, globalId: string, party: ContractParty): Promise<Locked> {
  const id = expectGlobalId(globalId, 'Milestone', 'milestoneId');
  const milestone = await manager.getRepository(Milestone).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!milestone) throw notFound('Milestone', globalId);
  const contract = await manager.getRepository(Contract).findOneBy({ id: milestone.contractId });
  return { milestone, contract: authorizeContractParty(contract, context, party, 'Milestone', globalId) };
}

/**
 * Locks the contract of a milestone before the milestone itself: contract first, then its
 * milestones, is the order creating a milestone and ending a contract take their locks in, so an
 * amount edit cannot deadlock with them. Who may edit is checked after, by {@link lockMilestone}.
 */
async function lockContractOfMilestone(manager: EntityManager, globalId: string): Promise<void> {
  const id = expectGlobalId(globalId, 'Milestone', 'milestoneId');
  await manager.query('SELECT 1 FROM contracts WHERE id = (SELECT contract_id FROM milestones WHERE id = $1) FOR UPDATE', [id]);
}

function assertContractOpen(contract: Contract, attemptedAction: string, allowPaused: boolean): void {
  const open = contract.status === ContractStatus.ACTIVE || (allowPaused && contract.status === ContractStatus.PAUSED);
  if (!open) {
    throw invalidTransition(`The contract is ${contract.status}: milestones cannot be changed now.`, {
      currentStatus: contract.status,
      attemptedAction,
    });
  }
}

async function appendHistory(
  manager: EntityManager,
  context: SignedInContext,
  milestone: Milestone,
  action: MilestoneAction,
  fromStatus: MilestoneStatus | null,
  details: { note?: string | null; attachments?: Attachment[] } = {},
): Promise<MilestoneEvent> {
  const repository = manager.getRepository(MilestoneEvent);
  return repository.save(
    repository.create({
      milestoneId: milestone.id,
      actorId: context.viewer.id,
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
  const [{ others }] = (await manager.query(
    `SELECT COALESCE(sum(amount_cents), 0) AS others FROM milestones
      WHERE contract_id = $1 AND status <> $2 AND ($3::uuid IS NULL OR id <> $3)`,
    [contract.id, MilestoneStatus.CANCELLED, replacing?.id ?? null],
  )) as [{ others: string }];
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

const statusWords: Record<MilestoneStatus, string> = {
  NOT_FUNDED: 'not funded',
  FUNDED: 'active and funded',
  SUBMITTED: 'pending approval',
  CHANGES_REQUESTED: 'waiting for changes',
  PAID: 'paid',
  DISPUTED: 'disputed',
  CANCELLED: 'cancelled',
};

async function announce(manager: EntityManager, context: SignedInContext, { milestone, contract }: Locked, from: MilestoneStatus | null, summary: string) {
  await recordEvent(manager, from === null ? MilestoneCreated : MilestoneStatusChanged, {
    subject: milestone,
    contract,
    actorId: context.viewer.id,
    summary,
    payload: { milestoneId: milestone.id, number: milestone.number, from, to: milestone.status, version: milestone.version },
  });
}

/**
 * One state transition: lock, check who and from where, move, record history and the event.
 * Concurrent calls on one milestone queue on the row lock, so the second sees the first's
 * result and is refused: a money move happens once.
 */
async function transition(
  manager: EntityManager,
  context: SignedInContext,
  milestoneId: string,
  action: MilestoneTransitionAction,
  details: { note?: string | null; attachments?: Attachment[] } = {},
): Promise<Locked & { event: MilestoneEvent; from: MilestoneStatus }> {
  const rule = milestoneTransitions[action];
  const locked = await lockMilestone(manager, context, milestoneId, rule.by);
  const { milestone, contract } = locked;
  const from = milestone.status;
  if (!rule.from.includes(from)) {
    throw invalidTransition(
      `You cannot ${rule.verb} milestone ${milestone.number} while it is ${from} (${statusWords[from]}); ` +
        `that needs ${rule.from.join(' or ')}.`,
      { currentStatus: from, attemptedAction: action },
    );
  }
  assertContractOpen(contract, action, action !== MilestoneAction.FUNDED && action !== MilestoneAction.SUBMITTED);
  milestone.status = rule.to;
  await manager.getRepository(Milestone).save(milestone);
  const event = await appendHistory(manager, context, milestone, action, from, details);
  const actor = context.viewer.user.name;
  await announce(manager, context, locked, from, `${actor} moved milestone ${milestone.number} (${milestone.title}) to ${statusWords[rule.to]}`);
  return { ...locked, event, from };
}

export function createMilestone(context: SignedInContext, input: CreateMilestoneInput): Promise<MilestoneChange> {
  return inTransaction(context, async (manager) => {
    const contractId = expectGlobalId(input.contractId, 'Contract', 'contractId');
    const contract = await manager.getRepository(Contract).findOne({ where: { id: contractId }, lock: { mode: 'pessimistic_write' } });
    authorizeContractParty(contract, context, 'employer', 'Contract', input.contractId);
    assertContractOpen(contract!, 'CREATE', true);
    await assertContractTotalFits(manager, contract!, input.amountCents);
    const [{ next }] = (await manager.query('SELECT COALESCE(max(number), 0) + 1 AS next FROM milestones WHERE contract_id = $1', [
      contractId,
    ])) as [{ next: number }];
    const repository = manager.getRepository(Milestone);
    const milestone = await repository.save(
      repository.create({
        contractId,
        number: next,
        title: input.title.trim(),
        description: input.description.trim(),
        amountCents: input.amountCents,
        currency: contract!.currency,
        dueAt: input.dueAt ?? null,
        status: MilestoneStatus.NOT_FUNDED,
      }),
    );
    const event = await appendHistory(manager, context, milestone, MilestoneAction.CREATED, null);
    await announce(manager, context, { milestone, contract: contract! }, null, `${context.viewer.user.name} added milestone ${milestone.number} (${milestone.title})`);
    return { milestoneId: milestone.id, eventId: event.id };
  });
}

export function updateMilestone(context: SignedInContext, input: UpdateMilestoneInput): Promise<MilestoneChange> {
  return inTransaction(context, async (manager) => {
    if (input.amountCents != null) await lockContractOfMilestone(manager, input.milestoneId);
    const locked = await lockMilestone(manager, context, input.milestoneId, 'employer');
    const { milestone } = locked;
    if (milestone.status !== MilestoneStatus.NOT_FUNDED) {
      throw invalidTransition(`Milestone ${milestone.number} is ${milestone.status}: only a milestone that is not funded yet can be edited.`, {
        currentStatus: milestone.status,
        attemptedAction: MilestoneAction.UPDATED,
      });
    }
    if (input.amountCents != null) await assertContractTotalFits(manager, locked.contract, input.amountCents, milestone);
    if (input.title != null) milestone.title = input.title.trim();
    if (input.description != null) milestone.description = input.description.trim();
    if (input.amountCents != null) milestone.amountCents = input.amountCents;
    if (input.dueAt !== undefined) milestone.dueAt = input.dueAt;
    await manager.getRepository(Milestone).save(milestone);
    const event = await appendHistory(manager, context, milestone, MilestoneAction.UPDATED, milestone.status);
    await recordEvent(manager, MilestoneUpdated, {
      subject: milestone,
      contract: locked.contract,
      actorId: context.viewer.id,
      summary: `${context.viewer.user.name} edited milestone ${milestone.number} (${milestone.title})`,
      payload: { milestoneId: milestone.id, version: milestone.version },
    });
    return { milestoneId: milestone.id, eventId: event.id };
  });
}

export function fundMilestone(context: SignedInContext, input: FundMilestoneInput): Promise<MilestoneChange> {
  return inTransaction(context, (manager) =>
    idempotent(manager, {
      userId: context.viewer.id,
      operation: 'fundMilestone',
      key: input.idempotencyKey,
      input: { milestoneId: input.milestoneId },
      run: async () => {
        const { milestone, event } = await transition(manager, context, input.milestoneId, MilestoneAction.FUNDED);
        return { milestoneId: milestone.id, eventId: event.id };
      },
    }),
  );
}

export function submitMilestone(context: SignedInContext, input: SubmitMilestoneInput): Promise<MilestoneChange> {
  return inTransaction(context, async (manager) => {
    const attachments = input.attachments.map(({ name, url }) => ({ name: name.trim(), url }));
    const { milestone, event } = await transition(manager, context, input.milestoneId, MilestoneAction.SUBMITTED, {
      note: input.note.trim(),
      attachments,
    });
    return { milestoneId: milestone.id, eventId: event.id };
  });
}

export function requestMilestoneChanges(context: SignedInContext, input: RequestMilestoneChangesInput): Promise<MilestoneChange> {
  return inTransaction(context, async (manager) => {
    const { milestone, event } = await transition(manager, context, input.milestoneId, MilestoneAction.CHANGES_REQUESTED, {
      note: input.note.trim(),
    });
    return { milestoneId: milestone.id, eventId: event.id };
  });
}

export function approveMilestone(context: SignedInContext, input: ApproveMilestoneInput): Promise<MilestoneChange> {
  return inTransaction(context, (manager) =>
    idempotent(manager, {
      userId: context.viewer.id,
      operation: 'approveMilestone',
      key: input.idempotencyKey,
      input: { milestoneId: input.milestoneId, note: input.note ?? null },
      run: async () => {
        const { milestone, contract, event } = await transition(manager, context, input.milestoneId, MilestoneAction.APPROVED, {
          note: input.note?.trim() || null,
        });
        const invoice = await issueEarningInvoice(manager, context, milestone, contract);
        return { milestoneId: milestone.id, eventId: event.id, invoiceId: invoice.id };
      },
    }),
  );
}

export function cancelMilestone(context: SignedInContext, input: CancelMilestoneInput): Promise<MilestoneChange> {
  return inTransaction(context, async (manager) => {
    const { milestone, event, from } = await transition(manager, context, input.milestoneId, MilestoneAction.CANCELLED, {
      note: input.reason?.trim() || null,
    });
    return { milestoneId: milestone.id, eventId: event.id, refunded: from === MilestoneStatus.FUNDED };
  });
}

export function disputeMilestone(context: SignedInContext, input: DisputeMilestoneInput): Promise<MilestoneChange> {
  return inTransaction(context, async (manager) => {
    const { milestone, event } = await transition(manager, context, input.milestoneId, MilestoneAction.DISPUTED, {
      note: input.reason.trim(),
    });
    return { milestoneId: milestone.id, eventId: event.id };
  });
}
