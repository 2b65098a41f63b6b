import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { MoreThan } from 'typeorm';
import pLimit, { type LimitFunction } from 'p-limit';
import { ActivityEvent } from './activity-event.entity.js';
import type { EventBus } from './bus.js';
import type { PublishedBatch } from './publisher.js';
import { isDatabaseUnavailable } from '../db/failures.js';

export type EventListener = (event: ActivityEvent) => void;

/**
 * A listener as an object whose `heard` is called (with it as `this`): a live subscription, which
 * lives for hours, then needs no closure of its own to listen.
 */
export interface EventHearer {
  heard(event: ActivityEvent): void;
}

const batchSize = 500;

/**
 * The events of one replay round, copied once from the stream's recent events. Replays that start
 * while the log stands at the same position share one round: the event objects they deliver are
 * the round's own copies, so the per-event work keyed on the object (who may read it, its rows, a
 * shared execution; see delivery.ts) is done once for all of them, on data read when the round
 * began, and never reuses what live delivery decided earlier. A change of who may read what writes
 * an event, which moves the position and so starts a new round; a round also ends after
 * `replayRoundMs`, for changes that write none.
 */
export class ReplayRound {
  private readonly copies = new Map<number, ActivityEvent>();

  constructor(
    /** The stream's position when the round began. */
    readonly position: number,
    readonly startedAt: number,
  ) {}

  /** This round's copy of an event: the same object for every replay in the round. */
  copyOf(event: ActivityEvent): ActivityEvent {
    let copy = this.copies.get(event.position!);
    if (!copy) {
      copy = copyOf(event);
      this.copies.set(event.position!, copy);
    }
    return copy;
  }
}

/** A new event object with the same fields (and class), so that what is keyed on the object starts afresh. */
function copyOf(event: ActivityEvent): ActivityEvent {
  return Object.assign(Object.create(Object.getPrototypeOf(event) as object) as ActivityEvent, event);
}

export interface EventStreamOptions {
  pollIntervalMs: number;
  /** How many of the latest events each instance keeps in memory for resumed subscriptions. */
  replayBufferSize: number;
  /** How many replays may read older events from the database at once. */
  replayConcurrency: number;
  /** How long a replay round may be joined (see {@link ReplayRound}). */
  replayRoundMs: number;
}

/**
 * This instance's view of the event log: every published event exactly once, in position
 * order, to every listener (the live subscriptions). The bus only says "there is more"; the
 * events are read from the database, so a message lost on the bus, or a bus that is down, only
 * delays delivery until the next message or the periodic poll.
 */
export class EventStream {
  /** The last position handed to listeners. */
  position = 0;
  private readonly listeners = new Set<EventListener | EventHearer>();
  private unsubscribe: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  /** The database was unreachable at the last read: said once, until it answers again. */
  private outage = false;
  /** The latest events, in position order, at most `replayBufferSize` of them. */
  private recentEvents: ActivityEvent[] = [];
  /**
   * Every event after this position is in `recentEvents`: the buffer answers a replay from any
   * cursor at or after it, without the database.
   */
  private coveredAfter = Number.POSITIVE_INFINITY;
  private round: ReplayRound | undefined;
  private readonly pollIntervalMs: number;
  private readonly replayBufferSize: number;
  private readonly replayRoundMs: number;
  /**
   * Replays older than the buffer read from the database a few at a time, so that a crowd of
   * resumed subscriptions cannot take every pooled connection from requests and mutations.
   */
  readonly limitReplayReads: LimitFunction;

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: EventBus,
    private readonly log: Logger,
    options: EventStreamOptions,
  ) {
    this.pollIntervalMs = options.pollIntervalMs;
    this.replayBufferSize = options.replayBufferSize;
    this.replayRoundMs = options.replayRoundMs;
    this.limitReplayReads = pLimit(options.replayConcurrency);
  }

  async start(): Promise<void> {
    // The latest events, so that subscriptions resuming here after another instance went away
    // (or after this one restarted) catch up from memory, like live delivery.
    const latest =
      this.replayBufferSize === 0
        ? []
        : await this.dataSource
            .getRepository(ActivityEvent)
            .createQueryBuilder('a')
            .where('a.position IS NOT NULL')
            .orderBy('a.position', 'DESC')
            .limit(this.replayBufferSize)
            .getMany();
    latest.reverse();
    this.recentEvents = latest;
    if (this.replayBufferSize === 0) {
      const [row] = await this.dataSource.query<[{ position: string }]>('SELECT COALESCE(max(position), 0) AS position FROM events');
      this.position = Number(row.position);
    } else {
      // The buffer's last event is the latest there is, so nothing falls between the two.
      this.position = latest.at(-1)?.position ?? 0;
      // Fewer than a full buffer: that is every event there is.
      this.coveredAfter = latest.length < this.replayBufferSize ? 0 : latest[0]!.position! - 1;
    }
    this.unsubscribe = this.bus.subscribe(
      (message) => {
        if (message.position > this.position) this.wake();
      },
      () => this.wake(),
    );
    this.timer = setInterval(() => this.wake(), this.pollIntervalMs);
    this.timer.unref();
  }

  /** Adds a listener; returns the function that removes it. */
  listen(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Adds a listener object (see {@link EventHearer}); `unlisten` removes it. */
  listenWith(hearer: EventHearer): void {
    this.listeners.add(hearer);
  }

  /** Removes a listener (what `listen`'s returned function does, without a closure to keep). */
  unlisten(listener: EventListener | EventHearer): void {
    this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /**
   * The events after `after` up to and including `upTo`, from memory, or undefined when the
   * buffer no longer holds all of them (the caller reads those from the database).
   */
  recent(after: number, upTo: number): readonly ActivityEvent[] | undefined {
    if (after < this.coveredAfter) return undefined;
    const events = this.recentEvents;
    // The first event after `after`: positions increase along the buffer.
    let low = 0;
    let high = events.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (events[middle]!.position! <= after) low = middle + 1;
      else high = middle;
    }
    const found: ActivityEvent[] = [];
    for (let index = low; index < events.length && events[index]!.position! <= upTo; index += 1) found.push(events[index]!);
    return found;
  }

  /** The replay round a replay starting now belongs to (see {@link ReplayRound}). */
  replayRound(): ReplayRound {
    const now = Date.now();
    if (!this.round || this.round.position !== this.position || now - this.round.startedAt > this.replayRoundMs) {
      this.round = new ReplayRound(this.position, now);
    }
    return this.round;
  }

  /** Read what is new now; concurrent calls coalesce. */
  wake(): void {
    if (this.stopped) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = this.readNew().finally(() => {
      this.reading = undefined;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  /**
   * A batch this instance's publisher has just committed, with its rows as written: when the
   * stream has seen every event before it, they are the next events, and are handed to listeners
   * now, without reading them back (nor waiting for the bus). Otherwise (another instance
   * published in between, and its events have not been read yet) the stream reads from the
   * database as usual, which fetches the batch too. A read already under way skips what this
   * delivered: each position is handed out once.
   */
  published(batch: PublishedBatch): void {
    if (this.stopped) return;
    if (this.position < batch.after) return this.wake();
    this.accept(batch.events);
  }

  /** Resolves once everything published so far has been handed to listeners (tests, shutdown). */
  async catchUp(): Promise<void> {
    this.wake();
    while (this.reading) await this.reading;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    while (this.reading) await this.reading;
    this.listeners.clear();
  }

  private remember(event: ActivityEvent): void {
    if (this.replayBufferSize === 0) return;
    // A copy: what live delivery keyed on the event handed to listeners (see delivery.ts) goes
    // with it once every subscriber is done, instead of living as long as the buffer.
    this.recentEvents.push(copyOf(event));
    // Dropped in slices, not one by one: shifting a 10,000-element array per event would cost more.
    if (this.recentEvents.length >= this.replayBufferSize * 1.25) {
      this.recentEvents = this.recentEvents.slice(this.recentEvents.length - this.replayBufferSize);
      this.coveredAfter = this.recentEvents[0]!.position! - 1;
    }
  }

  /** Events in position order: those after the stream's position go to every listener. */
  private accept(events: readonly ActivityEvent[]): void {
    let moved = false;
    for (const event of events) {
      // Already handed out (by `published`, while this read was under way).
      if (event.position! <= this.position) continue;
      this.position = event.position!;
      moved = true;
      this.remember(event);
      for (const listener of this.listeners) {
        if (typeof listener === 'function') listener(event);
        else listener.heard(event);
      }
    }
    // The log moved: the next replay starts a round of its own, and this one goes with the
    // replays still using it.
    if (moved) this.round = undefined;
  }

  private async readNew(): Promise<void> {
    try {
      for (;;) {
        const events = await this.dataSource
          .getRepository(ActivityEvent)
          .find({ where: { position: MoreThan(this.position) }, order: { position: 'ASC' }, take: batchSize });
        this.accept(events);
        if (this.outage) {
          this.outage = false;
          this.log.warn('live events: reading from the database again'); // at the level the outage was reported
        }
        if (events.length < batchSize || this.stopped) return;
      }
    } catch (error) {
      // An outage is reported once, not at every poll until it ends.
      if (!this.outage) this.log.warn({ err: error }, 'could not read new events; retrying on the next poll');
      this.outage = isDatabaseUnavailable(error);
    }
  }
}
