import { useSyncExternalStore } from 'react';

const MINUTE = 60_000;
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

const notifyAll = () => listeners.forEach((notify) => notify());

/**
 * The shared clock, refreshed whenever it is read a minute or more late. The interval alone is
 * not enough: it stops while nothing shows a time (so the first screen after a quiet spell would
 * start from an old `now`, and a message that just arrived read "in 4 minutes"), and browsers
 * throttle it in background tabs. Reading twice within a minute returns the same value, as
 * `useSyncExternalStore` requires of a snapshot.
 */
const read = (): number => {
  const current = Date.now();
  if (current - now >= MINUTE) {
    now = current;
    // The other screens showing times catch up too; after this render, not during it.
    queueMicrotask(notifyAll);
  }
  return now;
};

const tick = () => {
  now = Date.now();
  notifyAll();
};

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  if (!timer) {
    // Restarting after a quiet spell: start from the real time (React reads the snapshot again
    // after subscribing, so a screen rendered with the old one re-renders at once).
    now = Date.now();
    timer = setInterval(tick, MINUTE);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
};

/** The current time, refreshed every minute, so "3 minutes ago" keeps telling the truth. */
export const useNow = (): number => useSyncExternalStore(subscribe, read, read);
