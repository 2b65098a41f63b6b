import type { EntityManager } from 'typeorm';
import { authorizeContractParty } from './contracts.policy.js';
import { defineStateMachine, type Transition } from '../../db/state-machine.js';
import type { CommandContext } from '../../commands/command.js';
import { recordEvent } from '../../events/outbox.js';
import { invalidTransition } from '../../errors/domain-error.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { MilestoneStatus } from '../milestones/milestone.entity.js';
import type { EndContractInput, PauseContractInput, ResumeContractInput } from './contract.inputs.js';
import { Contract, ContractStatus } from './contract.entity.js';
import { ContractStatusChanged } from './contract.events.js';

/** What a contract mutation changed, as ids; the resolver reads it back after the commit. */
export interface ContractChange {
  contractId: string;
}

export enum ContractAction {
  PAUSE = 'PAUSE',
  RESUME = 'RESUME',
  END = 'END',
}

interface ContractTransition extends Transition<ContractStatus> {
  /** For the feed: "paused the contract". */
  past: string;
}

/** The contract state machine, whole: ACTIVE ⇄ PAUSED, either → ENDED (final). Employers only. */
const contractTransitions: Record<ContractAction, ContractTransition> = {
  [ContractAction.PAUSE]: { from: [ContractStatus.ACTIVE], to: ContractStatus.PAUSED, verb: 'pause', past: 'paused' },
  [ContractAction.RESUME]: { from: [ContractStatus.PAUSED], to: ContractStatus.ACTIVE, verb: 'resume', past: 'resumed' },
  [ContractAction.END]: { from: [ContractStatus.ACTIVE, ContractStatus.PAUSED], to: ContractStatus.ENDED, verb: 'end', past: 'ended' },
};

const contractMachine = defineStateMachine(contractTransitions, { name: (_contract: Contract) => 'this contract' });

/** Milestones whose money is held or owed: a contract cannot end while any is in one of these. */
const inPlay = [
  MilestoneStatus.FUNDED,
  MilestoneStatus.SUBMITTED,
  MilestoneStatus.CHANGES_REQUESTED,
  MilestoneStatus.DISPUTED,
] as const;

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

/**
 * Lock the contract, check who and from where, move, record the event. Concurrent calls queue on
 * the row lock. Takes the contract's database id, and runs in the caller's transaction.
 */
async function transition(tx: CommandContext, id: string, action: ContractAction): Promise<ContractChange> {
  const { manager, viewer } = tx;
  const locked = await manager.getRepository(Contract).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  const contract = authorizeContractParty(locked, tx, 'employer', 'Contract', toGlobalId('Contract', id));
  const { rule, from } = await contractMachine.move(contract, action, () =>
    action === ContractAction.END ? assertNothingInPlay(manager, contract) : undefined,
  );
  if (rule.to === ContractStatus.ENDED) contract.endedAt = new Date();
  await manager.getRepository(Contract).save(contract);
  await recordEvent(manager, ContractStatusChanged, {
    subject: contract,
    actorId: viewer.id,
    summary: `${viewer.user.name} ${rule.past} the contract "${contract.title}"`,
    payload: { from, to: contract.status },
  });
  return { contractId: contract.id };
}

/** Employer: ACTIVE → PAUSED. Milestones cannot be funded or submitted while paused. */
export function pauseContract(tx: CommandContext, input: PauseContractInput): Promise<ContractChange> {
  return transition(tx, input.contractId, ContractAction.PAUSE);
}

/** Employer: PAUSED → ACTIVE. */
export function resumeContract(tx: CommandContext, input: ResumeContractInput): Promise<ContractChange> {
  return transition(tx, input.contractId, ContractAction.RESUME);
}

/** Employer: ACTIVE or PAUSED → ENDED (sets `endedAt`), once no milestone has money in play. */
export function endContract(tx: CommandContext, input: EndContractInput): Promise<ContractChange> {
  return transition(tx, input.contractId, ContractAction.END);
}
