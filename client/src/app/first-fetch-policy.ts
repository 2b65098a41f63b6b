import type { WatchQueryFetchPolicy } from '@apollo/client';
import { useApolloClient } from '@apollo/client/react';
import type { DocumentNode } from 'graphql';
import { useEffect, useState } from 'react';

import { findAnswerInCache, retireAnswer, type FirstAnswer } from './first-answers';

export interface FirstFetchPolicy {
  fetchPolicy: WatchQueryFetchPolicy;
  nextFetchPolicy?: () => WatchQueryFetchPolicy;
}

const operationName = (query: DocumentNode): string | undefined => {
  for (const definition of query.definitions) {
    // A string, not graphql-js's enum: importing it would pull graphql-js into every page's chunk.
    if ((definition.kind as string) === 'OperationDefinition' && 'operation' in definition) return definition.name?.value;
  }
  return undefined;
};

/**
 * The fetch policy of a page's first query: `cache-first` once, when index.html's answer to it is
 * already in the cache (first-answers.ts), then `otherwise` (after that first read, for new
 * variables and for cache updates); `otherwise` from the start for any other visit. Decided when
 * the screen mounts, so a later visit to the page asks as usual.
 *
 * Spread into `useQuery`'s options: `useQuery(Q, { variables, ...useFirstFetchPolicy(Q, variables) })`.
 */
export const useFirstFetchPolicy = (
  query: DocumentNode,
  variables?: Readonly<Record<string, unknown>>,
  otherwise: WatchQueryFetchPolicy = 'cache-and-network',
): FirstFetchPolicy => {
  const client = useApolloClient();
  // Looked up when the screen first renders; used up once it is on screen (a render that React
  // throws away, such as a transition's that suspended, finds the same answer again).
  const [answer] = useState<FirstAnswer | undefined>(() => {
    const name = operationName(query);
    return name === undefined ? undefined : findAnswerInCache(client, name, variables);
  });
  useEffect(() => {
    if (answer) retireAnswer(client, answer);
  }, [client, answer]);
  const [policy] = useState<FirstFetchPolicy>(() => (answer ? { fetchPolicy: 'cache-first', nextFetchPolicy: () => otherwise } : { fetchPolicy: otherwise }));
  return policy;
};
