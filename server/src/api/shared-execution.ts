import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  createSourceEventStream,
  execute,
  getOperationAST,
  GraphQLError,
  Kind,
  visit,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
} from 'graphql';
import type { Writable } from 'node:stream';
import type { WebSocket } from 'ws';
import type { Viewer } from '../auth/viewer.js';
import { ActivityEvent } from '../events/activity-event.entity.js';
import { deliveryOf } from '../events/delivery.js';
import type { Context } from './context.js';
import { isLiveFeed, type FeedSink, type LiveFeed } from './live-feed.js';

/** Where a subscription's `next` frames go when it is served as part of a group. */
export interface SocketTarget {
  socket: WebSocket;
  /**
   * The connection under `socket` (its TCP or TLS socket), when a frame built whole may be written
   * straight to it: without per-message deflate, `ws` writes each frame of its own whole and at
   * once (a server's frames are unmasked, none fragmented), so a frame written between two of them
   * reaches the client as one `socket.send` would have. Absent: frames go through `socket.send`.
   */
  readonly connection?: Writable | undefined;
  /** The graphql-ws operation id of the subscription on that socket. */
  id: string;
  /**
   * What the server's `onNext` hook makes of a result with errors, for the subscriber of that
   * context (one function for every target: nothing per subscription).
   */
  formatNext(result: ExecutionResult, context: Context): ExecutionResult;
  /** What the server's `onError` hook makes of a subscription's errors (one function for every target). */
  formatErrors(errors: readonly GraphQLError[]): unknown[];
  /**
   * Takes the subscription over from graphql-ws once its replay is done (see
   * {@link GroupMember}): the socket's side answers the client's `complete` for its id, refuses a
   * second subscribe with it, and ends it when the socket closes. Absent: graphql-ws keeps it.
   */
  adopt?(id: string, subscription: AdoptedSubscription): void;
  /** The adopted subscription ended on its own (an error): the socket forgets it. */
  disown?(id: string, subscription: AdoptedSubscription): void;
}

/** A subscription the socket serves itself, without graphql-ws's state for the operation. */
export interface AdoptedSubscription {
  /** Ends it (the client's `complete`, or the socket closed); nothing more is written. */
  end(): void;
}

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
 *
 * With a `target` (the socket and operation id), a subscription to a live feed whose document is
 * not known to read the viewer joins its group (see {@link DeliveryGroup}): after its own replay,
 * its live events are written by the group, as bytes shared with every other member.
 */
export function subscribeWithSharing(
  args: ExecutionArgs,
  operation: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null },
  target?: SocketTarget,
): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  // Computed once per subscription: a string's hash is cached on it, and 10,000 subscribers look it up per event.
  const documentKey = `${operation.query}\u0000${operation.operationName ?? ''}`;
  const keys = { documentKey, executionKey: `execution:${documentKey}\u0000${JSON.stringify(sharedVariables(args.document, documentKey, operation))}` };
  return createSourceEventStream(args).then((stream) => {
    if (!isAsyncIterable(stream)) return stream;
    if (target && isLiveFeed(stream) && !readsViewer.has(documentKey) && (args.contextValue as Context).viewer) {
      // The group's keys, not this subscription's equal copies: two long strings less per subscriber.
      return new GroupMember(groupOf(keys), stream, args, target);
    }
    return mapStream(stream, (event) => executeEvent(args, keys, event));
  });
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

interface ExecutionKeys {
  documentKey: string;
  executionKey: string;
}

async function executeEvent(args: ExecutionArgs, { documentKey, executionKey }: ExecutionKeys, event: unknown): Promise<ExecutionResult> {
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

// ── Grouped delivery ─────────────────────────────────────────────────────────────────────────

/**
 * How long the group writes to sockets before it lets the event loop serve HTTP (and the other
 * groups): 10,000 sends take tens of milliseconds, and a mutation must not wait for all of them.
 * A mutation waits up to one slice at each of its database round trips (about ten), so the slice
 * is short; a turn of the event loop costs microseconds, about a socket write's worth.
 */
const deliverySliceMs = 2;

const frameHead = '{"id":';

/**
 * A complete WebSocket text frame, as `ws` frames a message a server sends (RFC 6455 §5.2: FIN and
 * opcode 1, no mask, the payload's length in 7, 16 or 64 bits), with the payload
 * `{"id":<idJson><tail>`. Built once per event and operation id: a server's frames are not masked,
 * so the frame is the same bytes for every socket it goes to.
 */
export function nextFrame(idJson: string, tail: string): { frame: Buffer; headerBytes: number } {
  const length = frameHead.length + Buffer.byteLength(idJson) + Buffer.byteLength(tail);
  const headerBytes = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerBytes + length);
  frame[0] = 0x81;
  if (headerBytes === 2) frame[1] = length;
  else if (headerBytes === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  let offset = headerBytes + frame.write(frameHead, headerBytes, 'latin1');
  offset += frame.write(idJson, offset, 'utf8');
  frame.write(tail, offset, 'utf8');
  return { frame, headerBytes };
}

/** One group per document and variables (but `after`): their payloads are the same bytes. */
const groups = new Map<string, DeliveryGroup>();

function groupOf(keys: ExecutionKeys): DeliveryGroup {
  let group = groups.get(keys.executionKey);
  if (!group) {
    group = new DeliveryGroup(keys);
    groups.set(keys.executionKey, group);
  }
  return group;
}

/** The groups and their members on this instance (for tests and diagnostics). */
export function groupedDeliveryStats(): { groups: number; members: number } {
  let members = 0;
  for (const group of groups.values()) members += group.members.size;
  return { groups: groups.size, members };
}

/** One event to be written to some members of a group (those whose feed offered it). */
interface Entry {
  seq: number;
  event: ActivityEvent;
  members: GroupMember[];
  started: boolean;
}

/**
 * The subscriptions of one document and variables on this instance whose payload does not depend
 * on the viewer. Each member's feed hands it its live events synchronously (a listener call, no
 * promise); the group takes them one event at a time, in the order offered: who may see the event
 * is read once (the audience's rule on fresh data, then a function call per member), the payload
 * is executed once (with a member that may see it) and serialized once, and one time-sliced loop
 * writes the same bytes to every member that may see it, with only the operation id spliced in:
 * the `next` frame graphql-ws would have sent, byte for byte.
 *
 * If the execution turns out to read the viewer after all, the group dissolves: its members, and
 * the events it still held for them, go back to per-subscriber execution, in order.
 */
class DeliveryGroup {
  readonly members = new Set<GroupMember>();
  dissolved = false;
  private readonly queue: Entry[] = [];
  /** Per position, the newest entry not yet started: members offered the same event share it. */
  private readonly open = new Map<number, Entry>();
  private seq = 0;
  private running = false;
  /**
   * The execution arguments of the group's first member, without its context: every member's,
   * but for a resume variable (`after`), which only its replay reads. An adopted member executes
   * with these and its own context (see GroupMember.args).
   */
  template: ExecutionArgs | undefined = undefined;

  constructor(readonly keys: ExecutionKeys) {}

  offer(member: GroupMember, event: ActivityEvent): void {
    let entry = this.open.get(event.position!);
    // A member must never join an entry that comes before one it is already in: its order would change.
    if (!entry || entry.started || entry.seq <= member.lastEntry) {
      entry = { seq: ++this.seq, event, members: [], started: false };
      this.queue.push(entry);
      this.open.set(event.position!, entry);
    }
    entry.members.push(member);
    member.lastEntry = entry.seq;
    if (!this.running) void this.run();
  }

  leave(member: GroupMember): void {
    this.members.delete(member);
    if (this.members.size === 0 && groups.get(this.keys.executionKey) === this) groups.delete(this.keys.executionKey);
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0 && !this.dissolved) {
        const entry = this.queue.shift()!;
        entry.started = true;
        if (this.open.get(entry.event.position!) === entry) this.open.delete(entry.event.position!);
        try {
          await this.deliver(entry);
        } catch (error) {
          // Nothing may stop the group (or escape as an unhandled rejection): these subscriptions
          // end with the error, the next event is delivered as usual.
          for (const member of entry.members) member.fail(error);
        }
      }
    } finally {
      this.running = false;
    }
  }

  private async deliver(entry: Entry): Promise<void> {
    const { event } = entry;
    const members = entry.members.filter((member) => !member.closed);
    if (members.length === 0) return;
    const delivery = deliveryOf(event, members[0]!.context.app.dataSource.manager);
    let outcome: SharedOutcome;
    let visible: GroupMember[];
    try {
      // Who may see the event and the payload are read at once, not one after the other: the
      // payload is the same for every member (the probe tells if it is not), so any member's
      // execution will do, and it goes to nobody the audience does not name. When the probe
      // finds the payload personal, its owner's result reaches its owner only if the owner is a
      // reader (GroupMember.next checks before it executes).
      const probed = members[0]!;
      const [isReader, probedOutcome] = await Promise.all([
        delivery.audience(),
        delivery.shared(this.keys.executionKey, () => probe(this.template!, probed.context, event)),
      ]);
      visible = members.filter((member) => isReader(member.viewer));
      if (visible.length === 0) return;
      outcome = probedOutcome;
    } catch (error) {
      // The database went away (or the payload could not be executed): these subscriptions end
      // with the error, as they would on their own, and the client resumes with its last cursor.
      for (const member of members) member.fail(error);
      return;
    }
    if (outcome.readViewer) {
      if (readsViewer.size >= readsViewerLimit) readsViewer.clear();
      readsViewer.add(this.keys.documentKey);
      this.dissolve(entry);
      return;
    }
    const { result } = outcome;
    // Errors are formatted per subscriber (each has its own request id); a clean result is one
    // serialization for all (everything of the frame after the id), and one frame per operation id:
    // clients mostly number their subscriptions alike, so there are a few per event.
    const tail = result.errors ? undefined : `,"type":"next","payload":${JSON.stringify(result)}}`;
    const frames = new Map<string, { frame: Buffer; headerBytes: number }>();
    let sliceStarted = performance.now();
    for (let index = 0; index < visible.length; index += 1) {
      const member = visible[index]!;
      if (!member.closed) {
        if (tail !== undefined) {
          let frame = frames.get(member.idJson);
          if (!frame) {
            frame = nextFrame(member.idJson, tail);
            frames.set(member.idJson, frame);
          }
          member.writeShared(frame.frame, frame.headerBytes);
        } else member.writeOwn(result);
      }
      if ((index & 31) === 31 && performance.now() - sliceStarted >= deliverySliceMs) {
        await nextTurn();
        sliceStarted = performance.now();
      }
    }
  }

  private dissolve(from: Entry): void {
    this.dissolved = true;
    if (groups.get(this.keys.executionKey) === this) groups.delete(this.keys.executionKey);
    for (const entry of [from, ...this.queue.splice(0)]) {
      for (const member of entry.members) member.takeBack(entry.event);
    }
    this.open.clear();
  }
}

/**
 * One subscription of a group, as the async iterator graphql-ws consumes: it yields the replay
 * (executed per subscriber, as without groups); then, when the socket can adopt it, it ends as far
 * as graphql-ws is concerned (whose `complete` frame for it the socket does not send), so that
 * graphql-ws keeps nothing for it (its suspended `for await`, the parsed subscribe message, the
 * emit closures: about 1.5 KB per subscription), while the group writes its live events and the
 * socket answers the client's `complete`. Without adoption it yields nothing while the group
 * writes, until the subscription ends. When its group dissolved, the events the group handed back
 * and those that follow are executed per subscriber: yielded to graphql-ws, or, once adopted,
 * written by the member itself, as graphql-ws would (`next` frames, then an `error` frame if one
 * fails).
 */
class GroupMember implements AsyncIterableIterator<ExecutionResult>, AdoptedSubscription, FeedSink {
  closed = false;
  /** The seq of the last group entry this member is in. */
  lastEntry = 0;
  readonly context: Context;
  readonly viewer: Viewer;
  /** The operation id as JSON, a string: a small Buffer would pin an 8 KB pool slab for as long as the subscription lives. */
  readonly idJson: string;
  private replaying = true;
  /** Events to execute on its own, in order (after its group dissolved; made on the first). */
  private own: ActivityEvent[] | undefined = undefined;
  private failure: { error: unknown } | undefined = undefined;
  private wake: (() => void) | undefined = undefined;
  /** The socket serves it (see {@link SocketTarget.adopt}): graphql-ws no longer iterates it. */
  private adopted = false;
  /** Adopted and writing what it executes on its own (after its group dissolved). */
  private pumping = false;
  /** Its own execution arguments, until it is adopted (see {@link args}). */
  private ownArgs: ExecutionArgs | undefined;

  constructor(
    private readonly group: DeliveryGroup,
    private readonly feed: LiveFeed,
    args: ExecutionArgs,
    private readonly target: SocketTarget,
  ) {
    this.context = args.contextValue as Context;
    this.ownArgs = args;
    group.template ??= { ...args, contextValue: undefined };
    this.viewer = this.context.viewer!;
    this.idJson = JSON.stringify(target.id);
    group.members.add(this);
    feed.handOver(this);
  }

  /** A live event from its feed (see {@link LiveFeed.handOver}). */
  take(event: ActivityEvent): void {
    if (this.group.dissolved) this.takeBack(event);
    else this.group.offer(this, event);
  }

  /**
   * What its events execute with: its own arguments while it has them, else (adopted) the group's,
   * which are the same but for where a subscription resumes, with its own context.
   */
  get args(): ExecutionArgs {
    return this.ownArgs ?? { ...this.group.template!, contextValue: this.context };
  }

  /**
   * Writes a `next` frame built whole (see {@link nextFrame}): one write of the shared bytes to the
   * connection, which is what `ws.send` puts on the wire for the payload (its header, then the
   * payload, corked), without a copy, a header and a `writev` per socket. Like `ws.send`, it does
   * not wait for a slow reader: the connection buffers what it cannot write yet (`bufferedAmount`
   * counts it), and keep-alive ends a peer that stopped reading. A closing socket gets nothing.
   */
  writeShared(frame: Buffer, headerBytes: number): void {
    const { socket, connection } = this.target;
    if (socket.readyState !== socket.OPEN) return;
    if (connection) connection.write(frame);
    else socket.send(frame.subarray(headerBytes), { binary: false });
  }

  writeOwn(result: ExecutionResult): void {
    const { socket } = this.target;
    if (socket.readyState !== socket.OPEN) return;
    socket.send(JSON.stringify({ id: this.target.id, type: 'next', payload: this.target.formatNext(result, this.context) }));
  }

  takeBack(event: ActivityEvent): void {
    (this.own ??= []).push(event);
    this.wake?.();
    if (this.adopted) void this.pump();
  }

  fail(error: unknown): void {
    this.failure ??= { error };
    this.wake?.();
    if (this.adopted) void this.pump();
  }

  end(): void {
    void this.close();
  }

  /**
   * What graphql-ws's `for await` would do with the events executed on their own once the socket
   * adopted the member: a `next` frame each, in order; an `error` frame if one fails, which ends it.
   */
  private async pump(): Promise<void> {
    if (this.pumping || this.closed) return;
    this.pumping = true;
    try {
      for (;;) {
        const step = await this.next();
        if (step.done) return;
        this.writeOwn(step.value);
      }
    } catch (error) {
      const { socket, id } = this.target;
      const original = error instanceof Error ? error : new Error(String(error));
      const errors = this.target.formatErrors([new GraphQLError(original.message, { originalError: original })]);
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ id, type: 'error', payload: errors }));
    } finally {
      this.pumping = false;
    }
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    try {
      if (this.replaying) {
        const step = await this.feed.next();
        if (!step.done) return { done: false, value: await executeEvent(this.args, this.group.keys, step.value) };
        this.replaying = false;
        if (this.target.adopt && !this.group.dissolved && !this.failure && !this.closed) {
          // Handed to the socket: graphql-ws's loop over it ends here, and its state goes with it.
          this.adopted = true;
          // Its variables (and the subscribe message's objects they are) are not needed any more.
          this.ownArgs = undefined;
          this.target.adopt(this.target.id, this);
          return { done: true, value: undefined };
        }
      }
      for (;;) {
        if (this.failure) throw this.failure.error;
        if (this.closed) return { done: true, value: undefined };
        const event = this.own?.shift();
        if (event) {
          const visible = deliveryOf(event, this.context.app.dataSource.manager).visibleTo(this.viewer);
          if (visible === true || (visible !== false && (await visible))) return { done: false, value: await executeEvent(this.args, this.group.keys, event) };
          continue;
        }
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
      }
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    await this.close();
    return { done: true, value: undefined };
  }

  async throw(error?: unknown): Promise<IteratorResult<ExecutionResult>> {
    await this.close();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.group.leave(this);
    if (this.adopted) this.target.disown?.(this.target.id, this);
    this.wake?.();
    await this.feed.return?.();
  }
}
