import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { MoreThan } from 'typeorm';
import { ActivityEvent } from './activity-event.entity.js';
import type { EventBus } from './bus.js';
import { isDatabaseUnavailable } from '../db/failures.js';

export type EventListener = (event: ActivityEvent) => void;

const batchSize = 500;

/**
 * This instance's view of the event log: every published event exactly once, in position
 * order, to every listener (the live subscriptions). The bus only says "there is more"; the
 * events are read from the database, so a message lost on the bus, or a bus that is down, only
 * delays delivery until the next message or the periodic poll.
 */
export class EventStream {
  /** The last position handed to listeners. */
  position = 0;
  private readonly listeners = new Set<EventListener>();
  private unsubscribe: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  /** The database was unreachable at the last read: said once, until it answers again. */
  private outage = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly pollIntervalMs: number,
  ) {}

  async start(): Promise<void> {
    const [row] = (await this.dataSource.query('SELECT COALESCE(max(position), 0) AS position FROM events')) as [{ position: string }];
    this.position = Number(row.position);
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

  get listenerCount(): number {
    return this.listeners.size;
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

  private async readNew(): Promise<void> {
    try {
      for (;;) {
        const events = await this.dataSource
          .getRepository(ActivityEvent)
          .find({ where: { position: MoreThan(this.position) }, order: { position: 'ASC' }, take: batchSize });
        for (const event of events) {
          this.position = event.position!;
          for (const listener of this.listeners) listener(event);
        }
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
