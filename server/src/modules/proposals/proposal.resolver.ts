import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { type Context, type SignedInContext } from '../../api/context.js';
import { readableOrNull } from '../../api/node.service.js';
import { SignedIn } from '../../api/signed-in.js';
import { loadVisible } from '../../api/visible.js';
import { Organization } from '../accounts/organization.entity.js';
import { User } from '../accounts/user.entity.js';
import { ViewerType } from '../accounts/viewer.type.js';
import { Contract } from '../contracts/contract.entity.js';
import { contractOfProposal } from '../contracts/contracts.service.js';
import { Job } from '../jobs/job.entity.js';
import { Channel } from '../messaging/channel.entity.js';
import { threadOfProposal } from '../messaging/messaging.service.js';
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

  @FieldResolver(() => Contract, { nullable: true, description: 'The contract, once HIRED.' })
  async contract(@Root() proposal: Proposal, @SignedIn() context: SignedInContext) {
    // Found by the proposal's id rather than by a key on the proposal, so not through loadVisible; checked all the same.
    return readableOrNull(context, await contractOfProposal(context, proposal.id));
  }

  @FieldResolver(() => Channel, {
    nullable: true,
    description:
      "The proposal's PROPOSAL thread, opened when it was sent, between the trainer and the job's employers; null for anyone who is not in it.",
  })
  async thread(@Root() proposal: Proposal, @SignedIn() context: SignedInContext): Promise<Channel | null> {
    // Found by the proposal's id, like `contract`; the Channel rule (its members) decides who reads it.
    return readableOrNull(context, await threadOfProposal(context, proposal.id));
  }
}

@Resolver(() => Job)
export class JobProposalResolver {
  @FieldResolver(() => Proposal, {
    nullable: true,
    description: "Your own proposal to this job, if you sent one (a trainer applies once per job); null for employers.",
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
