import type { ApolloClient } from '@apollo/client';

import { graphql } from '../../gql';

export const UnreadMessageCountQuery = graphql(`
  query UnreadMessageCount {
    viewer {
      id
      unreadMessageCount
    }
  }
`);

/** Asks the server for the unread total (the header badge and the dashboard panel follow). */
export const refreshUnreadCount = (client: ApolloClient): void => {
  client.query({ query: UnreadMessageCountQuery, fetchPolicy: 'network-only' }).catch(() => undefined);
};
