import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { type Context, type SignedInContext } from '../../api/context.js';
import { readableOrNull } from '../../api/node.service.js';
import { ConnectionArgs } from '../../graphql/pagination.js';
import { SignedIn } from '../../api/signed-in.js';
import { loadVisible } from '../../api/visible.js';
import { Organization } from '../accounts/organization.entity.js';
import { User } from '../accounts/user.entity.js';
import { ViewerType } from '../accounts/viewer.type.js';
import { Job } from '../jobs/job.entity.js';
import { Proposal } from '../proposals/proposal.entity.js';
import { Contract } from './contract.entity.js';
import { BillingSummary, ContractConnection, ContractFilterArgs, JobTeamMember } from './contract.types.js';
import { activeContracts, billingSummary, contractOfProposal, contractsOf, contractsOfOrganization, finishedContracts, teamOf } from './contracts.service.js';
import { onJobTeam } from './contracts.policy.js';

@Resolver(() => Contract)
export class ContractResolver {
  @FieldResolver(() => User)
  trainer(@Root() contract: Contract, @Ctx() context: Context) {
    return loadVisible(context, User, contract.trainerId);
  }

  @FieldResolver(() => Organization, { description: 'The employer.' })
  organization(@Root() contract: Contract, @Ctx() context: Context) {
    return loadVisible(context, Organization, contract.organizationId);
  }

  @FieldResolver(() => Job, { description: 'The job posting the trainer was hired for.' })
  job(@Root() contract: Contract, @Ctx() context: Context) {
    return loadVisible(context, Job, contract.jobId);
  }

  @FieldResolver(() => Proposal, { nullable: true, description: 'The proposal that led to the hire, if any.' })
  proposal(@Root() contract: Contract, @Ctx() context: Context) {
    return loadVisible(context, Proposal, contract.proposalId);
  }

  @FieldResolver(() => BillingSummary, {
    nullable: true,
    description:
      "Where the contract's money stands. Null, with an error, only if a sum cannot be shown exactly (never for amounts within Workroom's bounds); the rest of the answer stands.",
  })
  billingSummary(@Root() contract: Contract, @SignedIn() context: SignedInContext) {
    return billingSummary(context, contract);
  }
}

@Resolver(() => ViewerType)
export class ContractTabsResolver {
  @FieldResolver(() => ContractConnection, {
    description: "My Jobs: ACTIVE and PAUSED contracts, newest first (an employer sees their organization's).",
  })
  activeContracts(@Args() args: ConnectionArgs, @SignedIn() context: SignedInContext) {
    return contractsOf(context, args, activeContracts);
  }

  @FieldResolver(() => ContractConnection, { description: 'Finished: ENDED contracts, newest first.' })
  finishedContracts(@Args() args: ConnectionArgs, @SignedIn() context: SignedInContext) {
    return contractsOf(context, args, finishedContracts);
  }

  @FieldResolver(() => ContractConnection, { description: 'Every contract the viewer may see.' })
  contracts(@Args() args: ContractFilterArgs, @SignedIn() context: SignedInContext) {
    return contractsOf(context, args);
  }
}

/** An organization's contracts, from the contracts area. */
@Resolver(() => Organization)
export class OrganizationContractsResolver {
  @FieldResolver(() => ContractConnection, {
    description: "The organization's contracts that the viewer may see (all of them for its members).",
  })
  contracts(@Root() organization: Organization, @Args() args: ContractFilterArgs, @SignedIn() context: SignedInContext) {
    return contractsOfOrganization(context, organization.id, args);
  }
}

/** The contract a proposal led to, from the contracts area. */
@Resolver(() => Proposal)
export class ProposalContractResolver {
  @FieldResolver(() => Contract, { nullable: true, description: 'The contract, once HIRED.' })
  async contract(@Root() proposal: Proposal, @SignedIn() context: SignedInContext) {
    // Found by the proposal's id rather than by a key on the proposal, so not through loadVisible; checked all the same.
    return readableOrNull(context, await contractOfProposal(context, proposal.id));
  }
}

/** A job's team (its employers and the trainers with a contract on it), from the contracts area. */
@Resolver(() => Job)
export class JobTeamResolver {
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
