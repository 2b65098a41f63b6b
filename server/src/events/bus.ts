import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** What travels on the bus: "events up to this position are ready". The rows stay in the database. */
export interface BusMessage {
  position: number;
}

/** `degraded`: connected, but Redis did not answer a PING in time (frozen, overloaded): live events arrive by polling. */
export type BusState = 'up' | 'degraded' | 'down';

/** How long Redis gets to answer a PING before the bus counts as degraded, and how often it is asked. */
const pingDeadlineMs = 500;
const healthCheckEveryMs = 5_000;

/**
 * Fans a wake-up out to every server instance. It carries no event data: each instance reads the
 * events themselves from the database in position order, so a lost message only delays delivery
 * (until the next message or poll), never loses an event.
 */
export interface EventBus {
  publish(message: BusMessage): Promise<void>;
  /** Returns the unsubscribe function. `onReconnect` fires when a lost connection comes back. */
  subscribe(onMessage: (message: BusMessage) => void, onReconnect?: () => void): () => void;
  /** The state as last seen; cheap. */
  state(): BusState;
  /** Asks the bus now (a PING for Redis), for readiness probes. */
  check(): Promise<BusState>;
  close(): Promise<void>;
}

/** One instance: the bus is a plain emitter. */
export class InProcessBus implements EventBus {
  private readonly emitter = new EventEmitter();

  async publish(message: BusMessage): Promise<void> {
    this.emitter.emit('message', message);
  }

  subscribe(onMessage: (message: BusMessage) => void): () => void {
    this.emitter.on('message', onMessage);
    return () => this.emitter.off('message', onMessage);
  }

  state(): BusState {
    return 'up';
  }

  async check(): Promise<BusState> {
    return 'up';
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

const channel = 'workroom:events';

/**
 * Redis pub/sub (at most once): a publishing connection and a dedicated subscriber connection,
 * which ioredis re-subscribes after every reconnect. Publishing while Redis is down fails fast
 * instead of queueing, so a mutation never waits on Redis.
 */
export class RedisBus implements EventBus {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly emitter = new EventEmitter();
  private degraded = false;
  private readonly healthCheck: NodeJS.Timeout;

  constructor(
    url: string,
    private readonly log: Logger,
  ) {
    const options = {
      lazyConnect: false,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      retryStrategy: (attempt: number) => Math.min(attempt * 200, 2_000),
    };
    // A Redis that hangs (frozen, partitioned) must not hang a publish: give up after a second.
    this.publisher = new Redis(url, { ...options, commandTimeout: 1_000, autoResendUnfulfilledCommands: false, connectionName: 'workroom-publisher' });
    // The subscriber queues its SUBSCRIBE until connected; ioredis repeats it after every reconnect.
    this.subscriber = new Redis(url, {
      ...options,
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
      connectionName: 'workroom-subscriber',
      autoResubscribe: true,
    });
    for (const connection of [this.publisher, this.subscriber]) connection.on('error', (error) => this.log.debug({ err: error }, 'redis error'));
    this.subscriber.on('message', (from, payload: string) => {
      if (from !== channel) return;
      try {
        const message = JSON.parse(payload) as BusMessage;
        if (Number.isSafeInteger(message.position)) this.emitter.emit('message', message);
      } catch {
        this.log.warn({ payload: payload.slice(0, 200) }, 'ignored a malformed bus message');
      }
    });
    // Subscribe once, here: ioredis queues it until the connection is ready and repeats it after
    // every reconnect. Subscribing later, in the middle of the connection handshake, can leave the
    // connection silently unsubscribed (ioredis#2037).
    this.subscriber.subscribe(channel).catch((error: unknown) => this.log.warn({ err: error }, 'could not subscribe to the event bus'));
    let wasReady = false;
    this.subscriber.on('ready', () => {
      if (wasReady) {
        this.log.info('event bus reconnected');
        this.emitter.emit('reconnect');
      }
      wasReady = true;
    });
    this.subscriber.on('close', () => {
      if (wasReady) this.log.warn('event bus connection lost; events are delivered by polling until it returns');
    });
    // A frozen Redis keeps its connections open and looks "ready": only an answer tells.
    this.healthCheck = setInterval(() => void this.check(), healthCheckEveryMs);
    this.healthCheck.unref();
  }

  async publish(message: BusMessage): Promise<void> {
    await this.publisher.publish(channel, JSON.stringify(message));
  }

  subscribe(onMessage: (message: BusMessage) => void, onReconnect?: () => void): () => void {
    this.emitter.on('message', onMessage);
    if (onReconnect) this.emitter.on('reconnect', onReconnect);
    return () => {
      this.emitter.off('message', onMessage);
      if (onReconnect) this.emitter.off('reconnect', onReconnect);
    };
  }

  state(): BusState {
    if (this.subscriber.status !== 'ready' || this.publisher.status !== 'ready') return 'down';
    return this.degraded ? 'degraded' : 'up';
  }

  async check(): Promise<BusState> {
    if (this.subscriber.status !== 'ready' || this.publisher.status !== 'ready') return 'down';
    let timer: NodeJS.Timeout | undefined;
    const answered = await Promise.race([
      this.publisher.ping().then(
        () => true,
        () => false,
      ),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), pingDeadlineMs))),
    ]);
    clearTimeout(timer);
    if (answered === this.degraded) {
      this.degraded = !answered;
      if (this.degraded)
        this.log.warn(`event bus degraded: Redis did not answer a PING within ${pingDeadlineMs} ms; live events arrive by polling until it does`);
      else this.log.info('event bus answers again: live events arrive through it');
    }
    return this.state();
  }

  async close(): Promise<void> {
    clearInterval(this.healthCheck);
    this.emitter.removeAllListeners();
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }
}
