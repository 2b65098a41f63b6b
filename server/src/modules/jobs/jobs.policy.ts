import { defineReadRule, inOrganization, viewerFact, type PolicyContext, type PolicyQuery } from '../../auth/policy.js';
import type { Viewer } from '../../auth/viewer.js';
import { trainerContractJobIds } from '../contracts/contracts.policy.js';
import { Job, JobStatus } from './job.entity.js';

/** The jobs a trainer applied to or works on (per request). */
function trainerJobIds(context: PolicyContext): Promise<Set<string>> {
  return viewerFact(context, 'involvedJobIds', async (viewerId, manager) => {
    const rows: Array<{ job_id: string }> = await manager.query(
      'SELECT job_id FROM contracts WHERE trainer_id = $1 UNION SELECT job_id FROM proposals WHERE trainer_id = $1',
      [viewerId],
    );
    return new Set(rows.map((row) => row.job_id));
  });
}

// OPEN postings, the organization's own, and those the trainer applied to or works on.
defineReadRule(Job, async (job, context) => {
  if (job.status === JobStatus.OPEN || inOrganization(context.viewer, job.organizationId)) return true;
  return (await trainerJobIds(context)).has(job.id);
});

/** The Job rule as SQL, for lists. */
export function jobsScope(query: PolicyQuery, viewer: Viewer, alias = query.alias): PolicyQuery {
  return query.andWhere(
    `(${alias}.status = 'OPEN' OR ${alias}.organization_id = :scopeOrganizationId
      OR ${alias}.id IN (SELECT scope_c.job_id FROM contracts scope_c WHERE scope_c.trainer_id = :scopeViewerId
                         UNION SELECT scope_p.job_id FROM proposals scope_p WHERE scope_p.trainer_id = :scopeViewerId))`,
    { scopeViewerId: viewer.id, scopeOrganizationId: viewer.organizationId },
  );
}

/**
 * Who sees a job's team (`Job.team`: its organization's employers and the trainers with a
 * contract on it): the people on it, and nobody else. That is the organization's employers and
 * the trainers holding a contract on the job, ACTIVE, PAUSED or ENDED alike (the same people
 * who may be put in the job's group channels, see `eligibleMembers` in messaging.mutations.ts).
 * A trainer therefore sees the other trainers of a job only when they share it: someone who
 * merely applied, or works for the organization on another job, sees an empty team.
 */
export async function onJobTeam(job: Pick<Job, 'id' | 'organizationId'>, context: PolicyContext): Promise<boolean> {
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
