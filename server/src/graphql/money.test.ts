import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { Money } from './money.js';

describe('Money', () => {
  it('shows amounts up to 2^53 − 1 cents to the cent, as a decimal string and formatted', () => {
    const largest = new Money(Number.MAX_SAFE_INTEGER, 'USD');
    expect(largest.amount).toBe('90071992547409.91');
    // cents / 100 as a float would print …409.90.
    expect(largest.formatted).toBe('$90,071,992,547,409.91');
    expect(new Money(2_700_000_000, 'USD').formatted).toBe('$27,000,000.00');
  });

  it('keeps signs, small amounts and currencies without minor units right', () => {
    expect(new Money(-5, 'USD')).toMatchObject({ amount: '-0.05', formatted: '-$0.05' });
    expect(new Money(0, 'EUR')).toMatchObject({ amount: '0.00', formatted: '€0.00' });
    expect(new Money(125_000, 'JPY')).toMatchObject({ amount: '125000', formatted: '¥125,000' });
  });

  it('refuses a value it cannot carry exactly instead of rounding it', () => {
    expect(() => new Money(2 ** 53, 'USD')).toThrow(RangeError);
    expect(() => new Money(10.5, 'USD')).toThrow(RangeError);
    expect(() => new Money(Number.NaN, 'USD')).toThrow(RangeError);
  });
});
