import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../config.js';
import { AppError, ErrorCode } from './errors.js';

/**
 * Rate limits per signed-in user (GraphQL operations, HTTP and WebSocket together) and per client
 * IP (every request, so sign-in guessing and anonymous floods are slowed too). With Redis they
 * are shared by all instances; if Redis is unreachable, each instance falls back to counting in
 * memory rather than refusing or waving everything through.
 */
export class RateLimits {
  private readonly user: RateLimiterAbstract;
  private readonly ip: RateLimiterAbstract;
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
      const redisLimiter = (keyPrefix: string, points: number) =>
        new RateLimiterRedis({
          storeClient: this.redis,
          keyPrefix,
          points,
          duration: 60,
          insuranceLimiter: new RateLimiterMemory({ keyPrefix: `${keyPrefix}:memory`, points, duration: 60 }),
        });
      this.user = redisLimiter('workroom:rl:user', windows.user);
      this.ip = redisLimiter('workroom:rl:ip', windows.ip);
    } else {
      this.user = new RateLimiterMemory({ keyPrefix: 'user', points: windows.user, duration: 60 });
      this.ip = new RateLimiterMemory({ keyPrefix: 'ip', points: windows.ip, duration: 60 });
    }
  }

  /** Counts one request from this IP; throws RATE_LIMITED when over. */
  consumeIp(ip: string): Promise<void> {
    return consume(this.ip, ip, 'requests from your network');
  }

  /** Counts one GraphQL operation for this user; throws RATE_LIMITED when over. */
  consumeUser(userId: string): Promise<void> {
    return consume(this.user, userId, 'requests');
  }

  close(): void {
    this.redis?.disconnect();
  }
}

async function consume(limiter: RateLimiterAbstract, key: string, what: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw new AppError(ErrorCode.RateLimited, `Too many ${what}: try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`, {
      details: { retryAfterSeconds },
    });
  }
}
