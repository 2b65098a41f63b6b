import { IsNull } from 'typeorm';
import type { CommandContext } from '../../commands/command.js';
import { badInput, conflict, notFound } from '../../errors/domain-error.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { Money } from '../../graphql/money.js';
import { authorizePayoutMethodChange } from './billing.policy.js';
import { payoutCountry, type PayoutCountry } from './payout-method-countries.js';
import { PayoutMethod, PayoutMethodKind, payoutMethodKindName } from './payout-method.entity.js';
import { maskAccountNumber, maskEmail, payoutMethodVault } from './payout-method-vault.js';
import { Payout, PayoutStatus } from './payout.entity.js';

/** More would be a mistake or abuse: nobody is paid to eleven places. */
export const maxPayoutMethods = 10;

export interface AddPayoutMethodCommand {
  country: string;
  bankAccount?: { accountHolder: string; accountNumber: string } | null;
  paypal?: { email: string } | null;
  makeDefault?: boolean | null;
}

export interface PayoutMethodChange {
  payoutMethodId: string;
}

/**
 * Trainer: adds a bank or PayPal account in a country that offers that kind. The account is
 * stored sealed, with its masked form and a keyed fingerprint (the same account twice is a
 * CONFLICT); the first method, or one added with `makeDefault`, becomes the default.
 */
export async function addPayoutMethod(tx: CommandContext, input: AddPayoutMethodCommand): Promise<PayoutMethodChange> {
  authorizePayoutMethodChange(tx);
  const { manager, viewer, config } = tx;
  const row = payoutMethodRow(config.billing.payoutMethodsKey, viewer.id, input);
  await lockMethodsOf(tx);
  const repository = manager.getRepository(PayoutMethod);
  const live = await repository.find({ where: { trainerId: viewer.id, removedAt: IsNull() } });
  const same = live.find((method) => method.fingerprint === row.fingerprint);
  if (same) {
    throw conflict(`This account is already one of your payout methods (${same.label}).`, { payoutMethodId: toGlobalId('PayoutMethod', same.id) });
  }
  if (live.length >= maxPayoutMethods) throw conflict(`You have ${maxPayoutMethods} payout methods: remove one before adding another.`);
  const makeDefault = live.length === 0 || input.makeDefault === true;
  if (makeDefault) await repository.update({ trainerId: viewer.id, isDefault: true }, { isDefault: false });
  const method = await repository.save(repository.create({ ...row, isDefault: makeDefault }));
  return { payoutMethodId: method.id };
}

/**
 * A method's row from what the trainer typed: the country and kind checked against the table,
 * the account validated, normalized, sealed and fingerprinted. Not saved, and not yet a default.
 * The seed and the tests' factory build theirs with it too.
 */
export function payoutMethodRow(
  key: string,
  trainerId: string,
  input: AddPayoutMethodCommand,
): Omit<PayoutMethod, 'id' | 'createdAt' | 'label' | 'globalId' | 'isDefault' | 'removedAt'> {
  const country = input.country.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw badInput('country', 'Choose a country by its two-letter code, for example DE.');
  if (Boolean(input.bankAccount) === Boolean(input.paypal)) {
    throw badInput('bankAccount', 'Give either a bank account or a PayPal account (exactly one).');
  }
  const kind = input.bankAccount ? PayoutMethodKind.BANK_TRANSFER : PayoutMethodKind.PAYPAL;
  const where = payoutCountry(country);
  if (!where) throw badInput('country', `Payouts are not available in ${country} yet.`);
  if (!where.kinds.includes(kind)) {
    throw badInput(
      'country',
      `${payoutMethodKindName[kind]} payouts are not offered in ${where.name}: choose ${where.kinds.map((offered) => payoutMethodKindName[offered]).join(' or ')}.`,
    );
  }
  const account = input.bankAccount ? bankAccount(input.bankAccount, where) : paypalAccount(input.paypal!);
  const vault = payoutMethodVault(key);
  return {
    trainerId,
    kind,
    country,
    accountHolder: account.holder,
    maskedAccount: account.masked,
    secret: vault.seal(account.normalized, trainerId),
    fingerprint: vault.fingerprint(kind, account.normalized, trainerId),
  };
}

/** Trainer: new payouts go to this method from now on (payouts already requested keep theirs). */
export async function setDefaultPayoutMethod(tx: CommandContext, input: { payoutMethodId: string }): Promise<PayoutMethodChange> {
  authorizePayoutMethodChange(tx);
  await lockMethodsOf(tx);
  const method = await liveMethod(tx, input.payoutMethodId);
  if (!method.isDefault) {
    const repository = tx.manager.getRepository(PayoutMethod);
    await repository.update({ trainerId: tx.viewer.id, isDefault: true }, { isDefault: false });
    await repository.update({ id: method.id }, { isDefault: true });
  }
  return { payoutMethodId: method.id };
}

/**
 * Trainer: removes a method. Refused (CONFLICT) while a requested payout is on its way to it: the
 * payment processor still needs the account. Its sealed account is erased; the row stays, masked,
 * for the payouts that name it. When the default goes, the oldest remaining method becomes the
 * default; removing the last one is allowed (no payout can then be requested until one is added).
 */
export async function removePayoutMethod(tx: CommandContext, input: { payoutMethodId: string }): Promise<PayoutMethodChange> {
  authorizePayoutMethodChange(tx);
  const { manager, viewer } = tx;
  await lockMethodsOf(tx);
  const method = await liveMethod(tx, input.payoutMethodId, { forUpdate: true });
  const pending = await manager.getRepository(Payout).find({ where: { payoutMethodId: method.id, status: PayoutStatus.REQUESTED } });
  if (pending.length > 0) {
    const amounts = pending.map((payout) => new Money(payout.amountCents, payout.currency).formatted).join(' and ');
    throw conflict(`A payout of ${amounts} is on its way to ${method.label}: you can remove it once that payout is paid or has failed.`, {
      pendingPayoutIds: pending.map((payout) => toGlobalId('Payout', payout.id)),
    });
  }
  const repository = manager.getRepository(PayoutMethod);
  await repository.update({ id: method.id }, { removedAt: new Date(), secret: null, isDefault: false });
  if (method.isDefault) {
    const successor = await repository.findOne({ where: { trainerId: viewer.id, removedAt: IsNull() }, order: { createdAt: 'ASC', id: 'ASC' } });
    if (successor) await repository.update({ id: successor.id }, { isDefault: true });
  }
  return { payoutMethodId: method.id };
}

/** The viewer's default method, held (FOR SHARE) until the payout that goes to it commits; null when they have none. */
export async function defaultPayoutMethod({ manager, viewer }: CommandContext): Promise<PayoutMethod | null> {
  return manager.getRepository(PayoutMethod).findOne({
    where: { trainerId: viewer.id, isDefault: true, removedAt: IsNull() },
    lock: { mode: 'pessimistic_read' },
  });
}

/** One trainer's method changes run one at a time, so "exactly one default" holds under races. */
async function lockMethodsOf({ manager, viewer }: CommandContext): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('payout_methods:' || $1, 0))`, [viewer.id]);
}

/** The viewer's own live method by id; another trainer's, a removed one or none at all: NOT_FOUND alike. */
async function liveMethod({ manager, viewer }: CommandContext, id: string, options: { forUpdate?: boolean } = {}): Promise<PayoutMethod> {
  const method = await manager.getRepository(PayoutMethod).findOne({
    where: { id, trainerId: viewer.id, removedAt: IsNull() },
    ...(options.forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!method) throw notFound('PayoutMethod', toGlobalId('PayoutMethod', id));
  return method;
}

interface Account {
  /** What is sealed and fingerprinted: the account as the processor needs it. */
  normalized: string;
  masked: string;
  holder: string | null;
}

function bankAccount(input: { accountHolder: string; accountNumber: string }, country: PayoutCountry): Account {
  const holder = input.accountHolder.trim().replace(/\s+/g, ' ');
  if ([...holder].length < 2 || [...holder].length > 100) throw badInput('bankAccount.accountHolder', 'Name the account holder in 2 to 100 characters.');
  const normalized = input.accountNumber.replace(/[\s.-]/g, '').toUpperCase();
  if (country.ibanLength) {
    if (!normalized.startsWith(country.code) || normalized.length !== country.ibanLength || !/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(normalized)) {
      throw badInput(
        'bankAccount.accountNumber',
        `Enter the IBAN of an account in ${country.name}: ${country.ibanLength} characters starting with ${country.code}.`,
      );
    }
    if (!ibanChecksumValid(normalized)) throw badInput('bankAccount.accountNumber', "This IBAN's check digits do not match: check it for a typo.");
  } else if (!/^\d{4,17}$/.test(normalized)) {
    throw badInput('bankAccount.accountNumber', `Enter the account number of an account in ${country.name}: 4 to 17 digits.`);
  }
  return { normalized, masked: maskAccountNumber(normalized), holder };
}

function paypalAccount(input: { email: string }): Account {
  const normalized = input.email.trim().toLowerCase();
  if (normalized.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(normalized)) {
    throw badInput('paypal.email', 'Enter the e-mail address of your PayPal account, for example name@example.com.');
  }
  return { normalized, masked: maskEmail(normalized), holder: null };
}

/** ISO 13616: the country code and check digits moved to the end, letters as 10–35, mod 97 is 1. */
export function ibanChecksumValid(iban: string): boolean {
  const rearranged = `${iban.slice(4)}${iban.slice(0, 4)}`;
  let remainder = 0;
  for (const character of rearranged) {
    const digits = /[A-Z]/.test(character) ? String(character.charCodeAt(0) - 55) : character;
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

/** The trainer's live methods, the default first, then oldest first. */
export function orderedMethods(methods: PayoutMethod[]): PayoutMethod[] {
  return [...methods].sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.createdAt.getTime() - b.createdAt.getTime());
}
