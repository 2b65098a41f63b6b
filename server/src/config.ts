import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository root, from `server/src` and `server/dist` alike. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Every environment variable Workroom reads, parsed and validated in one place. Nothing else in
 * the server touches `process.env`; a bad value stops the start with a message naming the
 * variable instead of surfacing later as a confusing runtime error.
 */
const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: integer(0, 65_535).default(4000),
  /** Unset: an embedded PostgreSQL is started with its data under DATA_DIR. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  // Connections per instance, and how long a request waits for one before it is refused with
  // OVERLOADED (a busy pool), as distinct from SERVICE_UNAVAILABLE (no database).
  DB_POOL_SIZE: integer(1, 500).default(10),
  DB_POOL_WAIT_MS: integer(50, 60_000).default(5_000),
  /** Unset: the in-process event bus (one instance). */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  EMBEDDED_PG_PORT: integer(1, 65_535).default(54_329),
  /** Unset with an embedded database: a random secret is generated and kept under DATA_DIR. */
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_TTL_SECONDS: integer(60, 30 * 24 * 3600).default(12 * 3600),
  /**
   * How long an instance may answer a bearer token from its memory of the account (0: read it on
   * every request). Writes through this instance forget it at once; an account deleted or changed
   * elsewhere (another instance, SQL) is noticed within this time. Default: 5000 with
   * NODE_ENV=production, else 0 (in development an edit in a SQL console shows at once).
   */
  AUTH_VIEWER_CACHE_MS: integer(0, 60_000).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Seed demo data on start: `auto` seeds an empty embedded database only. */
  SEED_DEMO: z.enum(['auto', 'always', 'never']).default('auto'),
  MAX_QUERY_DEPTH: integer(2, 50).default(12),
  MAX_QUERY_COST: integer(10, 1_000_000).default(50_000),
  MAX_ALIASES: integer(1, 1000).default(30),
  MAX_QUERY_TOKENS: integer(100, 1_000_000).default(5_000),
  MAX_DOCUMENT_BYTES: integer(1_000, 10_000_000).default(100_000),
  /** The whole request body: the query plus its variables (an instructions body may be 200,000 characters). */
  MAX_REQUEST_BYTES: integer(10_000, 50_000_000).default(2_000_000),
  SHUTDOWN_GRACE_MS: integer(0, 120_000).default(10_000),
  /** GraphQL operations per signed-in user per minute, over HTTP and WebSocket together. */
  RATE_LIMIT_USER_PER_MINUTE: integer(1, 1_000_000).default(600),
  /** Requests per client IP per minute (sign-in attempts and anonymous traffic included). */
  RATE_LIMIT_IP_PER_MINUTE: integer(1, 1_000_000).default(1_200),
  /** Failed sign-ins on one e-mail address (from any IP) before each further attempt has to wait. */
  SIGN_IN_FREE_FAILURES: integer(1, 100).default(5),
  /** The first wait; it doubles with each further failure up to SIGN_IN_BACKOFF_MAX_SECONDS. */
  SIGN_IN_BACKOFF_MIN_SECONDS: integer(1, 60).default(2),
  /** The longest wait: kept short (15 minutes at most) so that guessing cannot lock a real user out for long. */
  SIGN_IN_BACKOFF_MAX_SECONDS: integer(1, 900).default(300),
  /**
   * Introspection, the GraphQL IDE and "did you mean" suggestions in errors. On by default,
   * except with NODE_ENV=production, where the schema is not advertised.
   */
  EXPOSE_SCHEMA: z.enum(['true', 'false']).optional(),
  /**
   * The SQL read planner (api/read-plan/): queries it covers are answered from one SQL statement
   * instead of the resolvers. `off` runs every operation through the resolvers (to compare, or to
   * rule the planner out when something looks wrong).
   */
  READ_PLANNER: z.enum(['on', 'off']).default('on'),
  /**
   * Trusted documents (persisted queries): `off` accepts any query text and no hashes; `allow`
   * also runs the client's documents by hash; `require` runs nothing but them. Default: `allow`
   * with NODE_ENV=production (the API also serves tools that send their own queries), else `off`.
   */
  TRUSTED_DOCUMENTS: z.enum(['off', 'allow', 'require']).optional(),
  /** The hash → document manifest GraphQL Code Generator writes (relative to the repository). */
  TRUSTED_DOCUMENTS_MANIFEST: z.string().min(1).default('client/src/gql/persisted-documents.json'),
  /** How often the publisher sweeps for events whose announcement was lost. */
  EVENTS_SWEEP_MS: integer(50, 60_000).default(1_000),
  /** How often each instance polls for new events when the bus is quiet or down. */
  EVENTS_POLL_MS: integer(50, 60_000).default(1_000),
  /** How many of the latest events each instance keeps in memory, so resumed subscriptions catch up without the database. */
  EVENTS_REPLAY_BUFFER: integer(0, 1_000_000).default(10_000),
  /** At most this many resumed subscriptions of an instance read older events from the database at once. */
  EVENTS_REPLAY_CONCURRENCY: integer(1, 100).default(4),
  /** How long resumed subscriptions may share one read of who may see each missed event. */
  EVENTS_REPLAY_ROUND_MS: integer(0, 600_000).default(1_000),
  WS_MAX_MESSAGE_BYTES: integer(1_000, 10_000_000).default(200_000),
  WS_CONNECTION_INIT_TIMEOUT_MS: integer(100, 60_000).default(5_000),
  WS_KEEPALIVE_MS: integer(1_000, 300_000).default(12_000),
  // How often open sockets are checked for accounts deleted since they signed in (token expiry is
  // exact, by a timer per socket).
  WS_SESSION_CHECK_MS: integer(100, 3_600_000).default(30_000),
  /**
   * Subscriptions whose payload does not depend on the viewer are served as a group: each event is
   * executed and serialized once and the same bytes written to every socket that may see it.
   * `false` serves every subscription on its own (for comparisons: the bench and the tests).
   */
  WS_GROUPED_DELIVERY: z.enum(['true', 'false']).default('true'),
  /** The marketplace's fee on each paid milestone, in percent, deducted from the trainer's earning. */
  MARKETPLACE_FEE_PERCENT: z.coerce.number().min(0).max(50).default(10),
  /**
   * The secret that encrypts trainers' payout account numbers at rest (AES-256-GCM, keys derived
   * with HKDF). Unset outside production: a fixed, public development key (the demo's accounts are
   * made up). Required in production with DATABASE_URL; changing it makes stored methods unreadable.
   */
  PAYOUT_METHODS_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Webhooks: whether this instance runs the delivery worker (any number of instances may). */
  WEBHOOKS_WORKER: z.enum(['true', 'false']).default('true'),
  /** Webhooks: how long one delivery attempt may take, connection to last byte. */
  WEBHOOKS_TIMEOUT_MS: integer(100, 60_000).default(10_000),
  /** Webhooks: the first retry delay; it doubles per consecutive failure (with jitter) up to WEBHOOKS_BACKOFF_MAX_MS. */
  WEBHOOKS_BACKOFF_BASE_MS: integer(10, 3_600_000).default(5_000),
  WEBHOOKS_BACKOFF_MAX_MS: integer(10, 24 * 3_600_000).default(3_600_000),
  /** Webhooks: an endpoint failing without a success for this long (and 5 attempts at least) is disabled. */
  WEBHOOKS_DISABLE_AFTER_MS: integer(100, 30 * 24 * 3_600_000).default(3 * 24 * 3_600_000),
  /** Webhooks: deliveries per second to one organization's endpoints, per instance. */
  WEBHOOKS_ORG_RATE_PER_SECOND: integer(1, 100_000).default(50),
  /** Webhooks: endpoints delivered to at once by one instance. */
  WEBHOOKS_CONCURRENCY: integer(1, 64).default(4),
  /** Webhooks: how often the worker looks for due endpoints when no event wakes it. */
  WEBHOOKS_POLL_MS: integer(50, 60_000).default(1_000),
  /**
   * Development and tests only: accept endpoints on private, loopback and link-local addresses (and
   * plain http), such as a receiver on 127.0.0.1. Refused with NODE_ENV=production.
   */
  WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: z.enum(['true', 'false']).default('false'),
});

/** Encrypts the demo's and tests' payout methods; never good enough for real account numbers. */
export const devPayoutMethodsKey = 'dev-only-insecure-payout-methods-key-do-not-use-in-production';

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  http: { host: string; port: number };
  database: { url: string | undefined; embedded: { dataDir: string; port: number }; poolSize: number; poolWaitMs: number };
  redisUrl: string | undefined;
  dataDir: string;
  auth: { jwtSecret: string | undefined; tokenTtlSeconds: number; viewerCacheMs: number };
  logLevel: Env['LOG_LEVEL'];
  seedDemo: Env['SEED_DEMO'];
  limits: {
    maxDepth: number;
    maxCost: number;
    maxAliases: number;
    maxTokens: number;
    maxDocumentBytes: number;
    maxRequestBytes: number;
    maxPageSize: number;
    defaultPageSize: number;
  };
  shutdownGraceMs: number;
  /** `payoutMethodsKey`: the secret that encrypts payout account numbers at rest (payout-method-vault.ts). */
  billing: { feePercent: number; payoutMethodsKey: string };
  events: { sweepIntervalMs: number; pollIntervalMs: number; replayBufferSize: number; replayConcurrency: number; replayRoundMs: number };
  webhooks: WebhooksConfig;
  rateLimits: { userPerMinute: number; ipPerMinute: number; signIn: SignInBackoffConfig };
  exposeSchema: boolean;
  readPlanner: boolean;
  trustedDocuments: { mode: NonNullable<Env['TRUSTED_DOCUMENTS']>; manifestPath: string };
  websocket: { maxMessageBytes: number; connectionInitTimeoutMs: number; keepAliveMs: number; sessionCheckMs: number; groupedDelivery: boolean };
}

/** Webhook delivery (modules/webhooks/webhook-worker.ts). */
export interface WebhooksConfig {
  worker: boolean;
  timeoutMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  disableAfterMs: number;
  organizationRatePerSecond: number;
  concurrency: number;
  pollIntervalMs: number;
  allowPrivateAddresses: boolean;
}

/** Backoff of failed sign-ins per account (see rate-limits.ts). */
export interface SignInBackoffConfig {
  freeFailures: number;
  minDelaySeconds: number;
  maxDelaySeconds: number;
  /** How long an account's failures are remembered, counted from the first. */
  memorySeconds: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings are how shells and compose files say "unset".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  const env = parsed.data;
  // npm runs workspace scripts inside server/, so relative paths are taken from the repo root.
  const dataDir = isAbsolute(env.DATA_DIR) ? env.DATA_DIR : resolve(repoRoot, env.DATA_DIR);
  if (env.SIGN_IN_BACKOFF_MAX_SECONDS < env.SIGN_IN_BACKOFF_MIN_SECONDS) {
    throw new ConfigError('Invalid configuration:\n  SIGN_IN_BACKOFF_MAX_SECONDS: must not be less than SIGN_IN_BACKOFF_MIN_SECONDS');
  }
  if (env.DATABASE_URL && !env.JWT_SECRET && env.NODE_ENV === 'production') {
    throw new ConfigError('Invalid configuration:\n  JWT_SECRET: required in production when DATABASE_URL is set');
  }
  if (env.DATABASE_URL && !env.PAYOUT_METHODS_KEY && env.NODE_ENV === 'production') {
    throw new ConfigError('Invalid configuration:\n  PAYOUT_METHODS_KEY: required in production when DATABASE_URL is set (it encrypts payout account numbers)');
  }
  if (env.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES === 'true' && env.NODE_ENV === 'production') {
    throw new ConfigError(
      'Invalid configuration:\n  WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: not allowed in production (it is for tests against a receiver on 127.0.0.1)',
    );
  }
  if (env.WEBHOOKS_BACKOFF_MAX_MS < env.WEBHOOKS_BACKOFF_BASE_MS) {
    throw new ConfigError('Invalid configuration:\n  WEBHOOKS_BACKOFF_MAX_MS: must not be less than WEBHOOKS_BACKOFF_BASE_MS');
  }
  return {
    env: env.NODE_ENV,
    http: { host: env.HOST, port: env.PORT },
    database: {
      url: env.DATABASE_URL,
      embedded: { dataDir: resolve(dataDir, 'postgres'), port: env.EMBEDDED_PG_PORT },
      poolSize: env.DB_POOL_SIZE,
      poolWaitMs: env.DB_POOL_WAIT_MS,
    },
    redisUrl: env.REDIS_URL,
    dataDir,
    auth: {
      jwtSecret: env.JWT_SECRET,
      tokenTtlSeconds: env.JWT_TTL_SECONDS,
      viewerCacheMs: env.AUTH_VIEWER_CACHE_MS ?? (env.NODE_ENV === 'production' ? 5_000 : 0),
    },
    logLevel: env.LOG_LEVEL,
    seedDemo: env.SEED_DEMO,
    limits: {
      maxDepth: env.MAX_QUERY_DEPTH,
      maxCost: env.MAX_QUERY_COST,
      maxAliases: env.MAX_ALIASES,
      maxTokens: env.MAX_QUERY_TOKENS,
      maxDocumentBytes: env.MAX_DOCUMENT_BYTES,
      maxRequestBytes: env.MAX_REQUEST_BYTES,
      maxPageSize: 100,
      defaultPageSize: 20,
    },
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    billing: { feePercent: env.MARKETPLACE_FEE_PERCENT, payoutMethodsKey: env.PAYOUT_METHODS_KEY ?? devPayoutMethodsKey },
    events: {
      sweepIntervalMs: env.EVENTS_SWEEP_MS,
      pollIntervalMs: env.EVENTS_POLL_MS,
      replayBufferSize: env.EVENTS_REPLAY_BUFFER,
      replayConcurrency: env.EVENTS_REPLAY_CONCURRENCY,
      replayRoundMs: env.EVENTS_REPLAY_ROUND_MS,
    },
    webhooks: {
      worker: env.WEBHOOKS_WORKER === 'true',
      timeoutMs: env.WEBHOOKS_TIMEOUT_MS,
      backoffBaseMs: env.WEBHOOKS_BACKOFF_BASE_MS,
      backoffMaxMs: env.WEBHOOKS_BACKOFF_MAX_MS,
      disableAfterMs: env.WEBHOOKS_DISABLE_AFTER_MS,
      organizationRatePerSecond: env.WEBHOOKS_ORG_RATE_PER_SECOND,
      concurrency: env.WEBHOOKS_CONCURRENCY,
      pollIntervalMs: env.WEBHOOKS_POLL_MS,
      allowPrivateAddresses: env.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES === 'true',
    },
    rateLimits: {
      userPerMinute: env.RATE_LIMIT_USER_PER_MINUTE,
      ipPerMinute: env.RATE_LIMIT_IP_PER_MINUTE,
      signIn: {
        freeFailures: env.SIGN_IN_FREE_FAILURES,
        minDelaySeconds: env.SIGN_IN_BACKOFF_MIN_SECONDS,
        maxDelaySeconds: env.SIGN_IN_BACKOFF_MAX_SECONDS,
        // An hour: long enough that waiting out the counting gains a guesser little (a handful of
        // free tries an hour against one every few minutes), short enough that the keys of
        // made-up addresses do not pile up in Redis or memory.
        memorySeconds: 3600,
      },
    },
    exposeSchema: env.EXPOSE_SCHEMA === undefined ? env.NODE_ENV !== 'production' : env.EXPOSE_SCHEMA === 'true',
    readPlanner: env.READ_PLANNER === 'on',
    trustedDocuments: {
      mode: env.TRUSTED_DOCUMENTS ?? (env.NODE_ENV === 'production' ? 'allow' : 'off'),
      manifestPath: isAbsolute(env.TRUSTED_DOCUMENTS_MANIFEST) ? env.TRUSTED_DOCUMENTS_MANIFEST : resolve(repoRoot, env.TRUSTED_DOCUMENTS_MANIFEST),
    },
    websocket: {
      maxMessageBytes: env.WS_MAX_MESSAGE_BYTES,
      connectionInitTimeoutMs: env.WS_CONNECTION_INIT_TIMEOUT_MS,
      keepAliveMs: env.WS_KEEPALIVE_MS,
      sessionCheckMs: env.WS_SESSION_CHECK_MS,
      groupedDelivery: env.WS_GROUPED_DELIVERY === 'true',
    },
  };
}
