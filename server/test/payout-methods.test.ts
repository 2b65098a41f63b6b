import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devPayoutMethodsKey } from '../src/config.js';
import { toGlobalId } from '../src/graphql/global-id.js';
import type { User } from '../src/modules/accounts/user.entity.js';
import { PayoutOutcome, settlePayout } from '../src/modules/billing/payout-processor.js';
import { payoutMethodVault } from '../src/modules/billing/payout-method-vault.js';
import type { Contract } from '../src/modules/contracts/contract.entity.js';
import { MilestoneStatus } from '../src/modules/milestones/milestone.entity.js';
import { Factory } from './factories.js';
import { startTestServer, type TestServer } from './helpers.js';

/**
 * Settings → Payouts (issue 13, item 5): a trainer's payout methods, masked in every answer and
 * sealed in the database, offered only where the country supports them; `requestPayout` needs
 * one and records it; nobody else sees or changes them.
 */
let server: TestServer;
let factory: Factory;
let trainer: User;
let contract: Contract;
const tokens = { trainer: '', other: '', employer: '', fresh: '' };

// A valid German IBAN (the standard example) and its digits as typed with spaces.
const iban = 'DE89370400440532013000';
const ibanTyped = 'de89 3704 0044 0532 0130 00';
const usAccount = '000123456789';

const method = 'id kind country accountHolder maskedAccount label isDefault removedAt';
const add = `mutation ($input: AddPayoutMethodInput!) { addPayoutMethod(input: $input) { payoutMethod { ${method} } payoutMethods { ${method} } } }`;
const setDefault = `mutation ($input: SetDefaultPayoutMethodInput!) { setDefaultPayoutMethod(input: $input) { payoutMethod { ${method} } payoutMethods { ${method} } } }`;
const remove = `mutation ($input: RemovePayoutMethodInput!) { removePayoutMethod(input: $input) { payoutMethod { ${method} } payoutMethods { ${method} } } }`;
const list = `{ viewer { payoutMethods { ${method} } } }`;
const requestPayout = `mutation ($input: RequestPayoutInput!) { requestPayout(input: $input) { payouts { id status amount { cents } method { ${method} } } } }`;

interface Method {
  id: string;
  kind: string;
  country: string;
  accountHolder: string | null;
  maskedAccount: string;
  label: string;
  isDefault: boolean;
  removedAt: string | null;
}
interface Change {
  payoutMethod: Method;
  payoutMethods: Method[];
}

beforeAll(async () => {
  server = await startTestServer();
  factory = new Factory(server.workroom.dataSource);
  const organization = await factory.organization({ name: 'Northwind AI' });
  await factory.employer(organization, { email: 'pm-employer@test.example' });
  trainer = await factory.trainer({ email: 'pm-trainer@test.example', name: 'Alex Rivera' });
  await factory.trainer({ email: 'pm-other@test.example' });
  await factory.trainer({ email: 'pm-fresh@test.example' });
  contract = await factory.contract(await factory.job(organization), trainer);
  tokens.trainer = await server.signIn('pm-trainer@test.example');
  tokens.other = await server.signIn('pm-other@test.example');
  tokens.employer = await server.signIn('pm-employer@test.example');
  tokens.fresh = await server.signIn('pm-fresh@test.example');
});

afterAll(async () => {
  await server?.stop();
});

async function change(query: string, input: Record<string, unknown>, token = tokens.trainer) {
  const name = query.match(/\{ (\w+)\(input/)![1]!;
  const result = await server.graphql<Record<string, Change>>(query, { variables: { input }, token });
  return { result, change: result.data?.[name], error: result.errors?.[0] };
}

async function paidInvoice(grossCents: number) {
  const milestone = await factory.milestone(contract, { status: MilestoneStatus.PAID, amountCents: grossCents });
  return factory.invoice(contract, { milestoneId: milestone.id, grossCents, feeCents: grossCents / 10, netCents: grossCents - grossCents / 10 });
}

/** Every column of the trainer's method rows, as text. */
async function rowsAsText(trainerId: string): Promise<string> {
  const rows: Array<{ row: string }> = await server.workroom.dataSource.query(
    `SELECT row_to_json(m)::text AS row FROM payout_methods m WHERE trainer_id = $1`,
    [trainerId],
  );
  return rows.map((row) => row.row).join('\n');
}

describe('payout methods', () => {
  it('offers each kind only where the country supports it', async () => {
    const result = await server.graphql<{ payoutMethodCountries: Array<{ code: string; name: string; kinds: string[]; usesIban: boolean }> }>(
      '{ payoutMethodCountries { code name kinds usesIban } }',
      { token: tokens.trainer },
    );
    const byCode = new Map(result.data!.payoutMethodCountries.map((country) => [country.code, country]));
    expect(byCode.get('DE')).toEqual({ code: 'DE', name: 'Germany', kinds: ['BANK_TRANSFER', 'PAYPAL'], usesIban: true });
    expect(byCode.get('IN')).toMatchObject({ kinds: ['BANK_TRANSFER'], usesIban: false });
    expect(byCode.get('KE')).toMatchObject({ kinds: ['PAYPAL'] });
  });

  it('refuses requestPayout while the trainer has no method, with a stable code', async () => {
    await paidInvoice(100_000);
    const result = await server.graphql(requestPayout, { variables: { input: {} }, token: tokens.trainer });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'NO_PAYOUT_METHOD', attemptedAction: 'REQUEST_PAYOUT' });
    expect(result.errors?.[0]?.message).toMatch(/Settings → Payouts/);
    const [row] = await server.workroom.dataSource.query('SELECT count(*)::int AS n FROM payouts WHERE trainer_id = $1', [trainer.id]);
    expect(row.n).toBe(0);
  });

  it('adds a bank account, answers it masked and stores it sealed', async () => {
    const { change: added, result } = await change(add, { country: 'de', bankAccount: { accountHolder: ' Alex  Rivera ', accountNumber: ibanTyped } });
    expect(result.errors).toBeUndefined();
    expect(added!.payoutMethod).toMatchObject({
      kind: 'BANK_TRANSFER',
      country: 'DE',
      accountHolder: 'Alex Rivera',
      maskedAccount: '•••• 3000',
      label: 'Bank transfer •••• 3000',
      isDefault: true,
      removedAt: null,
    });
    // Not in the answer, in any form…
    const answer = JSON.stringify(result);
    for (const form of [iban, '0532013000', '370400440532013000']) expect(answer).not.toContain(form);
    // …nor in the row in clear text; yet the processor's key opens it.
    const stored = await rowsAsText(trainer.id);
    for (const form of [iban, '0532013000', '370400440532013000']) expect(stored).not.toContain(form);
    const [row] = await server.workroom.dataSource.query('SELECT id, secret FROM payout_methods WHERE trainer_id = $1', [trainer.id]);
    expect(row.secret).toMatch(/^v1\./);
    expect(payoutMethodVault(devPayoutMethodsKey).open(row.secret, trainer.id)).toBe(iban);
    // Sealed for its owner: the same ciphertext does not open as another trainer's.
    expect(() => payoutMethodVault(devPayoutMethodsKey).open(row.secret, '00000000-0000-4000-8000-000000000000')).toThrow();
  });

  it('refuses the same account twice, a bad IBAN, and a kind the country does not offer', async () => {
    const twice = await change(add, { country: 'DE', bankAccount: { accountHolder: 'Alex Rivera', accountNumber: iban } });
    expect(twice.error?.extensions?.code).toBe('CONFLICT');
    expect(twice.error?.message).toContain('•••• 3000');

    const typo = await change(add, { country: 'DE', bankAccount: { accountHolder: 'Alex Rivera', accountNumber: 'DE89370400440532013001' } });
    expect(typo.error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'bankAccount.accountNumber' });
    expect(JSON.stringify(typo.result)).not.toContain('0532013001');

    const foreign = await change(add, { country: 'DE', bankAccount: { accountHolder: 'Alex Rivera', accountNumber: 'FR1420041010050500013M02606' } });
    expect(foreign.error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'bankAccount.accountNumber' });
    expect(foreign.error?.message).toContain('22 characters starting with DE');

    const paypalInIndia = await change(add, { country: 'IN', paypal: { email: 'alex@example.com' } });
    expect(paypalInIndia.error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'country' });
    expect(paypalInIndia.error?.message).toBe('PayPal payouts are not offered in India: choose Bank transfer.');

    const nowhere = await change(add, { country: 'ZZ', paypal: { email: 'alex@example.com' } });
    expect(nowhere.error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'country' });

    const both = await change(add, { country: 'US', paypal: { email: 'alex@example.com' }, bankAccount: { accountHolder: 'Alex', accountNumber: usAccount } });
    expect(both.error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'bankAccount' });

    const badEmail = await change(add, { country: 'US', paypal: { email: 'alex' } });
    expect(badEmail.error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'paypal.email' });

    const listed = await server.graphql<{ viewer: { payoutMethods: Method[] } }>(list, { token: tokens.trainer });
    expect(listed.data?.viewer.payoutMethods).toHaveLength(1);
  });

  it('adds a second method without moving the default, then makes it the default', async () => {
    const { change: added } = await change(add, { country: 'US', paypal: { email: ' Alex.Rivera@Example.com ' } });
    expect(added!.payoutMethod).toMatchObject({
      kind: 'PAYPAL',
      maskedAccount: 'a•••@example.com',
      label: 'PayPal a•••@example.com',
      isDefault: false,
      accountHolder: null,
    });
    expect(added!.payoutMethods.map((m) => [m.kind, m.isDefault])).toEqual([
      ['BANK_TRANSFER', true],
      ['PAYPAL', false],
    ]);
    expect(await rowsAsText(trainer.id)).not.toContain('alex.rivera');

    const { change: moved } = await change(setDefault, { payoutMethodId: added!.payoutMethod.id });
    expect(moved!.payoutMethod.isDefault).toBe(true);
    expect(moved!.payoutMethods.map((m) => [m.kind, m.isDefault])).toEqual([
      ['PAYPAL', true],
      ['BANK_TRANSFER', false],
    ]);
    const [row] = await server.workroom.dataSource.query('SELECT count(*)::int AS n FROM payout_methods WHERE trainer_id = $1 AND is_default', [trainer.id]);
    expect(row.n).toBe(1);
  });

  it('records the default method on the payout, and keeps it while the payout is on its way', async () => {
    const listed = await server.graphql<{ viewer: { payoutMethods: Method[] } }>(list, { token: tokens.trainer });
    const [paypal, bank] = listed.data!.viewer.payoutMethods;
    // Back to the bank account for this payout.
    await change(setDefault, { payoutMethodId: bank!.id });
    const available = '{ viewer { availableForPayout { cents currency } } }';
    const before = await server.graphql<{ viewer: { availableForPayout: unknown[] } }>(available, { token: tokens.trainer });
    expect(before.data?.viewer.availableForPayout).toEqual([{ cents: 90_000, currency: 'USD' }]);
    const requested = await server.graphql<{ requestPayout: { payouts: Array<{ id: string; status: string; method: Method }> } }>(requestPayout, {
      variables: { input: {} },
      token: tokens.trainer,
    });
    expect(requested.errors).toBeUndefined();
    const [payout] = requested.data!.requestPayout.payouts;
    expect(payout!.method).toMatchObject({ id: bank!.id, label: 'Bank transfer •••• 3000' });
    expect(JSON.stringify(requested)).not.toContain(iban);
    const after = await server.graphql<{ viewer: { availableForPayout: unknown[] } }>(available, { token: tokens.trainer });
    expect(after.data?.viewer.availableForPayout).toEqual([]);

    const refused = await change(remove, { payoutMethodId: bank!.id });
    expect(refused.error?.extensions?.code).toBe('CONFLICT');
    expect(refused.error?.message).toMatch(/on its way to Bank transfer •••• 3000/);

    // The other method may go meanwhile; then, once the payout is paid, the bank account too.
    const { change: withoutPaypal } = await change(remove, { payoutMethodId: paypal!.id });
    expect(withoutPaypal!.payoutMethod.removedAt).not.toBeNull();
    expect(withoutPaypal!.payoutMethods.map((m) => m.id)).toEqual([bank!.id]);

    await settlePayout(server.workroom.dataSource, { payoutId: payout!.id, outcome: PayoutOutcome.PAID });
    const { change: removed, result } = await change(remove, { payoutMethodId: bank!.id });
    expect(result.errors).toBeUndefined();
    expect(removed!.payoutMethods).toEqual([]);
    // The payout still says where it went; the account itself is erased.
    const read = await server.graphql<{ node: { method: Method } }>(`query ($id: ID!) { node(id: $id) { ... on Payout { method { ${method} } } } }`, {
      variables: { id: payout!.id },
      token: tokens.trainer,
    });
    expect(read.data?.node.method).toMatchObject({ label: 'Bank transfer •••• 3000', removedAt: expect.any(String) });
    const secrets = await server.workroom.dataSource.query('SELECT secret FROM payout_methods WHERE trainer_id = $1', [trainer.id]);
    expect(secrets.map((row: { secret: string | null }) => row.secret)).toEqual([null, null]);
  });

  it('passes the default on when the default is removed', async () => {
    const first = await change(
      add,
      { country: 'GB', bankAccount: { accountHolder: 'Alex Rivera', accountNumber: 'GB29 NWBK 6016 1331 9268 19' } },
      tokens.fresh,
    );
    const second = await change(
      add,
      { country: 'US', bankAccount: { accountHolder: 'Alex Rivera', accountNumber: usAccount }, makeDefault: true },
      tokens.fresh,
    );
    expect(second.change!.payoutMethods.map((m) => [m.maskedAccount, m.isDefault])).toEqual([
      ['•••• 6789', true],
      ['•••• 6819', false],
    ]);
    const removed = await change(remove, { payoutMethodId: second.change!.payoutMethod.id }, tokens.fresh);
    expect(removed.change!.payoutMethods).toEqual([expect.objectContaining({ id: first.change!.payoutMethod.id, isDefault: true })]);
  });

  it("keeps a trainer's methods from everyone else: NOT_FOUND, and an empty list for employers", async () => {
    const { change: own } = await change(add, { country: 'NL', bankAccount: { accountHolder: 'Alex Rivera', accountNumber: 'NL91 ABNA 0417 1643 00' } });
    const id = own!.payoutMethod.id;
    for (const token of [tokens.other, tokens.employer]) {
      const read = await server.graphql<{ node: unknown }>('query ($id: ID!) { node(id: $id) { id } }', { variables: { id }, token });
      expect(read.data?.node).toBeNull();
      expect(read.errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND' });
      const listed = await server.graphql<{ viewer: { payoutMethods: Method[] } }>(list, { token });
      expect(listed.data?.viewer.payoutMethods).toEqual([]);
    }
    for (const query of [setDefault, remove]) {
      const other = await change(query, { payoutMethodId: id }, tokens.other);
      expect(other.error?.extensions?.code).toBe('NOT_FOUND');
      const missing = await change(query, { payoutMethodId: toGlobalId('PayoutMethod', '00000000-0000-4000-8000-000000000000') }, tokens.other);
      expect(other.error?.message.replace(id, 'ID')).toBe(
        missing.error?.message.replace(toGlobalId('PayoutMethod', '00000000-0000-4000-8000-000000000000'), 'ID'),
      );
    }
    const employer = await change(add, { country: 'DE', bankAccount: { accountHolder: 'Northwind', accountNumber: iban } }, tokens.employer);
    expect(employer.error?.extensions?.code).toBe('FORBIDDEN');
    // Untouched.
    const mine = await server.graphql<{ viewer: { payoutMethods: Method[] } }>(list, { token: tokens.trainer });
    expect(mine.data?.viewer.payoutMethods).toEqual([expect.objectContaining({ id, isDefault: true })]);
  });
});

describe('logs', () => {
  it('redact an account number or PayPal e-mail wherever an input carrying one is logged', async () => {
    const { default: pino } = await import('pino');
    const { logRedactPaths } = await import('../src/server.js');
    const lines: string[] = [];
    const log = pino({ redact: logRedactPaths }, { write: (line: string) => lines.push(line) });
    log.info({ variables: { input: { country: 'DE', bankAccount: { accountHolder: 'Alex', accountNumber: iban } } } }, 'request');
    log.info({ input: { paypal: { email: 'alex@example.com' } } }, 'request');
    expect(lines.join('')).not.toContain(iban);
    expect(lines.join('')).not.toContain('alex@example.com');
    expect(lines.join('')).toContain('[Redacted]');
  });
});

describe('payout methods under races', () => {
  it('keeps exactly one default when two first methods are added at once', async () => {
    const racer = await factory.trainer({ email: 'pm-racer@test.example' });
    const token = await server.signIn('pm-racer@test.example');
    const results = await Promise.all([
      change(add, { country: 'US', bankAccount: { accountHolder: 'Racer', accountNumber: usAccount } }, token),
      change(add, { country: 'US', paypal: { email: 'racer@example.com' } }, token),
    ]);
    for (const { result } of results) expect(result.errors).toBeUndefined();
    const [row] = await server.workroom.dataSource.query(
      'SELECT count(*)::int AS live, count(*) FILTER (WHERE is_default)::int AS defaults FROM payout_methods WHERE trainer_id = $1',
      [racer.id],
    );
    expect(row).toEqual({ live: 2, defaults: 1 });
  });

  it('never removes the method a payout is being requested to at the same moment', async () => {
    const racer = await factory.trainer({ email: 'pm-racer2@test.example' });
    const token = await server.signIn('pm-racer2@test.example');
    const racerContract = await factory.contract(await factory.job(await factory.organization()), racer);
    const paid = await factory.milestone(racerContract, { status: MilestoneStatus.PAID, amountCents: 10_000 });
    await factory.invoice(racerContract, { milestoneId: paid.id, grossCents: 10_000, feeCents: 1_000, netCents: 9_000 });
    const method = await factory.payoutMethod(racer);
    const [requested, removed] = await Promise.all([
      server.graphql(requestPayout, { variables: { input: {} }, token }),
      change(remove, { payoutMethodId: toGlobalId('PayoutMethod', method.id) }, token),
    ]);
    // Either the payout went first and the removal was refused, or the removal went first and the request found no method.
    if (requested.errors) {
      expect(requested.errors[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'NO_PAYOUT_METHOD' });
      expect(removed.result.errors).toBeUndefined();
    } else {
      expect(removed.error?.extensions?.code).toBe('CONFLICT');
    }
    const orphans = await server.workroom.dataSource.query(
      `SELECT p.id FROM payouts p JOIN payout_methods m ON m.id = p.payout_method_id WHERE p.trainer_id = $1 AND p.status = 'REQUESTED' AND m.removed_at IS NOT NULL`,
      [racer.id],
    );
    expect(orphans).toEqual([]);
  });
});
