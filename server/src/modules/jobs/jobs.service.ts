import { jobsScope } from './jobs.policy.js';
import type { SignedInContext } from '../../graphql/context.js';
import type { Connection, ConnectionArgs } from '../../graphql/pagination.js';
import { Job } from './job.entity.js';
import type { JobFilterArgs } from './job.types.js';

export function jobsOfOrganization(context: SignedInContext, organizationId: string, args: JobFilterArgs): Promise<Connection<Job>> {
  const query = context.loaders.manager
    .getRepository(Job)
    .createQueryBuilder('a')
    .where('a.organization_id = :organizationId', { organizationId });
  jobsScope(query, context.viewer);
  if (args.status?.length) query.andWhere('a.status IN (:...statuses)', { statuses: args.status });
  return context.loaders.page(Job, args, { query, sort: [{ expression: 'a.created_at', direction: 'DESC' }] });
}

/** The matching-skill count of each job, the ranking key of recommendations. */
const skillMatch = 'cardinality(ARRAY(SELECT unnest(a.skills) INTERSECT SELECT unnest(CAST(:viewerSkills AS text[]))))';

/**
 * OPEN jobs the viewer has not applied to or been hired for, best skill match first, then
 * newest. Skills compare case-insensitively (they are stored lower-case).
 */
export function recommendedJobs(context: SignedInContext, args: ConnectionArgs): Promise<Connection<Job>> {
  const viewerSkills = context.viewer.user.skills.map((skill) => skill.toLowerCase());
  const query = context.loaders.manager
    .getRepository(Job)
    .createQueryBuilder('a')
    .where("a.status = 'OPEN'")
    .andWhere(
      `a.id NOT IN (SELECT p.job_id FROM proposals p WHERE p.trainer_id = :viewerId
                    UNION SELECT c.job_id FROM contracts c WHERE c.trainer_id = :viewerId)`,
      { viewerId: context.viewer.id },
    )
    .setParameter('viewerSkills', viewerSkills);
  return context.loaders.page(Job, args, {
    query,
    sort: [
      { expression: skillMatch, direction: 'DESC' },
      { expression: 'a.created_at', direction: 'DESC' },
    ],
  });
}
