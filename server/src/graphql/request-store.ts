import { AsyncLocalStorage } from 'node:async_hooks';

/** The request id, reachable from code that is not handed the context (error formatting). */
export const requestStore = new AsyncLocalStorage<{ requestId: string }>();
