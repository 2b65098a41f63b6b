import { Arg, Mutation, Resolver } from 'type-graphql';
import { type SignedInContext } from '../../api/context.js';
import { runCommand } from '../../commands/command.js';
import { expectGlobalId } from '../../graphql/global-id.js';
import { readBack } from '../../api/payload.js';
import { SignedIn } from '../../api/signed-in.js';
import { Invoice } from '../billing/invoice.entity.js';
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

/** The input with its milestone named by database id, as the commands take it. */
const onMilestone = <T extends { milestoneId: string }>(input: T): T => ({ ...input, milestoneId: expectGlobalId(input.milestoneId, 'Milestone', 'milestoneId') });

const payloadOf = (context: SignedInContext, change: milestones.MilestoneChange) =>
  readBack(context, { milestone: [Milestone, change.milestoneId], event: [MilestoneEvent, change.eventId] });

@Resolver()
export class MilestoneMutationResolver {
  @Mutation(() => CreateMilestonePayload, { description: 'Employer: adds a milestone (NOT_FUNDED) to a contract.' })
  async createMilestone(@Arg('input') input: CreateMilestoneInput, @SignedIn() context: SignedInContext): Promise<CreateMilestonePayload> {
    return payloadOf(context, await runCommand(context, milestones.createMilestone, { ...input, contractId: expectGlobalId(input.contractId, 'Contract', 'contractId') }));
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
    // With the invoice this approval just issued, on the employer's own contract.
    const { invoice } = await readBack(context, { invoice: [Invoice, change.invoiceId!] });
    return { ...(await payloadOf(context, change)), invoice };
  }

  @Mutation(() => CancelMilestonePayload, { description: 'Employer: cancels a NOT_FUNDED or FUNDED milestone; a funded one is refunded.' })
  async cancelMilestone(@Arg('input') input: CancelMilestoneInput, @SignedIn() context: SignedInContext): Promise<CancelMilestonePayload> {
    const change = await runCommand(context, milestones.cancelMilestone, onMilestone(input));
    return { ...(await payloadOf(context, change)), refunded: change.refunded === true };
  }

  @Mutation(() => DisputeMilestonePayload, { description: 'Employer: opens a dispute on a milestone with money in play.' })
  async disputeMilestone(@Arg('input') input: DisputeMilestoneInput, @SignedIn() context: SignedInContext): Promise<DisputeMilestonePayload> {
    return payloadOf(context, await runCommand(context, milestones.disputeMilestone, onMilestone(input)));
  }
}
