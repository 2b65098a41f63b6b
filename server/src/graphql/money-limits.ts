/**
 * The most any amount may be, in minor units, and why no sum the API shows can overflow.
 *
 * `Money.cents` is a `SafeInt` (up to 2^53 − 1 ≈ 9.0 × 10^15), and every amount is bounded where it
 * is written (input validation, and a CHECK constraint on its column):
 *
 * - one milestone, and so one invoice's gross: at most {@link maxMilestoneCents};
 * - a rate (per hour, per label, or a proposal's whole price): at most {@link maxRateCents};
 * - a contract's total budget: at most {@link maxBudgetCents};
 * - a contract's milestones together, all but the cancelled ones: at most
 *   {@link maxContractMilestonesCents}, checked under the contract's row lock. Every figure of a
 *   billing summary is a sum of some of them, so it is at most that too (below 2^31 even).
 *
 * The one sum that is not bounded per contract is a payout (every unpaid invoice of a trainer, over
 * all their contracts): reaching 2^53 would take 90 million paid milestones of the largest amount.
 * Its column is checked against 2^53 − 1 all the same, and every sum is taken in PostgreSQL
 * (`sum(bigint)` is an exact `numeric`) and read back exactly or refused, never rounded.
 */

/** 1,000,000.00: one milestone (a sanity cap far above real ones). */
export const maxMilestoneCents = 100_000_000;

/** 1,000,000.00 per hour, per label, or for a proposal's whole fixed price. */
export const maxRateCents = 100_000_000;

/** 10,000,000.00: a contract's total budget. Inputs are GraphQL `Int`s (32-bit), so it must stay below 2^31. */
export const maxBudgetCents = 1_000_000_000;

/** 10,000,000.00: a contract's milestones together, cancelled ones not counted (the same as the largest budget). */
export const maxContractMilestonesCents = maxBudgetCents;
