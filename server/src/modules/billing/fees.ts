/**
 * The one place money is split. Workroom takes its marketplace fee (MARKETPLACE_FEE_PERCENT,
 * 10% by default) from each paid milestone: the employer funds exactly the milestone amount, and
 * the trainer's invoice shows gross (the amount), the fee and net (what they are paid out).
 * Rounded to the nearest minor unit, half up.
 *
 * Integer arithmetic throughout: the percent is taken to four decimals (millionths of the amount)
 * and the product is a BigInt, so a fee such as 1.15% never lands on the wrong side of a half cent
 * the way `3000 * 1.15 / 100` (34.49999999999999) does in floating point.
 */
export function splitEarning(grossCents: number, feePercent: number): { grossCents: number; feeCents: number; netCents: number } {
  if (!Number.isSafeInteger(grossCents) || grossCents < 0) throw new RangeError(`A gross of ${grossCents} cents cannot be split`);
  if (!(feePercent >= 0 && feePercent <= 100)) throw new RangeError(`A fee of ${feePercent}% cannot be taken`);
  const millionths = BigInt(Math.round(feePercent * 10_000));
  const feeCents = Number((BigInt(grossCents) * millionths * 2n + 1_000_000n) / 2_000_000n);
  return { grossCents, feeCents, netCents: grossCents - feeCents };
}
