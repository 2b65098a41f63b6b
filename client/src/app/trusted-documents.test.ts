// @vitest-environment node
import { readFileSync } from 'node:fs';

import { ApolloClient, ApolloLink } from '@apollo/client';
import type { FormattedExecutionResult } from 'graphql';
import { of } from 'rxjs';
import { describe, expect, it } from 'vitest';

import { LiveActivityDocument, SendMessageDocument, ShellViewerDocument } from '../gql/graphql';
import { createCache } from './cache';
import { createPersistedDocumentsLink, documentHash } from './trusted-documents';

// What codegen wrote next to the typed documents: the server loads this very file.
const manifest = JSON.parse(readFileSync(new URL('../gql/persisted-documents.json', import.meta.url), 'utf8')) as Record<string, string>;

interface Sent {
  operationName: string | undefined;
  hash: string | undefined;
  includeQuery: boolean | undefined;
  method: string | undefined;
}

/** An Apollo Client over the real cache and the trusted-documents link, answering from `answers`. */
const clientAnswering = (...answers: FormattedExecutionResult[]) => {
  const sent: Sent[] = [];
  const transport = new ApolloLink((operation) => {
    const context = operation.getContext() as {
      http?: { includeQuery?: boolean };
      fetchOptions?: { method?: string };
    };
    const persisted = operation.extensions.persistedQuery as { sha256Hash?: string } | undefined;
    sent.push({
      operationName: operation.operationName,
      hash: persisted?.sha256Hash,
      includeQuery: context.http?.includeQuery,
      method: context.fetchOptions?.method,
    });
    return of(answers[sent.length - 1] ?? answers.at(-1) ?? {});
  });
  const client = new ApolloClient({
    cache: createCache(),
    link: ApolloLink.from([createPersistedDocumentsLink(), transport]),
  });
  return { client, sent };
};

const shellData = {
  viewer: { __typename: 'Viewer', id: 'VXNlcjox', name: 'Alex Rivera', role: 'TRAINER', unreadMessageCount: 2 },
};

describe('trusted documents', () => {
  it('has a manifest entry for every document codegen hashed', () => {
    for (const document of [ShellViewerDocument, SendMessageDocument, LiveActivityDocument]) {
      expect(manifest).toHaveProperty([`sha256:${documentHash(document)}`]);
    }
  });

  it('sends a query as its hash alone, over GET, through Apollo’s document transforms', async () => {
    const { client, sent } = clientAnswering({ data: shellData });
    const result = await client.query({ query: ShellViewerDocument });
    expect(result.data?.viewer?.name).toBe('Alex Rivera');
    expect(sent).toEqual([
      {
        operationName: 'ShellViewer',
        hash: documentHash(ShellViewerDocument),
        includeQuery: false,
        method: 'GET',
      },
    ]);
    expect(manifest[`sha256:${sent[0]?.hash}`]).toMatch(/^query ShellViewer \{/);
  });

  it('sends a mutation as its hash over POST', async () => {
    const { client, sent } = clientAnswering({ data: null });
    await client.mutate({ mutation: SendMessageDocument, variables: { input: { channelId: 'x', body: 'hi' } } }).catch(() => undefined);
    expect(sent[0]).toMatchObject({ hash: documentHash(SendMessageDocument), includeQuery: false });
    expect(sent[0]?.method).not.toBe('GET');
  });

  it('falls back to text when the server does not know the hash, and stays there', async () => {
    const notFound = {
      errors: [{ message: 'No trusted document', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }],
    };
    const { client, sent } = clientAnswering(notFound, { data: shellData });
    const result = await client.query({ query: ShellViewerDocument });
    expect(result.data?.viewer?.name).toBe('Alex Rivera');
    await client.query({ query: ShellViewerDocument, fetchPolicy: 'network-only' });
    expect(sent.map(({ hash, includeQuery, method }) => ({ hash, includeQuery, method }))).toEqual([
      { hash: documentHash(ShellViewerDocument), includeQuery: false, method: 'GET' },
      // No method set: HttpLink's own, POST.
      { hash: undefined, includeQuery: true, method: undefined },
      { hash: undefined, includeQuery: undefined, method: undefined },
    ]);
  });
});
