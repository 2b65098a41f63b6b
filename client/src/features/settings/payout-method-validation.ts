import type { PayoutMethodKind } from '../../gql/graphql';

/** What the add form holds: both kinds' fields; only the chosen kind's are sent. */
export interface PayoutMethodDraft {
  country: string;
  kind: PayoutMethodKind;
  accountHolder: string;
  accountNumber: string;
  email: string;
}

/** A country as `payoutMethodCountries` offers it. */
export interface OfferedCountry {
  code: string;
  name: string;
  kinds: readonly PayoutMethodKind[];
  ibanLength?: number | null;
}

export interface DraftProblem {
  /** The draft field at fault, so the form can point at it. */
  field: keyof PayoutMethodDraft;
  message: string;
}

export const kindNames: Record<PayoutMethodKind, string> = { BANK_TRANSFER: 'Bank transfer', PAYPAL: 'PayPal' };

/** Spaces, dots and dashes are how people type account numbers; the server strips them too. */
export const normalizeAccountNumber = (value: string) => value.replace(/[\s.-]/g, '').toUpperCase();

/** ISO 13616 mod 97, as the server checks it (payout-methods.mutations.ts). */
export const ibanChecksumValid = (iban: string): boolean => {
  const rearranged = `${iban.slice(4)}${iban.slice(0, 4)}`;
  let remainder = 0;
  for (const character of rearranged) {
    const digits = /[A-Z]/.test(character) ? String(character.charCodeAt(0) - 55) : character;
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
};

/**
 * The same rules as the server, checked before sending so that a typo is caught at once; the
 * server checks again and has the last word. Messages never repeat the account number.
 */
export const validatePayoutMethod = (draft: PayoutMethodDraft, country: OfferedCountry | undefined): DraftProblem | null => {
  if (!country) return { field: 'country', message: 'Choose the country the account is held in.' };
  if (!country.kinds.includes(draft.kind)) {
    return {
      field: 'kind',
      message: `${kindNames[draft.kind]} payouts are not offered in ${country.name}: choose ${country.kinds.map((kind) => kindNames[kind]).join(' or ')}.`,
    };
  }
  if (draft.kind === 'PAYPAL') {
    const email = draft.email.trim();
    if (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
      return { field: 'email', message: 'Enter the e-mail address of your PayPal account, for example name@example.com.' };
    }
    return null;
  }
  const holder = draft.accountHolder.trim();
  if (holder.length < 2 || holder.length > 100) return { field: 'accountHolder', message: 'Name the account holder in 2 to 100 characters.' };
  const number = normalizeAccountNumber(draft.accountNumber);
  if (country.ibanLength) {
    if (!number.startsWith(country.code) || number.length !== country.ibanLength || !/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(number)) {
      return {
        field: 'accountNumber',
        message: `Enter the IBAN of an account in ${country.name}: ${country.ibanLength} characters starting with ${country.code}.`,
      };
    }
    if (!ibanChecksumValid(number)) return { field: 'accountNumber', message: "This IBAN's check digits do not match: check it for a typo." };
  } else if (!/^\d{4,17}$/.test(number)) {
    return { field: 'accountNumber', message: `Enter the account number of an account in ${country.name}: 4 to 17 digits.` };
  }
  return null;
};
