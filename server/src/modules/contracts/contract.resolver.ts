import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { type Context, type SignedInContext } from '../../graphql/context.js';
import { readableOrNull } from '../../graphql/node.service.js';
import { ConnectionArgs } from '../../graphql/pagination.js';
import { SignedIn } from '../../graphql/signed-in.js';
import { loadVisible } from '../../graphql/visible.js';
import { AccessGrantConnection, AccessGrantFilterArgs } from '../access/access-grant.types.js';
import { accessGrantsOfContract } from '../access/access.service.js';
import { Organization } from '../accounts/organization.entity.js';
import { User } from '../accounts/user.entity.js';
import { ViewerType } from '../accounts/viewer.type.js';
import { InvoiceConnection, InvoiceFilterArgs } from '../billing/billing.types.js';
import { invoicesOfContract } from '../billing/billing.service.js';
import { InstructionDocument } from '../instructions/instruction-document.entity.js';
import { instructionsOfJob } from '../instructions/instructions.service.js';
import { Job } from '../jobs/job.entity.js';
import { ChannelConnection } from '../messaging/channel.types.js';
import { channelsOfContract } from '../messaging/messaging.service.js';
import { MilestoneConnection, MilestoneFilterArgs } from '../milestones/milestone.types.js';
import { milestonesOfContract } from '../milestones/milestones.service.js';
import { Proposal } from '../proposals/proposal.entity.js';
import { Contract } from './contract.entity.js';
import { BillingSummary, ContractConnection, ContractFilterArgs } from './contract.types.js';
import { activeStatuses, billingSummary, contractsOf, finishedStatuses } from './contracts.service.js';

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

  @FieldResolver(() => MilestoneConnection, { description: 'In order of their number.' })
  milestones(@Root() contract: Contract, @Args() args: MilestoneFilterArgs, @SignedIn() context: SignedInContext) {
    return milestonesOfContract(context, contract.id, args);
  }

  @FieldResolver(() => BillingSummary, {
    nullable: true,
    description:
      "Where the contract's money stands. Null, with an error, only if a sum cannot be shown exactly (never for amounts within Workroom's bounds); the rest of the answer stands.",
  })
  billingSummary(@Root() contract: Contract, @SignedIn() context: SignedInContext) {
    return billingSummary(context, contract);
  }

  @FieldResolver(() => InstructionDocument, {
    nullable: true,
    description: "The job's instructions: published for the trainer; drafts and revisions for the employer.",
  })
  async instructions(@Root() contract: Contract, @SignedIn() context: SignedInContext) {
    return readableOrNull(context, await instructionsOfJob(context, contract.jobId));
  }

  @FieldResolver(() => ChannelConnection, {
    description: "The job's Messages tab: the contract's own channels and the job's GROUP channels, those the viewer is a member of (of GROUP channels, a current member).",
  })
  channels(@Root() contract: Contract, @Args() args: ConnectionArgs, @SignedIn() context: SignedInContext) {
    return channelsOfContract(context, contract.id, args);
  }

  @FieldResolver(() => AccessGrantConnection, { description: 'The Access tab.' })
  accessGrants(@Root() contract: Contract, @Args() args: AccessGrantFilterArgs, @SignedIn() context: SignedInContext) {
    return accessGrantsOfContract(context, contract.id, args);
  }

  @FieldResolver(() => InvoiceConnection)
  invoices(@Root() contract: Contract, @Args() args: InvoiceFilterArgs, @SignedIn() context: SignedInContext) {
    return invoicesOfContract(context, contract.id, args);
  }
}

@Resolver(() => ViewerType)
export class ContractTabsResolver {
  @FieldResolver(() => ContractConnection, {
    description: 'My Jobs: ACTIVE and PAUSED contracts, newest first (an employer sees their organization\'s).',
  })
  activeContracts(@Args() args: ConnectionArgs, @SignedIn() context: SignedInContext) {
    return contractsOf(context, { ...args, status: activeStatuses });
  }

  @FieldResolver(() => ContractConnection, { description: 'Finished: ENDED contracts, newest first.' })
  finishedContracts(@Args() args: ConnectionArgs, @SignedIn() context: SignedInContext) {
    return contractsOf(context, { ...args, status: finishedStatuses });
  }

  @FieldResolver(() => ContractConnection, { description: 'Every contract the viewer may see.' })
  contracts(@Args() args: ContractFilterArgs, @SignedIn() context: SignedInContext) {
    return contractsOf(context, args);
  }
}
