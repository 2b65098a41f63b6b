import type { ApolloCache, Reference } from '@apollo/client';

interface StoredEdge {
  __typename?: string;
  cursor: string;
  node: Reference;
}

interface StoredConnection {
  edges: StoredEdge[];
  pageInfo?: { hasNextPage?: boolean; hasPreviousPage?: boolean };
  [extra: string]: unknown;
}

const isConnection = (value: unknown): value is StoredConnection =>
  typeof value === 'object' && value !== null && Array.isArray((value as { edges?: unknown }).edges);

/**
 * Appends a message (already in the cache) to its channel's `messages` connection, unless it is
 * there already (a live event and the sender's own mutation both deliver it; events may repeat).
 * Only a thread that holds the newest page is extended; one that was never opened is fetched fresh.
 */
export const appendMessageToThread = (cache: ApolloCache, channelId: string, messageId: string): boolean => {
  const id = cache.identify({ __typename: 'Channel', id: channelId });
  if (!id) return false;
  let appended = false;
  cache.modify({
    id,
    fields: {
      messages(existing: unknown, { readField, toReference }) {
        if (!isConnection(existing)) return existing;
        if (existing.pageInfo?.hasNextPage === true) return existing;
        if (existing.edges.some((edge) => readField<string>('id', edge.node) === messageId)) return existing;
        const node = toReference({ __typename: 'Message', id: messageId });
        if (!node) return existing;
        appended = true;
        return { ...existing, edges: [...existing.edges, { __typename: 'MessageEdge', cursor: '', node }] };
      },
    },
  });
  return appended;
};

/** Puts a live activity event (already in the cache) on top of the viewer's latest activity. */
export const prependActivity = (cache: ApolloCache, viewerId: string, eventId: string): boolean => {
  const id = cache.identify({ __typename: 'Viewer', id: viewerId });
  if (!id) return false;
  let prepended = false;
  cache.modify({
    id,
    fields: {
      latestActivity(existing: unknown, { readField, toReference }) {
        if (!isConnection(existing)) return existing;
        if (existing.edges.some((edge) => readField<string>('id', edge.node) === eventId)) return existing;
        const node = toReference({ __typename: 'ActivityEvent', id: eventId });
        if (!node) return existing;
        prepended = true;
        return { ...existing, edges: [{ __typename: 'ActivityEventEdge', cursor: '', node }, ...existing.edges] };
      },
    },
  });
  return prepended;
};

/** Sets the viewer's calendar feed address after `rotateCalendarFeed`. */
export const setCalendarFeedUrl = (cache: ApolloCache, viewerId: string, url: string | null): void => {
  const id = cache.identify({ __typename: 'Viewer', id: viewerId });
  if (!id) return;
  cache.modify({ id, fields: { calendarFeedUrl: () => url } });
};
