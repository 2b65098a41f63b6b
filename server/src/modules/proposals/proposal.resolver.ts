import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { requireViewer, type Context } from '../../graphql/context.js';
import { connectionComplexity } from '../../graphql/pagination.js';
import { Organization } from '../accounts/organization.entity.js';
import { User } from '../accounts/user.entity.js';
import { ViewerType } from '../accounts/viewer.type.js';
import { Contract } from '../contracts/contract.entity.js';
import { Job } from '../jobs/job.entity.js';
import { Proposal } from './proposal.entity.js';
import { ProposalConnection, ProposalFilterArgs } from './proposal.types.js';
import { proposalsOf } from './proposals.service.js';
import { In } from 'typeorm';

@Resolver(() => Proposal)
export class ProposalResolver {
  @FieldResolver(() => Job)
  job(@Root() proposal: Proposal, @Ctx() context: Context) {
    return context.loaders.byId(Job).load(proposal.jobId);
  }

  @FieldResolver(() => User)
  trainer(@Root() proposal: Proposal, @Ctx() context: Context) {
    return context.loaders.byId(User).load(proposal.trainerId);
  }

  @FieldResolver(() => Organization)
  organization(@Root() proposal: Proposal, @Ctx() context: Context) {
    return context.loaders.byId(Organization).load(proposal.organizationId);
  }

  @FieldResolver(() => Contract, { nullable: true, description: 'The contract, once HIRED.' })
  contract(@Root() proposal: Proposal, @Ctx() context: Context) {
    return context.loaders
      .named<string, Contract | null>('proposals.contract', async (proposalIds) => {
        const rows = await context.loaders.manager.getRepository(Contract).findBy({ proposalId: In([...proposalIds]) });
        const byProposal = new Map(rows.map((row) => [row.proposalId, row]));
        return proposalIds.map((id) => byProposal.get(id) ?? null);
      })
      .load(proposal.id);
  }
}

@Resolver(() => ViewerType)
export class ProposalTabsResolver {
  @FieldResolver(() => ProposalConnection, {
    complexity: connectionComplexity,
    description: "A trainer's proposals, or the proposals an employer's organization received; newest first.",
  })
  proposals(@Args() args: ProposalFilterArgs, @Ctx() context: Context) {
    return proposalsOf(requireViewer(context), args);
  }
}
