import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config, SignInBackoffConfig } from '../config.js';
import { AppError, ErrorCode } from './errors.js';

/**
 * Rate limits per signed-in user (GraphQL operations, HTTP and WebSocket together) and per client
 * IP (every request, so sign-in guessing and anonymous floods are slowed too), and a backoff of
 * failed sign-ins per account (see {@link SignInBackoff}). With Redis they are shared by all
 * instances; if Redis is unreachable, each instance falls back to counting in memory rather than
 * refusing or waving everything through.
 */
export class RateLimits {
  private readonly user: Counter;
  private readonly ip: Counter;
  private readonly signIn: SignInBackoff;
  private readonly redis: Redis | undefined;

  constructor(config: Config) {
    const windows = { user: config.rateLimits.userPerMinute, ip: config.rateLimits.ipPerMinute };
    if (config.redisUrl) {
      // A frozen Redis keeps its connections open: time commands out so the memory insurance
      // limiter answers instead of every request hanging.
      this.redis = new Redis(config.redisUrl, {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        commandTimeout: 500,
        connectionName: 'workroom-rate-limits',
      });
      this.redis.on('error', () => undefined); // reported by the event bus; here the memory insurance takes over
      const redisLimiter = (keyPrefix: string, points: number, duration = 60) =>
        new RateLimiterRedis({
          storeClient: this.redis,
          keyPrefix,
          points,
          duration,
          insuranceLimiter: new RateLimiterMemory({ keyPrefix: `${keyPrefix}:memory`, points, duration }),
        });
      this.user = new SharedCounter(redisLimiter('workroom:rl:user', windows.user), windows.user, 60_000, 'requests');
      this.ip = new SharedCounter(redisLimiter('workroom:rl:ip', windows.ip), windows.ip, 60_000, 'requests from your network');
      this.signIn = new SignInBackoff(config.rateLimits.signIn, (name, points, duration) => redisLimiter(`workroom:rl:signin:${name}`, points, duration));
    } else {
      this.user = new LocalCounter(new RateLimiterMemory({ keyPrefix: 'user', points: windows.user, duration: 60 }), 'requests');
      this.ip = new LocalCounter(new RateLimiterMemory({ keyPrefix: 'ip', points: windows.ip, duration: 60 }), 'requests from your network');
      this.signIn = new SignInBackoff(
        config.rateLimits.signIn,
        (name, points, duration) => new RateLimiterMemory({ keyPrefix: `signin:${name}`, points, duration }),
      );
    }
  }

  /**
   * Counts one request from this IP; throws (or rejects with) RATE_LIMITED when over. Usually
   * answers without waiting for anything (undefined); a promise only when it must ask Redis.
   */
  consumeIp(ip: string): Promise<void> | void {
    return this.ip.consume(ip);
  }

  /** Counts one GraphQL operation for this user, like {@link consumeIp}. */
  consumeUser(userId: string): Promise<void> | void {
    return this.user.consume(userId);
  }

  /**
   * One sign-in attempt on the account of this (normalized) e-mail address, under its backoff:
   * throws RATE_LIMITED (HTTP 429) while the account has to wait, without calling `verify`.
   * `verify` answers the user, or null for wrong credentials, which counts as a failure; a user
   * clears the account's failures; an exception (the database away) counts for nothing.
   */
  signInAttempt<T>(email: string, verify: () => Promise<T | null>): Promise<T | null> {
    return this.signIn.attempt(email, verify);
  }

  close(): void {
    this.redis?.disconnect();
  }
}

/** One limit's counting: by key, per fixed window; undefined when allowed without waiting. */
interface Counter {
  consume(key: string): Promise<void> | void;
}

/** This instance's own count (no Redis): rate-limiter-flexible's memory limiter, as before. */
class LocalCounter implements Counter {
  constructor(
    private readonly limiter: RateLimiterAbstract,
    private readonly what: string,
  ) {}

  consume(key: string): Promise<void> {
    return consume(this.limiter, key, this.what);
  }
}

interface SharedCount {
  /** The count in Redis at its last answer to this instance (this instance's sends included). */
  known: number;
  /** Counted here and being sent to Redis now, and counted here and not sent yet. */
  sending: number;
  pending: number;
  /** When the window ends, as Redis last said. */
  resetAt: number;
}

/**
 * A limit shared by every instance through Redis, without a Redis round trip in the common
 * request. Each instance counts locally and sends its counts to Redis in the background (one
 * INCRBY in flight per key at a time; what arrives meanwhile goes in the next), learning the shared
 * count from each answer:
 *
 * - While this instance's view of the shared count (Redis's last answer plus what it has not yet
 *   heard back about) stays within half the limit, a request is allowed at once.
 * - Above that, every request waits for its own increment in Redis, which is atomic: the
 *   (N+1)th request of a window is refused exactly, as before.
 * - Once Redis has said the window is over the limit, requests are refused here until it ends.
 *
 * The tolerance: what other instances allowed in the fast half and had not yet sent when this
 * instance asked, at most the requests each of them admitted during one Redis round trip
 * (about a millisecond on a LAN). A limit is never exceeded by more than that. If Redis is away,
 * the insurance limiter (memory, per instance) answers the increments, as before.
 */
class SharedCounter implements Counter {
  private readonly counts = new Map<string, SharedCount>();
  private readonly fastUpTo: number;

  constructor(
    private readonly limiter: RateLimiterAbstract,
    private readonly points: number,
    private readonly windowMs: number,
    private readonly what: string,
  ) {
    this.fastUpTo = Math.floor(points / 2);
  }

  consume(key: string): Promise<void> | void {
    const now = Date.now();
    let count = this.counts.get(key);
    if (!count) {
      if (this.counts.size >= maxSharedKeys) this.sweep(now);
      count = { known: 0, sending: 0, pending: 0, resetAt: now + this.windowMs };
      this.counts.set(key, count);
    } else if (count.resetAt <= now) {
      // A new window; the same record, since an increment in flight will answer on it.
      count.known = 0;
      count.resetAt = now + this.windowMs;
    }
    if (count.known > this.points) throw rateLimited(count.resetAt - now, this.what);
    if (count.known + count.sending + count.pending + 1 <= this.fastUpTo) {
      count.pending += 1;
      if (count.sending === 0) this.send(key, count);
      return undefined;
    }
    return this.consumeInRedis(key, count);
  }

  private async consumeInRedis(key: string, count: SharedCount): Promise<void> {
    // What this instance allowed and has not sent goes with it, so that on one instance the
    // count is exact (one Redis connection keeps the order of the increments in flight).
    const points = 1 + count.pending;
    count.pending = 0;
    try {
      const answer = await this.limiter.consume(key, points);
      this.learn(count, answer);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      this.learn(count, rejection);
      throw rateLimited(rejection.msBeforeNext, this.what);
    }
  }

  /** Sends what was counted here; one increment in flight per key, the rest waits for it. */
  private send(key: string, count: SharedCount): void {
    const points = count.pending;
    count.pending = 0;
    count.sending = points;
    // `penalty` adds without refusing: these requests were already allowed.
    this.limiter.penalty(key, points).then(
      (answer) => {
        count.sending = 0;
        this.learn(count, answer);
        if (count.pending > 0) this.send(key, count);
      },
      () => {
        // Even the insurance limiter failed: the counts are lost; the next request sends again.
        count.sending = 0;
        if (count.pending > 0) this.send(key, count);
      },
    );
  }

  private learn(count: SharedCount, answer: RateLimiterRes): void {
    const resetAt = Date.now() + answer.msBeforeNext;
    // A later window in Redis (its key expired and began again): its count replaces the old one.
    if (resetAt > count.resetAt + 1_000) count.known = answer.consumedPoints;
    else count.known = Math.max(count.known, answer.consumedPoints);
    count.resetAt = resetAt;
  }

  /** Drops the keys whose window has ended and that have nothing left to send. */
  private sweep(now: number): void {
    for (const [key, count] of this.counts) {
      if (count.resetAt <= now && count.sending === 0 && count.pending === 0) this.counts.delete(key);
    }
  }
}

/** Keys remembered per shared limit before the ended windows are swept out. */
const maxSharedKeys = 100_000;

async function consume(limiter: RateLimiterAbstract, key: string, what: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    throw rateLimited(rejection.msBeforeNext, what);
  }
}

function rateLimited(msBeforeNext: number, what: string, details: Record<string, unknown> = {}): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new AppError(ErrorCode.RateLimited, `Too many ${what}: try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`, {
    details: { retryAfterSeconds, ...details },
  });
}

type LimiterFactory = (name: string, points: number, durationSeconds: number) => RateLimiterAbstract;

/**
 * Failed sign-ins per account, from whatever address: express-brute's scheme, built from
 * rate-limiter-flexible's limiters the way its ExpressBruteFlexible builds it.
 *
 * - `free` counts the attempts since the last successful sign-in. The first `freeFailures - 1`
 *   go through at once.
 * - From then on an attempt goes through only while the account's `gate` is open, and shuts it
 *   behind itself for the next delay: min, 2 × min, 4 × min … up to max. Anything in between is
 *   refused with RATE_LIMITED before the password is looked at, so a right password waits too
 *   (otherwise the backoff would not slow guessing), but never longer than max.
 * - `passed` counts the attempts that went through the gate: the length of the next delay.
 *
 * Both decisions are one atomic increment each, so a burst of parallel guesses gets no more
 * tries than the same guesses one after another. The key is a hash of the address: whether it
 * belongs to an account plays no part (an unknown address is answered exactly like a wrong
 * password, backoff included), and no address is stored in Redis or memory in the clear.
 */
class SignInBackoff {
  private readonly free: RateLimiterAbstract;
  private readonly gate: RateLimiterAbstract;
  private readonly passed: RateLimiterAbstract;

  constructor(
    private readonly config: SignInBackoffConfig,
    limiter: LimiterFactory,
  ) {
    this.free = limiter('free', config.freeFailures - 1, config.memorySeconds);
    this.gate = limiter('gate', 1, config.maxDelaySeconds);
    // Counted with `penalty`, which never refuses: the points do not matter.
    this.passed = limiter('passed', 1, config.memorySeconds);
  }

  async attempt<T>(email: string, verify: () => Promise<T | null>): Promise<T | null> {
    const key = createHash('sha256').update(email).digest('base64url');
    const shutGate = await this.enter(key);
    let verdict: T | null;
    try {
      verdict = await verify();
    } catch (error) {
      // No answer about the password (the database is away): the attempt does not count.
      await Promise.all([this.free.reward(key), ...(shutGate ? [this.gate.delete(key), this.passed.reward(key)] : [])]);
      throw error;
    }
    if (verdict !== null) await Promise.all([this.free.delete(key), this.gate.delete(key), this.passed.delete(key)]);
    return verdict;
  }

  /** Lets the attempt through or refuses it; true when it went through the gate (and shut it). */
  private async enter(key: string): Promise<boolean> {
    try {
      await this.free.consume(key);
      return false;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
    }
    const passed = (await this.passed.get(key))?.consumedPoints ?? 0;
    const { minDelaySeconds, maxDelaySeconds } = this.config;
    const delaySeconds = Math.min(minDelaySeconds * 2 ** Math.min(passed, 30), maxDelaySeconds);
    // The delay applies only when this attempt finds the gate open (a new key); on a shut gate
    // the increment keeps the time left, which is what the refusal reports.
    const gate = await this.gate.penalty(key, 1, { customDuration: delaySeconds });
    if (gate.consumedPoints > 1) {
      // 429 with Retry-After, like the other limits (app.ts sets it for those, outside any resolver).
      const retryAfter = String(Math.max(1, Math.ceil(gate.msBeforeNext / 1000)));
      throw rateLimited(gate.msBeforeNext, 'failed sign-ins with this email address', {
        http: { status: 429, headers: new Map([['retry-after', retryAfter]]) },
      });
    }
    await this.passed.penalty(key);
    return true;
  }
}
