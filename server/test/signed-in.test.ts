import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../src/graphql/global-id.js';
import { startTestServer, type TestServer } from './helpers.js';

/**
 * `@SignedIn()` refuses a signed-out caller with UNAUTHENTICATED, whatever else is wrong with the
 * request, and leaves nothing behind: an argument that also fails validation must not become an
 * unhandled rejection (the test run reports one as an error).
 */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.stop();
});

describe('@SignedIn()', () => {
  it('refuses a signed-out mutation whose input is also invalid with UNAUTHENTICATED', async () => {
    const result = await server.graphql('mutation ($input: SendMessageInput!) { sendMessage(input: $input) { message { id } } }', {
      variables: { input: { channelId: toGlobalId('Channel', '00000000-0000-4000-8000-000000000000'), body: '' } },
    });
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.errors?.[0]?.message).toMatch(/Sign in to do this/);
    // Give a stranded validation promise the time to reject, inside this test.
    await new Promise((resolve) => setTimeout(resolve, 200));
  });

  it('refuses a signed-out query field with arguments the same way', async () => {
    const result = await server.graphql('{ nodes(ids: ["x"]) { id } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
