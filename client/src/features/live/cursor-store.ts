/** Where the live feed resumes from: the `cursor` of the last event it received. */
export interface CursorStore {
  get(): string | null;
  set(cursor: string): void;
  clear(): void;
}

const KEY_PREFIX = 'workroom.activityCursor.';

const storage = (): Storage | null => {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
};

/**
 * Kept in memory and in sessionStorage (per user, per tab): a reload or a dropped socket resumes
 * with `after: <cursor>` and the server replays what was missed.
 */
export const sessionCursorStore = (userKey: string): CursorStore => {
  const key = `${KEY_PREFIX}${userKey}`;
  let memory: string | null = null;
  try {
    memory = storage()?.getItem(key) ?? null;
  } catch {
    memory = null;
  }
  return {
    get: () => memory,
    set: (cursor) => {
      memory = cursor;
      try {
        storage()?.setItem(key, cursor);
      } catch {
        // Storage full or unavailable: memory still resumes within this page view.
      }
    },
    clear: () => {
      memory = null;
      try {
        storage()?.removeItem(key);
      } catch {
        // Nothing to clear.
      }
    },
  };
};

/** Forgets every user's cursor (sign-out). */
export const clearAllCursors = (): void => {
  const store = storage();
  if (!store) return;
  try {
    for (let i = store.length - 1; i >= 0; i--) {
      const key = store.key(i);
      if (key?.startsWith(KEY_PREFIX)) store.removeItem(key);
    }
  } catch {
    // Unavailable storage holds nothing.
  }
};

export const memoryCursorStore = (initial: string | null = null): CursorStore => {
  let cursor = initial;
  return {
    get: () => cursor,
    set: (next) => {
      cursor = next;
    },
    clear: () => {
      cursor = null;
    },
  };
};
