import { Arg, Mutation, Resolver } from 'type-graphql';
import { type SignedInContext } from '../../api/context.js';
import { runCommand } from '../../commands/command.js';
import { expectGlobalId } from '../../graphql/global-id.js';
import { readBack } from '../../api/payload.js';
import { SignedIn } from '../../api/signed-in.js';
import { MilestoneEvent } from './milestone-event.entity.js';
import { Milestone } from './milestone.entity.js';
import {
  ApproveMilestoneInput,
  ApproveMilestonePayload,
  CancelMilestoneInput,
  CancelMilestonePayload,
  CreateMilestoneInput,
  CreateMilestonePayload,
  DisputeMilestoneInput,
  DisputeMilestonePayload,
  FundMilestoneInput,
  FundMilestonePayload,
  RequestMilestoneChangesInput,
  RequestMilestoneChangesPayload,
  SubmitMilestoneInput,
  SubmitMilestonePayload,
  UpdateMilestoneInput,
  UpdateMilestonePayload,
} from './milestone.inputs.js';
import * as milestones from './milestones.mutations.js';
import * as disputes from './milestone-disputes.mutations.js';
import { MilestoneDispute } from './milestone-dispute.entity.js';
import {
  AcceptDisputeSettlementInput,
  AcceptDisputeSettlementPayload,
  EscalateDisputeInput,
  EscalateDisputePayload,
  ProposeDisputeSettlementInput,
  ProposeDisputeSettlementPayload,
  RejectDisputeSettlementInput,
  RejectDisputeSettlementPayload,
  RespondToDisputeInput,
  RespondToDisputePayload,
  WithdrawDisputeInput,
  WithdrawDisputePayload,
} from './milestone-dispute.inputs.js';

/** The input with its milestone named by database id, as the commands take it. */
const onMilestone = <T extends { milestoneId: string }>(input: T): T => ({
  ...input,
  milestoneId: expectGlobalId(input.milestoneId, 'Milestone', 'milestoneId'),
});

const payloadOf = (context: SignedInContext, change: milestones.MilestoneChange) =>
  readBack(context, { milestone: [Milestone, change.milestoneId], event: [MilestoneEvent, change.eventId] });

const disputePayloadOf = (context: SignedInContext, change: milestones.MilestoneChange) =>
  readBack(context, {
    milestone: [Milestone, change.milestoneId],
    event: [MilestoneEvent, change.eventId],
    dispute: [MilestoneDispute, change.disputeId!],
  });

@Resolver()
export class MilestoneMutationResolver {
  @Mutation(() => CreateMilestonePayload, { description: 'Employer: adds a milestone (NOT_FUNDED) to a contract.' })
  async createMilestone(@Arg('input') input: CreateMilestoneInput, @SignedIn() context: SignedInContext): Promise<CreateMilestonePayload> {
    return payloadOf(
      context,
      await runCommand(context, milestones.createMilestone, { ...input, contractId: expectGlobalId(input.contractId, 'Contract', 'contractId') }),
    );
  }

  @Mutation(() => UpdateMilestonePayload, { description: 'Employer: edits a milestone while it is NOT_FUNDED.' })
  async updateMilestone(@Arg('input') input: UpdateMilestoneInput, @SignedIn() context: SignedInContext): Promise<UpdateMilestonePayload> {
    return payloadOf(context, await runCommand(context, milestones.updateMilestone, onMilestone(input)));
  }

  @Mutation(() => FundMilestonePayload, { description: 'Employer: funds a milestone, NOT_FUNDED → FUNDED ("Active & Funded"). Idempotent with a key.' })
  async fundMilestone(@Arg('input') input: FundMilestoneInput, @SignedIn() context: SignedInContext): Promise<FundMilestonePayload> {
    return payloadOf(context, await runCommand(context, milestones.fundMilestone, onMilestone(input)));
  }

  @Mutation(() => SubmitMilestonePayload, {
    description: 'Trainer: "Complete & Request Payout", FUNDED or CHANGES_REQUESTED → SUBMITTED ("Pending approval").',
  })
  async submitMilestone(@Arg('input') input: SubmitMilestoneInput, @SignedIn() context: SignedInContext): Promise<SubmitMilestonePayload> {
    return payloadOf(context, await runCommand(context, milestones.submitMilestone, onMilestone(input)));
  }

  @Mutation(() => RequestMilestoneChangesPayload, { description: 'Employer: SUBMITTED → CHANGES_REQUESTED, with what to change.' })
  async requestMilestoneChanges(
    @Arg('input') input: RequestMilestoneChangesInput,
    @SignedIn() context: SignedInContext,
  ): Promise<RequestMilestoneChangesPayload> {
    return payloadOf(context, await runCommand(context, milestones.requestMilestoneChanges, onMilestone(input)));
  }

  @Mutation(() => ApproveMilestonePayload, {
    description: 'Employer: "Approve & Release Payment", SUBMITTED → PAID; issues the trainer\'s invoice. Idempotent with a key.',
  })
  async approveMilestone(@Arg('input') input: ApproveMilestoneInput, @SignedIn() context: SignedInContext): Promise<ApproveMilestonePayload> {
    const change = await runCommand(context, milestones.approveMilestone, onMilestone(input));
    // With the invoice this approval just issued (billing resolves the field).
    return { ...(await payloadOf(context, change)), invoiceId: change.invoiceId! };
  }

  @Mutation(() => CancelMilestonePayload, { description: 'Employer: cancels a NOT_FUNDED or FUNDED milestone; a funded one is refunded.' })
  async cancelMilestone(@Arg('input') input: CancelMilestoneInput, @SignedIn() context: SignedInContext): Promise<CancelMilestonePayload> {
    const change = await runCommand(context, milestones.cancelMilestone, onMilestone(input));
    return { ...(await payloadOf(context, change)), refunded: change.refunded === true };
  }

  @Mutation(() => DisputeMilestonePayload, {
    description:
      'Employer: opens a dispute on a milestone with money in play (FUNDED, SUBMITTED, CHANGES_REQUESTED → DISPUTED); its amount is held "In dispute".',
  })
  async disputeMilestone(@Arg('input') input: DisputeMilestoneInput, @SignedIn() context: SignedInContext): Promise<DisputeMilestonePayload> {
    return disputePayloadOf(context, await runCommand(context, milestones.disputeMilestone, onMilestone(input)));
  }

  @Mutation(() => RespondToDisputePayload, { description: "Trainer: answers the employer's dispute (OPEN or ESCALATED); a new response replaces the last." })
  async respondToDispute(@Arg('input') input: RespondToDisputeInput, @SignedIn() context: SignedInContext): Promise<RespondToDisputePayload> {
    return disputePayloadOf(context, await runCommand(context, disputes.respondToDispute, onMilestone(input)));
  }

  @Mutation(() => ProposeDisputeSettlementPayload, {
    description:
      'Either party: proposes a settlement of an OPEN dispute (release part or all to the trainer, refund the rest); the other party accepts or rejects it.',
  })
  async proposeDisputeSettlement(
    @Arg('input') input: ProposeDisputeSettlementInput,
    @SignedIn() context: SignedInContext,
  ): Promise<ProposeDisputeSettlementPayload> {
    return disputePayloadOf(context, await runCommand(context, disputes.proposeDisputeSettlement, onMilestone(input)));
  }

  @Mutation(() => AcceptDisputeSettlementPayload, {
    description:
      "The party who did not propose it: accepts the settlement. The dispute is SETTLED; the milestone PAID (part or all released, with the trainer's invoice) or CANCELLED (all refunded). Idempotent with a key.",
  })
  async acceptDisputeSettlement(
    @Arg('input') input: AcceptDisputeSettlementInput,
    @SignedIn() context: SignedInContext,
  ): Promise<AcceptDisputeSettlementPayload> {
    const change = await runCommand(context, disputes.acceptDisputeSettlement, onMilestone(input));
    return { ...(await disputePayloadOf(context, change)), invoiceId: change.invoiceId ?? null };
  }

  @Mutation(() => RejectDisputeSettlementPayload, { description: 'The party who did not propose it: rejects the settlement; the dispute stays OPEN.' })
  async rejectDisputeSettlement(
    @Arg('input') input: RejectDisputeSettlementInput,
    @SignedIn() context: SignedInContext,
  ): Promise<RejectDisputeSettlementPayload> {
    return disputePayloadOf(context, await runCommand(context, disputes.rejectDisputeSettlement, onMilestone(input)));
  }

  @Mutation(() => EscalateDisputePayload, {
    description: 'Either party: sends an OPEN dispute to the platform (ESCALATED), which decides the split (`npm run disputes:resolve`).',
  })
  async escalateDispute(@Arg('input') input: EscalateDisputeInput, @SignedIn() context: SignedInContext): Promise<EscalateDisputePayload> {
    return disputePayloadOf(context, await runCommand(context, disputes.escalateDispute, onMilestone(input)));
  }

  @Mutation(() => WithdrawDisputePayload, {
    description: 'Employer: withdraws an OPEN or ESCALATED dispute; the milestone goes back to the status it had before. Idempotent with a key.',
  })
  async withdrawDispute(@Arg('input') input: WithdrawDisputeInput, @SignedIn() context: SignedInContext): Promise<WithdrawDisputePayload> {
    return disputePayloadOf(context, await runCommand(context, disputes.withdrawDispute, onMilestone(input)));
  }
}
