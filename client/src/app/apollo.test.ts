import { afterEach, describe, expect, it, vi } from 'vitest';

import { createApolloSession } from './apollo';

/**
 * A stand-in for the browser's WebSocket that speaks just enough graphql-transport-ws: it
 * acknowledges `connection_init`, and the test closes it the way the server does.
 */
class ServerSocket extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static latest: ServerSocket | undefined;
  readyState = ServerSocket.CONNECTING;
  protocol = 'graphql-transport-ws';
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;

  constructor() {
    super();
    ServerSocket.latest = this;
    setTimeout(() => {
      this.readyState = ServerSocket.OPEN;
      this.onopen?.(new Event('open'));
    });
  }

  send(data: string): void {
    if ((JSON.parse(data) as { type: string }).type === 'connection_init') {
      setTimeout(() => this.onmessage?.(new MessageEvent('message', { data: JSON.stringify({ type: 'connection_ack' }) })));
    }
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState === ServerSocket.CLOSED) return;
    this.readyState = ServerSocket.CLOSED;
    this.onclose?.(new CloseEvent('close', { code, reason, wasClean: true }));
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the live socket and the sign-in', () => {
  it('asks to sign in again when the server closes the socket because the sign-in expired (4403)', async () => {
    vi.stubGlobal('WebSocket', ServerSocket);
    const onUnauthenticated = vi.fn();
    const session = createApolloSession({ token: 'a-token', onUnauthenticated });
    await vi.waitFor(() => expect(ServerSocket.latest?.readyState).toBe(ServerSocket.OPEN));
    ServerSocket.latest!.close(4403, 'Your sign-in has expired. Sign in again.');
    await vi.waitFor(() => expect(onUnauthenticated).toHaveBeenCalledWith('Your sign-in has expired. Sign in again.'));
    await session.dispose();
  });

  it('does not sign out when the socket merely drops', async () => {
    vi.stubGlobal('WebSocket', ServerSocket);
    const onUnauthenticated = vi.fn();
    const session = createApolloSession({ token: 'a-token', onUnauthenticated });
    await vi.waitFor(() => expect(ServerSocket.latest?.readyState).toBe(ServerSocket.OPEN));
    ServerSocket.latest!.close(1006, '');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(onUnauthenticated).not.toHaveBeenCalled();
    await session.dispose();
  });
});
