import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { EventBus } from './bus.js';
import { isDatabaseUnavailable, isPoolSaturated } from '../db/failures.js';

/** Another arbitrary constant: the lock only one publisher at a time may hold, across instances. */
export const publishLockKey = 7_201_338;
const batchSize = 1000;

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
  private stopped = false;
  /** Tests use it to simulate a process that dies between commit and publish. */
  paused = false;

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
    await this.settle();
  }

  private async run(): Promise<void> {
    try {
      let assigned: number | null;
      let last: number | null = null;
      do {
        assigned = await this.assignPositions();
        if (assigned !== null) last = assigned;
      } while (assigned !== null && !this.stopped);
      const position = last ?? (await this.highestPosition());
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

  /** The highest position assigned in this batch, or null when nothing was waiting (or another instance is at it). */
  private async assignPositions(): Promise<number | null> {
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query<[{ locked: boolean }]>('SELECT pg_try_advisory_xact_lock($1) AS locked', [publishLockKey]);
      if (!locked) return null;
      const waiting: Array<{ id: string }> = await manager.query(
        `SELECT id FROM events WHERE position IS NULL ORDER BY created_at, id LIMIT ${batchSize} FOR UPDATE`,
      );
      if (waiting.length === 0) return null;
      const drawn: Array<{ position: string }> = await manager.query("SELECT nextval('event_position_seq') AS position FROM generate_series(1, $1)", [
        waiting.length,
      ]);
      const positions = drawn.map((row) => Number(row.position)).sort((a, b) => a - b);
      await manager.query(
        `UPDATE events e SET position = d.position, published_at = clock_timestamp()
           FROM unnest($1::uuid[], $2::bigint[]) AS d(id, position) WHERE e.id = d.id`,
        [waiting.map((row) => row.id), positions],
      );
      return positions[positions.length - 1]!;
    });
  }

  private async highestPosition(): Promise<number> {
    const [row] = await this.dataSource.query<[{ position: string }]>('SELECT COALESCE(max(position), 0) AS position FROM events');
    return Number(row.position);
  }
}
