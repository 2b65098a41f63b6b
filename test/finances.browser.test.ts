import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { utcMonthStart } from '../server/src/modules/billing/billing.service.js';
import { InvoiceStatus } from '../server/src/modules/billing/invoice.entity.js';
import { ContractStatus } from '../server/src/modules/contracts/contract.entity.js';
import { MilestoneStatus } from '../server/src/modules/milestones/milestone.entity.js';
import { Factory } from '../server/test/factories.js';
import { startTestServer, type TestServer } from '../server/test/helpers.js';
import { artifacts, launchChromium } from './browser.js';

/**
 * The employer's Reports page in a real browser (served from `client/dist`): the organization's
 * money per currency, spend by month and by contract, and an invoice opened as its printable
 * document. Also the Finished page's card: padded, and its "Paid out" caption readable (WCAG AA).
 */
const desktop = { width: 1280, height: 900 };
const phone = { width: 390, height: 844 };
const timeout = 15_000;
const employerEmail = 'finances-employer@test.example';

let server: TestServer;
let browser: Browser;
let invoiceNumber: string;

beforeAll(async () => {
  server = await startTestServer();
  const factory = new Factory(server.workroom.dataSource);
  const organization = await factory.organization({ name: 'Northwind AI' });
  await factory.employer(organization, { email: employerEmail, name: 'Erin Employer' });
  const trainer = await factory.trainer({ name: 'Tara Trainer' });
  const thisMonth = new Date(utcMonthStart(new Date()).getTime() + 3_600_000);

  const dollars = await factory.contract(await factory.job(organization), trainer, { title: 'Rank chatbot answers', totalBudgetCents: 500_000 });
  const paid = await factory.milestone(dollars, { number: 1, title: 'First 1,000 pairs', status: MilestoneStatus.PAID, amountCents: 120_000 });
  const invoice = await factory.invoice(dollars, { milestoneId: paid.id, grossCents: 120_000, feeCents: 12_000, netCents: 108_000, issuedAt: thisMonth });
  invoiceNumber = invoice.number;
  await factory.milestone(dollars, { number: 2, title: 'Next 1,500 pairs', status: MilestoneStatus.FUNDED, amountCents: 150_000 });

  const euros = await factory.contract(await factory.job(organization, { currency: 'EUR' }), trainer, {
    title: 'Label street scenes',
    currency: 'EUR',
    status: ContractStatus.ENDED,
    endedAt: new Date(),
    totalBudgetCents: 80_000,
  });
  const eurosPaid = await factory.milestone(euros, { number: 1, title: 'All scenes', status: MilestoneStatus.PAID, amountCents: 80_000 });
  await factory.invoice(euros, {
    milestoneId: eurosPaid.id,
    grossCents: 80_000,
    feeCents: 8_000,
    netCents: 72_000,
    status: InvoiceStatus.PAID,
    issuedAt: thisMonth,
    paidAt: thisMonth,
  });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const signIn = async (context: BrowserContext): Promise<Page> => {
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  await page.getByLabel('Email').fill(employerEmail);
  await page.getByLabel('Password').fill('workroom');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.getByText('Erin Employer').count(), { timeout }).toBeGreaterThan(0);
  return page;
};

/** The little of the DOM these checks read (the server's TypeScript has no DOM library). */
interface StyledElement {
  parentElement: StyledElement | null;
  ownerDocument: { defaultView: { getComputedStyle(element: StyledElement): { color: string; backgroundColor: string; paddingLeft: string } } };
}

/** The WCAG contrast ratio of an element's text against the first opaque background behind it. */
const contrastOf = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((node) => {
      const element = node as unknown as StyledElement;
      const styleOf = (target: StyledElement) => target.ownerDocument.defaultView.getComputedStyle(target);
      const rgb = (value: string) => (value.match(/[\d.]+/g) ?? []).map(Number);
      const luminance = ([r, g, b]: number[]) => {
        const channel = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
        return 0.2126 * channel(r!) + 0.7152 * channel(g!) + 0.0722 * channel(b!);
      };
      let behind: StyledElement | null = element;
      let background = 'rgb(255, 255, 255)';
      while (behind) {
        const color = styleOf(behind).backgroundColor;
        const parts = rgb(color);
        if (parts.length === 3 || (parts.length === 4 && parts[3] === 1)) {
          background = color;
          break;
        }
        behind = behind.parentElement;
      }
      const [light, dark] = [luminance(rgb(styleOf(element).color)), luminance(rgb(background))].sort((a, b) => b - a);
      return (light! + 0.05) / (dark! + 0.05);
    });

describe("the employer's Reports page", () => {
  it('shows the figures per currency and opens an invoice as a printable document', async () => {
    const context = await browser.newContext({ viewport: desktop });
    try {
      const page = await signIn(context);
      // Reports is in the employer's navigation.
      await page.getByRole('link', { name: 'Reports', exact: true }).click();
      await expect.poll(() => page.url(), { timeout }).toMatch(/\/reports$/);
      const dollars = page.getByRole('region', { name: 'Totals in USD' });
      await expect.poll(() => dollars.count(), { timeout }).toBe(1);
      expect(await dollars.locator('dd').allTextContents()).toEqual(['$2,700.00', '$1,500.00', '$1,200.00', '$120.00']);
      expect(await page.getByRole('region', { name: 'Totals in EUR' }).locator('dd').allTextContents()).toEqual(['€800.00', '€0.00', '€800.00', '€80.00']);
      expect(await page.getByText('Who pays the fee:').count()).toBe(1);
      // No trainer payout panel, and no error.
      expect(await page.getByText(/Request (a )?payout/i).count()).toBe(0);
      expect(await page.getByRole('alert').count()).toBe(0);
      const byContract = page.getByRole('region', { name: 'Spend by contract' });
      await expect.poll(() => byContract.getByRole('link', { name: 'Rank chatbot answers' }).count(), { timeout }).toBe(1);
      await expect.poll(() => page.locator('.invoice__number', { hasText: invoiceNumber }).count(), { timeout }).toBe(1);
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: join(artifacts, 'employer-reports.png'), fullPage: true });

      const [document] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: `Download invoice ${invoiceNumber}` }).click()]);
      await document.waitForLoadState();
      expect(await document.title()).toBe(`Invoice ${invoiceNumber}`);
      expect(await document.getByRole('button', { name: 'Print / Save as PDF' }).count()).toBe(1);
      const body = (await document.textContent('body')) ?? '';
      expect(body).toContain('Tara Trainer');
      expect(body).toContain('Northwind AI');
      expect(body).toContain('Issue date');
      expect(body).not.toContain('Payment date');
      expect(body).toContain('$1,080.00');
      // The button's script runs under the page's CSP: clicking it calls print.
      await document.evaluate('window.print = () => { window.printed = true; }');
      await document.getByRole('button', { name: 'Print / Save as PDF' }).click();
      expect(await document.evaluate('window.printed === true')).toBe(true);
      await document.emulateMedia({ media: 'print' });
      expect(await document.getByRole('button', { name: 'Print / Save as PDF' }).isVisible()).toBe(false);
      await document.screenshot({ path: join(artifacts, 'invoice-document.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('fits a phone: the page does not scroll sideways (wide tables scroll in their own box)', async () => {
    const context = await browser.newContext({ viewport: phone });
    try {
      const page = await signIn(context);
      await page.goto(`${server.url}/reports`);
      await expect.poll(() => page.getByRole('region', { name: 'Totals in USD' }).count(), { timeout }).toBe(1);
      await expect.poll(() => page.locator('.invoice__number', { hasText: invoiceNumber }).count(), { timeout }).toBe(1);
      expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
      await page.screenshot({ path: join(artifacts, 'employer-reports-phone.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('pads the Finished card and keeps its "Paid out" caption readable', async () => {
    const context = await browser.newContext({ viewport: desktop });
    try {
      const page = await signIn(context);
      await page.goto(`${server.url}/finished`);
      await expect.poll(() => page.locator('.finished__caption').count(), { timeout }).toBe(1);
      expect(await page.locator('.finished__caption').textContent()).toBe('Paid out');
      expect(await contrastOf(page, '.finished__caption')).toBeGreaterThanOrEqual(4.5);
      const padding = await page.locator('.finished-list').evaluate((node) => {
        const element = node as unknown as StyledElement;
        return parseFloat(element.ownerDocument.defaultView.getComputedStyle(element).paddingLeft);
      });
      expect(padding).toBeGreaterThan(8);
      await page.screenshot({ path: join(artifacts, 'finished.png') });
    } finally {
      await context.close();
    }
  });
});
