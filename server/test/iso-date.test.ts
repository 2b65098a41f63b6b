import { describe, expect, it } from 'vitest';
import { isoString } from '../src/api/read-plan/iso-date.js';

// The read planner writes instants with isoString; the resolvers' answers get Date#toJSON from
// JSON.stringify. Any difference would show as a different date in an answer.
describe('isoString', () => {
  it('writes every instant exactly as Date#toISOString does', () => {
    const edges = [
      0, -1, 1, 999, 1000, 86_399_999, 86_400_000, -86_400_000, -62_167_219_200_000, -62_167_219_200_001, 253_402_300_799_999, 253_402_300_800_000,
      951_782_400_000 /* 2000-02-29 */, 4_107_456_000_000 /* 2100-02-28 */, 1_798_761_599_999, 8.64e15, -8.64e15,
    ];
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const samples = Array.from({ length: 200_000 }, (_, index) => Math.floor((random() * 2 - 1) * (index % 10 === 0 ? 8.64e15 : 4e12)));
    for (const epochMs of [...edges, ...samples]) expect(isoString(new Date(epochMs)), String(epochMs)).toBe(new Date(epochMs).toISOString());
  });
});
