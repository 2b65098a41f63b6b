import type { Logger } from 'pino';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { PolicyContext } from '../policy/policy.js';
import type { TokenService } from '../auth/tokens.js';
import type { ViewerCache } from '../auth/viewer-cache.js';
import { viewerOf, type Viewer, type ViewerAccount } from '../auth/viewer.js';
import type { Config } from '../config.js';
import type { EventBus } from '../events/bus.js';
import type { EventStream } from '../events/event-stream.js';
import type { EventPublisher } from '../events/publisher.js';
import { unauthenticated } from '../errors/domain-error.js';
import { Loaders, type EntityClass } from '../graphql/loaders.js';
import type { RateLimits } from './rate-limits.js';
import type { TrustedDocuments } from './trusted-documents.js';

/** What lives for the whole process and every request may use. */
export interface AppServices {
  config: Config;
  dataSource: DataSource;
  tokens: TokenService;
  log: Logger;
  rateLimits: RateLimits;
  /** The client's documents by hash, and what TRUSTED_DOCUMENTS lets through besides. */
  trustedDocuments: TrustedDocuments;
  /** Live events: the publisher is kicked after each commit; subscriptions read the stream. */
  events: { publisher: EventPublisher; stream: EventStream; bus: EventBus };
  /** The accounts area's user entity, given by the composition root: who a token signs in. */
  viewerEntity: EntityClass<ViewerAccount>;
}

/** One request's (or one subscription operation's) context. */
export interface Context {
  requestId: string;
  viewer: Viewer | null;
  loaders: Loaders;
  app: AppServices;
  log: Logger;
  /** Gives the request's database connection back to the pool; called once the response is sent. */
  release(): Promise<void>;
}

export interface SignedInContext extends Context, PolicyContext {
  viewer: Viewer;
}

export type Authentication = { viewer: Viewer | null; expiresAt?: Date } | { error: 'expired' | 'invalid' };

/**
 * A sign-in whose token was verified already (a socket's, at `connection_init`): whose, and until
 * when. A socket keeps this rather than its token, a quarter of a kilobyte, for hours; the token
 * would verify the same way again, and expire at the same moment.
 */
export interface VerifiedSignIn {
  readonly userId: string;
  readonly expiresAt: Date | undefined;
}

/**
 * Resolves a bearer token to the viewer; a token for a deleted user is as invalid as a forged one.
 * With a cache, an account read in the last few seconds is not read again (see ViewerCache for
 * how a deleted or changed account stops being served); `fresh` reads it anyway and updates the
 * cache (a socket's sign-in, which then serves for hours).
 */
export async function authenticate(
  app: AppServices,
  credential: string | VerifiedSignIn | undefined,
  cache?: ViewerCache,
  fresh = false,
): Promise<Authentication> {
  if (!credential) return { viewer: null };
  let userId: string;
  let expiresAt: Date | undefined;
  if (typeof credential === 'string') {
    const check = await app.tokens.verify(credential);
    if (!check.ok) return { error: check.reason };
    ({ userId, expiresAt } = check.claims);
  } else {
    // The token's own rule (TokenService.verify): expired once now reaches its `exp`.
    if (credential.expiresAt && credential.expiresAt.getTime() <= Date.now()) return { error: 'expired' };
    ({ userId, expiresAt } = credential);
  }
  const known = fresh ? undefined : cache?.get(userId);
  // A copy per request, like a fresh read: nothing one request does to its row reaches another's.
  if (known) return { viewer: viewerOf(Object.assign(Object.create(Object.getPrototypeOf(known) as object) as ViewerAccount, known)), expiresAt };
  const generation = cache?.generation ?? 0;
  const user = await app.dataSource.getRepository(app.viewerEntity).findOneBy({ id: userId });
  cache?.remember(userId, user, generation);
  return user ? { viewer: viewerOf(user), expiresAt } : { error: 'invalid' };
}

/**
 * Each request reads through one pooled connection, taken on its first query. node-postgres
 * runs a connection's queries one after another, so results arrive in the order they were
 * asked for, and DataLoader batches come out the same on every run instead of depending on which
 * of several concurrent queries happened to finish first.
 *
 * `log` may be given as a function: the request's logger is then made when something logs.
 */
export function createContext(app: AppServices, requestId: string, viewer: Viewer | null, log: Logger | (() => Logger)): Context {
  return new RequestContext(app, requestId, viewer, log);
}

/**
 * A request's context, whose query runner, loaders and logger are made on first use: a query the
 * read planner answers without a statement (`{ viewer { name } }`) needs none of them, and one it
 * answers from its statement needs the runner alone.
 */
class RequestContext implements Context {
  private runner: QueryRunner | undefined;
  private ownLoaders: Loaders | undefined;
  private ownLog: Logger | (() => Logger);

  constructor(
    readonly app: AppServices,
    readonly requestId: string,
    readonly viewer: Viewer | null,
    log: Logger | (() => Logger),
  ) {
    this.ownLog = log;
  }

  get log(): Logger {
    if (typeof this.ownLog === 'function') this.ownLog = this.ownLog();
    return this.ownLog;
  }

  /** The request's connection's manager, without making loaders. */
  get manager(): EntityManager {
    this.runner ??= serialized(this.app.dataSource.createQueryRunner());
    return this.runner.manager;
  }

  get loaders(): Loaders {
    if (!this.ownLoaders) {
      this.ownLoaders = new Loaders(this.manager);
      if (this.viewer) this.ownLoaders.byId(this.app.viewerEntity).prime(this.viewer.id, this.viewer.user);
    }
    return this.ownLoaders;
  }

  set loaders(loaders: Loaders) {
    this.ownLoaders = loaders;
  }

  async release(): Promise<void> {
    if (this.runner && !this.runner.isReleased) await this.runner.release();
  }
}

/** The manager of the context's connection: a request's own, made without its loaders where it can be. */
export function managerOf(context: Context): EntityManager {
  return context instanceof RequestContext ? context.manager : context.loaders.manager;
}

/** A request's context for a viewer already known (a private feed's owner, found by its token). */
export function createSignedInContext(app: AppServices, requestId: string, viewer: Viewer, log: Logger): SignedInContext {
  // The context itself, not a copy: its loaders and connection are made on first use.
  return createContext(app, requestId, viewer, log) as SignedInContext;
}

/**
 * Narrows to a signed-in context or fails with UNAUTHENTICATED. Resolvers say `@SignedIn()` instead
 * (signed-in.ts); a subscription's `subscribe` function, which takes no parameter decorators, calls this.
 */
export function requireViewer(context: Context): SignedInContext {
  if (!context.viewer) throw unauthenticated();
  return context as SignedInContext;
}

/**
 * Queues the runner's queries in our code rather than in node-postgres, which would do the same
 * but warns that queuing on a busy client goes away in pg 9.
 */
function serialized(queryRunner: QueryRunner): QueryRunner {
  const query = queryRunner.query.bind(queryRunner);
  let tail: Promise<unknown> = Promise.resolve();
  queryRunner.query = ((...args: Parameters<QueryRunner['query']>) => {
    const result = tail.then(() => query(...args));
    tail = result.catch(() => undefined);
    return result;
  }) as QueryRunner['query'];
  return queryRunner;
}
