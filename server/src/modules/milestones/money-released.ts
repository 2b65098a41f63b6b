import type { EntityManager } from 'typeorm';
import type { Contract } from '../contracts/contract.entity.js';
import type { Milestone } from './milestone.entity.js';

/** Who releases money: a user's command, or the platform (a dispute it resolved; no actor). */
export interface Releaser {
  manager: EntityManager;
  actorId: string | null;
  /** The marketplace fee, for the record of the earning. */
  feePercent: number;
}

/** Money of a milestone going to its trainer: all of it on approval, or the released part of a dispute. */
export interface MoneyRelease {
  releaser: Releaser;
  milestone: Milestone;
  contract: Contract;
  grossCents: number;
}

/** What the release left on paper: the trainer's invoice. */
export interface ReleaseRecord {
  invoiceId: string;
}

type ReleaseHandler = (release: MoneyRelease) => Promise<ReleaseRecord>;

let handler: ReleaseHandler | undefined;

/**
 * Says what releasing a milestone's money means on paper. Milestones know that money went to the
 * trainer; the invoice it becomes (its number, its fee) is billing's, which sits above milestones
 * and registers here when the composition root loads it.
 */
export function whenMoneyReleased(handle: ReleaseHandler): void {
  if (handler) throw new Error('Released money is already handled');
  handler = handle;
}

/** Records a release in the caller's transaction; a service without billing refuses to release money. */
export function moneyReleased(release: MoneyRelease): Promise<ReleaseRecord> {
  if (!handler) throw new Error('No area records released money: the billing area is not loaded');
  return handler(release);
}
