import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { type Context, type SignedInContext } from '../../api/context.js';
import { ConnectionArgs } from '../../graphql/pagination.js';
import { SignedIn } from '../../api/signed-in.js';
import { loadVisible } from '../../api/visible.js';
import { Organization } from '../accounts/organization.entity.js';
import { ViewerType } from '../accounts/viewer.type.js';
import { Job } from './job.entity.js';
import { JobConnection, JobFilterArgs, OpenJobsArgs } from './job.types.js';
import { jobsOfOrganization, matchingSkillsOf, openJobs, recommendedJobs } from './jobs.service.js';

@Resolver(() => Job)
export class JobResolver {
  @FieldResolver(() => Organization)
  organization(@Root() job: Job, @Ctx() context: Context) {
    return loadVisible(context, Organization, job.organizationId);
  }

  @FieldResolver(() => [String], { description: "The job's skills that the viewer has." })
  matchingSkills(@Root() job: Job, @SignedIn() context: SignedInContext): string[] {
    return matchingSkillsOf(job, context.viewer);
  }
}

@Resolver(() => ViewerType)
export class RecommendedJobsResolver {
  @FieldResolver(() => JobConnection, {
    description: 'OPEN jobs the viewer has not applied to, best skill match first.',
  })
  recommendedJobs(@Args() args: ConnectionArgs, @SignedIn() context: SignedInContext) {
    return recommendedJobs(context, args);
  }
}

@Resolver()
export class JobBoardResolver {
  @Query(() => JobConnection, {
    description:
      'The job board: OPEN jobs, newest first, including those you applied to (`Job.viewerProposal` says so). ' + 'Each filter given narrows the list.',
  })
  openJobs(@Args() args: OpenJobsArgs, @SignedIn() context: SignedInContext) {
    return openJobs(context, args);
  }
}

/** An organization's job postings, from the jobs area. */
@Resolver(() => Organization)
export class OrganizationJobsResolver {
  @FieldResolver(() => JobConnection, {
    description: "The organization's job postings: all of them for its members; for others, the OPEN ones and those they applied to or work on.",
  })
  jobs(@Root() organization: Organization, @Args() args: JobFilterArgs, @SignedIn() context: SignedInContext) {
    return jobsOfOrganization(context, organization.id, args);
  }
}
