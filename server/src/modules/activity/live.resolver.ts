import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionNode } from 'graphql';
import { Arg, Ctx, Field, ID, Info, Int, ObjectType, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { ActivityEvent, activityTypeEnum, type ActivityType } from '../../events/activity-event.entity.js';
import { deliveryOf } from '../../events/delivery.js';
import { readEvent, type AnyEventDefinition } from '../../events/event-catalogue.js';
import { eventCursor, liveFeed, type FeedOptions } from '../../api/live-feed.js';
import { requireViewer, type Context } from '../../api/context.js';
import { expectGlobalId } from '../../graphql/global-id.js';
import { User } from '../accounts/user.entity.js';
import { CalendarEvent } from '../calendar/calendar-event.entity.js';
import { calendarEvents } from '../calendar/calendar.events.js';
import { InstructionDocument } from '../instructions/instruction-document.entity.js';
import { InstructionsPublished, InstructionsSaved } from '../instructions/instruction.events.js';
import { Channel } from '../messaging/channel.entity.js';
import { Message } from '../messaging/message.entity.js';
import { MessageAdded } from '../messaging/messaging.events.js';
import { Milestone, MilestoneStatus } from '../milestones/milestone.entity.js';
import { MilestoneCreated, MilestoneStatusChanged } from '../milestones/milestone.events.js';

@ObjectType({ description: 'A new job message.' })
export class MessageAddedEvent {
  @Field({ description: 'Pass as `after` when resubscribing to miss nothing.' })
  cursor: string;

  @Field(() => Message)
  message: Message;

  @Field(() => Channel)
  channel: Channel;
}

@ObjectType({ description: 'A milestone moved in its state machine.' })
export class MilestoneStatusChangedEvent {
  @Field()
  cursor: string;

  @Field(() => Milestone)
  milestone: Milestone;

  @Field(() => MilestoneStatus, { nullable: true, description: 'Null when the milestone was just created.' })
  previousStatus: MilestoneStatus | null;

  @Field(() => MilestoneStatus)
  status: MilestoneStatus;

  @Field(() => User, { nullable: true })
  actor: User | null;
}

@ObjectType({ description: 'Instructions were published (trainers and employers) or a draft saved (employers).' })
export class InstructionsUpdatedEvent {
  @Field()
  cursor: string;

  @Field(() => InstructionDocument)
  document: InstructionDocument;

  @Field({ description: 'True for a newly published version, false for a saved draft.' })
  published: boolean;

  @Field(() => Int, { nullable: true })
  version: number | null;
}

@ObjectType({ description: 'A calendar event was scheduled, changed or cancelled.' })
export class CalendarEventChangedEvent {
  @Field()
  cursor: string;

  @Field(() => CalendarEvent)
  calendarEvent: CalendarEvent;

  @Field(() => activityTypeEnum, { description: 'CALENDAR_EVENT_SCHEDULED, CALENDAR_EVENT_UPDATED or CALENDAR_EVENT_CANCELLED.' })
  change: ActivityType;
}

/** What each subscription delivers, as the areas declare it; its payloads are read through these. */
const milestoneMoves = [MilestoneStatusChanged, MilestoneCreated] as const;
const instructionUpdates = [InstructionsPublished, InstructionsSaved] as const;

const typesOf = (definitions: readonly AnyEventDefinition[]) => definitions.map((definition) => definition.type);

const afterArgument = { nullable: true, description: 'Replay what was missed since this cursor, then go live.' } as const;

type FeedArgs = { after?: string | null; channelId?: string | null; contractId?: string | null; jobId?: string | null };

/** The subscription's events for its viewer, with the global-ID arguments decoded. */
function feed({ args, context }: SubscribeResolverData<unknown, FeedArgs, Context>, options: FeedOptions) {
  const { viewer, app } = requireViewer(context);
  return liveFeed(app, app.events.stream, viewer, {
    ...options,
    after: args.after ?? null,
    ...(args.channelId ? { channelId: expectGlobalId(args.channelId, 'Channel', 'channelId') } : {}),
    ...(args.contractId ? { contractId: expectGlobalId(args.contractId, 'Contract', 'contractId') } : {}),
    ...(args.jobId ? { jobId: expectGlobalId(args.jobId, 'Job', 'jobId') } : {}),
  });
}

/**
 * Points the subscription's loaders at this event's delivery: the rows the payload needs are
 * loaded once for every subscriber of the instance, and nothing carries over from the previous
 * event. A subscription executes its events one at a time, so swapping is safe.
 */
function startEvent(context: Context, event: ActivityEvent): void {
  context.loaders = deliveryOf(event, context.app.dataSource.manager).loaders();
}

async function subjectOf<T extends { id: string }>(context: Context, entity: abstract new (...args: never[]) => T, id: string): Promise<T> {
  const subject = await context.loaders.byId(entity).load(id);
  if (!subject) throw new Error(`The ${entity.name} of an event no longer exists`);
  return subject;
}

const selectsAuthor = new WeakMap<FieldNode, boolean>();

/**
 * Whether the operation asks for `message { author }` under this field (through fragments too,
 * ignoring `@skip`/`@include`: a wrong yes only reads a row nobody shows). Remembered per field
 * node, which lives as long as its parsed document.
 */
export function asksForAuthor(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): boolean {
  const node = info.fieldNodes[0]!;
  let answer = selectsAuthor.get(node);
  if (answer === undefined) {
    const path = ['message', 'author'];
    const selects = (selections: readonly SelectionNode[], depth: number): boolean =>
      selections.some((selection) => {
        if (selection.kind === Kind.INLINE_FRAGMENT) return selects(selection.selectionSet.selections, depth);
        if (selection.kind === Kind.FRAGMENT_SPREAD) {
          const fragment = info.fragments[selection.name.value];
          return fragment !== undefined && selects(fragment.selectionSet.selections, depth);
        }
        if (selection.name.value !== path[depth]) return false;
        return depth === path.length - 1 || (selection.selectionSet !== undefined && selects(selection.selectionSet.selections, depth + 1));
      });
    answer = info.fieldNodes.some((field) => field.selectionSet !== undefined && selects(field.selectionSet.selections, 0));
    selectsAuthor.set(node, answer);
  }
  return answer;
}

/**
 * Live updates. Every subscription delivers only what the viewer may see (checked per event, per
 * subscriber), carries a `cursor`, and accepts `after` to resume without a gap or a duplicate.
 */
@Resolver()
export class LiveResolver {
  @Subscription(() => MessageAddedEvent, {
    description: 'New messages in the channels the viewer belongs to (or in one channel).',
    subscribe: (data: SubscribeResolverData<unknown, FeedArgs, Context>) => feed(data, { types: typesOf([MessageAdded]) }),
  })
  async messageAdded(
    @Root() event: ActivityEvent,
    @Ctx() context: Context,
    @Arg('channelId', () => ID, { nullable: true }) _channelId?: string,
    @Arg('after', () => String, afterArgument) _after?: string,
    @Info() info?: GraphQLResolveInfo,
  ): Promise<MessageAddedEvent> {
    startEvent(context, event);
    // The event's actor is the message's author (who posted it): when the payload shows the author,
    // read it with the message, not after it, so its rows take one round trip instead of two on the
    // way to every subscriber. Only warms the loader: `author` still reads it (and its errors)
    // through the policy.
    if (event.actorId && info && asksForAuthor(info))
      void context.loaders
        .byId(User)
        .load(event.actorId)
        .catch(() => undefined);
    // The event names the message's channel (MessageAdded's refs): both rows are read at once.
    const [message, channel] = await Promise.all([
      subjectOf(context, Message, event.subjectId),
      event.channelId ? subjectOf(context, Channel, event.channelId) : undefined,
    ]);
    return { cursor: eventCursor(event.position!), message, channel: channel ?? (await subjectOf(context, Channel, message.channelId)) };
  }

  @Subscription(() => MilestoneStatusChangedEvent, {
    description: "Milestone moves on the viewer's contracts (or on one contract).",
    subscribe: (data: SubscribeResolverData<unknown, FeedArgs, Context>) => feed(data, { types: typesOf(milestoneMoves) }),
  })
  async milestoneStatusChanged(
    @Root() event: ActivityEvent,
    @Ctx() context: Context,
    @Arg('contractId', () => ID, { nullable: true }) _contractId?: string,
    @Arg('after', () => String, afterArgument) _after?: string,
  ): Promise<MilestoneStatusChangedEvent> {
    startEvent(context, event);
    const milestone = await subjectOf(context, Milestone, event.subjectId);
    const { payload } = readEvent(event, milestoneMoves);
    return {
      cursor: eventCursor(event.position!),
      milestone,
      previousStatus: payload.from ?? null,
      status: payload.to ?? milestone.status,
      actor: event.actorId ? await context.loaders.byId(User).load(event.actorId) : null,
    };
  }

  @Subscription(() => InstructionsUpdatedEvent, {
    description: 'Instructions published (or, for employers, drafts saved) on jobs the viewer works on (or on one job).',
    subscribe: (data: SubscribeResolverData<unknown, FeedArgs, Context>) => feed(data, { types: typesOf(instructionUpdates) }),
  })
  async instructionsUpdated(
    @Root() event: ActivityEvent,
    @Ctx() context: Context,
    @Arg('jobId', () => ID, { nullable: true }) _jobId?: string,
    @Arg('after', () => String, afterArgument) _after?: string,
  ): Promise<InstructionsUpdatedEvent> {
    startEvent(context, event);
    const document = await subjectOf(context, InstructionDocument, event.subjectId);
    const { type, payload } = readEvent(event, instructionUpdates);
    return {
      cursor: eventCursor(event.position!),
      document,
      published: type === InstructionsPublished.type,
      version: payload.version ?? null,
    };
  }

  @Subscription(() => CalendarEventChangedEvent, {
    description: 'Changes to calendar events the viewer attends or that belong to their contracts.',
    subscribe: (data: SubscribeResolverData<unknown, FeedArgs, Context>) => feed(data, { types: typesOf(calendarEvents) }),
  })
  async calendarEventChanged(
    @Root() event: ActivityEvent,
    @Ctx() context: Context,
    @Arg('after', () => String, afterArgument) _after?: string,
  ): Promise<CalendarEventChangedEvent> {
    startEvent(context, event);
    const { type } = readEvent(event, calendarEvents);
    return { cursor: eventCursor(event.position!), calendarEvent: await subjectOf(context, CalendarEvent, event.subjectId), change: type };
  }

  @Subscription(() => ActivityEvent, {
    description: "Everything the viewer may see, as it happens: the dashboard's feed.",
    subscribe: (data: SubscribeResolverData<unknown, FeedArgs, Context>) => feed(data, {}),
  })
  activity(@Root() event: ActivityEvent, @Ctx() context: Context, @Arg('after', () => String, afterArgument) _after?: string): ActivityEvent {
    startEvent(context, event);
    return event;
  }
}
