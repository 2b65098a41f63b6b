import { ArrayMaxSize, IsDate, IsOptional, IsUrl, Length, Matches, MaxDate, MaxLength, MinDate } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { CalendarEvent, CalendarEventKind } from './calendar-event.entity.js';

/** A sanity cap on one event's attendee list, far above a real call. */
export const maxAttendees = 100;
/** The longest event: a month. Longer things are projects, not calendar entries. */
export const maxEventDays = 31;

const dayMs = 24 * 3600 * 1000;
const fiveYearsMs = 5 * 365 * dayMs;
/** Dates further from now than this, either way, are typing mistakes (2062 for 2026), not plans. */
const earliestEventDate = () => new Date(Math.max(Date.UTC(2000, 0, 1), Date.now() - fiveYearsMs));
const latestEventDate = () => new Date(Date.now() + fiveYearsMs);

const dateRules = (what: string): PropertyDecorator[] => [
  IsDate(),
  MinDate(earliestEventDate, { message: `${what} cannot be more than five years ago (or before 2000).` }),
  MaxDate(latestEventDate, { message: `${what} must be within five years from now.` }),
];

function apply(decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, property) => decorators.forEach((decorator) => decorator(target, property));
}

const TitleRules = () =>
  apply([Length(1, 200, { message: 'An event title is 1 to 200 characters.' }), Matches(/\S/, { message: 'An event title cannot be blank.' })]);
const DescriptionRules = () => MaxLength(5000, { message: 'An event description is at most 5,000 characters.' });
const LocationRules = () => MaxLength(500, { message: 'A location is at most 500 characters.' });
const MeetingUrlRules = () =>
  apply([
    IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'The meeting link must be an http:// or https:// URL.' }),
    MaxLength(2000, { message: 'The meeting link is at most 2,000 characters.' }),
  ]);
const AttendeeRules = () => ArrayMaxSize(maxAttendees, { message: `Invite at most ${maxAttendees} people to one event.` });

const allDayDescription =
  'All-day events cover whole UTC days: `startsAt` is moved to the midnight (UTC) that begins its day and `endsAt` to the midnight that ends its day, so `endsAt` is exclusive, as in iCalendar.';
const attendeeDescription = `Who is invited (at most ${maxAttendees}): members of the job's organization, or trainers with a contract on the job. You are always an attendee.`;

@InputType({ description: 'The input of `createCalendarEvent`.' })
export class CreateCalendarEventInput {
  @Field(() => ID, { description: "The job the event is about; only its organization's employers can schedule on it." })
  jobId: string;

  @Field(() => ID, { nullable: true, description: 'A contract on that job, when the event is about one; its trainer then sees the event.' })
  contractId?: string | null;

  @Field(() => CalendarEventKind)
  kind: CalendarEventKind;

  @Field({ description: '1 to 200 characters, trimmed.' })
  @TitleRules()
  title: string;

  @Field(() => String, { nullable: true, description: 'At most 5,000 characters.' })
  @IsOptional()
  @DescriptionRules()
  description?: string | null;

  @Field(() => Date, { description: 'Within five years of now.' })
  @apply(dateRules('The start'))
  startsAt: Date;

  @Field(() => Date, { description: `Not before \`startsAt\`; an event lasts at most ${maxEventDays} days.` })
  @apply(dateRules('The end'))
  endsAt: Date;

  @Field({ defaultValue: false, description: allDayDescription })
  allDay: boolean;

  @Field(() => String, { nullable: true, description: 'Where it happens, at most 500 characters.' })
  @IsOptional()
  @LocationRules()
  location?: string | null;

  @Field(() => String, { nullable: true, description: 'An http(s) link to join the call.' })
  @IsOptional()
  @MeetingUrlRules()
  meetingUrl?: string | null;

  @Field(() => [ID], { description: attendeeDescription })
  @AttendeeRules()
  attendeeIds: string[];
}

/**
 * Only the fields given change. For the nullable ones (`contractId`, `description`, `location`,
 * `meetingUrl`) an explicit null clears them; for the others null means "unchanged".
 */
@InputType({ description: 'Changes to an event: only the fields given change; an explicit null clears contractId, description, location or meetingUrl.' })
export class UpdateCalendarEventInput {
  @Field(() => ID)
  eventId: string;

  @Field(() => ID, { nullable: true, description: 'Another contract on the same job; null detaches the event from its contract.' })
  contractId?: string | null;

  @Field(() => CalendarEventKind, { nullable: true })
  kind?: CalendarEventKind | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @TitleRules()
  title?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @DescriptionRules()
  description?: string | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @apply(dateRules('The start'))
  startsAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @apply(dateRules('The end'))
  endsAt?: Date | null;

  @Field(() => Boolean, { nullable: true, description: allDayDescription })
  allDay?: boolean | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @LocationRules()
  location?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MeetingUrlRules()
  meetingUrl?: string | null;

  @Field(() => [ID], { nullable: true, description: `Replaces the attendee list. ${attendeeDescription}` })
  @IsOptional()
  @AttendeeRules()
  attendeeIds?: string[] | null;
}

@InputType({ description: 'The input of `cancelCalendarEvent`.' })
export class CancelCalendarEventInput {
  @Field(() => ID)
  eventId: string;
}

/** What every event mutation returns: the event as it now is. */
@ObjectType()
export class CalendarEventChangePayload {
  @Field(() => CalendarEvent)
  calendarEvent: CalendarEvent;
}

@ObjectType({ description: 'What `createCalendarEvent` returns.' })
export class CreateCalendarEventPayload extends CalendarEventChangePayload {}

@ObjectType({ description: 'What `updateCalendarEvent` returns.' })
export class UpdateCalendarEventPayload extends CalendarEventChangePayload {}

@ObjectType({ description: 'What `cancelCalendarEvent` returns.' })
export class CancelCalendarEventPayload extends CalendarEventChangePayload {}

@ObjectType({ description: 'What `rotateCalendarFeed` returns.' })
export class RotateCalendarFeedPayload {
  @Field({
    description:
      "The new private feed address, as a path on the API's origin (`/calendar/<secret>.ics`): prefix the origin you send GraphQL requests to. Anyone with it can read your calendar; the previous address stops working.",
  })
  url: string;
}

@ObjectType({ description: 'What `revokeCalendarFeed` returns.' })
export class RevokeCalendarFeedPayload {
  @Field({ description: 'True when there was a feed and it no longer works; false when there was none (nothing changed).' })
  revoked: boolean;
}
