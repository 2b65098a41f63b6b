import { defineAudience } from '../../events/audience.js';
import {
  defineReadRule,
  defineReadScope,
  inOrganization,
  participantsScope,
  Party,
  type PolicyContext,
  type PolicyQuery,
  type ReadScope,
  userIds,
  viewerFact,
} from '../../policy/policy.js';
import { EventAudience } from '../../events/activity-event.entity.js';
import { forbidden, notFound } from '../../errors/domain-error.js';
import { Contract } from './contract.entity.js';
import { isEmployer, type Viewer } from '../../auth/viewer.js';

/** A contract is its trainer's and its organization's employers'. */
export const contractRule = (contract: Contract, { viewer }: PolicyContext) =>
  contract.trainerId === viewer.id || inOrganization(viewer, contract.organizationId);

defineReadRule(Contract, contractRule);
defineReadScope(Contract, (query, viewer, alias) => participantsScope(query, viewer, alias));

/**
 * The SQL form of {@link contractVisible}: rows whose `column` names a contract the viewer may
 * see (milestones, access grants).
 */
export function onVisibleContract(column: string): ReadScope {
  return (query, viewer, alias) => query.andWhere(`${alias}.${column} IN (${visibleContractIds(viewer)})`, scopeParameters(viewer));
}

/** The ids of the contracts the viewer may see, as a subquery over the named parameters of {@link scopeParameters}. */
export function visibleContractIds(viewer: Viewer): string {
  return isEmployer(viewer)
    ? 'SELECT scope_k.id FROM contracts scope_k WHERE scope_k.organization_id = :scopeOrganizationId'
    : 'SELECT scope_k.id FROM contracts scope_k WHERE scope_k.trainer_id = :scopeViewerId';
}

export const scopeParameters = (viewer: Viewer) => ({ scopeViewerId: viewer.id, scopeOrganizationId: viewer.organizationId });

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
      party === 'employer' ? `Only the employer of this contract can do this (you are its trainer).` : `Only the trainer of this contract can do this.`,
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
    const trainers =
      event.jobId === null ? new Set<string>() : await userIds(manager, 'SELECT trainer_id AS user_id FROM contracts WHERE job_id = $1', [event.jobId]);
    return (viewer) => inOrganization(viewer, event.organizationId) || trainers.has(viewer.id);
  },
});

/**
 * Who sees a job's team (`Job.team`: its organization's employers and the trainers with a
 * contract on it): the people on it, and nobody else. That is the organization's employers and
 * the trainers holding a contract on the job, ACTIVE, PAUSED or ENDED alike (the same people
 * who may be put in the job's group channels, see `eligibleMembers` in messaging.mutations.ts).
 * A trainer therefore sees the other trainers of a job only when they share it: someone who
 * merely applied, or works for the organization on another job, sees an empty team.
 */
export async function onJobTeam(job: { id: string; organizationId: string }, context: PolicyContext): Promise<boolean> {
  if (inOrganization(context.viewer, job.organizationId)) return true;
  return (await trainerContractJobIds(context)).has(job.id);
}

/** The team rule above as SQL: the jobs whose team the viewer sees. */
export function jobTeamScope(query: PolicyQuery, viewer: Viewer, alias = query.alias): PolicyQuery {
  return query.andWhere(
    `(${alias}.organization_id = :scopeOrganizationId
      OR ${alias}.id IN (SELECT scope_c.job_id FROM contracts scope_c WHERE scope_c.trainer_id = :scopeViewerId))`,
    { scopeViewerId: viewer.id, scopeOrganizationId: viewer.organizationId },
  );
}
