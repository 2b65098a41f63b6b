import { jobsScope } from './jobs.policy.js';
import type { SignedInContext } from '../../api/context.js';
import { badInput } from '../../errors/domain-error.js';
import type { Connection, ConnectionArgs } from '../../graphql/pagination.js';
import { defineList, pageQueryOf } from '../../graphql/lists.js';
import type { Viewer } from '../../auth/viewer.js';
import { Job, JobStatus } from './job.entity.js';
import type { JobFilterArgs, OpenJobsArgs } from './job.types.js';

export function jobsOfOrganization(context: SignedInContext, organizationId: string, args: JobFilterArgs): Promise<Connection<Job>> {
  const query = context.loaders.manager.getRepository(Job).createQueryBuilder('a').where('a.organization_id = :organizationId', { organizationId });
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
export const viewerRecommendedJobs = defineList<Job, ConnectionArgs>({
  entity: Job,
  alias: 'a',
  where: (query, _args, viewer) => {
    query
      .andWhere("a.status = 'OPEN'")
      .andWhere(
        `a.id NOT IN (SELECT p.job_id FROM proposals p WHERE p.trainer_id = :viewerId
                      UNION SELECT c.job_id FROM contracts c WHERE c.trainer_id = :viewerId)`,
        { viewerId: viewer.id },
      )
      .setParameter(
        'viewerSkills',
        viewer.user.skills.map((skill) => skill.toLowerCase()),
      );
  },
  sort: [
    { expression: skillMatch, direction: 'DESC' },
    { expression: 'a.created_at', direction: 'DESC' },
  ],
});

export function recommendedJobs(context: SignedInContext, args: ConnectionArgs): Promise<Connection<Job>> {
  return context.loaders.page(Job, args, pageQueryOf(context.loaders.manager, viewerRecommendedJobs, args, context.viewer));
}

/** The job's skills that the viewer has (compared case-insensitively). */
export function matchingSkillsOf(job: Job, viewer: Viewer): string[] {
  const skills = new Set(viewer.user.skills.map((skill) => skill.toLowerCase()));
  return job.skills.filter((skill) => skills.has(skill.toLowerCase()));
}

/** What a job pays, in cents, as one comparable amount: the rate per unit, or a fixed price's budget. */
const jobPay = "(CASE WHEN a.payment_type = 'FIXED_PRICE' THEN a.budget_cents ELSE a.rate_cents END)";

/** `text` as a literal ILIKE pattern: its own `%`, `_` and backslash match themselves. */
const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;

/**
 * The job board: OPEN jobs, newest first, narrowed by skills (every one given), payment types,
 * pay range and words in the title or description. Unlike recommendations it keeps the jobs the
 * viewer applied to, so that browsing finds them again (the job says so, `Job.viewerProposal`).
 */
export function openJobs(context: SignedInContext, args: OpenJobsArgs): Promise<Connection<Job>> {
  const { minRateCents, maxRateCents } = args;
  if (minRateCents != null && maxRateCents != null && minRateCents > maxRateCents) {
    throw badInput('maxRateCents', 'The maximum rate is below the minimum rate.');
  }
  const query = context.loaders.manager.getRepository(Job).createQueryBuilder('a').where('a.status = :openStatus', { openStatus: JobStatus.OPEN });
  // Public by the Job rule already; scoped all the same, so that no list is built without its scope.
  jobsScope(query, context.viewer);
  // Skills are stored lower-case; `@>` (contains) is served by the GIN index on skills.
  const skills = [...new Set((args.skills ?? []).map((skill) => skill.trim().toLowerCase()).filter(Boolean))];
  if (skills.length > 0) query.andWhere('a.skills @> CAST(:skills AS text[])', { skills });
  if (args.paymentType?.length) query.andWhere('a.payment_type IN (:...paymentTypes)', { paymentTypes: args.paymentType });
  if (minRateCents != null) query.andWhere(`${jobPay} >= :minRateCents`, { minRateCents });
  if (maxRateCents != null) query.andWhere(`${jobPay} <= :maxRateCents`, { maxRateCents });
  const search = args.search?.trim();
  if (search) query.andWhere('(a.title ILIKE :search OR a.description ILIKE :search)', { search: containsPattern(search) });
  return context.loaders.page(Job, args, { query, sort: [{ expression: 'a.created_at', direction: 'DESC' }] });
}
