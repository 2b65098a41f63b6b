import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { requireViewer, type Context } from '../../graphql/context.js';
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

/** Reads back what a mutation changed, after its commit, as the viewer now sees it. */
async function payloadOf(context: Context, change: calendar.CalendarEventChange) {
  const calendarEvent = await context.loaders.byId(CalendarEvent).load(change.eventId);
  return { calendarEvent: calendarEvent! };
}

@Resolver()
export class CalendarMutationResolver {
  @Mutation(() => CreateCalendarEventPayload, {
    description: "Employer: schedules a call or deadline on one of the organization's jobs; it shows on every attendee's calendar.",
  })
  async createCalendarEvent(@Arg('input') input: CreateCalendarEventInput, @Ctx() context: Context): Promise<CreateCalendarEventPayload> {
    return payloadOf(context, await calendar.createCalendarEvent(requireViewer(context), input));
  }

  @Mutation(() => UpdateCalendarEventPayload, {
    description: 'Employer: moves or edits an event that is not cancelled; `attendeeIds`, when given, replaces the list.',
  })
  async updateCalendarEvent(@Arg('input') input: UpdateCalendarEventInput, @Ctx() context: Context): Promise<UpdateCalendarEventPayload> {
    return payloadOf(context, await calendar.updateCalendarEvent(requireViewer(context), input));
  }

  @Mutation(() => CancelCalendarEventPayload, {
    description: 'Employer: cancels an event (sets `cancelledAt`); it stays on calendars, marked cancelled.',
  })
  async cancelCalendarEvent(@Arg('input') input: CancelCalendarEventInput, @Ctx() context: Context): Promise<CancelCalendarEventPayload> {
    return payloadOf(context, await calendar.cancelCalendarEvent(requireViewer(context), input));
  }

  @Mutation(() => RotateCalendarFeedPayload, {
    description:
      'Issues a new private ICS feed address for your calendar (30 days back to 180 days ahead) and revokes the previous one.',
  })
  async rotateCalendarFeed(@Ctx() context: Context): Promise<RotateCalendarFeedPayload> {
    return { url: await calendar.rotateCalendarFeed(requireViewer(context)) };
  }

  @Mutation(() => RevokeCalendarFeedPayload, { description: 'Turns your private ICS feed off: its address stops working.' })
  async revokeCalendarFeed(@Ctx() context: Context): Promise<RevokeCalendarFeedPayload> {
    return { revoked: await calendar.revokeCalendarFeed(requireViewer(context)) };
  }
}
