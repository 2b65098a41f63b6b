import { createSourceEventStream, execute, getOperationAST, Kind, visit, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { ActivityEvent } from '../events/activity-event.entity.js';
import { deliveryOf } from '../events/delivery.js';
import type { Context } from './context.js';

/**
 * Subscriptions whose payload does not depend on who receives it are executed once per event
 * and operation, and the result is handed to every subscriber of the instance that may see the
 * event (who may see it is decided before, per subscriber, by the event's audience).
 *
 * Whether a payload depends on the viewer is observed rather than declared: every resolver that
 * answers differently per person (the policy's checks, unread counts, e-mail visibility…) has
 * to read `context.viewer`, so the shared execution runs on a context that notices that read. An
 * operation that read it once is executed per subscriber from then on. Forgetting to mark a field
 * cannot leak anything, because there is nothing to mark.
 */
export function subscribeWithSharing(
  args: ExecutionArgs,
  operation: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null },
): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  // Computed once per subscription: a string's hash is cached on it, and 10,000 subscribers look it up per event.
  const documentKey = `${operation.query}\u0000${operation.operationName ?? ''}`;
  const keys = { documentKey, executionKey: `execution:${documentKey}\u0000${JSON.stringify(sharedVariables(args.document, documentKey, operation))}` };
  return createSourceEventStream(args).then((stream) =>
    isAsyncIterable(stream) ? mapStream(stream, (event) => executeEvent(args, keys, event)) : stream,
  );
}

// Per document: the variables that only say where a subscription resumes (`after`).
const resumeVariables = new Map<string, ReadonlySet<string>>();
const resumeVariablesLimit = 1_000;

/**
 * The variables that can change a payload: all but those passed to `after`, which only decide where
 * the subscription resumes. So a dashboard that reconnected with its last cursor is executed with
 * every other subscriber of its document again, from its first live event on.
 */
function sharedVariables(
  document: DocumentNode,
  documentKey: string,
  operation: { operationName?: string | null; variables?: Record<string, unknown> | null },
): Record<string, unknown> {
  const variables = operation.variables ?? {};
  let resume = resumeVariables.get(documentKey);
  if (!resume) {
    const names = new Set<string>();
    const definition = getOperationAST(document, operation.operationName ?? undefined);
    // The subscription's own field only (an `after` deeper down pages a connection in the
    // payload), and only a variable used nowhere else.
    const uses = new Map<string, number>();
    if (definition) {
      visit(definition.selectionSet, {
        Variable(variable) {
          uses.set(variable.name.value, (uses.get(variable.name.value) ?? 0) + 1);
        },
      });
    }
    for (const selection of definition?.selectionSet.selections ?? []) {
      if (selection.kind !== Kind.FIELD) continue;
      for (const argument of selection.arguments ?? []) {
        const { value } = argument;
        if (argument.name.value === 'after' && value.kind === Kind.VARIABLE && uses.get(value.name.value) === 1) names.add(value.name.value);
      }
    }
    if (resumeVariables.size >= resumeVariablesLimit) resumeVariables.clear();
    resumeVariables.set(documentKey, names);
    resume = names;
  }
  if (resume.size === 0) return variables;
  return Object.fromEntries(Object.entries(variables).filter(([name]) => !resume.has(name)));
}

interface SharedOutcome {
  result: ExecutionResult;
  readViewer: boolean;
  /**
   * The context whose viewer the execution ran with: the result is always right for it. Weakly
   * held: an outcome kept for a replay round must not keep a subscriber's context (and loaders) alive.
   */
  owner: WeakRef<Context>;
}

// Document texts (not variables: a channel id does not make a payload personal) known to read the
// viewer. Bounded: forgetting only costs one more probe.
const readsViewer = new Set<string>();
const readsViewerLimit = 1_000;

async function executeEvent(
  args: ExecutionArgs,
  { documentKey, executionKey }: { documentKey: string; executionKey: string },
  event: unknown,
): Promise<ExecutionResult> {
  const context = args.contextValue as Context;
  if (!(event instanceof ActivityEvent) || readsViewer.has(documentKey)) return execute({ ...args, rootValue: event });

  const delivery = deliveryOf(event, context.app.dataSource.manager);
  const outcome = await delivery.shared(executionKey, () => probe(args, context, event));
  if (!outcome.readViewer) return outcome.result;
  if (readsViewer.size >= readsViewerLimit) readsViewer.clear();
  readsViewer.add(documentKey);
  return outcome.owner.deref() === context ? outcome.result : execute({ ...args, rootValue: event });
}

async function probe(args: ExecutionArgs, owner: Context, event: ActivityEvent): Promise<SharedOutcome> {
  let readViewer = false;
  // Inherits everything from the owner's context; what resolvers set (the event's loaders) stays on the probe.
  const context = Object.create(owner, {
    viewer: {
      get: () => {
        readViewer = true;
        return owner.viewer;
      },
      enumerable: true,
    },
  }) as Context;
  const result = await execute({ ...args, contextValue: context, rootValue: event });
  return { result, readViewer, owner: new WeakRef(owner) };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/**
 * Maps a source stream like graphql-js's own subscribe does. Not an async generator: `return()` on
 * a generator waits for its pending `next()`, which for a quiet channel may be never, and the
 * source's listener would stay attached.
 */
function mapStream<T, R>(source: AsyncIterable<T>, map: (value: T) => Promise<R>): AsyncIterableIterator<R> {
  const iterator = source[Symbol.asyncIterator]();
  const close = async (): Promise<IteratorResult<R>> => {
    await iterator.return?.();
    return { done: true, value: undefined };
  };
  return {
    async next() {
      const step = await iterator.next();
      if (step.done) return { done: true, value: undefined };
      try {
        return { done: false, value: await map(step.value) };
      } catch (error) {
        await close();
        throw error;
      }
    },
    return: close,
    async throw(error?: unknown) {
      await close();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
