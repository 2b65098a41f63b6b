import { existsSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { ApolloServer, HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import express, { type ErrorRequestHandler, type Request } from 'express';
import type { GraphQLSchema } from 'graphql';
import pg from 'pg';
import { bearerToken } from './auth/tokens.js';
import { repoRoot } from './config.js';
import { createContext, type AppServices, type Context } from './api/context.js';
import { apolloHandler } from './api/apollo-express.js';
import { drainHttpServer } from './api/drain-http.js';
import { AppError, asServiceUnavailable, ErrorCode, serviceUnavailableRetrySeconds } from './api/errors.js';
import type { RequestGate } from './api/gate.js';
import { ReadPlanner } from './api/read-plan/planner.js';
import { parseOptions } from './api/limits.js';
import { requestLog } from './api/request-log.js';
import { builtAssets, compressAnswers, htmlCaching, inside, sendBuilt } from './api/static-files.js';
import { invoiceDownloadRouter } from './modules/billing/invoice-download.route.js';
import { calendarFeedRouter } from './modules/calendar/calendar-feed.route.js';

export interface HttpApp {
  server: Server;
  apollo: ApolloServer<Context>;
  /** Stops accepting, lets in-flight requests finish, then closes. */
  stop(): Promise<void>;
}

const clientDist = join(repoRoot, 'client', 'dist');
/** How long /readyz waits for the database to answer before it reports it down. */
const readinessTimeoutMs = 2_000;

/** The request each error was raised in, for the id that a masked error quotes. */
const requestIds = new WeakMap<object, string>();

function requestIdOf(error: unknown): string {
  if (error === null || typeof error !== 'object') return 'unknown';
  const cause = (error as { originalError?: unknown }).originalError;
  return requestIds.get(error) ?? (cause !== null && typeof cause === 'object' ? requestIds.get(cause) : undefined) ?? 'unknown';
}

const graphQLErrorBody = (code: ErrorCode | string, message: string, extra: Record<string, unknown> = {}) => ({
  errors: [{ message, extensions: { code, ...extra } }],
});

export async function createHttpApp(services: AppServices, schema: GraphQLSchema, gate: RequestGate): Promise<HttpApp> {
  const { config, log, trustedDocuments } = services;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const server = createServer(app);
  const planner = config.readPlanner ? new ReadPlanner(schema, log) : undefined;

  const requestPlugin: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request: resolved, operationName }) {
          gate.checkOperation(document, resolved.variables, operationName);
        },
        // After the gate: a query the planner covers is answered from one statement; any other
        // goes on to graphql-js (a null here).
        async responseForOperation({ document, operation, request: resolved, contextValue }) {
          if (!planner) return null;
          const data = await planner.read(document, operation, resolved.variables, contextValue);
          return data === undefined ? null : { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data } } };
        },
        // Apollo hands errors to every listener here, then formats them: the request id rides along
        // to formatError on the error itself (no AsyncLocalStorage, whose promise hooks slow every
        // promise in the process).
        async didEncounterErrors({ contextValue, errors }) {
          for (const error of errors) requestIds.set(error, contextValue.requestId);
        },
        async willSendResponse({ contextValue, response }) {
          await contextValue.release();
          // The database was unreachable: 503 and when to retry, so that HTTP clients, proxies and
          // load balancers see what the body's SERVICE_UNAVAILABLE says.
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const unavailable = errors?.find(
            (error) => error.extensions?.code === ErrorCode.ServiceUnavailable || error.extensions?.code === ErrorCode.Overloaded,
          );
          if (unavailable) {
            response.http.status = 503;
            // eslint-disable-next-line @typescript-eslint/no-base-to-string -- retryAfterSeconds is a number of seconds (extensions are typed as unknown)
            response.http.headers.set('retry-after', String(unavailable.extensions?.retryAfterSeconds ?? serviceUnavailableRetrySeconds));
          }
        },
      };
    },
  };

  const apollo = new ApolloServer<Context>({
    schema,
    // The gate's rules refuse introspection when the schema is hidden, on both transports alike.
    introspection: true,
    hideSchemaDetailsFromClientErrors: !config.exposeSchema,
    includeStacktraceInErrorResponses: false,
    validationRules: [...gate.extraRules],
    parseOptions: parseOptions(config.limits),
    // Hashes resolve through the trusted-documents manifest only (read-only: sending text with its
    // hash registers nothing). Under `off` Apollo answers PERSISTED_QUERY_NOT_SUPPORTED, and Apollo
    // Client falls back to sending text.
    persistedQueries: trustedDocuments.mode === 'off' ? false : { cache: trustedDocuments.apqCache(), ttl: null },
    plugins: [
      // Apollo's own keeps a closure per connection, for as long as a WebSocket lives.
      drainHttpServer(server),
      ApolloServerPluginLandingPageDisabled(),
      // Workroom sets no cache hints; without this, Apollo wraps every resolver to collect them.
      ApolloServerPluginCacheControlDisabled(),
      requestPlugin,
    ],
    formatError: (formatted, error) => gate.formatError(formatted, error, requestIdOf(error), log),
    // Apollo's own appends '\n' to `JSON.stringify`'s text, which makes a rope (a V8 cons string)
    // of an 80 KB answer: measuring and encoding a rope flattens it first, about 0.6 ms each on the
    // dashboard's answer. The newline is added as a byte when the answer is encoded (apollo-express.ts).
    stringifyResult: (value) => JSON.stringify(value),
  });
  await apollo.start();

  app.use(requestLog(log, { quiet: (path) => path === '/healthz' || path === '/readyz', loggedUrl: redactSecrets }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // Ready means the database answers. The bus is reported but does not make the instance unready:
  // without it, queries and mutations work and live events arrive by polling (`liveDelivery`).
  // A database that stops answering without closing its connections (frozen, partitioned) would
  // hold the probe forever: after `readinessTimeoutMs` it counts as down. A pool whose
  // connections are all busy is told apart by asking the database on a connection of its own:
  // if that answers, the database is `busy`, not down, and the instance stays ready.
  app.get('/readyz', async (_req, res) => {
    const [database, bus] = await Promise.all([databaseReadiness(services), services.events.bus.check()]);
    const ready = database !== 'down';
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', database, bus, liveDelivery: bus === 'up' ? 'bus' : 'polling' });
  });

  const idePage = join(clientDist, 'ide.html');
  const sendIde: express.RequestHandler = (req, res, next) => {
    if (!existsSync(idePage)) {
      res.status(503).type('text/plain').send('The IDE is not built yet: run `npm run build`.');
      return;
    }
    sendBuilt(req, res, idePage, htmlCaching, next);
  };
  // A browser asking for /graphql gets the IDE; API clients get GraphQL over GET or POST. The IDE
  // sends whatever text is typed into it, which TRUSTED_DOCUMENTS=require refuses: say so instead.
  if (config.exposeSchema && trustedDocuments.mode === 'require') {
    const ideOff: express.RequestHandler = (_req, res) => {
      res.status(404).type('text/plain').send("The IDE is off: this server runs only its own client's trusted documents (TRUSTED_DOCUMENTS=require).");
    };
    app.get('/graphql', (req, res, next) => (wantsHtml(req) ? ideOff(req, res, next) : next()));
    app.get(['/explorer', '/explorer/'], ideOff);
  } else if (config.exposeSchema) {
    app.get('/graphql', (req, res, next) => (wantsHtml(req) ? sendIde(req, res, next) : next()));
    app.get(['/explorer', '/explorer/'], sendIde);
  }

  app.use('/graphql', async (req, res, next) => {
    try {
      await services.rateLimits.consumeIp(req.ip ?? 'unknown');
      next();
    } catch (error) {
      if (!(error instanceof AppError)) return next(error);
      res
        .status(429)
        .setHeader('retry-after', String(error.extensions.retryAfterSeconds))
        .json(graphQLErrorBody(error.code, error.message, { retryAfterSeconds: error.extensions.retryAfterSeconds }));
    }
  });

  // Answers above 1 KiB go out compressed (Brotli or gzip, as the request accepts).
  app.use('/graphql', compressAnswers());

  app.use(
    '/graphql',
    express.json({
      limit: config.limits.maxRequestBytes,
      // JSON is UTF-8 (RFC 8259 §8.1): other bytes mean the body is not JSON, not text to guess at.
      verify: (_req, _res, body) => {
        if (!isUtf8(body)) throw Object.assign(new Error('The request body is not valid UTF-8.'), { status: 400, type: 'entity.encoding.invalid' });
      },
    }),
    (req, res, next) => {
      const query: unknown = req.method === 'GET' ? req.query.query : (req.body as { query?: unknown } | undefined)?.query;
      // Refused before Apollo parses anything; hashes go on to Apollo, which looks them up.
      const refusal = gate.checkSource(query);
      if (refusal) {
        const { http, ...extensions } = refusal.extensions as { http?: { status: number } };
        res.status(http?.status ?? 400).json({ errors: [{ message: refusal.message, extensions }] });
        return;
      }
      next();
    },
    apolloHandler(apollo, async ({ req }) => {
      const requestId = req.id;
      const admission = await gate.admit(bearerToken(req.headers.authorization)).catch((error: unknown) => {
        // Raised before Apollo's request pipeline: no plugin sees it, so it carries its request id.
        if (error !== null && typeof error === 'object') requestIds.set(error, requestId);
        throw error;
      });
      return createContext(services, requestId, admission.viewer, () => req.log);
    }),
  );

  // Built assets carry a content hash in their names (cached for a year, immutable); the HTML that
  // points at them must not be cached. Both go out as the build compressed them (api/static-files.ts).
  app.use('/assets', builtAssets(join(clientDist, 'assets')));
  app.use(calendarFeedRouter(services));
  app.use(invoiceDownloadRouter(services));
  const index = join(clientDist, 'index.html');
  // The dashboard is a single-page app: `/` and its deep links load index.html. Other files at the
  // top of dist (the IDE's page, a favicon) are served as they are.
  app.get(/^\/(?!graphql|assets\/).*/, (req, res, next) => {
    if (req.path !== '/' && req.path !== '/index.html') {
      const file = /\.[a-z0-9]+$/i.test(req.path) && !/\.(br|gz)$/.test(req.path) ? inside(clientDist, req.path) : undefined;
      if (file && existsSync(file)) {
        sendBuilt(req, res, file, htmlCaching, next);
        return;
      }
    }
    if (!existsSync(index) || (req.path !== '/' && req.path !== '/index.html' && !wantsHtml(req))) return next();
    sendBuilt(req, res, index, htmlCaching, next);
  });

  app.use((_req, res) => {
    res.status(404).json(graphQLErrorBody(ErrorCode.NotFound, 'Nothing here. The API is at /graphql.'));
  });

  const handleError: ErrorRequestHandler = (error: { type?: string; status?: number }, req, res, _next) => {
    if (error.type === 'entity.too.large') {
      res.status(413).json(
        graphQLErrorBody(ErrorCode.DocumentTooLarge, `The request body is larger than ${config.limits.maxRequestBytes} bytes.`, {
          limit: config.limits.maxRequestBytes,
        }),
      );
      return;
    }
    const unavailable = asServiceUnavailable(error);
    if (unavailable) {
      req.log.warn({ err: error }, unavailable.code === ErrorCode.Overloaded ? 'connection pool busy' : 'database unavailable');
      const retryAfterSeconds = Number(unavailable.extensions.retryAfterSeconds);
      res
        .status(503)
        .setHeader('retry-after', String(retryAfterSeconds))
        .json(graphQLErrorBody(unavailable.code, unavailable.message, { retryAfterSeconds }));
      return;
    }
    // Every other refusal of the body parser is the client's: say which, with its status.
    const status = error.status ?? 500;
    if (status >= 400 && status < 500) {
      const message = bodyProblems[error.type ?? ''] ?? 'The request body could not be read (check Content-Type, Content-Encoding and Content-Length).';
      res.status(status).json(graphQLErrorBody('BAD_REQUEST', message));
      return;
    }
    req.log.error({ err: error }, 'unhandled HTTP error');
    const requestId = req.id;
    res.status(500).json(
      graphQLErrorBody(ErrorCode.InternalServerError, `Something went wrong on our side. Quote request id ${requestId} if you contact support.`, {
        requestId,
      }),
    );
  };
  app.use(handleError);

  return {
    server,
    apollo,
    stop: () => apollo.stop(),
  };
}

/** Whether `query` answered (`up`) or failed within `ms`; undefined if it did neither in time. */
async function answersWithin(query: () => Promise<unknown>, ms: number): Promise<'up' | 'failed' | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const answer = await Promise.race([
    query().then(
      () => 'up' as const,
      () => 'failed' as const,
    ),
    new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms))),
  ]);
  clearTimeout(timer);
  return answer;
}

/** `up`, `busy` (the database answers, the pool is full) or `down`. */
async function databaseReadiness(services: AppServices): Promise<'up' | 'busy' | 'down'> {
  if ((await answersWithin(() => services.dataSource.query('SELECT 1'), readinessTimeoutMs)) === 'up') return 'up';
  const client = new pg.Client({
    connectionString: String((services.dataSource.options as { url?: string }).url ?? ''),
    connectionTimeoutMillis: readinessTimeoutMs,
  });
  try {
    const direct = await answersWithin(async () => {
      await client.connect();
      await client.query('SELECT 1');
    }, readinessTimeoutMs);
    return direct === 'up' ? 'busy' : 'down';
  } finally {
    void client.end().catch(() => undefined);
  }
}

/** Capability URLs (calendar feeds, invoice links) carry their secret in the URL: keep it out of logs. */
export function redactSecrets(url: string): string {
  return url.replace(/^\/calendar\/[^/?]+\.ics/, '/calendar/[redacted].ics').replace(/([?&]token=)[^&]*/g, '$1[redacted]');
}

const bodyProblems: Record<string, string> = {
  'entity.parse.failed': 'The request body is not valid JSON.',
  'entity.encoding.invalid': 'The request body is not valid JSON: JSON must be UTF-8.',
  'charset.unsupported': 'Send the request body as UTF-8 (Content-Type: application/json; charset=utf-8).',
  'encoding.unsupported': 'That Content-Encoding is not supported: send gzip, deflate, br or none.',
};

function wantsHtml(req: Request): boolean {
  return req.method === 'GET' && req.accepts(['application/json', 'text/html']) === 'text/html' && !req.query.query;
}
