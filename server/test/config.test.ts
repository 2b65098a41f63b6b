import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('starts with nothing set: embedded database, in-process bus, port 4000', () => {
    const config = loadConfig({});
    expect(config.database.url).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    expect(config.http).toEqual({ host: '127.0.0.1', port: 4000 });
    expect(config.dataDir).toMatch(/\.data$/);
  });

  it('names every bad variable in one message', () => {
    const attempt = () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', JWT_SECRET: 'short', LOG_LEVEL: 'loud' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      for (const variable of ['PORT', 'DATABASE_URL', 'JWT_SECRET', 'LOG_LEVEL']) expect(message).toContain(variable);
      expect(message).toContain('at least 32 characters');
    }
  });

  it('requires JWT_SECRET in production with an external database', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/workroom' })).toThrow(/JWT_SECRET/);
  });

  it('requires PAYOUT_METHODS_KEY in production with an external database, and defaults it elsewhere', () => {
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/workroom', JWT_SECRET: 'x'.repeat(32) };
    expect(() => loadConfig(production)).toThrow(/PAYOUT_METHODS_KEY: required in production/);
    expect(loadConfig({ ...production, PAYOUT_METHODS_KEY: 'k'.repeat(32) }).billing.payoutMethodsKey).toBe('k'.repeat(32));
    expect(() => loadConfig({ PAYOUT_METHODS_KEY: 'short' })).toThrow(/PAYOUT_METHODS_KEY/);
    expect(loadConfig({}).billing.payoutMethodsKey).toMatch(/^dev-only/);
  });

  it('keeps the sign-in backoff short: a cap of at most 15 minutes, never below the first wait', () => {
    expect(loadConfig({}).rateLimits.signIn).toEqual({ freeFailures: 5, minDelaySeconds: 2, maxDelaySeconds: 300, memorySeconds: 3600 });
    expect(() => loadConfig({ SIGN_IN_BACKOFF_MAX_SECONDS: '3600' })).toThrow(/SIGN_IN_BACKOFF_MAX_SECONDS/);
    expect(() => loadConfig({ SIGN_IN_BACKOFF_MIN_SECONDS: '30', SIGN_IN_BACKOFF_MAX_SECONDS: '10' })).toThrow(/SIGN_IN_BACKOFF_MAX_SECONDS/);
  });

  it('treats empty strings as unset, as shells and compose files mean them', () => {
    expect(loadConfig({ DATABASE_URL: '', REDIS_URL: '' }).database.url).toBeUndefined();
  });
});
