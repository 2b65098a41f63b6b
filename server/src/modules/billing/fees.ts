/**
 * The one place money is split. Workroom takes its marketplace fee (MARKETPLACE_FEE_PERCENT,
 * 10% by default) from each paid milestone: the employer funds exactly the milestone amount, and
 * the trainer's invoice shows gross (the amount), the fee and net (what they are paid out).
 * Rounded to the nearest minor unit, half up.
 */
export function splitEarning(grossCents: number, feePercent: number): { grossCents: number; feeCents: number; netCents: number } {
  const feeCents = Math.round((grossCents * feePercent) / 100);
  return { grossCents, feeCents, netCents: grossCents - feeCents };
}
