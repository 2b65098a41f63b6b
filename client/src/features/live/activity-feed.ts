import type { CursorStore } from './cursor-store';

export interface FeedEvent {
  id: string;
  cursor?: string | null;
}

export interface FeedHandlers<E> {
  next: (event: E) => void;
  error: (error: unknown) => void;
  complete: () => void;
}

export interface FeedOptions<E extends FeedEvent> {
  /** Starts the `activity` subscription from `after` (null: from now). */
  subscribe: (after: string | null, handlers: FeedHandlers<E>) => { unsubscribe: () => void };
  /** The socket (re)connected and was acknowledged. Returns a function that stops listening. */
  onConnected: (listener: () => void) => () => void;
  /** The socket closed (it will retry with backoff). */
  onClosed: (listener: () => void) => () => void;
  cursor: CursorStore;
  /** Each event once, in order, after Apollo wrote it to the cache. */
  onEvent: (event: E) => void;
  /** The server refused `after` (unknown cursor): start again from now. */
  isInvalidCursor?: (error: unknown) => boolean;
  /** Wait before resubscribing after the server ended or refused the subscription. */
  retryDelayMs?: number;
}

const SEEN_LIMIT = 2000;

/**
 * The app's one live subscription, resumable.
 *
 * graphql-ws retries a dropped socket by itself, but it would resend the subscription with the
 * variables it was first started with. So when the socket closes we drop the subscription, and
 * when it is acknowledged again we subscribe anew with `after: <last cursor seen>`: the server
 * replays what happened meanwhile, then goes live. Events can still arrive twice (at least once
 * delivery); each event id is handled once.
 */
export class ActivityFeed<E extends FeedEvent> {
  private active: { unsubscribe: () => void } | null = null;
  private generation = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly seen = new Set<string>();
  private readonly seenOrder: string[] = [];
  private stopped = true;

  constructor(private readonly options: FeedOptions<E>) {}

  /** Starts following; returns `stop`. */
  start(): () => void {
    this.stopped = false;
    const offConnected = this.options.onConnected(() => this.open());
    const offClosed = this.options.onClosed(() => this.close());
    this.open();
    return () => {
      this.stopped = true;
      offConnected();
      offClosed();
      this.close();
    };
  }

  get isSubscribed(): boolean {
    return this.active !== null;
  }

  private open(): void {
    if (this.stopped || this.active) return;
    this.clearRetry();
    const generation = ++this.generation;
    const current = () => generation === this.generation && !this.stopped;
    const ended = (retry: boolean) => {
      if (!current()) return;
      const active = this.active;
      this.active = null;
      this.generation++;
      active?.unsubscribe();
      if (retry) this.scheduleRetry();
    };
    this.active = this.options.subscribe(this.options.cursor.get(), {
      next: (event) => {
        if (!current()) return;
        if (event.cursor) this.options.cursor.set(event.cursor);
        if (this.seen.has(event.id)) return;
        this.remember(event.id);
        this.options.onEvent(event);
      },
      error: (error) => {
        if (!current()) return;
        if (this.options.isInvalidCursor?.(error)) this.options.cursor.clear();
        ended(true);
      },
      complete: () => ended(true),
    });
    // `subscribe` may have failed synchronously and already ended this generation.
    if (generation !== this.generation) this.active = null;
  }

  private close(): void {
    this.clearRetry();
    const active = this.active;
    this.active = null;
    this.generation++;
    active?.unsubscribe();
  }

  private scheduleRetry(): void {
    this.clearRetry();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.open();
    }, this.options.retryDelayMs ?? 3000);
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private remember(id: string): void {
    this.seen.add(id);
    this.seenOrder.push(id);
    if (this.seenOrder.length > SEEN_LIMIT) {
      const oldest = this.seenOrder.shift();
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }
}
