import { CombinedGraphQLErrors } from '@apollo/client';
import { useApolloClient } from '@apollo/client/react';
import type { Client } from 'graphql-ws';
import { useEffect } from 'react';

import { toasts } from '../../ui/toasts';
import { refreshUnreadCount } from '../messages/unread';
import { ActivityFeed } from './activity-feed';
import { sessionCursorStore } from './cursor-store';
import { handleLiveEvent, LiveActivitySubscriptionDocument, type LiveEvent } from './live-activity';

const isInvalidCursor = (error: unknown): boolean =>
  CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === 'BAD_USER_INPUT' && e.extensions.field === 'after');

const debounce = (fn: () => void, ms: number) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
};

/**
 * Keeps every screen current: one `activity` subscription for the signed-in user, resumed from
 * the last cursor after the socket drops (and after a reload, from sessionStorage).
 */
export const LiveUpdates = ({ viewerId, wsClient }: { viewerId: string; wsClient: Client }) => {
  const client = useApolloClient();
  useEffect(() => {
    const refreshUnread = debounce(() => refreshUnreadCount(client), 250);
    const feed = new ActivityFeed<LiveEvent>({
      subscribe: (after, handlers) =>
        client
          // errorPolicy all: an event whose subject failed to resolve still moves the cursor on.
          .subscribe({ query: LiveActivitySubscriptionDocument, variables: { after }, errorPolicy: 'all' })
          .subscribe({
            next: (result) => {
              if (result.data?.activity) handlers.next(result.data.activity);
              else if (result.error) handlers.error(result.error);
            },
            error: handlers.error,
            complete: handlers.complete,
          }),
      onConnected: (listener) => wsClient.on('connected', () => listener()),
      onClosed: (listener) => wsClient.on('closed', () => listener()),
      cursor: sessionCursorStore(viewerId),
      isInvalidCursor,
      onEvent: (event) => handleLiveEvent(event, { client, viewerId, toasts, refreshUnread }),
    });
    return feed.start();
  }, [client, wsClient, viewerId]);
  return null;
};
