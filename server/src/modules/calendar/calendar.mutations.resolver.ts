import { Arg, Mutation, Resolver } from 'type-graphql';
import { type Context, type SignedInContext } from '../../graphql/context.js';
import { SignedIn } from '../../graphql/signed-in.js';
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

/**
 * Reads back what a mutation changed, after its commit, as the viewer now sees it.
 * By id and unchecked (byId, not loadVisible): the viewer's own mutation just wrote it, as someone the
 * policy let write it, which implies reading it; the payload's relation fields are checked as usual.
 */
async function payloadOf(context: Context, change: calendar.CalendarEventChange) {
  const calendarEvent = await context.loaders.byId(CalendarEvent).load(change.eventId);
  return { calendarEvent: calendarEvent! };
}

@Resolver()
export class CalendarMutationResolver {
  @Mutation(() => CreateCalendarEventPayload, {
    description: "Employer: schedules a call or deadline on one of the organization's jobs; it shows on every attendee's calendar.",
  })
  async createCalendarEvent(@Arg('input') input: CreateCalendarEventInput, @SignedIn() context: SignedInContext): Promise<CreateCalendarEventPayload> {
    return payloadOf(context, await calendar.createCalendarEvent(context, input));
  }

  @Mutation(() => UpdateCalendarEventPayload, {
    description: 'Employer: moves or edits an event that is not cancelled; `attendeeIds`, when given, replaces the list.',
  })
  async updateCalendarEvent(@Arg('input') input: UpdateCalendarEventInput, @SignedIn() context: SignedInContext): Promise<UpdateCalendarEventPayload> {
    return payloadOf(context, await calendar.updateCalendarEvent(context, input));
  }

  @Mutation(() => CancelCalendarEventPayload, {
    description: 'Employer: cancels an event (sets `cancelledAt`); it stays on calendars, marked cancelled.',
  })
  async cancelCalendarEvent(@Arg('input') input: CancelCalendarEventInput, @SignedIn() context: SignedInContext): Promise<CancelCalendarEventPayload> {
    return payloadOf(context, await calendar.cancelCalendarEvent(context, input));
  }

  @Mutation(() => RotateCalendarFeedPayload, {
    description:
      'Issues a new private ICS feed address for your calendar (30 days back to 180 days ahead) and revokes the previous one.',
  })
  async rotateCalendarFeed(@SignedIn() context: SignedInContext): Promise<RotateCalendarFeedPayload> {
    return { url: await calendar.rotateCalendarFeed(context) };
  }

  @Mutation(() => RevokeCalendarFeedPayload, { description: 'Turns your private ICS feed off: its address stops working.' })
  async revokeCalendarFeed(@SignedIn() context: SignedInContext): Promise<RevokeCalendarFeedPayload> {
    return { revoked: await calendar.revokeCalendarFeed(context) };
  }
}
