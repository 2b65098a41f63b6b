import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { type Context, type SignedInContext } from '../../graphql/context.js';
import { readableOrNull } from '../../graphql/node.service.js';
import { ConnectionArgs } from '../../graphql/pagination.js';
import { SignedIn } from '../../graphql/signed-in.js';
import { loadVisible } from '../../graphql/visible.js';
import { Organization } from '../accounts/organization.entity.js';
import { User } from '../accounts/user.entity.js';
import { ViewerType } from '../accounts/viewer.type.js';
import { InstructionDocument } from '../instructions/instruction-document.entity.js';
import { instructionsOfJob } from '../instructions/instructions.service.js';
import { Job } from './job.entity.js';
import { JobConnection, JobTeamMember, OpenJobsArgs } from './job.types.js';
import { onJobTeam } from './jobs.policy.js';
import { openJobs, recommendedJobs, teamOf } from './jobs.service.js';

@Resolver(() => Job)
export class JobResolver {
  @FieldResolver(() => Organization)
  organization(@Root() job: Job, @Ctx() context: Context) {
    return loadVisible(context, Organization, job.organizationId);
  }

  @FieldResolver(() => [String], { description: "The job's skills that the viewer has." })
  matchingSkills(@Root() job: Job, @SignedIn() context: SignedInContext): string[] {
    const skills = new Set(context.viewer.user.skills.map((skill) => skill.toLowerCase()));
    return job.skills.filter((skill) => skills.has(skill.toLowerCase()));
  }

  @FieldResolver(() => InstructionDocument, {
    nullable: true,
    description: "The job's instructions, when the viewer may read them (published, for hired trainers).",
  })
  async instructions(@Root() job: Job, @SignedIn() context: SignedInContext): Promise<InstructionDocument | null> {
    return readableOrNull(context, await instructionsOfJob(context, job.id));
  }

  @FieldResolver(() => [JobTeamMember], {
    description:
      "Who is on the job: its organization's employers, then the trainers with a contract on it (any status), by name. " +
      'Listed only to those people; empty for anyone else (a trainer sees the other trainers of the jobs they share).',
  })
  async team(@Root() job: Job, @SignedIn() context: SignedInContext): Promise<JobTeamMember[]> {
    if (!(await onJobTeam(job, context))) return [];
    return teamOf(context, job.id);
  }
}

@Resolver(() => JobTeamMember)
export class JobTeamMemberResolver {
  @FieldResolver(() => User)
  user(@Root() member: JobTeamMember, @Ctx() context: Context) {
    return loadVisible(context, User, member.userId);
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
      'The job board: OPEN jobs, newest first, including those you applied to (`Job.viewerProposal` says so). ' +
      'Each filter given narrows the list.',
  })
  openJobs(@Args() args: OpenJobsArgs, @SignedIn() context: SignedInContext) {
    return openJobs(context, args);
  }
}
