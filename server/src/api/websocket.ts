import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { execute, getOperationAST, GraphQLError, OperationTypeNode, subscribe, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { CloseCode, type SubscribePayload } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { In } from 'typeorm';
import { WebSocketServer, type WebSocket } from 'ws';
import { bearerToken } from '../auth/tokens.js';
import type { Viewer } from '../auth/viewer.js';
import { createContext, type AppServices, type Context } from './context.js';
import { AppError, ErrorCode } from './errors.js';
import type { RequestGate } from './gate.js';
import { subscribeWithSharing, type SocketTarget } from './shared-execution.js';

export interface WebSocketApp {
  /** Live sockets, for tests of connection hygiene. */
  readonly clients: Set<unknown>;
  /** Closes every socket with 1001 (going away) and stops accepting new ones. */
  dispose(): Promise<void>;
}

interface ConnectionExtra extends Record<PropertyKey, unknown> {
  /** The bearer token of `connection_init`, checked again before every operation. */
  token?: string;
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
 * A socket does not outlive its sign-in: it is closed with 4403 when its token expires (a timer
 * per socket) or its account is deleted (all open sockets checked every WS_SESSION_CHECK_MS),
 * which ends its live subscriptions.
 */
export function attachWebSocket(server: Server, schema: GraphQLSchema, services: AppServices, gate: RequestGate): WebSocketApp {
  const { config, log } = services;
  const wsServer = new WebSocketServer({ server, path: '/graphql', maxPayload: config.websocket.maxMessageBytes });
  const sessions = new SocketSessions(services);

  // The operation each subscription context runs (events share one execution per operation), and
  // where its frames go when it is served as part of a group (shared-execution.ts).
  const operations = new WeakMap<Context, { payload: SubscribePayload; target: SocketTarget | undefined }>();

  const cleanup = useServer<Record<string, unknown> | undefined, ConnectionExtra>(
    {
      schema,
      connectionInitWaitTimeout: config.websocket.connectionInitTimeoutMs,
      onConnect: async (ctx) => {
        const address = ctx.extra.request.socket.remoteAddress ?? 'unknown';
        // Nothing reads the upgrade request after this, but graphql-ws would keep it (its headers,
        // about a kilobyte) for as long as the socket lives: 10,000 sockets, 10 MB.
        Reflect.deleteProperty(ctx.extra, 'request');
        try {
          await services.rateLimits.consumeIp(address);
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
          ctx.extra.token = token;
          sessions.track(ctx.extra.socket, viewer.id, expiresAt);
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
            ({ viewer } = await gate.admit(ctx.extra.token));
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
          const context = createContext(services, randomUUID(), viewer, log, live ? 'pooled' : 'per-request');
          if (live) {
            const target = config.websocket.groupedDelivery
              ? { socket: ctx.extra.socket, id, formatNext: (result: ExecutionResult) => formatNext(result, context) }
              : undefined;
            operations.set(context, { payload, target });
          }
          return {
            schema,
            document: prepared.document,
            variableValues: payload.variables ?? undefined,
            operationName: payload.operationName ?? undefined,
            contextValue: context,
          };
        } catch (error) {
          // Refusals and failures alike come back as this operation's errors (masked below when
          // unexpected), instead of graphql-ws closing the whole socket with 4500.
          return [
            error instanceof GraphQLError ? error : new GraphQLError('Unexpected failure', { originalError: error instanceof Error ? error : undefined }),
          ];
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
        return operation ? subscribeWithSharing(args, operation.payload, operation.target) : subscribe(args);
      },
      onError: (_ctx, _id, _payload, errors) => {
        const requestId = randomUUID();
        return errors.map((error) => formatted(error, requestId));
      },
      onNext: (_ctx, _id, _payload, args, result) => formatNext(result, args.contextValue as Context),
    },
    wsServer,
    config.websocket.keepAliveMs,
  );

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
    clients: wsServer.clients,
    dispose: async () => {
      sessions.stop();
      await cleanup.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}

/**
 * The open sockets' sign-ins: each is closed with 4403 when its token expires (a timer per
 * socket) or its account is deleted (one statement for all open sockets every
 * WS_SESSION_CHECK_MS). Closing a socket ends its subscriptions.
 */
class SocketSessions {
  private readonly open = new Map<WebSocket, { viewerId: string; timer: NodeJS.Timeout | undefined }>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly services: AppServices) {
    this.sweeper = setInterval(() => void this.closeDeletedAccounts(), services.config.websocket.sessionCheckMs);
    this.sweeper.unref();
  }

  track(socket: WebSocket, viewerId: string, expiresAt: Date | undefined): void {
    const session = { viewerId, timer: undefined as NodeJS.Timeout | undefined };
    const expire = () => {
      const remaining = (expiresAt?.getTime() ?? Number.POSITIVE_INFINITY) - Date.now();
      if (remaining <= 0) return socket.close(CloseCode.Forbidden, signInExpired);
      // setTimeout holds at most 2^31 − 1 ms (about 24 days); tokens may live longer.
      session.timer = setTimeout(expire, Math.min(remaining, 2 ** 31 - 1));
      session.timer.unref();
    };
    if (expiresAt) expire();
    this.open.set(socket, session);
    socket.once('close', () => {
      clearTimeout(session.timer);
      this.open.delete(socket);
    });
  }

  private async closeDeletedAccounts(): Promise<void> {
    if (this.open.size === 0) return;
    const viewerIds = [...new Set([...this.open.values()].map((session) => session.viewerId))];
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
      if (!existing.has(session.viewerId)) socket.close(CloseCode.Forbidden, accountGone);
    }
  }

  stop(): void {
    clearInterval(this.sweeper);
    for (const session of this.open.values()) clearTimeout(session.timer);
  }
}

export { CloseCode };
