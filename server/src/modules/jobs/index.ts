import type { Area } from '../../api/area.js';
import { Job } from './job.entity.js';
import { JobBoardResolver, JobResolver, OrganizationJobsResolver, RecommendedJobsResolver } from './job.resolver.js';
import './jobs.policy.js';
import './jobs.read-plan.js';

/** Job postings, the job board and recommended jobs. */
export const jobsArea: Area = {
  name: 'jobs',
  entities: [Job],
  resolvers: [OrganizationJobsResolver, JobResolver, RecommendedJobsResolver, JobBoardResolver],
};
