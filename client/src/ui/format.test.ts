import { describe, expect, it } from 'vitest';

import { formatRate, formatRelative, rateUnitWords } from './format';

const usd = (formatted: string) => ({ formatted });

describe('formatRate: every rate with its unit', () => {
  it('puts the unit after a per-hour or per-label rate', () => {
    expect(formatRate('PAY_PER_HOUR', usd('$50.00'))).toBe('$50.00 / hour');
    expect(formatRate('PAY_PER_LABEL', usd('$0.12'))).toBe('$0.12 / label');
  });

  it('shows a fixed price as its amount', () => {
    expect(formatRate('FIXED_PRICE', usd('$5,000.00'))).toBe('$5,000.00');
  });

  it('picks the rate or the fixed price of a job or contract by its payment type', () => {
    // A job or a contract carries both; only one applies.
    expect(formatRate('PAY_PER_HOUR', usd('$42.00'), usd('$9,000.00'))).toBe('$42.00 / hour');
    expect(formatRate('FIXED_PRICE', null, usd('$9,000.00'))).toBe('$9,000.00');
    expect(formatRate('FIXED_PRICE', usd('$42.00'), usd('$9,000.00'))).toBe('$9,000.00');
  });

  it('says the payment type in words when the amount it needs is missing, never a bare unit', () => {
    expect(formatRate('PAY_PER_HOUR', null, usd('$9,000.00'))).toBe('Per hour');
    expect(formatRate('PAY_PER_LABEL', undefined)).toBe('Per label');
    expect(formatRate('FIXED_PRICE', usd('$42.00'), null)).toBe('Fixed price');
  });

  it('names the unit a rate is entered in', () => {
    expect(rateUnitWords('PAY_PER_HOUR')).toBe('per hour');
    expect(rateUnitWords('PAY_PER_LABEL')).toBe('per label');
    expect(rateUnitWords('FIXED_PRICE')).toBe('for the whole job');
  });
});

describe('formatRelative', () => {
  const now = Date.parse('2026-11-23T12:00:00.000Z');
  const at = (offsetSeconds: number) => new Date(now + offsetSeconds * 1000).toISOString();

  it('says how long ago something happened', () => {
    expect(formatRelative(at(-30), now)).toBe('just now');
    expect(formatRelative(at(-5 * 60), now)).toBe('5 minutes ago');
    expect(formatRelative(at(-3 * 3600), now)).toBe('3 hours ago');
    expect(formatRelative(at(-26 * 3600), now)).toBe('yesterday');
  });

  it('never says "in 4 minutes" for something that has happened (a clock behind the server’s)', () => {
    expect(formatRelative(at(4 * 60), now)).toBe('just now');
    expect(formatRelative(at(3 * 3600), now)).toBe('just now');
  });
});
