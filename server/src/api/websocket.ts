import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Writable } from 'node:stream';
import { execute, getOperationAST, GraphQLError, OperationTypeNode, subscribe, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql';
import {
  CloseCode,
  handleProtocols,
  makeServer,
  type Context as ProtocolServerContext,
  type ServerOptions,
  type SubscribePayload,
  type WebSocket as ProtocolSocket,
} from 'graphql-ws';
import { In } from 'typeorm';
import { WebSocket, WebSocketServer, type RawData, type Server as SocketServer } from 'ws';
import { bearerToken } from '../auth/tokens.js';
import type { Viewer } from '../auth/viewer.js';
import { Loaders } from '../graphql/loaders.js';
import { createContext, type AppServices, type Context, type VerifiedSignIn } from './context.js';
import { AppError, ErrorCode } from './errors.js';
import { flatString } from './flat-string.js';
import type { RequestGate } from './gate.js';
import { subscribeWithSharing, type AdoptedSubscription, type SocketTarget } from './shared-execution.js';

export interface WebSocketApp {
  /** Live sockets, for tests of connection hygiene. */
  readonly clients: Set<unknown>;
  /** Closes every socket with 1001 (going away) and stops accepting new ones. */
  dispose(): Promise<void>;
}

/**
 * A subscription's context. It lives for hours, so it borrows pool connections per query instead
 * of holding one (unlike a request's, api/context.ts), and its loaders are made on first use. A live subscription's resolver points them at each event's delivery anyway
 * (live.resolver.ts), and a grouped one executes on a probe, so for most of 10,000 subscribers
 * the loaders of their own (four maps and a DataLoader, about a kilobyte) would never be used.
 */
class LiveContext implements Context {
  readonly viewer: Viewer | null;
  private ownLoaders: Loaders | undefined = undefined;
  /**
   * The viewer again, for priming: a shared execution's probe (shared-execution.ts) watches reads
   * of `viewer` to tell a personal payload, and making loaders is not reading it.
   */
  private readonly primeWith: Viewer | null;

  constructor(
    readonly app: AppServices,
    readonly requestId: string,
    viewer: Viewer | null,
    readonly log: AppServices['log'],
  ) {
    this.viewer = viewer;
    this.primeWith = viewer;
  }

  get loaders(): Loaders {
    if (!this.ownLoaders) {
      this.ownLoaders = new Loaders(this.app.dataSource.manager);
      if (this.primeWith) this.ownLoaders.byId(this.app.viewerEntity).prime(this.primeWith.id, this.primeWith.user);
    }
    return this.ownLoaders;
  }

  set loaders(loaders: Loaders) {
    this.ownLoaders = loaders;
  }

  // Borrows pool connections per query: nothing to give back.
  async release(): Promise<void> {}
}

/** The close reason when a socket's sign-in stops holding (graphql-ws's Forbidden, as at init). */
const signInExpired = 'Your sign-in has expired. Sign in again.';
const accountGone = 'This account no longer exists. Sign in again.';

/**
 * GraphQL over WebSocket (graphql-ws) on the same port and path as HTTP. The viewer signs in in
 * `connection_init` ({ authorization: "Bearer …" }); a missing or bad token closes the socket
 * with 4403 before any operation. Every operation then passes the same request gate as HTTP
 * (gate.ts): the sign-in checked again, rate limits, size, trust, validation, page sizes, cost.
 * Queries and mutations run like HTTP requests, on a connection of their own and in a transaction
 * for a mutation; subscriptions borrow pool connections per query.
 *
 * A socket does not outlive its sign-in: it is closed with 4403 when its token expires (one
 * timer for all sockets) or its account is deleted (all open sockets checked every
 * WS_SESSION_CHECK_MS), which ends its live subscriptions.
 */
export function attachWebSocket(server: Server, schema: GraphQLSchema, services: AppServices, gate: RequestGate): WebSocketApp {
  const { config, log } = services;
  // The sockets are tracked by serveSockets: `ws`'s own tracking adds a closure per socket.
  const wsServer = new WebSocketServer({
    server,
    path: '/graphql',
    maxPayload: config.websocket.maxMessageBytes,
    perMessageDeflate: false,
    clientTracking: false,
    WebSocket: ServerSocket,
  });
  const sessions = new SocketSessions(services);

  // The operation each subscription context runs (events share one execution per operation), and
  // where its frames go when it is served as part of a group (shared-execution.ts).
  const operations = new WeakMap<Context, { payload: SubscribePayload; target: SocketTarget | undefined }>();

  // The socket's SocketLink is graphql-ws's `extra`: one object per socket for both sides.
  const protocol = makeServer<Record<string, unknown> | undefined, SocketLink>({
    schema,
    // serveSockets times connection_init itself (see SocketLink.initWait): graphql-ws's timer would
    // stay referenced from its per-socket closure for as long as the socket lives.
    connectionInitWaitTimeout: 0,
    onConnect: async (ctx) => {
      ctx.extra.initReceived();
      try {
        await services.rateLimits.consumeIp(ctx.extra.address);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        // 1008 (policy violation): 4429 would read as graphql-ws's own "too many initialisation requests".
        ctx.extra.socket.close(1008, error.message.slice(0, 120));
        return false;
      }
      const header = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
      const token = bearerToken(typeof header === 'string' ? header : undefined);
      try {
        const { viewer, expiresAt } = await gate.signIn(token);
        if (!viewer) return false; // graphql-ws closes with 4403 Forbidden
        // The verified sign-in, not the token (a quarter of a kilobyte) nor the connection params,
        // which graphql-ws would keep for as long as the socket lives.
        const session: VerifiedSignIn = { userId: viewer.id, expiresAt };
        ctx.extra.session = session;
        // Overwritten, not deleted: a deleted property would turn the object into a (larger) dictionary.
        Reflect.set(ctx, 'connectionParams', undefined);
        ctx.extra.signedIn(ctx);
        sessions.track(ctx.extra.socket, session);
        return true;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (error.code !== ErrorCode.ServiceUnavailable && error.code !== ErrorCode.Overloaded) return false;
        // The database is away or the pool busy: 1013 (try again later), which graphql-ws clients
        // retry, rather than 4500 (internal error), which they give up on.
        log.warn({ err: error }, error.code === ErrorCode.Overloaded ? 'connection pool busy' : 'database unavailable');
        ctx.extra.socket.close(
          1013,
          error.code === ErrorCode.Overloaded ? 'Workroom is busy. Try again later.' : 'The database is unavailable. Try again later.',
        );
        return false;
      }
    },
    onSubscribe: async (ctx, id, payload): Promise<ExecutionArgs | readonly GraphQLError[]> => {
      try {
        let viewer: Viewer | null;
        try {
          ({ viewer } = await gate.admit(ctx.extra.session));
        } catch (error) {
          if (error instanceof AppError && error.code === ErrorCode.Unauthenticated) {
            ctx.extra.socket.close(CloseCode.Forbidden, signInExpired);
          }
          throw error;
        }
        const source = gate.socketSource(payload.query, payload.extensions);
        if ('error' in source) return [source.error];
        const prepared = gate.prepare(source.query);
        if ('errors' in prepared) return prepared.errors;
        gate.checkOperation(prepared.document, payload.variables, payload.operationName);
        const live = getOperationAST(prepared.document, payload.operationName)?.operation === OperationTypeNode.SUBSCRIPTION;
        // A subscription lives for hours and borrows connections per query; a query or mutation is
        // a request like one over HTTP, with a connection (and transaction) of its own.
        // A subscription's context lives for hours: the small one (loaders made on first use).
        const context = live ? new LiveContext(services, flatString(randomUUID()), viewer, log) : createContext(services, randomUUID(), viewer, log);
        if (live) {
          const target = config.websocket.groupedDelivery ? new OperationTarget(ctx.extra, id, targetFormats) : undefined;
          operations.set(context, { payload, target });
        }
        return {
          schema,
          document: prepared.document,
          variableValues: payload.variables ?? undefined,
          operationName: payload.operationName ?? undefined,
          contextValue: context,
          // Present (as graphql-ws would set it), so that the arguments, which a grouped
          // subscription keeps, are not given a property after they were made.
          rootValue: undefined,
        };
      } catch (error) {
        // Refusals and failures alike come back as this operation's errors (masked below when
        // unexpected), instead of graphql-ws closing the whole socket with 4500.
        return [error instanceof GraphQLError ? error : new GraphQLError('Unexpected failure', { originalError: error instanceof Error ? error : undefined })];
      }
    },
    execute: async (args) => {
      try {
        return await execute(args);
      } finally {
        await (args.contextValue as Context).release();
      }
    },
    subscribe: (args) => {
      const operation = operations.get(args.contextValue as Context);
      // Needed once, here: the subscribe message's payload (its query text, variables and
      // extensions) must not live as long as the subscription's context.
      operations.delete(args.contextValue as Context);
      return operation ? subscribeWithSharing(args, operation.payload, operation.target) : subscribe(args);
    },
    onError: (_ctx, _id, _payload, errors) => formatErrors(errors),
    onNext: (_ctx, _id, _payload, args, result) => formatNext(result, args.contextValue as Context),
  } satisfies ServerOptions<Record<string, unknown> | undefined, SocketLink>);
  const transport = serveSockets(wsServer, protocol, config.websocket, log, (socket) => sessions.forget(socket));

  /** An operation's errors as they go out in its `error` frame: formatted (and masked when unexpected), with a request id of their own. */
  function formatErrors(errors: readonly GraphQLError[]): GraphQLError[] {
    const requestId = randomUUID();
    return errors.map((error) => formatted(error, requestId));
  }
  const targetFormats: TargetFormats = { formatNext, formatErrors };

  /** A `next` payload as it goes out: errors formatted (and masked when unexpected) with the request id. */
  function formatNext(result: ExecutionResult, { requestId }: Context): ExecutionResult {
    if (!('errors' in result) || !result.errors) return result;
    return { ...result, errors: result.errors.map((error) => formatted(error, requestId)) };
  }

  function formatted(error: GraphQLError, requestId: string): GraphQLError {
    const { message, extensions } = gate.formatError(error.toJSON(), error, requestId, log);
    return new GraphQLError(message, { nodes: error.nodes, path: error.path, extensions: extensions ?? {} });
  }

  return {
    clients: transport.clients,
    dispose: async () => {
      sessions.stop();
      transport.stop();
      for (const client of transport.clients) client.close(1001, 'Going away');
      wsServer.removeAllListeners();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
      // As `ws`'s close does when it tracks the sockets: done once every socket has closed.
      await transport.allClosed();
    },
  };
}

/**
 * graphql-ws's protocol (makeServer) over `ws` sockets: what graphql-ws's own `use/ws` adapter
 * does, with less kept per socket for as long as it lives, which for 10,000 subscribers is most
 * of the memory: the message handler is not an async function (its frame, and the frame's
 * buffer, would live as long as each subscription the message started), the upgrade request is
 * not kept, the socket's side of the protocol is one object (graphql-ws's `extra` too) with its
 * methods on the prototype, the sockets' listeners are the same functions for every socket (a
 * listener of its own would be a closure and its scope, and `once` a wrapper and its state), and
 * keep-alive is one timer for all sockets instead of an interval (and a timeout per ping) per
 * socket: each socket is pinged every keepAliveMs and terminated at the next turn if it did not
 * answer.
 */
const keepAliveBuckets = 16;

/**
 * The server's sockets: `ws`'s WebSocket with its SocketLink in a field (a map from socket to link
 * would cost an entry per socket), and `pong` and `error` answered by the class, the same code for
 * every socket: as listeners they would be two more event names in each socket's table of
 * listeners, which past three names grows by about 100 bytes.
 */
class ServerSocket extends WebSocket {
  link: SocketLink | undefined = undefined;

  override emit(event: string | symbol, ...args: unknown[]): boolean {
    const { link } = this;
    if (link && event === 'pong') {
      link.awaitingPong = false;
      return true;
    }
    if (link && event === 'error') {
      link.failed(args[0]);
      return true;
    }
    return super.emit(event, ...args);
  }
}

function serveSockets(
  wsServer: SocketServer<typeof ServerSocket>,
  protocol: ReturnType<typeof makeServer<Record<string, unknown> | undefined, SocketLink>>,
  { keepAliveMs, connectionInitTimeoutMs }: AppServices['config']['websocket'],
  log: AppServices['log'],
  /** Called for every socket that closes, after the protocol let go of it. */
  onClosed: (socket: WebSocket) => void,
): { clients: Set<WebSocket>; stop(): void; allClosed(): Promise<void> } {
  /** The open sockets (what `ws`'s `clients` would be). */
  const clients = new Set<ServerSocket>();
  let whenAllClosed: (() => void) | undefined;
  // The sockets in a few buckets, one swept per tick, so that 10,000 pings are not one long
  // stretch of the event loop every keepAliveMs: each socket is still pinged every keepAliveMs,
  // and has until its bucket's next turn to answer.
  const buckets = Array.from({ length: keepAliveBuckets }, () => new Set<ServerSocket>());
  let nextBucket = 0;
  let turn = 0;
  const timesInit = connectionInitTimeoutMs > 0 && Number.isFinite(connectionInitTimeoutMs);
  // The listeners every socket shares: `this` is the socket.
  function received(this: WebSocket, data: RawData): void {
    // Text frames arrive as one Buffer (binaryType "nodebuffer"); the rest only for completeness.
    (this as ServerSocket).link?.received(
      Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8'),
    );
  }
  function closed(this: WebSocket, code: number, reason: Buffer): void {
    const { link } = this as ServerSocket;
    if (!link) return;
    clients.delete(this as ServerSocket);
    buckets[link.keepAliveBucket]!.delete(this as ServerSocket);
    link.ended(code, String(reason));
    onClosed(this);
    if (clients.size === 0) whenAllClosed?.();
  }
  wsServer.options.handleProtocols = handleProtocols;
  wsServer.on('error', (error) => {
    log.error({ err: error }, 'websocket server error');
    for (const client of clients) client.close(CloseCode.InternalServerError, 'Internal server error');
  });
  wsServer.on('connection', (socket, request) => {
    // `on`, not `once`: no wrapper per socket. (`error` and `pong`: see ServerSocket.)
    socket.on('message', received);
    socket.on('close', closed);
    const bucket = nextBucket;
    nextBucket = (nextBucket + 1) % buckets.length;
    // Frames built whole go straight to the connection `ws` writes to (the upgrade's socket), which
    // is the same bytes as `ws.send` only while no extension (per-message deflate) is in use.
    const link = new SocketLink(socket, log, socket.extensions === '' ? request.socket : undefined, request.socket.remoteAddress ?? 'unknown', bucket);
    socket.link = link;
    clients.add(socket);
    buckets[bucket]!.add(socket);
    link.opened(protocol.opened(link, link));
    // graphql-ws closes a socket of another subprotocol at once; an open one has until then to send connection_init.
    if (timesInit && socket.readyState === socket.OPEN) link.awaitInit(connectionInitTimeoutMs);
  });
  const sweep = setInterval(() => {
    const bucket = buckets[turn]!;
    turn = (turn + 1) % buckets.length;
    for (const socket of bucket) {
      if (socket.readyState !== socket.OPEN) continue;
      const link = socket.link!;
      if (link.awaitingPong) {
        link.awaitingPong = false;
        socket.terminate();
        continue;
      }
      link.awaitingPong = true;
      socket.ping();
    }
  }, keepAliveMs / keepAliveBuckets);
  sweep.unref();
  return {
    clients,
    stop: () => clearInterval(sweep),
    allClosed: () =>
      clients.size === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            whenAllClosed = resolve;
          }),
  };
}

/** How an operation's results are formatted for its socket: one object for every operation. */
interface TargetFormats {
  formatNext(result: ExecutionResult, context: Context): ExecutionResult;
  formatErrors(errors: readonly GraphQLError[]): GraphQLError[];
}

/**
 * Where a grouped subscription's frames go (shared-execution.ts): its socket and operation id,
 * the methods on the prototype, so that a subscription keeps three references and no closures.
 */
class OperationTarget implements SocketTarget {
  constructor(
    private readonly link: SocketLink,
    readonly id: string,
    private readonly formats: TargetFormats,
  ) {}

  get socket(): WebSocket {
    return this.link.socket;
  }

  get connection(): Writable | undefined {
    return this.link.connection;
  }

  formatNext(result: ExecutionResult, context: Context): ExecutionResult {
    return this.formats.formatNext(result, context);
  }

  formatErrors(errors: readonly GraphQLError[]): GraphQLError[] {
    return this.formats.formatErrors(errors);
  }

  adopt(id: string, subscription: AdoptedSubscription): void {
    this.link.adopt(id, subscription);
  }

  disown(id: string, subscription: AdoptedSubscription): void {
    this.link.disown(id, subscription);
  }
}

/** A frame graphql-ws sends or receives, as far as adopted subscriptions need to read it. */
interface PeekedMessage {
  type?: unknown;
  id?: unknown;
}

/** graphql-ws's context for a socket, as far as SocketLink keeps it. */
type ProtocolContext = ProtocolServerContext<Record<string, unknown> | undefined, SocketLink>;

/**
 * The prototype of a socket's subscriptions object: nothing of its own, like graphql-ws's
 * `Object.create(null)` (so `id in subscriptions` finds nothing but ids), but an object made from
 * it is a small fast one, where an `Object.create(null)` is a dictionary from the start.
 */
const noSubscriptions: object = Object.freeze(Object.create(null) as object);

function hasNoKeys(object: object): boolean {
  for (const key in object) return key === undefined;
  return true;
}

/** graphql-ws's init timeout: it closes the socket unless connection_init arrived. */
function initTimedOut(link: SocketLink): void {
  link.initWait = undefined;
  link.close(CloseCode.ConnectionInitialisationTimeout, 'Connection initialisation timeout');
}

/** After graphql-ws let go of an adopted subscription: its emptied subscriptions object made small again. */
function compactSubscriptions(link: SocketLink): void {
  const context = link.protocolContext;
  if (context && hasNoKeys(context.subscriptions)) Reflect.set(context, 'subscriptions', Object.create(noSubscriptions));
}

/**
 * One socket as graphql-ws's protocol sees it (and its `extra`); and the subscriptions it serves
 * itself once adopted (see SocketTarget.adopt), for which it speaks the protocol where graphql-ws
 * no longer does: the `complete` graphql-ws would send when it lets go of one is not sent (the
 * subscription goes on), the client's `complete` for one ends it, a second `subscribe` with its
 * id closes the socket with 4409 as graphql-ws would, and closing the socket ends them all.
 *
 * Every field is set in the constructor: a property added later would go to a separate array.
 */
class SocketLink implements ProtocolSocket {
  private receive: ((data: string) => Promise<void>) | undefined = undefined;
  /**
   * The adopted subscriptions: a socket mostly has one, kept in two fields (a Map of one entry is
   * about 180 bytes); a Map is made for the others.
   */
  private adoptedId: string | undefined = undefined;
  private adoptedOne: AdoptedSubscription | undefined = undefined;
  private moreAdopted: Map<string, AdoptedSubscription> | undefined = undefined;
  /** graphql-ws's handler for the socket's close. */
  private protocolClosed: ((code: number, reason: string) => Promise<void>) | undefined = undefined;
  /** The sign-in of `connection_init` (verified from its token), checked again before every operation. */
  session: VerifiedSignIn | undefined = undefined;
  /** Until connection_init arrives: the timer that closes the socket with 4408. */
  initWait: NodeJS.Timeout | undefined = undefined;
  /** graphql-ws's context, once signed in (for its subscriptions object). */
  protocolContext: ProtocolContext | undefined = undefined;
  /** Pinged by keep-alive and not answered yet. */
  awaitingPong = false;

  constructor(
    readonly socket: WebSocket,
    private readonly log: AppServices['log'],
    /** Where shared frames are written whole (see SocketTarget.connection). */
    readonly connection: Writable | undefined,
    /** The peer's address, for the per-IP limit (read once at the upgrade; the request is not kept). */
    readonly address: string,
    /** Which of serveSockets' keep-alive buckets holds the socket. */
    readonly keepAliveBucket: number,
  ) {}

  get protocol(): string {
    return this.socket.protocol;
  }

  opened(closed: (code: number, reason: string) => Promise<void>): void {
    this.protocolClosed = closed;
  }

  awaitInit(ms: number): void {
    this.initWait = setTimeout(initTimedOut, ms, this);
  }

  /** graphql-ws received connection_init (its onConnect): the init timeout is over. */
  initReceived(): void {
    clearTimeout(this.initWait);
    this.initWait = undefined;
  }

  /**
   * The socket signed in: graphql-ws's context is kept, and its subscriptions object is made a
   * small one (graphql-ws reads and writes it only through `ctx.subscriptions`).
   */
  signedIn(context: ProtocolContext): void {
    this.protocolContext = context;
    if (hasNoKeys(context.subscriptions)) Reflect.set(context, 'subscriptions', Object.create(noSubscriptions));
  }

  /** The socket failed (`ws` emitted an error): logged, and closed. */
  failed(error: unknown): void {
    this.log.warn({ err: error }, 'websocket error');
    this.socket.close(CloseCode.InternalServerError, 'Internal server error');
  }

  /** The socket closed: its adopted subscriptions end, then graphql-ws's. */
  ended(code: number, reason: string): void {
    this.initReceived();
    this.endAdopted();
    void this.protocolClosed?.(code, reason);
  }

  adopt(id: string, subscription: AdoptedSubscription): void {
    if (this.adoptedOne === undefined || this.adoptedId === id) {
      this.adoptedId = id;
      this.adoptedOne = subscription;
    } else (this.moreAdopted ??= new Map()).set(id, subscription);
  }

  disown(id: string, subscription: AdoptedSubscription): void {
    if (this.adopted(id) === subscription) this.forgetAdopted(id);
  }

  private adopted(id: string): AdoptedSubscription | undefined {
    return this.adoptedId === id ? this.adoptedOne : this.moreAdopted?.get(id);
  }

  private hasAdopted(): boolean {
    return this.adoptedOne !== undefined || (this.moreAdopted?.size ?? 0) > 0;
  }

  private forgetAdopted(id: string): void {
    if (this.adoptedId === id) {
      this.adoptedId = undefined;
      this.adoptedOne = undefined;
    } else this.moreAdopted?.delete(id);
  }

  endAdopted(): void {
    if (!this.hasAdopted()) return;
    const subscriptions = [...(this.adoptedOne ? [this.adoptedOne] : []), ...(this.moreAdopted?.values() ?? [])];
    this.adoptedId = undefined;
    this.adoptedOne = undefined;
    this.moreAdopted?.clear();
    for (const subscription of subscriptions) subscription.end();
  }

  send(data: string): Promise<void> {
    const { socket } = this;
    return new Promise((resolve, reject) => {
      if (socket.readyState !== socket.OPEN) return resolve();
      // graphql-ws letting go of an adopted subscription: for the client it goes on.
      if (this.hasAdopted() && data.length < 200 && data.endsWith('"type":"complete"}')) {
        const { id } = peek(data);
        if (typeof id === 'string' && this.adopted(id)) {
          // graphql-ws deletes the id from its subscriptions once this resolves, a few promise turns on.
          setImmediate(compactSubscriptions, this);
          return resolve();
        }
      }
      socket.send(data, (error) => (error ? reject(error) : resolve()));
    });
  }

  close(code?: number, reason?: string): void {
    this.socket.close(code, reason);
  }

  onMessage(receive: (data: string) => Promise<void>): void {
    // serveSockets' `message` listener, the same for every socket, hands the text to `received`.
    this.receive = receive;
  }

  received(text: string): void {
    if (!this.receive) return;
    if (this.hasAdopted() && (text.includes('"complete"') || text.includes('"subscribe"'))) {
      const { type, id } = peek(text);
      const subscription = typeof id === 'string' ? this.adopted(id) : undefined;
      if (subscription && type === 'complete') {
        this.forgetAdopted(id as string);
        subscription.end();
        return;
      }
      if (subscription && type === 'subscribe') {
        this.socket.close(CloseCode.SubscriberAlreadyExists, `Subscriber for ${id as string} already exists`);
        return;
      }
    }
    this.receive(text).catch((error: unknown) => {
      this.log.error({ err: error }, 'websocket message handling failed');
      this.socket.close(CloseCode.InternalServerError, 'Internal server error');
    });
  }
}

/** The type and id of a frame, or nothing when it is not a JSON object (graphql-ws then refuses it). */
function peek(text: string): PeekedMessage {
  try {
    const message: unknown = JSON.parse(text);
    return typeof message === 'object' && message !== null ? message : {};
  } catch {
    return {};
  }
}

/** When a socket's sign-in ends (ms since the epoch; Infinity when never). */
function expiryOf(session: VerifiedSignIn): number {
  return session.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
}

/**
 * The open sockets' sign-ins: each is closed with 4403 when its token expires or its account is
 * deleted (one statement for all open sockets every WS_SESSION_CHECK_MS). Closing a socket ends
 * its subscriptions.
 *
 * Expiry is one timer for all sockets, not one per socket (a timer, its closure and a timer list
 * per distinct delay, about half a kilobyte each): sockets are kept by the moment their token
 * expires, which is a whole second (a token's `exp`), so the sockets signed in within the same
 * second share an entry, and the timer is set for the earliest.
 */
class SocketSessions {
  private readonly open = new Map<WebSocket, VerifiedSignIn>();
  /** Sockets by the time their token expires. */
  private readonly expiring = new Map<number, Set<WebSocket>>();
  private expiryTimer: NodeJS.Timeout | undefined;
  /** When the expiry timer fires (Infinity: not set). */
  private expiryAt = Number.POSITIVE_INFINITY;
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly services: AppServices) {
    this.sweeper = setInterval(() => void this.closeDeletedAccounts(), services.config.websocket.sessionCheckMs);
    this.sweeper.unref();
  }

  track(socket: WebSocket, session: VerifiedSignIn): void {
    const at = expiryOf(session);
    if (at <= Date.now()) return socket.close(CloseCode.Forbidden, signInExpired);
    // Closed while signing in: its close has been seen already (and no session would end this one).
    if (socket.readyState === socket.CLOSED) return;
    this.open.set(socket, session);
    if (at === Number.POSITIVE_INFINITY) return;
    let sockets = this.expiring.get(at);
    if (!sockets) {
      sockets = new Set();
      this.expiring.set(at, sockets);
    }
    sockets.add(socket);
    if (at < this.expiryAt) this.arm(at);
  }

  /** The socket closed (serveSockets calls it for every socket). */
  forget(socket: WebSocket): void {
    const session = this.open.get(socket);
    if (!session) return;
    this.open.delete(socket);
    const at = expiryOf(session);
    const sockets = this.expiring.get(at);
    sockets?.delete(socket);
    if (sockets?.size === 0) this.expiring.delete(at);
  }

  private arm(at: number): void {
    clearTimeout(this.expiryTimer);
    this.expiryAt = at;
    // setTimeout holds at most 2^31 − 1 ms (about 24 days); tokens may live longer: it fires early and sets itself again.
    this.expiryTimer = setTimeout(() => this.expire(), Math.min(Math.max(at - Date.now(), 0), 2 ** 31 - 1));
    this.expiryTimer.unref();
  }

  private expire(): void {
    this.expiryTimer = undefined;
    this.expiryAt = Number.POSITIVE_INFINITY;
    const now = Date.now();
    let next = Number.POSITIVE_INFINITY;
    for (const [at, sockets] of this.expiring) {
      if (at > now) {
        next = Math.min(next, at);
        continue;
      }
      this.expiring.delete(at);
      for (const socket of sockets) {
        this.open.delete(socket);
        socket.close(CloseCode.Forbidden, signInExpired);
      }
    }
    if (next !== Number.POSITIVE_INFINITY) this.arm(next);
  }

  private async closeDeletedAccounts(): Promise<void> {
    if (this.open.size === 0) return;
    const viewerIds = [...new Set([...this.open.values()].map((session) => session.userId))];
    let existing: Set<string>;
    try {
      const rows = await this.services.dataSource.getRepository(this.services.viewerEntity).find({ select: { id: true }, where: { id: In(viewerIds) } });
      existing = new Set(rows.map((row) => row.id));
    } catch (error) {
      // The database is away: the next sweep checks again; operations are refused meanwhile.
      this.services.log.debug({ err: error }, 'socket session check failed');
      return;
    }
    for (const [socket, session] of this.open) {
      if (!existing.has(session.userId)) socket.close(CloseCode.Forbidden, accountGone);
    }
  }

  stop(): void {
    clearInterval(this.sweeper);
    clearTimeout(this.expiryTimer);
  }
}

export { CloseCode };
