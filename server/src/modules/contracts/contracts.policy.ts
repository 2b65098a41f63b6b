import { defineAudience } from '../../events/audience.js';
import { defineReadRule, inOrganization, Party, type PolicyContext, userIds, viewerFact } from '../../policy/policy.js';
import { EventAudience } from '../../events/activity-event.entity.js';
import { forbidden, notFound } from '../../errors/domain-error.js';
import { Contract } from './contract.entity.js';

/** A contract is its trainer's and its organization's employers'. */
export const contractRule = (contract: Contract, { viewer }: PolicyContext) =>
  contract.trainerId === viewer.id || inOrganization(viewer, contract.organizationId);

defineReadRule(Contract, contractRule);

/** Whether the viewer may see the contract of something on it (milestones, access grants). */
export async function contractVisible(contractId: string | null, context: PolicyContext): Promise<boolean> {
  if (!contractId) return false;
  const contract = await context.loaders.byId(Contract).load(contractId);
  return contract !== null && contractRule(contract, context);
}

/** The jobs a trainer holds a contract on (per request). */
export function trainerContractJobIds(context: PolicyContext): Promise<Set<string>> {
  return viewerFact(context, 'contractJobIds', async (viewerId, manager) => {
    const rows: Array<{ job_id: string }> = await manager.query('SELECT DISTINCT job_id FROM contracts WHERE trainer_id = $1', [viewerId]);
    return new Set(rows.map((row) => row.job_id));
  });
}

/** Who acts on a contract: its employer organization's members, or its trainer. */
export type ContractParty = Party;

/**
 * The write rule for anything on a contract: the viewer must take part in it as `party`.
 * Someone who may not even see the contract gets NOT_FOUND (nothing is revealed); the other
 * party gets FORBIDDEN with what they tried, since they can see it is not theirs to do.
 */
export function authorizeContractParty(contract: Contract | null, context: PolicyContext, party: ContractParty, what: string, id: string): Contract {
  if (!contract || !contractRule(contract, context)) throw notFound(what, id);
  const allowed = party === 'employer' ? inOrganization(context.viewer, contract.organizationId) : contract.trainerId === context.viewer.id;
  if (!allowed) {
    throw forbidden(
      party === 'employer'
        ? `Only the employer of this contract can do this (you are its trainer).`
        : `Only the trainer of this contract can do this.`,
    );
  }
  return contract;
}

// Events about a job: its organization, and every trainer with a contract on it.
defineAudience(EventAudience.JOB, {
  reads: async (event, context) =>
    inOrganization(context.viewer, event.organizationId) || (event.jobId !== null && (await trainerContractJobIds(context)).has(event.jobId)),
  sql: (alias) =>
    `(${alias}.organization_id = :scopeOrganizationId
      OR ${alias}.job_id IN (SELECT scope_c.job_id FROM contracts scope_c WHERE scope_c.trainer_id = :scopeViewerId))`,
  readers: async (event, manager) => {
    const trainers = event.jobId === null ? new Set<string>() : await userIds(manager, 'SELECT trainer_id AS user_id FROM contracts WHERE job_id = $1', [event.jobId]);
    return (viewer) => inOrganization(viewer, event.organizationId) || trainers.has(viewer.id);
  },
});
