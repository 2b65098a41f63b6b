import type DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';
import { eventReaders } from './audience.js';
import type { Viewer } from '../auth/viewer.js';
import { Loaders, type EntityClass } from '../graphql/loaders.js';
import type { ActivityEvent } from './activity-event.entity.js';

/**
 * What an instance's subscribers share while one event is delivered to them: who may see it,
 * decided once, and the rows its payloads need, loaded once. With 10,000 subscribers that is a
 * handful of statements per event instead of a few per subscriber. Nothing outlives the event
 * (the next one starts afresh), so a subscriber still sees the data as of that event, and a
 * member removed from a channel stops receiving its events from the next one on.
 */
export class EventDelivery {
  private readers: Promise<(viewer: Viewer) => boolean> | undefined;
  private isReader: ((viewer: Viewer) => boolean) | undefined;
  private readonly rows = new Map<EntityClass<unknown>, DataLoader<string, unknown>>();
  private readonly memo = new Map<string, unknown>();

  constructor(
    readonly event: ActivityEvent,
    private readonly manager: EntityManager,
  ) {}

  /** Synchronous once the audience is known: most of 10,000 subscribers need no promise. */
  visibleTo(viewer: Viewer): boolean | Promise<boolean> {
    if (this.isReader) return this.isReader(viewer);
    this.readers ??= eventReaders(this.event, this.manager).then((isReader) => (this.isReader = isReader));
    return this.readers.then((isReader) => isReader(viewer));
  }

  /** Who may see the event, read once (the audience's rule on fresh data), for grouped delivery. */
  audience(): Promise<(viewer: Viewer) => boolean> {
    if (this.isReader) return Promise.resolve(this.isReader);
    this.readers ??= eventReaders(this.event, this.manager).then((isReader) => (this.isReader = isReader));
    return this.readers;
  }

  /** Computed by the first subscriber to ask, handed to the others (see shared-execution.ts). */
  shared<T>(key: string, create: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, create());
    return this.memo.get(key) as T;
  }

  /** A subscriber's loaders for this event: rows by id shared, viewer-specific loaders its own. */
  loaders(): Loaders {
    return new Loaders(this.manager, this.rows);
  }
}

// Keyed by the event object, which the stream hands to every listener: the delivery lives exactly
// as long as some subscriber is still working on that event.
const deliveries = new WeakMap<ActivityEvent, EventDelivery>();

export function deliveryOf(event: ActivityEvent, manager: EntityManager): EventDelivery {
  let delivery = deliveries.get(event);
  if (!delivery) {
    delivery = new EventDelivery(event, manager);
    deliveries.set(event, delivery);
  }
  return delivery;
}
