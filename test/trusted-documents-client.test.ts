import { ApolloClient, ApolloLink, HttpLink, type ApolloCache, type TypedDocumentNode } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { OperationTypeNode } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../server/src/config.js';
import { toGlobalId } from '../server/src/graphql/global-id.js';
import { Factory } from '../server/test/factories.js';
import { startTestServer, type TestServer } from '../server/test/helpers.js';

/**
 * The dashboard's own Apollo Client link chain (as `VITE_TRUSTED_DOCUMENTS=true` builds it, minus
 * the browser) against a real server that runs nothing but trusted documents: what goes over the
 * wire is only hashes, queries over GET, and the server answers them.
 */
// The client's modules are type-checked by the client's own tsconfig (bundler resolution, Vite's
// import.meta.env); this file belongs to the server's NodeNext program, which must not follow them.
// So they load by a computed path, typed here with what this test uses.
const fromClient = <T>(path: string): Promise<T> => import(/* @vite-ignore */ `${repoRoot}client/src/${path}`) as Promise<T>;
// `any`: the result shapes are the client's generated types, which this program cannot see.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the comment above says why
type Document = TypedDocumentNode<Record<string, any>, Record<string, unknown>>;
let createCache: () => ApolloCache;
let createPersistedDocumentsLink: () => ApolloLink;
let documents: { ShellViewerDocument: Document; DashboardHomeDocument: Document; SendMessageDocument: Document; LiveActivityDocument: Document };

let server: TestServer;
let token: string;
let channelId: string;
const requests: Array<{ method: string; url: string; body: string | undefined }> = [];

beforeAll(async () => {
  ({ createCache } = await fromClient<{ createCache: typeof createCache }>('app/cache.ts'));
  ({ createPersistedDocumentsLink } = await fromClient<{ createPersistedDocumentsLink: typeof createPersistedDocumentsLink }>('app/trusted-documents.ts'));
  documents = await fromClient<typeof documents>('gql/graphql.ts');
  server = await startTestServer({
    env: { TRUSTED_DOCUMENTS: 'require', TRUSTED_DOCUMENTS_MANIFEST: `${repoRoot}client/src/gql/persisted-documents.json` },
  });
  const factory = new Factory(server.workroom.dataSource);
  const organization = await factory.organization();
  const trainer = await factory.trainer({ name: 'Alex Rivera' });
  const job = await factory.job(organization);
  await factory.contract(job, trainer, { title: 'Rank chatbot answers' });
  channelId = toGlobalId('Channel', (await factory.channel(organization, [trainer], { jobId: job.id })).id);
  token = (await server.workroom.services.tokens.issue(trainer.id)).token;
});

afterAll(async () => {
  await server?.stop();
});

/** As `client/src/app/apollo.ts` builds it: the trusted-documents link in front of HTTP and graphql-ws. */
const dashboardClient = () => {
  const wsClient = createClient({
    url: `${server.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
  });
  const http = new HttpLink({
    uri: `${server.url}/graphql`,
    headers: { authorization: `Bearer ${token}` },
    // Records what goes over the wire, then sends it for real.
    fetch: async (input, init) => {
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- fetch input is a string or URL here, whose String() is the address
      requests.push({ method: init?.method ?? 'GET', url: String(input), body: typeof init?.body === 'string' ? init.body : undefined });
      return fetch(input, init);
    },
  });
  const transport = ApolloLink.split((operation) => operation.operationType === OperationTypeNode.SUBSCRIPTION, new GraphQLWsLink(wsClient), http);
  const client = new ApolloClient({ cache: createCache(), link: createPersistedDocumentsLink().concat(transport) });
  return { client, dispose: () => wsClient.dispose() };
};

describe('the dashboard client with TRUSTED_DOCUMENTS=require', () => {
  it('reads the shell and the home page by hash over GET, sends a message by hash over POST, and hears it on the live feed by hash over graphql-ws', async () => {
    const { client, dispose } = dashboardClient();
    requests.length = 0;
    const live: unknown[] = [];
    const feed = client.subscribe({ query: documents.LiveActivityDocument, variables: {} }).subscribe({ next: (event) => live.push(event) });
    const shell = await client.query({ query: documents.ShellViewerDocument });
    expect(shell.error).toBeUndefined();
    expect(shell.data?.viewer?.name).toBe('Alex Rivera');
    const home = await client.query({ query: documents.DashboardHomeDocument, variables: { contracts: 5, conversations: 5 } });
    expect(home.error).toBeUndefined();
    expect(home.data?.viewer).toBeTruthy();
    // Subscribed before the message is sent, so the feed is live for it.
    const deadline = Date.now() + 10_000;
    while (server.workroom.services.events.stream.listenerCount === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const sent = await client.mutate({ mutation: documents.SendMessageDocument, variables: { input: { channelId, body: 'By hash' } } });
    expect(sent.error).toBeUndefined();
    expect(sent.data?.sendMessage.message.id).toBeTruthy();

    expect(requests.map((request) => request.method)).toEqual(['GET', 'GET', 'POST']);
    for (const request of requests) {
      const params = new URL(request.url).searchParams;
      expect(params.has('query')).toBe(false);
      expect(params.get('extensions') ?? request.body).toMatch(/"persistedQuery":\{"version":1,"sha256Hash":"[0-9a-f]{64}"\}/);
      expect(request.body ?? '').not.toMatch(/"query"/);
    }

    // The live feed, subscribed over graphql-ws by hash, delivers the message.
    while (live.length === 0 && Date.now() < deadline + 10_000) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(live[0]).toMatchObject({ data: { activity: { type: 'MESSAGE_ADDED', summary: expect.stringContaining('By hash') } } });
    feed.unsubscribe();
    await dispose();
  });
});
