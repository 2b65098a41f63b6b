import type { Client } from 'graphql-ws';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { createDeferredClient } from './deferred-ws-client';

/** A graphql-ws client double that records what is attached to it. */
const fakeClient = () => {
  const detached: string[] = [];
  const client = {
    on: vi.fn((event: string) => () => detached.push(`on:${event}`)),
    subscribe: vi.fn(() => () => detached.push('subscribe')),
    iterate: vi.fn(),
    dispose: vi.fn(),
    terminate: vi.fn(),
  };
  return { client: client as unknown as Client, calls: client, detached };
};

afterEach(() => {
  vi.useRealTimers();
});

describe('a graphql-ws client loaded after the first paint', () => {
  it('loads once something subscribes, and attaches the listeners and subscriptions made before', async () => {
    const { client, calls } = fakeClient();
    const load = vi.fn(async () => ({ createClient: () => client }));
    const deferred = createDeferredClient({ url: 'ws://test/graphql' }, load);
    deferred.on('connected', () => undefined);
    expect(load).not.toHaveBeenCalled();
    deferred.subscribe({ query: 'subscription { activity { id } }' }, { next: () => undefined, error: () => undefined, complete: () => undefined });
    await vi.waitFor(() => expect(calls.subscribe).toHaveBeenCalledTimes(1));
    expect(load).toHaveBeenCalledTimes(1);
    expect(calls.on).toHaveBeenCalledWith('connected', expect.any(Function));
  });

  it('loads on its own after half a second when nothing subscribes (the connection indicator still works)', async () => {
    vi.useFakeTimers();
    const { client } = fakeClient();
    const load = vi.fn(async () => ({ createClient: () => client }));
    createDeferredClient({ url: 'ws://test/graphql' }, load);
    await vi.advanceTimersByTimeAsync(499);
    expect(load).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('drops what was unsubscribed before it loaded, and never creates a client once disposed', async () => {
    vi.useFakeTimers();
    const { client, calls } = fakeClient();
    const createClient = vi.fn(() => client);
    const deferred = createDeferredClient({ url: 'ws://test/graphql' }, async () => ({ createClient }));
    const off = deferred.on('closed', () => undefined);
    off();
    await vi.advanceTimersByTimeAsync(500);
    expect(calls.on).not.toHaveBeenCalled();

    const other = createDeferredClient({ url: 'ws://test/graphql' }, async () => ({ createClient }));
    createClient.mockClear();
    await other.dispose();
    await vi.advanceTimersByTimeAsync(500);
    expect(createClient).not.toHaveBeenCalled();
  });
});
