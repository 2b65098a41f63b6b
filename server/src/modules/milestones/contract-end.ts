import type { EntityManager } from 'typeorm';
import { invalidTransition } from '../../errors/domain-error.js';
import type { Contract } from '../contracts/contract.entity.js';
import { beforeContractEnds, ContractAction } from '../contracts/contracts.mutations.js';
import { MilestoneStatus } from './milestone.entity.js';

/** Milestones whose money is held or owed: a contract cannot end while any is in one of these. */
const inPlay = [MilestoneStatus.FUNDED, MilestoneStatus.SUBMITTED, MilestoneStatus.CHANGES_REQUESTED, MilestoneStatus.DISPUTED] as const;

const plural = (one: string, many: string) => (count: number) => (count === 1 ? one : many);

/** "2 funded milestones", "1 milestone in dispute": what a refusal calls each status in play. */
const inPlayWords: Record<(typeof inPlay)[number], (count: number) => string> = {
  [MilestoneStatus.FUNDED]: plural('funded milestone', 'funded milestones'),
  [MilestoneStatus.SUBMITTED]: plural('milestone pending approval', 'milestones pending approval'),
  [MilestoneStatus.CHANGES_REQUESTED]: plural('milestone waiting for changes', 'milestones waiting for changes'),
  [MilestoneStatus.DISPUTED]: plural('milestone in dispute', 'milestones in dispute'),
};

/** "a", "a and b", "a, b and c". */
function listWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * Refuses to end a contract with money in play. Every milestone of the contract is locked
 * (`FOR UPDATE`, in number order) and not only those in play now: a NOT_FUNDED one being funded
 * at this moment holds its row lock, so this waits for it and then sees it FUNDED; a funding that
 * comes after waits for us and then finds the contract ENDED.
 */
async function assertNothingInPlay(manager: EntityManager, contract: Contract): Promise<void> {
  const rows: Array<{ number: number; status: MilestoneStatus }> = await manager.query(
    'SELECT number, status FROM milestones WHERE contract_id = $1 ORDER BY number FOR UPDATE',
    [contract.id],
  );
  const blocking = rows.filter((row) => (inPlay as readonly MilestoneStatus[]).includes(row.status));
  if (blocking.length === 0) return;
  const counts = inPlay
    .map((status) => [status, blocking.filter((row) => row.status === status).length] as const)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${inPlayWords[status](count)}`);
  const numbers = blocking.map((row) => row.number).join(', ');
  const one = blocking.length === 1;
  throw invalidTransition(
    `You cannot end this contract while money is in play: ${listWords(counts)} (${one ? 'milestone' : 'milestones'} ${numbers}). ` +
      `${one ? 'It' : 'Each'} must be paid, cancelled, or its dispute settled or withdrawn first.`,
    { currentStatus: contract.status, attemptedAction: ContractAction.END },
  );
}

beforeContractEnds(assertNothingInPlay);
