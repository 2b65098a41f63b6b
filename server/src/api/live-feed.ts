import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { activityScope } from '../events/audience.js';
import type { Viewer } from '../auth/viewer.js';
import { badInput } from '../errors/domain-error.js';
import type { AppServices } from './context.js';
import { ActivityEvent, type ActivityType } from '../events/activity-event.entity.js';
import { deliveryOf } from '../events/delivery.js';
import type { EventHearer, EventStream } from '../events/event-stream.js';
import { flatString } from './flat-string.js';

const cursorPrefix = 'event:';

/** An event's cursor: its position, opaque to clients. */
export function eventCursor(position: number): string {
  return Buffer.from(`${cursorPrefix}${position}`, 'utf8').toString('base64url');
}

export function parseEventCursor(cursor: string, field = 'after'): number {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const position = decoded.startsWith(cursorPrefix) ? Number(decoded.slice(cursorPrefix.length)) : Number.NaN;
  if (!Number.isSafeInteger(position) || position < 0) {
    throw badInput(field, `\`${field}\` is not an event cursor. Use the \`cursor\` of an event you received.`);
  }
  return position;
}

export interface FeedFilter {
  types?: readonly ActivityType[];
  channelId?: string;
  contractId?: string;
  jobId?: string;
}

export interface FeedOptions extends FeedFilter {
  after?: string | null;
}

const replayBatch = 500;

/** Where a feed hands its live events once the replay is over (see {@link LiveFeed.handOver}). */
export interface FeedSink {
  take(event: ActivityEvent): void;
}

/**
 * A subscription's events (see {@link liveFeed}). `handOver(sink)`, called before iterating,
 * makes the feed hand its live events to `sink.take` synchronously, as the stream delivers them,
 * instead of yielding them: the iterator yields the replay, then ends, while the listener stays
 * attached until `return()`. Grouped delivery (shared-execution.ts) uses it, so that 10,000
 * subscribers cost no promise per event; the sink then decides who may see each event.
 */
export interface LiveFeed extends AsyncIterableIterator<ActivityEvent> {
  handOver(sink: FeedSink): void;
}

export function isLiveFeed(value: unknown): value is LiveFeed {
  return typeof value === 'object' && value !== null && typeof (value as Partial<LiveFeed>).handOver === 'function';
}

/**
 * The events a viewer may see, as an async iterator: first those after `after` (replayed from the
 * stream's recent events, or from the events table for older ones), then live ones from this
 * instance's stream. The listener is attached before the
 * replay starts and the replay stops at the stream's position at that moment, so nothing falls
 * between the two and nothing is sent twice. Each live event is authorized afresh (a member
 * removed from a channel stops receiving it at once). Ending the iterator detaches the listener.
 */
export function liveFeed(app: AppServices, stream: EventStream, viewer: Viewer, options: FeedOptions): LiveFeed {
  return new Feed(app, stream, viewer, options);
}

type FeedIterator = Pick<AsyncGenerator<ActivityEvent>, 'next' | 'return' | 'throw'>;

/**
 * What a handed-over feed's iterator is once its generator is done: what the finished generator
 * would answer, without keeping it (a finished async generator keeps its frame, a third of a
 * kilobyte, for as long as it is referenced).
 */
const finishedIterator: FeedIterator = {
  next: async () => ({ done: true, value: undefined }),
  return: async (value?: unknown) => ({ done: true, value }),
  throw: async (error?: unknown) => {
    throw error;
  },
};

/**
 * The event types of feeds, one array per distinct list: resolvers make a new one per subscription.
 * Bounded by the subscriptions' type lists, which are constants.
 */
const typeLists = new Map<string, readonly ActivityType[]>();

function sharedTypes(types: readonly ActivityType[] | undefined): readonly ActivityType[] | undefined {
  if (!types) return undefined;
  const key = types.join(',');
  let shared = typeLists.get(key);
  if (!shared) {
    shared = Object.freeze([...types]);
    if (typeLists.size < 1_000) typeLists.set(key, shared);
  }
  return shared;
}

/**
 * {@link liveFeed}'s iterator. A class rather than closures over the function's scope: a
 * subscription lives for hours, and 10,000 of them each kept a dozen closures (and their names).
 * It is its own stream listener ({@link EventHearer}) and its own filter, and every field is set
 * in the constructor (a property added later would go to a separate array).
 */
class Feed implements LiveFeed, EventHearer, FeedFilter {
  private readonly after: number | undefined;
  /** Live events that arrived before they could be yielded or handed over (made on the first). */
  private queue: ActivityEvent[] | undefined = undefined;
  private wakeUp: (() => void) | undefined = undefined;
  private finished = false;
  /** The stream's position when the feed began: the replay stops there, live events start after it. */
  private readonly seam: number;
  private last: number;
  private sink: FeedSink | undefined = undefined;
  /** The replay is over and live events go to `sink`. */
  private handedOver = false;
  private iterator: FeedIterator;
  readonly types: readonly ActivityType[] | undefined;
  readonly channelId: string | undefined;
  readonly contractId: string | undefined;
  readonly jobId: string | undefined;

  constructor(
    private readonly app: AppServices,
    private readonly stream: EventStream,
    private readonly viewer: Viewer,
    options: FeedOptions,
  ) {
    this.after = options.after ? parseEventCursor(options.after) : undefined;
    this.types = sharedTypes(options.types);
    this.channelId = flatString(options.channelId);
    this.contractId = flatString(options.contractId);
    this.jobId = flatString(options.jobId);
    this.seam = stream.position;
    this.last = this.after ?? this.seam;
    stream.listenWith(this);
    this.iterator = this.run();
  }

  handOver(to: FeedSink): void {
    this.sink = to;
  }

  next(): Promise<IteratorResult<ActivityEvent>> {
    return this.iterator.next();
  }

  async return(value?: unknown): Promise<IteratorResult<ActivityEvent>> {
    this.finish();
    return this.iterator.return(value);
  }

  async throw(error?: unknown): Promise<IteratorResult<ActivityEvent>> {
    this.finish();
    return this.iterator.throw(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  heard(event: ActivityEvent): void {
    if (!matches(event, this)) return;
    if (this.handedOver) {
      if (event.position! <= this.last) return;
      this.last = event.position!;
      this.sink!.take(event);
      return;
    }
    (this.queue ??= []).push(event);
    this.wakeUp?.();
  }

  private finish(): void {
    this.finished = true;
    this.stream.unlisten(this);
    this.wakeUp?.();
  }

  /**
   * The events after `after` up to the seam: from the stream's memory when it still holds them
   * (one round's copies, shared with every replay of the round, decided for this viewer by the
   * same event rule as live delivery), else from the database for the older part (scoped to the
   * viewer in SQL, a few replays at a time).
   */
  private async *replay(): AsyncGenerator<ActivityEvent> {
    const { app, stream, viewer, seam } = this;
    if (this.after === undefined) return;
    let from = this.after;
    while (from < seam) {
      const recent = stream.recent(from, seam);
      if (recent) {
        const round = stream.replayRound();
        for (const event of recent) {
          if (!matches(event, this)) continue;
          const copy = round.copyOf(event);
          const visible = visibleTo(app, viewer, copy);
          if (visible === true || (visible !== false && (await visible))) yield copy;
        }
        return;
      }
      const query = app.dataSource
        .getRepository(ActivityEvent)
        .createQueryBuilder('a')
        .where('a.position > :from AND a.position <= :seam', { from, seam })
        .orderBy('a.position', 'ASC')
        .limit(replayBatch);
      activityScope(query, viewer);
      applyFilter(query, this);
      const events = await stream.limitReplayReads(() => query.getMany());
      for (const event of events) yield event;
      // Nothing more of what this viewer may see before the seam, whatever the buffer holds.
      if (events.length < replayBatch) return;
      from = events[events.length - 1]!.position!;
    }
  }

  private async *run(): AsyncGenerator<ActivityEvent> {
    try {
      for await (const event of this.replay()) {
        this.last = event.position!;
        yield event;
      }
      this.last = Math.max(this.last, this.seam);
      if (this.sink && !this.finished) {
        // What arrived during the replay first, in order, then every live event as it comes.
        const arrived = this.queue ?? [];
        this.queue = undefined;
        for (const event of arrived) {
          if (event.position! <= this.last) continue;
          this.last = event.position!;
          this.sink.take(event);
        }
        this.handedOver = true;
        // This generator is done: the feed lets go of it.
        this.iterator = finishedIterator;
        return;
      }
      while (!this.finished) {
        const event = this.queue?.shift();
        if (!event) {
          await new Promise<void>((resolve) => (this.wakeUp = resolve));
          this.wakeUp = undefined;
          continue;
        }
        if (event.position! <= this.last) continue;
        this.last = event.position!;
        const visible = visibleTo(this.app, this.viewer, event);
        if (visible === true || (visible !== false && (await visible))) yield event;
      }
    } finally {
      if (!this.handedOver) this.finish();
    }
  }
}

function matches(event: ActivityEvent, filter: FeedFilter): boolean {
  if (filter.types && !filter.types.includes(event.type)) return false;
  if (filter.channelId && event.channelId !== filter.channelId) return false;
  if (filter.contractId && event.contractId !== filter.contractId) return false;
  if (filter.jobId && event.jobId !== filter.jobId) return false;
  return true;
}

function applyFilter(query: SelectQueryBuilder<ObjectLiteral>, filter: FeedFilter): void {
  if (filter.types) query.andWhere('a.type IN (:...feedTypes)', { feedTypes: filter.types });
  if (filter.channelId) query.andWhere('a.channel_id = :feedChannelId', { feedChannelId: filter.channelId });
  if (filter.contractId) query.andWhere('a.contract_id = :feedContractId', { feedContractId: filter.contractId });
  if (filter.jobId) query.andWhere('a.job_id = :feedJobId', { feedJobId: filter.jobId });
}

/** The policy's read rule for events, on fresh data, decided once per event for every subscriber. */
function visibleTo(app: AppServices, viewer: Viewer, event: ActivityEvent): boolean | Promise<boolean> {
  return deliveryOf(event, app.dataSource.manager).visibleTo(viewer);
}
