import { Arg, Mutation, Resolver } from 'type-graphql';
import { runCommand } from '../../commands/command.js';
import { type SignedInContext } from '../../api/context.js';
import { expectGlobalId } from '../../graphql/global-id.js';
import { readBack } from '../../api/payload.js';
import { SignedIn } from '../../api/signed-in.js';
import { CalendarEvent } from './calendar-event.entity.js';
import {
  CancelCalendarEventInput,
  CancelCalendarEventPayload,
  CreateCalendarEventInput,
  CreateCalendarEventPayload,
  RevokeCalendarFeedPayload,
  RotateCalendarFeedPayload,
  UpdateCalendarEventInput,
  UpdateCalendarEventPayload,
} from './calendar.inputs.js';
import * as calendar from './calendar.mutations.js';

/** The input with its event named by database id, as the commands take it. */
const onEvent = <T extends { eventId: string }>(input: T): T => ({ ...input, eventId: expectGlobalId(input.eventId, 'CalendarEvent', 'eventId') });

/** An optional contract: absent and null stay as they are (null clears it on an update). */
const contractIdOf = (contractId: string | null | undefined) => (contractId == null ? contractId : expectGlobalId(contractId, 'Contract', 'contractId'));

const attendeesOf = (attendeeIds: string[]) => attendeeIds.map((globalId) => expectGlobalId(globalId, 'User', 'attendeeIds'));

const eventOf = (context: SignedInContext, change: calendar.CalendarEventChange) => readBack(context, { calendarEvent: [CalendarEvent, change.eventId] });

@Resolver()
export class CalendarMutationResolver {
  @Mutation(() => CreateCalendarEventPayload, {
    description: "Employer: schedules a call or deadline on one of the organization's jobs; it shows on every attendee's calendar.",
  })
  async createCalendarEvent(@Arg('input') input: CreateCalendarEventInput, @SignedIn() context: SignedInContext): Promise<CreateCalendarEventPayload> {
    const decoded = {
      ...input,
      jobId: expectGlobalId(input.jobId, 'Job', 'jobId'),
      contractId: contractIdOf(input.contractId),
      attendeeIds: attendeesOf(input.attendeeIds),
    };
    return eventOf(context, await runCommand(context, calendar.createCalendarEvent, decoded));
  }

  @Mutation(() => UpdateCalendarEventPayload, {
    description: 'Employer: moves or edits an event that is not cancelled; `attendeeIds`, when given, replaces the list.',
  })
  async updateCalendarEvent(@Arg('input') input: UpdateCalendarEventInput, @SignedIn() context: SignedInContext): Promise<UpdateCalendarEventPayload> {
    const decoded = {
      ...onEvent(input),
      contractId: contractIdOf(input.contractId),
      attendeeIds: input.attendeeIds == null ? input.attendeeIds : attendeesOf(input.attendeeIds),
    };
    return eventOf(context, await runCommand(context, calendar.updateCalendarEvent, decoded));
  }

  @Mutation(() => CancelCalendarEventPayload, {
    description: 'Employer: cancels an event (sets `cancelledAt`); it stays on calendars, marked cancelled.',
  })
  async cancelCalendarEvent(@Arg('input') input: CancelCalendarEventInput, @SignedIn() context: SignedInContext): Promise<CancelCalendarEventPayload> {
    return eventOf(context, await runCommand(context, calendar.cancelCalendarEvent, onEvent(input)));
  }

  @Mutation(() => RotateCalendarFeedPayload, {
    description: 'Issues a new private ICS feed address for your calendar (30 days back to 180 days ahead) and revokes the previous one.',
  })
  async rotateCalendarFeed(@SignedIn() context: SignedInContext): Promise<RotateCalendarFeedPayload> {
    return { url: await runCommand(context, calendar.rotateCalendarFeed, undefined) };
  }

  @Mutation(() => RevokeCalendarFeedPayload, { description: 'Turns your private ICS feed off: its address stops working.' })
  async revokeCalendarFeed(@SignedIn() context: SignedInContext): Promise<RevokeCalendarFeedPayload> {
    return { revoked: await runCommand(context, calendar.revokeCalendarFeed, undefined) };
  }
}
