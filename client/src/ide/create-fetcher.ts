import { createGraphiQLFetcher, type Fetcher } from '@graphiql/toolkit';

const GRAPHQL_PATH = '/graphql';

const subscriptionUrl = (): string => {
  const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${window.location.host}${GRAPHQL_PATH}`;
};

/**
 * Headers typed into GraphiQL's headers editor are merged after these, so a user can still
 * override Authorization per request. Over WebSocket the same editor headers are merged into
 * graphql-ws connectionParams after `authorization`.
 */
export const createWorkroomFetcher = (token: string | null): Fetcher => {
  const authorization = token ? `Bearer ${token}` : null;
  return createGraphiQLFetcher({
    url: GRAPHQL_PATH,
    subscriptionUrl: subscriptionUrl(),
    // The server runs graphql 16 without @defer/@stream, so the multipart (meros) path is never needed.
    enableIncrementalDelivery: false,
    ...(authorization && {
      headers: { Authorization: authorization },
      wsConnectionParams: { authorization },
    }),
  });
};
