import type { ColumnOptions, ValueTransformer } from 'typeorm';

/**
 * A PostgreSQL `bigint` or `numeric` integer, as node-postgres returns it (a string), as an exact
 * JS number. Beyond 2^53 − 1 a number would silently round, so such a value is refused instead:
 * money columns are CHECKed far below it (`graphql/money-limits.ts`), and sums are taken
 * in PostgreSQL, where `sum(bigint)` is an exact `numeric`.
 */
export function exactInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new RangeError(`${value} is not an integer a JS number holds exactly`);
  return parsed;
}

const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : exactInteger(value)),
};

/** Money: bigint minor units, bounded by CHECK constraints well below 2^53 and read back exactly. */
export const centsColumn = (options: ColumnOptions = {}): ColumnOptions => ({
  type: 'bigint',
  transformer: bigintAsNumber,
  ...options,
});

/** A bigint counter (sequence numbers, read positions), read back as a JS number. */
export const counterColumn = (options: ColumnOptions = {}): ColumnOptions => ({
  type: 'bigint',
  transformer: bigintAsNumber,
  ...options,
});

export const timestampColumn = (options: ColumnOptions = {}): ColumnOptions => ({ type: 'timestamptz', ...options });

export const currencyColumn = (): ColumnOptions => ({ type: 'char', length: 3, default: 'USD' });
