import type { DataSource } from 'typeorm';
import { badInput, invalidTransition } from '../../errors/domain-error.js';
import { parseGlobalId, toGlobalId } from '../../graphql/global-id.js';
import { DisputeMove } from './dispute-transitions.js';
import { closeWithSplit, lockDispute, moveDispute, splitWords } from './milestone-disputes.mutations.js';
import { DisputeStatus, MilestoneDispute } from './milestone-dispute.entity.js';
import { MilestoneAction } from './milestone-event.entity.js';
import type { Milestone } from './milestone.entity.js';
import { Money } from '../../graphql/money.js';

/**
 * THE PLATFORM's side of a dispute. When the parties cannot agree, either escalates; Workroom's
 * support then decides how the held money is split. Here an operator plays that part with
 * `npm run disputes:resolve` (server/src/cli/disputes-resolve.ts), as `npm run payouts:settle`
 * plays the payment processor. There is no GraphQL path to it: no employer and no trainer can
 * resolve a dispute, only settle it with the other party's agreement.
 */
export interface PlatformResolution {
  /** The milestone's global ID, or the dispute's (`MilestoneDispute`), as `npm run disputes:resolve` lists them. */
  id: string;
  /** To the trainer, in cents, 0 to the amount in dispute; the rest is refunded to the employer. */
  releaseCents: number;
  /** Why, for both parties. */
  note: string;
}

const maxNoteLength = 5000;

/**
 * Resolves an ESCALATED dispute, once, in one transaction: the dispute becomes RESOLVED, the
 * milestone PAID (with the trainer's invoice for the released part) or CANCELLED (all refunded).
 * Both parties hear of it through DISPUTE_RESOLVED (and MILESTONE_STATUS_CHANGED) events with no
 * actor; a running server publishes them within EVENTS_SWEEP_MS, as it does any outbox row
 * written elsewhere. Queues on the milestone's row lock like the parties' own steps, so a
 * settlement or a withdrawal at the same moment either comes first (and this is refused) or after.
 */
export async function resolveEscalatedDispute(dataSource: DataSource, resolution: PlatformResolution, feePercent: number) {
  const note = resolution.note.trim();
  if (!note) throw badInput('note', 'Say why the dispute is resolved this way; both parties see it.');
  if (note.length > maxNoteLength) throw badInput('note', `Keep the note under ${maxNoteLength} characters.`);
  if (!Number.isSafeInteger(resolution.releaseCents) || resolution.releaseCents < 0) {
    throw badInput('releaseCents', 'The release is a whole number of cents, 0 or more.');
  }
  const milestoneId = await milestoneIdOf(dataSource, resolution.id);
  return dataSource.transaction('READ COMMITTED', async (manager) => {
    const locked = await lockDispute(manager, milestoneId, (contract) => contract!);
    const { milestone, dispute } = locked;
    if (dispute.status === DisputeStatus.OPEN) {
      throw invalidTransition(
        `The dispute on milestone ${milestone.number} is OPEN: the parties can still settle it. The platform resolves only a dispute a party escalated.`,
        { currentStatus: dispute.status, attemptedAction: DisputeMove.RESOLVE },
      );
    }
    await moveDispute(locked, DisputeMove.RESOLVE);
    if (resolution.releaseCents > dispute.heldCents) {
      throw badInput('releaseCents', `At most the ${new Money(dispute.heldCents, dispute.currency).formatted} in dispute can be released.`);
    }
    dispute.resolutionNote = note;
    const split = splitWords(resolution.releaseCents, dispute.heldCents, dispute.currency);
    const change = await closeWithSplit(
      { manager, actorId: null, name: 'Workroom', feePercent },
      locked,
      resolution.releaseCents,
      MilestoneAction.DISPUTE_RESOLVED,
      `Workroom resolved the dispute on milestone ${milestone.number} (${milestone.title}): ${split}`,
      `Resolved by Workroom: ${split}. ${note}`,
    );
    return { ...change, milestoneGlobalId: toGlobalId('Milestone', milestone.id), split, status: dispute.status };
  });
}

/** The milestone a global id names: a milestone's own, or its dispute's. */
async function milestoneIdOf(dataSource: DataSource, id: string): Promise<string> {
  const decoded = parseGlobalId(id);
  if (decoded?.typename === 'Milestone') return decoded.id;
  if (decoded?.typename === 'MilestoneDispute') {
    const dispute = await dataSource.getRepository(MilestoneDispute).findOneBy({ id: decoded.id });
    if (dispute) return dispute.milestoneId;
  }
  throw badInput('id', `${id} is not the ID of a milestone or a dispute (run \`npm run disputes:resolve\` to list the escalated ones).`);
}

export interface EscalatedDispute {
  milestoneId: string;
  disputeId: string;
  held: string;
  heldCents: number;
  contract: string;
  milestone: string;
  reason: string;
  response: string | null;
  escalatedBy: string | null;
  escalatedAt: Date | null;
}

/** What the platform has yet to decide: every ESCALATED dispute, oldest escalation first. */
export async function escalatedDisputes(dataSource: DataSource): Promise<EscalatedDispute[]> {
  const rows = await dataSource.getRepository(MilestoneDispute).find({
    where: { status: DisputeStatus.ESCALATED },
    relations: { milestone: { contract: true } },
    order: { escalatedAt: 'ASC', id: 'ASC' },
  });
  return rows.map((dispute) => {
    const milestone = dispute.milestone as Milestone;
    return {
      milestoneId: toGlobalId('Milestone', dispute.milestoneId),
      disputeId: toGlobalId('MilestoneDispute', dispute.id),
      held: dispute.held.formatted,
      heldCents: dispute.heldCents,
      contract: milestone.contract!.title,
      milestone: `${milestone.number}. ${milestone.title}`,
      reason: dispute.reason,
      response: dispute.response,
      escalatedBy: dispute.escalatedBy,
      escalatedAt: dispute.escalatedAt,
    };
  });
}
