import { ApolloClient, ApolloLink, CombinedGraphQLErrors, HttpLink, ServerError } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { ErrorLink } from '@apollo/client/link/error';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { OperationTypeNode } from 'graphql';
import { createClient, type Client } from 'graphql-ws';

import { createCache } from './cache';
import { ConnectionMonitor } from './connection-status';
import { createFirstAnswersLink, takeFirstAnswers, writeArrivedAnswers } from './first-answers';
import { createPersistedDocumentsLink, trustedDocumentsEnabled } from './trusted-documents';

export const GRAPHQL_PATH = '/graphql';

/** `ws(s)://<this host>/graphql`: the same origin and path as HTTP (Vite proxies both in dev). */
export const graphqlWsUrl = (location: Pick<Location, 'protocol' | 'host'> = window.location): string =>
  `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${GRAPHQL_PATH}`;

/** 0.5 s, 1 s, 2 s … capped at 30 s, with jitter so many tabs do not reconnect in lockstep. */
export const retryDelayMs = (retries: number): number => {
  const base = Math.min(30_000, 500 * 2 ** retries);
  return Math.round(base / 2 + Math.random() * (base / 2));
};

export interface ApolloSession {
  client: ApolloClient;
  wsClient: Client;
  connection: ConnectionMonitor;
  /**
   * Settles once the answers index.html asked for ahead of the scripts, those already here, are in
   * the cache (one per task, after this task): render the screens after it, and they draw the page
   * from them at once.
   */
  ready: Promise<void>;
  /** Clears the cache and closes the socket; the session is unusable afterwards. */
  dispose: () => Promise<void>;
}

export interface ApolloSessionOptions {
  token: string;
  /** Called when the server says the token is no longer good (expired, revoked). */
  onUnauthenticated: (message: string) => void;
}

const UNAUTHENTICATED = 'UNAUTHENTICATED';
/** graphql-ws's CloseCode.Forbidden: the socket's sign-in is not (or no longer) valid. */
const SOCKET_FORBIDDEN = 4403;

/**
 * One Apollo Client per signed-in token: HTTP for queries and mutations (bearer token in the
 * `authorization` header), graphql-ws for subscriptions (token in `connection_init`), split by
 * operation type, over one normalized cache.
 */
export const createApolloSession = ({ token, onUnauthenticated }: ApolloSessionOptions): ApolloSession => {
  const authorization = `Bearer ${token}`;

  const wsClient = createClient({
    url: graphqlWsUrl(),
    connectionParams: () => ({ authorization }),
    // Connect at once and stay connected: the header indicator reflects the socket, and the
    // live feed resubscribes on every reconnect (see features/live/activity-feed.ts).
    lazy: false,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, retryDelayMs(retries))),
    keepAlive: 20_000,
    onNonLazyError: () => {
      // A fatal close (bad request, unauthorized): the monitor already reports it as offline.
    },
    on: {
      closed: (event) => {
        // The server closes with 4403 when the token has expired or the account is gone (and
        // refuses a reconnect with it): retrying cannot help, signing in again does.
        if ((event as { code?: unknown } | undefined)?.code === SOCKET_FORBIDDEN) {
          onUnauthenticated((event as { reason?: string }).reason || 'Your sign-in has expired. Sign in again.');
        }
      },
    },
  });
  const connection = new ConnectionMonitor();
  const detachMonitor = connection.attach(wsClient);

  // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- Apollo's SetContextLink types the previous context's headers as `any`
  const authLink = new SetContextLink(({ headers }) => ({ headers: { ...headers, authorization } }));

  const errorLink = new ErrorLink(({ error }) => {
    if (CombinedGraphQLErrors.is(error)) {
      const unauthenticated = error.errors.find((e) => e.extensions?.code === UNAUTHENTICATED);
      if (unauthenticated) onUnauthenticated(unauthenticated.message);
    } else if (ServerError.is(error) && error.statusCode === 401) {
      onUnauthenticated('Your sign-in has expired. Sign in again.');
    }
  });

  // The answers index.html asked for ahead of the scripts (first-answers.ts) stand in for the
  // HTTP request, behind the error link, so an answer is handled as one from the network would be.
  const firstAnswers = takeFirstAnswers(token);
  const httpLink = ApolloLink.from([errorLink, authLink, createFirstAnswersLink(firstAnswers), new HttpLink({ uri: GRAPHQL_PATH })]);
  const wsLink = new GraphQLWsLink(wsClient);

  const transport = ApolloLink.split((operation) => operation.operationType === OperationTypeNode.SUBSCRIPTION, wsLink, httpLink);

  const client = new ApolloClient({
    cache: createCache(),
    // In front of both transports: graphql-ws carries the hash in the subscribe message's extensions.
    link: trustedDocumentsEnabled ? ApolloLink.from([createPersistedDocumentsLink(), transport]) : transport,
  });
  // Those answers that are already here go into the cache before the shell first renders.
  const ready = writeArrivedAnswers(client, firstAnswers);

  return {
    client,
    wsClient,
    connection,
    ready,
    dispose: async () => {
      detachMonitor();
      client.stop();
      await client.clearStore();
      await wsClient.dispose();
    },
  };
};

export type { Client as WsClient };
