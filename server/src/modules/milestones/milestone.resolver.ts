import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { type Context, type SignedInContext } from '../../api/context.js';
import { ConnectionArgs } from '../../graphql/pagination.js';
import { SignedIn } from '../../api/signed-in.js';
import { loadVisible } from '../../api/visible.js';
import { User } from '../accounts/user.entity.js';
import { Contract } from '../contracts/contract.entity.js';
import { MilestoneEvent } from './milestone-event.entity.js';
import { Milestone } from './milestone.entity.js';
import { MilestoneConnection, MilestoneEventConnection, MilestoneFilterArgs } from './milestone.types.js';
import { MilestoneDispute } from './milestone-dispute.entity.js';
import { historyOfMilestone, latestDisputeOf, milestonesOfContract } from './milestones.service.js';

@Resolver(() => Milestone)
export class MilestoneResolver {
  @FieldResolver(() => Contract)
  contract(@Root() milestone: Milestone, @Ctx() context: Context) {
    return loadVisible(context, Contract, milestone.contractId);
  }

  @FieldResolver(() => MilestoneDispute, {
    nullable: true,
    description: 'Its latest dispute, open or closed (a withdrawn one stays here until another is opened); null if it was never disputed.',
  })
  dispute(@Root() milestone: Milestone, @SignedIn() context: SignedInContext) {
    return latestDisputeOf(context, milestone.id);
  }

  @FieldResolver(() => MilestoneEventConnection, {
    description: 'The submission and approval history, oldest first.',
  })
  history(@Root() milestone: Milestone, @Args() args: ConnectionArgs, @SignedIn() context: SignedInContext) {
    return historyOfMilestone(context, milestone.id, args);
  }
}

@Resolver(() => MilestoneEvent)
export class MilestoneEventResolver {
  @FieldResolver(() => User, { nullable: true, description: "Who took the step; null for the platform's own (a dispute it resolved)." })
  actor(@Root() event: MilestoneEvent, @Ctx() context: Context) {
    return loadVisible(context, User, event.actorId);
  }

  @FieldResolver(() => Milestone)
  milestone(@Root() event: MilestoneEvent, @Ctx() context: Context) {
    return loadVisible(context, Milestone, event.milestoneId);
  }
}

/** A contract's milestones, from the milestones area. */
@Resolver(() => Contract)
export class ContractMilestonesResolver {
  @FieldResolver(() => MilestoneConnection, { description: 'In order of their number.' })
  milestones(@Root() contract: Contract, @Args() args: MilestoneFilterArgs, @SignedIn() context: SignedInContext) {
    return milestonesOfContract(context, contract.id, args);
  }
}

@Resolver(() => MilestoneDispute)
export class MilestoneDisputeResolver {
  @FieldResolver(() => User, { nullable: true, description: 'The employer who opened it.' })
  openedBy(@Root() dispute: MilestoneDispute, @Ctx() context: Context) {
    return loadVisible(context, User, dispute.openedById);
  }

  @FieldResolver(() => Milestone)
  milestone(@Root() dispute: MilestoneDispute, @Ctx() context: Context) {
    return loadVisible(context, Milestone, dispute.milestoneId);
  }
}
