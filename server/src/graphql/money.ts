import { SafeIntResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';

/**
 * An amount of money: integer minor units and an ISO 4217 currency, never a float.
 *
 * `cents` is a `SafeInt` (53 bits), not GraphQL's 32-bit `Int`: a trainer's payout legitimately
 * passes 2^31 cents (21,474,836.47), and an `Int` that cannot carry its value fails the whole
 * non-null chain above it. The bounds in `graphql/money-limits.ts` keep every amount and
 * every sum the API shows far below 2^53; a value beyond it is refused here, never rounded.
 */
@ObjectType({ description: 'An amount of money in minor units (cents) and its currency.' })
export class Money {
  @Field(() => SafeIntResolver, {
    description: 'The amount in minor units (cents for USD): an integer of at most 53 bits, exact in a JavaScript number.',
  })
  readonly cents: number;

  @Field({ description: 'ISO 4217 currency code, for example USD.' })
  readonly currency: string;

  constructor(cents: number, currency: string) {
    if (!Number.isSafeInteger(cents)) throw new RangeError(`Money of ${cents} ${currency} minor units is not a safe integer`);
    this.cents = cents;
    this.currency = currency;
  }

  @Field({ description: 'The amount as a decimal string in major units, for example "1250.00".' })
  get amount(): string {
    const digits = fractionDigits(this.currency);
    const sign = this.cents < 0 ? '-' : '';
    const absolute = Math.abs(this.cents);
    if (digits === 0) return `${sign}${absolute}`;
    const scale = 10 ** digits;
    return `${sign}${Math.floor(absolute / scale)}.${String(absolute % scale).padStart(digits, '0')}`;
  }

  @Field({ description: 'The amount formatted for people, in en-US, for example "$1,250.00".' })
  get formatted(): string {
    const format = currencyFormat(this.currency);
    let text = format.recent.get(this.cents);
    if (text === undefined) {
      // The decimal string, not cents / 100: a float drops the last cent of amounts above ~2^46 cents.
      text = format.formatter.format(this.amount as Intl.StringNumericLiteral);
      if (format.recent.size >= recentAmountsPerCurrency) format.recent.clear();
      format.recent.set(this.cents, text);
    }
    return text;
  }
}

/**
 * Building an Intl.NumberFormat is costly and a dashboard formats thousands of amounts: one per
 * currency. Formatting one takes about a microsecond and the same amounts come back again and
 * again (budgets, milestone prices, sums), so the latest texts are kept, a bounded number.
 */
const currencies = new Map<string, { formatter: Intl.NumberFormat; digits: number; recent: Map<number, string> }>();
const recentAmountsPerCurrency = 10_000;

function currencyFormat(currency: string): { formatter: Intl.NumberFormat; digits: number; recent: Map<number, string> } {
  let format = currencies.get(currency);
  if (!format) {
    const formatter = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    format = { formatter, digits: formatter.resolvedOptions().maximumFractionDigits ?? 2, recent: new Map() };
    currencies.set(currency, format);
  }
  return format;
}

function fractionDigits(currency: string): number {
  return currencyFormat(currency).digits;
}
