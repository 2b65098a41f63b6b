import type { ViewerAccount } from './viewer.js';

/**
 * The accounts that bearer tokens signed in recently, by user id, for a few seconds: most requests
 * of a signed-in person then need no statement before their own. What keeps it honest:
 *
 * - Entries live `ttlMs` at most, so an account deleted or changed where this instance cannot see
 *   it (another instance, a SQL console) is noticed within that time.
 * - Every write to the accounts table through this instance (api/gate.ts listens to TypeORM's
 *   events on the viewer entity) calls {@link forgetAll}, once when the statement runs and again
 *   when its transaction commits.
 * - A load that began before a write finished is not remembered ({@link generation}): it may have
 *   read the row as it was before.
 * - A lookup that finds no account is never remembered, and a fresh read ({@link remember} after
 *   a connection's sign-in, which always reads) replaces what was remembered.
 *
 * Bounded: at most `maxEntries`, the least recently used dropped first.
 */
export class ViewerCache {
  private readonly entries = new Map<string, { account: ViewerAccount; until: number }>();
  private writes = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  /** A counter that moves on every write; read it before a load and pass it to {@link remember}. */
  get generation(): number {
    return this.writes;
  }

  get(userId: string): ViewerAccount | undefined {
    const entry = this.entries.get(userId);
    if (!entry) return undefined;
    if (entry.until <= this.now()) {
      this.entries.delete(userId);
      return undefined;
    }
    // Least recently used goes first: a Map iterates in insertion order.
    this.entries.delete(userId);
    this.entries.set(userId, entry);
    return entry.account;
  }

  /** Keeps a row read at `generation`, unless a write has happened since; null forgets the user. */
  remember(userId: string, account: ViewerAccount | null, generation: number): void {
    if (account === null) {
      this.entries.delete(userId);
      return;
    }
    if (!this.enabled || generation !== this.writes) return;
    this.entries.delete(userId);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(userId, { account, until: this.now() + this.ttlMs });
  }

  /** An account was written (which one TypeORM does not always say): everything is read again. */
  forgetAll(): void {
    this.writes += 1;
    this.entries.clear();
  }
}
