import { authorizeContractParty } from '../contracts/contracts.policy.js';
import { lockRowById } from '../../db/rows-by-id.js';
import type { CommandContext } from '../../commands/command.js';
import { recordEvent } from '../../events/outbox.js';
import { invalidTransition, notFound } from '../../errors/domain-error.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { Contract, ContractStatus } from '../contracts/contract.entity.js';
import { AccessGrant } from './access-grant.entity.js';
import { AccessGranted, AccessRevoked } from './access.events.js';
import type { GrantAccessInput, RevokeAccessInput } from './access.inputs.js';

/** What an access mutation changed; the resolver reads it back after the commit. */
export interface AccessChange {
  accessGrantId: string;
}

async function announce(
  { manager, viewer }: CommandContext,
  contract: Contract,
  grant: AccessGrant,
  event: typeof AccessGranted | typeof AccessRevoked,
  verb: string,
) {
  await recordEvent(manager, event, {
    subject: grant,
    contract,
    actorId: viewer.id,
    summary: `${viewer.user.name} ${verb} ${grant.name}`,
    payload: { kind: grant.kind },
  });
}

/**
 * The commands below take database ids (the resolver decodes global ids) and run in the caller's
 * transaction.
 */

/** Employer: gives the contract's trainer access to a tool, team or data set (the Access tab). */
export async function grantAccess(tx: CommandContext, input: GrantAccessInput): Promise<AccessChange> {
  const { manager, viewer } = tx;
  const contractId = input.contractId;
  // Shared lock: the contract does not change here, but it must not end while access is granted.
  const contract = await manager.getRepository(Contract).findOne({ where: { id: contractId }, lock: { mode: 'pessimistic_read' } });
  authorizeContractParty(contract, tx, 'employer', 'Contract', toGlobalId('Contract', contractId));
  if (contract!.status === ContractStatus.ENDED) {
    throw invalidTransition('The contract has ended: access can only be granted on an ACTIVE or PAUSED contract.', {
      currentStatus: contract!.status,
      attemptedAction: 'GRANT_ACCESS',
    });
  }
  const repository = manager.getRepository(AccessGrant);
  const grant = await repository.save(
    repository.create({
      contractId,
      kind: input.kind,
      name: input.name.trim(),
      url: input.url?.trim() || null,
      note: input.note?.trim() || null,
      grantedById: viewer.id,
      revokedAt: null,
    }),
  );
  await announce(tx, contract!, grant, AccessGranted, 'granted access to');
  return { accessGrantId: grant.id };
}

/** Employer: ends a grant. The row stays, with `revokedAt`, for the trainer's history; revoking twice is refused. */
export async function revokeAccess(tx: CommandContext, input: RevokeAccessInput): Promise<AccessChange> {
  const { manager } = tx;
  const id = input.accessGrantId;
  const grant = await lockRowById(manager, AccessGrant, id);
  if (!grant) throw notFound('AccessGrant', toGlobalId('AccessGrant', id));
  const contract = await manager.getRepository(Contract).findOneBy({ id: grant.contractId });
  authorizeContractParty(contract, tx, 'employer', 'AccessGrant', toGlobalId('AccessGrant', id));
  if (grant.revokedAt) {
    throw invalidTransition(`Access to ${grant.name} was already revoked on ${grant.revokedAt.toISOString()}.`, {
      currentStatus: 'REVOKED',
      attemptedAction: 'REVOKE_ACCESS',
    });
  }
  // The database's clock, like grantedAt's default: the two always compare right.
  await manager.getRepository(AccessGrant).update(grant.id, { revokedAt: () => 'now()' });
  await announce(tx, contract!, grant, AccessRevoked, 'revoked access to');
  return { accessGrantId: grant.id };
}
