import { describe, expect, it, vi } from 'vitest';

import { ActivityFeed, type FeedHandlers } from './activity-feed';
import { memoryCursorStore, sessionCursorStore } from './cursor-store';

interface Event {
  id: string;
  cursor: string;
}

/** A fake socket and server: records each subscription's `after`, lets the test push events. */
const harness = (initialCursor: string | null = null) => {
  const listeners = { connected: new Set<() => void>(), closed: new Set<() => void>() };
  const subscriptions: Array<{ after: string | null; handlers: FeedHandlers<Event>; unsubscribed: boolean }> = [];
  const received: string[] = [];
  const cursor = memoryCursorStore(initialCursor);
  const feed = new ActivityFeed<Event>({
    subscribe: (after, handlers) => {
      const subscription = { after, handlers, unsubscribed: false };
      subscriptions.push(subscription);
      return { unsubscribe: () => (subscription.unsubscribed = true) };
    },
    onConnected: (listener) => {
      listeners.connected.add(listener);
      return () => listeners.connected.delete(listener);
    },
    onClosed: (listener) => {
      listeners.closed.add(listener);
      return () => listeners.closed.delete(listener);
    },
    cursor,
    onEvent: (event) => received.push(event.id),
    isInvalidCursor: (error) => error instanceof Error && error.message === 'bad cursor',
    retryDelayMs: 10,
  });
  const latest = () => subscriptions[subscriptions.length - 1]!;
  return {
    feed,
    cursor,
    subscriptions,
    received,
    latest,
    push: (id: string, at: string) => latest().handlers.next({ id, cursor: at }),
    drop: () => listeners.closed.forEach((listener) => listener()),
    reconnect: () => listeners.connected.forEach((listener) => listener()),
  };
};

describe('ActivityFeed', () => {
  it('resubscribes after a reconnect with the last cursor it saw, so nothing is missed', () => {
    const h = harness();
    const stop = h.feed.start();
    expect(h.subscriptions).toHaveLength(1);
    expect(h.latest().after).toBeNull();

    h.push('E1', 'cur-1');
    h.push('E2', 'cur-2');
    expect(h.cursor.get()).toBe('cur-2');

    // The socket drops: the old subscription is disposed (graphql-ws would otherwise resend it
    // with its original variables), and the first acknowledged reconnect resumes from cur-2.
    h.drop();
    expect(h.subscriptions[0]!.unsubscribed).toBe(true);
    h.reconnect();
    expect(h.subscriptions).toHaveLength(2);
    expect(h.latest().after).toBe('cur-2');

    // The server replays from there; a repeated delivery of an event is handled once.
    h.push('E2', 'cur-2');
    h.push('E3', 'cur-3');
    expect(h.received).toEqual(['E1', 'E2', 'E3']);
    expect(h.cursor.get()).toBe('cur-3');

    // A second "connected" while subscribed does not open a duplicate.
    h.reconnect();
    expect(h.subscriptions).toHaveLength(2);

    stop();
    expect(h.latest().unsubscribed).toBe(true);
  });

  it('starts from a remembered cursor (a reload in the same tab)', () => {
    const store = sessionCursorStore('user-1');
    store.set('cur-41');
    const h = harness(sessionCursorStore('user-1').get());
    h.feed.start();
    expect(h.latest().after).toBe('cur-41');
    expect(sessionStorage.getItem('workroom.activityCursor.user-1')).toBe('cur-41');
  });

  it('forgets a cursor the server refuses and starts again from now', async () => {
    vi.useFakeTimers();
    try {
      const h = harness('stale');
      h.feed.start();
      h.latest().handlers.error(new Error('bad cursor'));
      expect(h.cursor.get()).toBeNull();
      await vi.advanceTimersByTimeAsync(20);
      expect(h.subscriptions).toHaveLength(2);
      expect(h.latest().after).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});
