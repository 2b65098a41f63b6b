import { describe, expect, it } from 'vitest';
import { splitEarning } from './fees.js';

describe('splitEarning', () => {
  it('takes the fee to the nearest cent, half up, and net is always gross minus fee', () => {
    expect(splitEarning(100_000, 10)).toEqual({ grossCents: 100_000, feeCents: 10_000, netCents: 90_000 });
    expect(splitEarning(5, 10)).toEqual({ grossCents: 5, feeCents: 1, netCents: 4 });
    expect(splitEarning(4, 10)).toEqual({ grossCents: 4, feeCents: 0, netCents: 4 });
    expect(splitEarning(1, 50)).toEqual({ grossCents: 1, feeCents: 1, netCents: 0 });
    expect(splitEarning(12_345, 0)).toEqual({ grossCents: 12_345, feeCents: 0, netCents: 12_345 });
  });

  it('is exact for fractional percents where floating point lands on the wrong side of a half cent', () => {
    // 3,000 × 1.15 / 100 is 34.49999999999999 in floating point; the fee is 34.5 → 35 cents.
    expect((3_000 * 1.15) / 100).toBeLessThan(34.5);
    expect(splitEarning(3_000, 1.15)).toEqual({ grossCents: 3_000, feeCents: 35, netCents: 2_965 });
    expect(splitEarning(100_000_000, 12.3456)).toEqual({ grossCents: 100_000_000, feeCents: 12_345_600, netCents: 87_654_400 });
  });

  it('splits the largest amounts exactly, and refuses what is not a whole number of cents', () => {
    const gross = Number.MAX_SAFE_INTEGER;
    const { feeCents, netCents } = splitEarning(gross, 10);
    expect(BigInt(feeCents)).toBe((BigInt(gross) + 5n) / 10n);
    expect(feeCents + netCents).toBe(gross);
    expect(() => splitEarning(2 ** 53, 10)).toThrow(RangeError);
    expect(() => splitEarning(1.5, 10)).toThrow(RangeError);
    expect(() => splitEarning(-1, 10)).toThrow(RangeError);
  });
});
