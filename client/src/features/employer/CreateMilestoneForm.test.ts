import { describe, expect, it } from 'vitest';

import { dollarsToCents, dueDateToIso } from './CreateMilestoneForm';

describe('dollarsToCents', () => {
  it('reads dollars as typed, with separators and cents', () => {
    expect(dollarsToCents('250')).toBe(25_000);
    expect(dollarsToCents('1,200.50')).toBe(120_050);
    expect(dollarsToCents('$19.99')).toBe(1_999);
    expect(dollarsToCents('0.1')).toBe(10);
  });

  it('refuses what is not a positive amount', () => {
    expect(dollarsToCents('')).toBeNull();
    expect(dollarsToCents('0')).toBeNull();
    expect(dollarsToCents('-5')).toBeNull();
    expect(dollarsToCents('12.345')).toBeNull();
    expect(dollarsToCents('ten')).toBeNull();
  });
});

describe('dueDateToIso', () => {
  it('is the end of the chosen day, or null without one', () => {
    expect(dueDateToIso('')).toBeNull();
    const iso = dueDateToIso('2026-12-01');
    expect(iso).not.toBeNull();
    const due = new Date(iso!);
    expect([due.getFullYear(), due.getMonth(), due.getDate(), due.getHours()]).toEqual([2026, 11, 1, 23]);
  });
});
