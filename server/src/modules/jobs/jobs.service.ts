import { jobsScope, jobTeamScope } from './jobs.policy.js';
import { UserRole } from '../../auth/viewer.js';
import type { SignedInContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import type { Connection, ConnectionArgs } from '../../graphql/pagination.js';
import { Job, JobStatus } from './job.entity.js';
import type { JobFilterArgs, JobTeamMember, OpenJobsArgs } from './job.types.js';

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
  const query = context.loaders.manager
    .getRepository(Job)
    .createQueryBuilder('a')
    .where('a.status = :openStatus', { openStatus: JobStatus.OPEN });
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

/**
 * Who is on each job, batched across the jobs of a request: the organization's employers, then
 * the trainers with a contract on the job (any status), each by name. Only for the jobs whose
 * team the viewer sees (the jobs policy's `jobTeamScope`); empty for the others.
 */
export function teamOf(context: SignedInContext, jobId: string): Promise<JobTeamMember[]> {
  return context.loaders
    .named<string, JobTeamMember[]>('job.team', async (jobIds) => {
      const visible = jobTeamScope(
        context.loaders.manager.getRepository(Job).createQueryBuilder('j').select('j.id', 'id').where('j.id IN (:...jobIds)', { jobIds }),
        context.viewer,
      );
      const [visibleSql, parameters] = visible.getQueryAndParameters();
      const rows: Array<{ job_id: string; user_id: string; role: UserRole }> = await context.loaders.manager.query(
        `WITH visible AS (${visibleSql})
         SELECT team.job_id, team.user_id, team.role FROM (
           SELECT j.id AS job_id, u.id AS user_id, u.role::text AS role, 0 AS rank, u.name
             FROM jobs j JOIN users u ON u.organization_id = j.organization_id AND u.role = 'EMPLOYER'
            WHERE j.id IN (SELECT id FROM visible)
           UNION
           SELECT j.id, u.id, u.role::text, 1, u.name
             FROM jobs j JOIN contracts c ON c.job_id = j.id JOIN users u ON u.id = c.trainer_id
            WHERE j.id IN (SELECT id FROM visible)
         ) team
         ORDER BY team.job_id, team.rank, team.name, team.user_id`,
        parameters,
      );
      const byJob = new Map<string, JobTeamMember[]>(jobIds.map((id) => [id, []]));
      for (const row of rows) byJob.get(row.job_id)?.push({ userId: row.user_id, role: row.role });
      return jobIds.map((id) => byJob.get(id) ?? []);
    })
    .load(jobId);
}
