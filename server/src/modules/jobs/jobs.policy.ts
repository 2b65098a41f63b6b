import { defineReadRule, defineReadScope, inOrganization, viewerFact, type PolicyContext, type PolicyQuery } from '../../policy/policy.js';
import type { Viewer } from '../../auth/viewer.js';
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

defineReadScope(Job, (query, viewer, alias) => jobsScope(query, viewer, alias));
