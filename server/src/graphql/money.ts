import { Field, Int, ObjectType } from 'type-graphql';

/** An amount of money: integer minor units and an ISO 4217 currency, never a float. */
@ObjectType({ description: 'An amount of money in minor units (cents) and its currency.' })
export class Money {
  @Field(() => Int, { description: 'The amount in minor units (cents for USD).' })
  readonly cents: number;

  @Field({ description: 'ISO 4217 currency code, for example USD.' })
  readonly currency: string;

  constructor(cents: number, currency: string) {
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
    const { formatter, digits } = currencyFormat(this.currency);
    return formatter.format(this.cents / 10 ** digits);
  }
}

// Building an Intl.NumberFormat is costly and a dashboard formats thousands of amounts: one per currency.
const currencies = new Map<string, { formatter: Intl.NumberFormat; digits: number }>();

function currencyFormat(currency: string): { formatter: Intl.NumberFormat; digits: number } {
  let format = currencies.get(currency);
  if (!format) {
    const formatter = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    format = { formatter, digits: formatter.resolvedOptions().maximumFractionDigits ?? 2 };
    currencies.set(currency, format);
  }
  return format;
}

function fractionDigits(currency: string): number {
  return currencyFormat(currency).digits;
}
