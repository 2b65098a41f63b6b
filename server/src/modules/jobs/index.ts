import type { Area } from '../../graphql/area.js';
import { Job } from './job.entity.js';
import { JobBoardResolver, JobResolver, JobTeamMemberResolver, RecommendedJobsResolver } from './job.resolver.js';
import './jobs.policy.js';

/** Job postings, the job board and recommended jobs. */
export const jobsArea: Area = {
  name: 'jobs',
  entities: [Job],
  resolvers: [JobResolver, JobTeamMemberResolver, RecommendedJobsResolver, JobBoardResolver],
};
