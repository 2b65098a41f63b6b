import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import type { DataSource, Logger as SqlLogger } from 'typeorm';
import { createHttpApp, type HttpApp } from './app.js';
import { TokenService } from './auth/tokens.js';
import type { Config } from './config.js';
import { buildWorkroomSchema, createWorkroomDataSource, viewerEntity } from './composition.js';
import { runMigrations } from './db/data-source.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded.js';
import { seedDemo, type SeedSummary } from './demo/seed.js';
import type { AppServices } from './api/context.js';
import { RequestGate } from './api/gate.js';
import { attachWebSocket } from './api/websocket.js';
import { RateLimits } from './api/rate-limits.js';
import { TrustedDocuments } from './api/trusted-documents.js';
import { InProcessBus, RedisBus, type EventBus } from './events/bus.js';
import { EventStream } from './events/event-stream.js';
import { EventPublisher } from './events/publisher.js';
import { WebhookWorker } from './modules/webhooks/webhook-worker.js';

export interface StartOptions {
  log?: Logger;
  /** Sees every SQL statement (tests count them). */
  sqlLogger?: SqlLogger;
}

export interface RunningWorkroom {
  url: string;
  port: number;
  dataSource: DataSource;
  services: AppServices;
  seed: SeedSummary | undefined;
  embedded: boolean;
  websocketClients: Set<unknown>;
  /** Graceful: stop accepting, drain requests, close the database. */
  stop(): Promise<void>;
}

/**
 * Never in a log line: the sign-in token, and a payout account number or PayPal e-mail should any
 * code ever log a GraphQL input (nothing does: request bodies are not logged, and the database
 * only ever sees them sealed).
 */
export const logRedactPaths = [
  'req.headers.authorization',
  '*.accountNumber',
  '*.*.accountNumber',
  '*.*.*.accountNumber',
  '*.paypal.email',
  '*.*.paypal.email',
  '*.*.*.paypal.email',
];

export function createLogger(config: Config): Logger {
  return pino({ level: config.logLevel, base: { service: 'workroom' }, redact: logRedactPaths });
}

/** Starts everything: database (embedded when DATABASE_URL is unset), migrations, seed, HTTP. */
export async function startWorkroom(config: Config, options: StartOptions = {}): Promise<RunningWorkroom> {
  const log = options.log ?? createLogger(config);
  // First, so that a missing manifest under TRUSTED_DOCUMENTS=require stops the start at once.
  const trustedDocuments = await TrustedDocuments.load(config.trustedDocuments, (message) => log.warn(message));
  if (config.trustedDocuments.mode !== 'off') {
    log.info({ mode: trustedDocuments.mode, documents: trustedDocuments.size }, 'trusted documents loaded');
  }
  let embedded: EmbeddedDatabase | undefined;
  const databaseUrl = config.database.url ?? (embedded = await startEmbeddedPostgres(config.database.embedded.dataDir, config.database.embedded.port, log)).url;

  const dataSource = createWorkroomDataSource({
    url: databaseUrl,
    poolSize: config.database.poolSize,
    poolWaitMs: config.database.poolWaitMs,
    ...(options.sqlLogger ? { logger: options.sqlLogger } : {}),
  });
  let http: HttpApp | undefined;
  let stopLive: (() => Promise<void>) | undefined;
  try {
    await dataSource.initialize();
    const applied = await runMigrations(dataSource);
    if (applied.length > 0) log.info({ migrations: applied }, 'applied migrations');

    const seedDue = config.seedDemo === 'always' || (config.seedDemo === 'auto' && embedded !== undefined);
    const seed = seedDue ? await seedDemo(dataSource, { payoutMethodsKey: config.billing.payoutMethodsKey }) : undefined;

    const bus: EventBus = config.redisUrl ? new RedisBus(config.redisUrl, log) : new InProcessBus();
    const events = {
      bus,
      publisher: new EventPublisher(dataSource, bus, log, config.events.sweepIntervalMs),
      stream: new EventStream(dataSource, bus, log, config.events),
    };
    const rateLimits = new RateLimits(config);
    const services: AppServices = {
      config,
      dataSource,
      log,
      rateLimits,
      trustedDocuments,
      tokens: new TokenService(await jwtSecret(config, log), config.auth.tokenTtlSeconds),
      events,
      viewerEntity,
    };
    const schema = await buildWorkroomSchema();
    const gate = new RequestGate(schema, services);
    http = await createHttpApp(services, schema, gate);
    const server = http.server;
    const websocket = attachWebSocket(server, schema, services, gate);
    await events.stream.start();
    // This instance's own commits reach its subscribers from the rows the publisher wrote.
    events.publisher.onPublished = (batch) => events.stream.published(batch);
    events.publisher.start();
    // Signed webhooks: delivers each organization's events to its endpoints (any number of instances).
    const webhooks = config.webhooks.worker ? new WebhookWorker(dataSource, bus, log, config, () => events.publisher.kick()) : undefined;
    webhooks?.start();
    stopLive = async () => {
      await webhooks?.stop();
      await websocket.dispose();
      await events.publisher.stop();
      await events.stream.stop();
      await bus.close();
      rateLimits.close();
    };
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.http.port, config.http.host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? 'localhost' : config.http.host;
    const app = http;
    return {
      url: `http://${host}:${port}`,
      port,
      dataSource,
      services,
      seed,
      embedded: embedded !== undefined,
      websocketClients: websocket.clients,
      stop: async () => {
        // Sockets first (closed with 1001), then HTTP drains, then the database.
        await stopLive?.();
        await app.stop();
        await dataSource.destroy();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await stopLive?.().catch(() => undefined);
    await http?.stop().catch(() => undefined);
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw error;
  }
}

/** The configured secret, or one generated once and kept under DATA_DIR (development only). */
async function jwtSecret(config: Config, log: Logger): Promise<string> {
  if (config.auth.jwtSecret) return config.auth.jwtSecret;
  const path = join(config.dataDir, 'jwt-secret');
  const existing = await readFile(path, 'utf8').catch(() => undefined);
  if (existing && existing.trim().length >= 32) return existing.trim();
  await mkdir(config.dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  await writeFile(path, `${secret}\n`, { mode: 0o600 });
  log.info({ path }, 'generated a JWT signing secret (set JWT_SECRET to choose your own)');
  return secret;
}
