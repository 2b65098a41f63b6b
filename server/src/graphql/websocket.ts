import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import {
  execute,
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  subscribe,
  validate,
  type ExecutionArgs,
  type GraphQLSchema,
} from 'graphql';
import { CloseCode, type SubscribePayload } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { bearerToken } from '../auth/tokens.js';
import type { Viewer } from '../auth/viewer.js';
import { authenticate, createContext, type AppServices, type Context } from './context.js';
import { AppError, ErrorCode, isDatabaseUnavailable, maskError } from './errors.js';
import { subscribeWithSharing } from './shared-execution.js';
import { assertCost, documentSizeError, isTokenLimitError, limitValidationRules, parseOptions } from './limits.js';

export interface WebSocketApp {
  /** Live sockets, for tests of connection hygiene. */
  readonly clients: Set<unknown>;
  /** Closes every socket with 1001 (going away) and stops accepting new ones. */
  dispose(): Promise<void>;
}

interface ConnectionExtra extends Record<PropertyKey, unknown> {
  viewer?: Viewer;
}

/**
 * GraphQL over WebSocket (graphql-ws) on the same port and path as HTTP. The viewer signs in once
 * in `connection_init` ({ authorization: "Bearer …" }); a missing or bad token closes the socket
 * with 4403 before any operation. Every operation passes the same limits as on HTTP.
 */
export function attachWebSocket(server: Server, schema: GraphQLSchema, services: AppServices): WebSocketApp {
  const { config, log } = services;
  const wsServer = new WebSocketServer({ server, path: '/graphql', maxPayload: config.websocket.maxMessageBytes });
  // The same rules as HTTP: graphql-js's own, the limits, and (schema hidden) no introspection.
  const rules = [
    ...specifiedRules,
    ...limitValidationRules(config.limits),
    ...(config.exposeSchema ? [] : [NoSchemaIntrospectionCustomRule]),
  ];

  // The operation each subscription context runs: events share one execution per operation.
  const operations = new WeakMap<Context, SubscribePayload>();

  const cleanup = useServer<Record<string, unknown> | undefined, ConnectionExtra>(
    {
      schema,
      connectionInitWaitTimeout: config.websocket.connectionInitTimeoutMs,
      onConnect: async (ctx) => {
        try {
          await services.rateLimits.consumeIp(ctx.extra.request.socket.remoteAddress ?? 'unknown');
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          // 1008 (policy violation): 4429 would read as graphql-ws's own "too many initialisation requests".
          ctx.extra.socket.close(1008, error.message.slice(0, 120));
          return false;
        }
        const header = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        let authentication;
        try {
          authentication = await authenticate(services, bearerToken(typeof header === 'string' ? header : undefined));
        } catch (error) {
          if (!isDatabaseUnavailable(error)) throw error;
          // The database is away: 1013 (try again later), which graphql-ws clients retry, rather
          // than 4500 (internal error), which they give up on.
          log.warn({ err: error }, 'database unavailable');
          ctx.extra.socket.close(1013, 'The database is unavailable. Try again later.');
          return false;
        }
        if ('error' in authentication || !authentication.viewer) return false; // graphql-ws closes with 4403 Forbidden
        ctx.extra.viewer = authentication.viewer;
        return true;
      },
      onSubscribe: async (ctx, _id, payload): Promise<ExecutionArgs | readonly GraphQLError[]> => {
        const refuse = (error: GraphQLError) => [error];
        if (ctx.extra.viewer) {
          try {
            await services.rateLimits.consumeUser(ctx.extra.viewer.id);
          } catch (error) {
            if (error instanceof AppError) return refuse(error);
            throw error;
          }
        }
        const tooLarge = documentSizeError(payload.query, config.limits);
        if (tooLarge) return refuse(tooLarge);
        // The text to run: a trusted document's own copy when the hash is known (TRUSTED_DOCUMENTS).
        const source = services.trustedDocuments.resolveWebSocket(payload.query, payload.extensions);
        if ('error' in source) return refuse(source.error);
        let document;
        try {
          document = parse(source.query, parseOptions(config.limits));
        } catch (error) {
          if (error instanceof GraphQLError && isTokenLimitError(error.message)) {
            return refuse(new AppError(ErrorCode.DocumentTooLarge, `The query document has more than ${config.limits.maxTokens} tokens.`));
          }
          return [error as GraphQLError];
        }
        const errors = validate(schema, document, rules);
        if (errors.length > 0) return errors.map((error) => formatted(error));
        try {
          assertCost(schema, document, payload.variables ?? undefined, payload.operationName ?? undefined, config.limits);
        } catch (error) {
          if (error instanceof AppError) return refuse(error);
          throw error;
        }
        const context = createContext(services, randomUUID(), ctx.extra.viewer ?? null, log, 'pooled');
        operations.set(context, payload);
        return {
          schema,
          document,
          variableValues: payload.variables ?? undefined,
          operationName: payload.operationName ?? undefined,
          contextValue: context,
        };
      },
      execute: (args) => execute(args),
      subscribe: (args) => {
        const operation = operations.get(args.contextValue as Context);
        return operation ? subscribeWithSharing(args, operation) : subscribe(args);
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => formatted(error)),
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!('errors' in result) || !result.errors) return result;
        return { ...result, errors: result.errors.map((error) => formatted(error as GraphQLError)) };
      },
    },
    wsServer,
    config.websocket.keepAliveMs,
  );

  function formatted(error: GraphQLError): GraphQLError {
    const report = maskError(error.toJSON(), error, 'websocket');
    if (report.unexpected !== undefined) log.error({ err: report.unexpected }, 'unexpected error in a subscription');
    if (report.unavailable !== undefined) log.warn({ err: report.unavailable }, 'database unavailable');
    const { extensions } = report.formatted;
    // With the schema hidden, "Did you mean …?" would leak field names, as Apollo hides them on HTTP.
    const message = config.exposeSchema ? report.formatted.message : report.formatted.message.replace(/ Did you mean .*$/, '');
    return new GraphQLError(message, { nodes: error.nodes, path: error.path, extensions: extensions ?? {} });
  }

  return {
    clients: wsServer.clients,
    dispose: async () => {
      await cleanup.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}

export { CloseCode };
