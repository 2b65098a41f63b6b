import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface Received<T> {
  items: T[];
  errors: unknown[];
  completed: boolean;
  closeCode?: number;
  /** Resolves once `count` items have arrived (or rejects after `timeoutMs`: a hang is a failure). */
  waitFor(count: number, timeoutMs?: number): Promise<T[]>;
  dispose(): void;
}

export function wsClient(
  httpUrl: string,
  token: string | undefined,
  options: { retryAttempts?: number; lazy?: boolean } = {},
): Client & { closeCodes: number[]; connections: number } {
  const closeCodes: number[] = [];
  const state = { connections: 0 };
  const client = createClient({
    url: `${httpUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: options.retryAttempts ?? 0,
    lazy: options.lazy ?? true,
    shouldRetry: () => (options.retryAttempts ?? 0) > 0,
    retryWait: async () => new Promise((resolve) => setTimeout(resolve, 100)),
    on: {
      connected: () => (state.connections += 1),
      closed: (event) => closeCodes.push((event as { code: number }).code),
    },
  });
  // A live getter: Object.assign would copy the count once.
  return Object.defineProperties(client, {
    closeCodes: { value: closeCodes },
    /** How many times the server acknowledged `connection_init`. */
    connections: { get: () => state.connections },
  }) as Client & { closeCodes: number[]; connections: number };
}

/** Subscribes and collects what arrives, in order. */
export function collect<T>(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
  pick: (data: Record<string, unknown>) => T = (data) => Object.values(data)[0] as T,
): Received<T> {
  const waiters: Array<{ count: number; resolve: (items: T[]) => void }> = [];
  const received: Received<T> = {
    items: [],
    errors: [],
    completed: false,
    waitFor(count, timeoutMs = 10_000) {
      if (received.items.length >= count) return Promise.resolve(received.items.slice());
      return new Promise<T[]>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`expected ${count} events, got ${received.items.length}: ${JSON.stringify(received.errors)}`)),
          timeoutMs,
        );
        waiters.push({ count, resolve: (items) => (clearTimeout(timer), resolve(items)) });
      });
    },
    dispose: () => unsubscribe(),
  };
  const unsubscribe = client.subscribe<Record<string, unknown>>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) received.errors.push(...result.errors);
        if (result.data) received.items.push(pick(result.data));
        for (const waiter of waiters.slice()) {
          if (received.items.length >= waiter.count) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(received.items.slice());
          }
        }
      },
      error: (error) => {
        received.errors.push(error);
        const code = (error as { code?: number }).code;
        if (typeof code === 'number') received.closeCode = code;
      },
      complete: () => {
        received.completed = true;
      },
    },
  );
  return received;
}

/** Resolves when `check` holds, polling briefly; for states with no event to wait on. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
