import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MilestoneStatus } from '../server/src/modules/milestones/milestone.entity.js';
import { Factory } from '../server/test/factories.js';
import { startTestServer, type TestServer } from '../server/test/helpers.js';
import { artifacts, launchChromium } from './browser.js';

/**
 * Settings → Payouts and Reports' Request payout in a real browser: a trainer with paid money and
 * no payout method is sent to Settings, adds a bank account (seen masked from then on), and
 * requests the payout, which goes to it; the button then stays "Requested".
 */
const timeout = 15_000;
const trainerEmail = 'payouts-trainer@test.example';
let server: TestServer;
let browser: Browser;
let trainerId: string;

beforeAll(async () => {
  server = await startTestServer();
  const factory = new Factory(server.workroom.dataSource);
  const organization = await factory.organization({ name: 'Northwind AI' });
  const trainer = await factory.trainer({ email: trainerEmail, name: 'Pat Payee' });
  trainerId = trainer.id;
  const contract = await factory.contract(await factory.job(organization), trainer, { title: 'Rank chatbot answers' });
  const milestone = await factory.milestone(contract, { status: MilestoneStatus.PAID, amountCents: 50_000 });
  await factory.invoice(contract, { milestoneId: milestone.id, grossCents: 50_000, feeCents: 5_000, netCents: 45_000 });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const signIn = async (page: Page) => {
  await page.goto(`${server.url}/`);
  await page.getByLabel('Email').fill(trainerEmail);
  await page.getByLabel('Password').fill('workroom');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.getByText('Pat Payee').count(), { timeout }).toBeGreaterThan(0);
};

describe('payouts in the dashboard', () => {
  it('the trainer adds a payout method and requests a payout to it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      await signIn(page);
      const main = page.getByRole('navigation', { name: 'Main' });
      await main.getByRole('link', { name: 'Reports' }).click();
      const getPaid = page.getByRole('region', { name: 'Get paid' });
      await expect.poll(() => getPaid.getByText('$450.00 is ready to pay out.').count(), { timeout }).toBe(1);
      // No method yet: the panel sends the trainer to Settings instead of offering a request.
      await expect.poll(() => getPaid.getByRole('button', { name: /Request/ }).count(), { timeout }).toBe(0);
      await getPaid.getByRole('link', { name: 'Add a payout method' }).click();
      await expect.poll(() => page.url(), { timeout }).toMatch(/\/settings\/payouts$/);

      const form = page.getByRole('form', { name: 'Add a payout method' });
      await form.getByLabel('Country of the account').selectOption('DE');
      await expect.poll(() => form.getByLabel('Account holder').inputValue(), { timeout }).toBe('Pat Payee');
      // A typo is caught before anything is sent.
      await form.getByLabel('IBAN').fill('DE89 3704 0044 0532 0130 01');
      await form.getByRole('button', { name: 'Add payout method' }).click();
      await expect.poll(() => form.getByRole('alert').textContent(), { timeout }).toBe("This IBAN's check digits do not match: check it for a typo.");
      await form.getByLabel('IBAN').fill('DE89 3704 0044 0532 0130 00');
      await form.getByRole('button', { name: 'Add payout method' }).click();
      const methods = page.getByRole('region', { name: 'Your payout methods' });
      await expect.poll(() => methods.getByRole('listitem').first().textContent(), { timeout }).toContain('Bank transfer •••• 3000 Default');
      // The full number is nowhere on the page once saved.
      expect(await page.content()).not.toContain('0532 0130 00');
      await page.screenshot({ path: join(artifacts, 'settings-payouts.png') });

      await main.getByRole('link', { name: 'Reports' }).click();
      await expect.poll(() => getPaid.textContent(), { timeout }).toContain('Payouts go to Bank transfer •••• 3000');
      await getPaid.getByRole('button', { name: 'Request payout…' }).click();
      const confirm = getPaid.getByRole('group', { name: 'Confirm the payout' });
      await expect.poll(() => confirm.textContent(), { timeout }).toContain('Request a payout of $450.00 to Bank transfer •••• 3000?');
      await confirm.getByRole('button', { name: 'Request $450.00' }).click();
      await expect.poll(() => getPaid.getByText('Requested $450.00 from Northwind AI to Bank transfer •••• 3000.').count(), { timeout }).toBe(1);
      // Not armed again: there is no new money to request.
      const requested = getPaid.getByRole('button', { name: 'Requested' });
      await expect.poll(() => requested.isDisabled(), { timeout }).toBe(true);
      const payouts = page.getByRole('region', { name: 'Payouts' });
      await expect.poll(() => payouts.getByRole('listitem').first().textContent(), { timeout }).toContain('to Bank transfer •••• 3000');
      await page.screenshot({ path: join(artifacts, 'reports-payout-requested.png') });

      const rows: Array<{ label: string }> = await server.workroom.dataSource.query(
        `SELECT m.masked_account AS label FROM payouts p JOIN payout_methods m ON m.id = p.payout_method_id WHERE p.trainer_id = $1`,
        [trainerId],
      );
      expect(rows).toEqual([{ label: '•••• 3000' }]);
    } finally {
      await context.close();
    }
  });
});
