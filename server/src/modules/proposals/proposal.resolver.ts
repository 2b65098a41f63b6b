import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { type Context, type SignedInContext } from '../../api/context.js';
import { SignedIn } from '../../api/signed-in.js';
import { loadVisible } from '../../api/visible.js';
import { Organization } from '../accounts/organization.entity.js';
import { User } from '../accounts/user.entity.js';
import { ViewerType } from '../accounts/viewer.type.js';
import { Job } from '../jobs/job.entity.js';
import { Proposal } from './proposal.entity.js';
import { ProposalConnection, ProposalFilterArgs } from './proposal.types.js';
import { proposalsOf, viewerProposalForJob } from './proposals.service.js';

@Resolver(() => Proposal)
export class ProposalResolver {
  @FieldResolver(() => Job)
  job(@Root() proposal: Proposal, @Ctx() context: Context) {
    return loadVisible(context, Job, proposal.jobId);
  }

  @FieldResolver(() => User)
  trainer(@Root() proposal: Proposal, @Ctx() context: Context) {
    return loadVisible(context, User, proposal.trainerId);
  }

  @FieldResolver(() => Organization)
  organization(@Root() proposal: Proposal, @Ctx() context: Context) {
    return loadVisible(context, Organization, proposal.organizationId);
  }
}

@Resolver(() => Job)
export class JobProposalResolver {
  @FieldResolver(() => Proposal, {
    nullable: true,
    description: 'Your own proposal to this job, if you sent one (a trainer applies once per job); null for employers.',
  })
  viewerProposal(@Root() job: Job, @SignedIn() context: SignedInContext): Promise<Proposal | null> {
    return viewerProposalForJob(context, job.id);
  }
}

@Resolver(() => ViewerType)
export class ProposalTabsResolver {
  @FieldResolver(() => ProposalConnection, {
    description: "A trainer's proposals, or the proposals an employer's organization received; newest first.",
  })
  proposals(@Args() args: ProposalFilterArgs, @SignedIn() context: SignedInContext) {
    return proposalsOf(context, args);
  }
}

/** The proposals an organization received, from the proposals area. */
@Resolver(() => Organization)
export class OrganizationProposalsResolver {
  @FieldResolver(() => ProposalConnection, {
    description: 'Proposals received for its jobs, as far as the viewer may see them.',
  })
  proposals(@Root() organization: Organization, @Args() args: ProposalFilterArgs, @SignedIn() context: SignedInContext) {
    return proposalsOf(context, { ...args, organizationId: organization.id });
  }
}
