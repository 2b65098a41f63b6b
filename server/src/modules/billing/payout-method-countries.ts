import { PayoutMethodKind } from './payout-method.entity.js';

/**
 * Where each kind of payout method is offered: a trainer picks the country the account is held in,
 * and only the kinds listed for it are accepted (`Query.payoutMethodCountries` gives the dashboard
 * this table). Bank accounts in IBAN countries are IBANs of that country's length; elsewhere a
 * local account number. A country missing here has no payouts yet. Change this table, not the
 * code, to open a country or a kind.
 */
export interface PayoutCountry {
  /** ISO 3166-1 alpha-2. */
  code: string;
  name: string;
  kinds: readonly PayoutMethodKind[];
  /** Bank accounts here are IBANs of this many characters; undefined: a local account number. */
  ibanLength?: number;
}

const { BANK_TRANSFER, PAYPAL } = PayoutMethodKind;

export const payoutCountries: readonly PayoutCountry[] = [
  { code: 'CA', name: 'Canada', kinds: [BANK_TRANSFER, PAYPAL] },
  { code: 'FR', name: 'France', kinds: [BANK_TRANSFER, PAYPAL], ibanLength: 27 },
  { code: 'DE', name: 'Germany', kinds: [BANK_TRANSFER, PAYPAL], ibanLength: 22 },
  { code: 'IN', name: 'India', kinds: [BANK_TRANSFER] },
  { code: 'IT', name: 'Italy', kinds: [BANK_TRANSFER, PAYPAL], ibanLength: 27 },
  { code: 'KE', name: 'Kenya', kinds: [PAYPAL] },
  { code: 'NL', name: 'Netherlands', kinds: [BANK_TRANSFER, PAYPAL], ibanLength: 18 },
  { code: 'PH', name: 'Philippines', kinds: [BANK_TRANSFER, PAYPAL] },
  { code: 'PL', name: 'Poland', kinds: [BANK_TRANSFER], ibanLength: 28 },
  { code: 'KR', name: 'South Korea', kinds: [BANK_TRANSFER] },
  { code: 'ES', name: 'Spain', kinds: [BANK_TRANSFER, PAYPAL], ibanLength: 24 },
  { code: 'GB', name: 'United Kingdom', kinds: [BANK_TRANSFER, PAYPAL], ibanLength: 22 },
  { code: 'US', name: 'United States', kinds: [BANK_TRANSFER, PAYPAL] },
];

const byCode = new Map(payoutCountries.map((country) => [country.code, country]));

export const payoutCountry = (code: string): PayoutCountry | undefined => byCode.get(code);
