import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { ActivityEvent } from './activity-event.entity.js';
import type { EventBus } from './bus.js';
import { isDatabaseUnavailable, isPoolSaturated } from '../db/failures.js';
import { rawPool, runStatements } from '../db/pool.js';

/** Another arbitrary constant: the lock only one publisher at a time may hold, across instances. */
export const publishLockKey = 7_201_338;
const batchSize = 1000;
/**
 * How soon a run that found the lock held by another instance tries again. The holder's
 * statement may have started before this instance's event committed, and then leaves it: without
 * another try it would wait for the next sweep. The holder's transaction takes milliseconds; a
 * lock held longer (a stuck transaction) is tried at doubling intervals, up to the sweep's.
 */
const lockRetryMs = 10;

/**
 * The events one run of the publisher gave positions to, as committed: every column, as a read
 * would give them (see {@link EventPublisher.onPublished}).
 */
export interface PublishedBatch {
  /** The highest position assigned before this batch: the batch's events are the next ones after it. */
  after: number;
  /** In position order. */
  events: ActivityEvent[];
}

/** One batch as the UPDATE returned it: every column of the events, and the highest position before them. */
interface AssignedRows {
  after: number;
  last: number;
  rows: Array<Record<string, unknown>>;
}

/**
 * Gives committed outbox rows their position and announces them on the bus. Positions are drawn
 * from one sequence, only for rows already committed, and only by whoever holds the advisory
 * lock; so positions follow commit order and a reader who has seen position P will never later
 * find a new row below P. Runs right after each commit (`kick`) and on a timer (`sweep`), which
 * picks up rows whose announcement was lost: a process that died after commit, or a bus that was
 * down.
 */
export class EventPublisher {
  private running: Promise<void> | undefined;
  private again = false;
  /** The database was unreachable at the last run: said once, until it answers again. */
  private outage = false;
  private timer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelayMs = lockRetryMs;
  private stopped = false;
  /** Tests use it to simulate a process that dies between commit and publish. */
  paused = false;
  /**
   * Called with each batch once its positions are committed, before the bus hears of it: this
   * instance's stream delivers the rows the publisher already holds instead of reading them back
   * (see EventStream.published). Other instances, and anything this misses, still go by the bus
   * and the database.
   */
  onPublished: ((batch: PublishedBatch) => void) | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly sweepIntervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.kick(), this.sweepIntervalMs);
    this.timer.unref();
    this.kick();
  }

  /** Publish soon; calls while a run is under way coalesce into one more run. */
  kick(): void {
    if (this.stopped || this.paused) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.run().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Resolves when the current run (if any) has finished; for tests and shutdown. */
  async settle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.settle();
  }

  private async run(): Promise<void> {
    try {
      let assigned: AssignedRows | null | 'locked elsewhere';
      let last: number | null = null;
      do {
        assigned = await this.assignPositions();
        if (assigned === 'locked elsewhere') {
          // The holder announces what it positions; what it leaves is this instance's to retry.
          this.retrySoon();
          break;
        }
        this.retryDelayMs = lockRetryMs;
        if (assigned === null) break;
        last = assigned.last;
        this.handOver(assigned);
        // A short batch took every row waiting when its statement ran: what commits later is
        // announced by its own kick (or the sweep), so no second, empty transaction here.
      } while (assigned.rows.length === batchSize && !this.stopped);
      const position = last ?? (assigned === 'locked elsewhere' ? 0 : await this.highestPosition());
      // Not awaited: a bus that hangs must never hold back the next positions (polling still
      // finds them); a failed announcement only delays delivery.
      if (position > 0) {
        this.bus.publish({ position }).catch((error: unknown) => {
          this.log.warn({ err: error, position }, 'could not announce events on the bus; instances will poll for them');
        });
      }
      if (this.outage) {
        this.outage = false;
        this.log.warn('event publisher reaches the database again'); // at the level the outage was reported
      }
    } catch (error) {
      // An outage is reported once, not at every sweep until it ends; anything else every time.
      // A busy pool is no outage and no failure: the next sweep publishes what is waiting.
      if (isPoolSaturated(error)) this.log.debug('event publisher found the connection pool busy; retrying on the next sweep');
      else if (!isDatabaseUnavailable(error)) this.log.error({ err: error }, 'event publisher failed; it will retry on the next sweep');
      else if (!this.outage) this.log.warn({ err: error }, 'event publisher cannot reach the database; retrying at every sweep');
      this.outage ||= isDatabaseUnavailable(error);
    }
  }

  private retrySoon(): void {
    if (this.retryTimer || this.stopped) return;
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(delay * 2, this.sweepIntervalMs);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.kick();
    }, delay);
    this.retryTimer.unref();
  }

  private handOver({ after, rows }: AssignedRows): void {
    if (!this.onPublished) return;
    try {
      const events = rows.map((row) => this.hydrate(row)).sort((a, b) => a.position! - b.position!);
      this.onPublished({ after, events });
    } catch (error) {
      // The listener's failure is not the publisher's: the bus and the poll still deliver the batch.
      this.log.error({ err: error }, 'handing published events to this instance failed');
    }
  }

  /**
   * The events given positions in this batch, null when nothing was waiting, or 'locked elsewhere'
   * when another instance holds the lock. One round trip of two statements in one transaction: the
   * lock (its outcome kept in a transaction-local setting), then, only if it was granted, one
   * statement that picks the waiting rows (locking them), draws their positions in creation order,
   * writes them and returns the rows as written, with the highest position before them. That
   * statement starts after the lock is held, so its snapshot sees every position assigned by
   * whoever held it before.
   */
  private async assignPositions(): Promise<AssignedRows | null | 'locked elsewhere'> {
    const [lock, assigned] = await runStatements(
      rawPool(this.dataSource),
      `SELECT set_config('workroom.holds_publish_lock', pg_try_advisory_xact_lock(${publishLockKey})::text, true) AS locked;
       WITH waiting AS (
         SELECT id, row_number() OVER (ORDER BY created_at, id) AS n
           FROM (SELECT id, created_at FROM events
                  WHERE position IS NULL AND current_setting('workroom.holds_publish_lock')::boolean
                  ORDER BY created_at, id LIMIT ${batchSize} FOR UPDATE) AS picked
       ), drawn AS (
         SELECT position, row_number() OVER (ORDER BY position) AS n
           FROM (SELECT nextval('event_position_seq') AS position FROM waiting) AS numbers
       ), previous AS (
         SELECT COALESCE(max(position), 0) AS position FROM events
       )
       UPDATE events e SET position = drawn.position, published_at = clock_timestamp()
         FROM waiting JOIN drawn USING (n), previous
        WHERE e.id = waiting.id
       RETURNING e.*, previous.position AS previous_position`,
    );
    if (lock!.rows[0]!.locked !== 'true') return 'locked elsewhere';
    const rows = assigned!.rows as Array<Record<string, unknown> & { previous_position: string }>;
    if (rows.length === 0) return null;
    return { after: Number(rows[0]!.previous_position), last: Math.max(...rows.map((row) => Number(row.position))), rows };
  }

  /** A returned row as the entity a read would give (TypeORM's own column conversions and transformers). */
  private hydrate(row: Record<string, unknown>): ActivityEvent {
    const metadata = this.dataSource.getMetadata(ActivityEvent);
    const event = metadata.create() as ActivityEvent;
    for (const column of metadata.columns) {
      column.setEntityValue(event, this.dataSource.driver.prepareHydratedValue(row[column.databaseName], column));
    }
    return event;
  }

  private async highestPosition(): Promise<number> {
    const [row] = await this.dataSource.query<[{ position: string }]>('SELECT COALESCE(max(position), 0) AS position FROM events');
    return Number(row.position);
  }
}
