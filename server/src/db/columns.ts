import type { ColumnOptions, ValueTransformer } from 'typeorm';

/**
 * Money is stored as bigint minor units. node-postgres returns bigint as a string; amounts are
 * capped well below 2^53 by input validation, so a JS number is exact.
 */
const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

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
