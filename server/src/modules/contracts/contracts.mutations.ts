import type { EntityManager } from 'typeorm';
import { lockRowById } from '../../db/rows-by-id.js';
import { authorizeContractParty } from './contracts.policy.js';
import { defineStateMachine, type Transition } from '../../db/state-machine.js';
import type { CommandContext } from '../../commands/command.js';
import { recordEvent } from '../../events/outbox.js';
import { toGlobalId } from '../../graphql/global-id.js';
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

/**
 * What must hold before a contract ends, declared by the areas whose records live on it (the
 * milestones: no money in play). They sit above contracts, so they register here; each check runs
 * in the ending's transaction, under the contract's row lock, and refuses by throwing.
 */
export type EndContractCheck = (manager: EntityManager, contract: Contract) => Promise<void>;

const endContractChecks: EndContractCheck[] = [];

export function beforeContractEnds(check: EndContractCheck): void {
  endContractChecks.push(check);
}

async function checkContractMayEnd(manager: EntityManager, contract: Contract): Promise<void> {
  for (const check of endContractChecks) await check(manager, contract);
}

/**
 * Lock the contract, check who and from where, move, record the event. Concurrent calls queue on
 * the row lock. Takes the contract's database id, and runs in the caller's transaction.
 */
async function transition(tx: CommandContext, id: string, action: ContractAction): Promise<ContractChange> {
  const { manager, viewer } = tx;
  const locked = await lockRowById(manager, Contract, id);
  const contract = authorizeContractParty(locked, tx, 'employer', 'Contract', toGlobalId('Contract', id));
  const { rule, from } = await contractMachine.move(contract, action, () =>
    action === ContractAction.END ? checkContractMayEnd(manager, contract) : undefined,
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
