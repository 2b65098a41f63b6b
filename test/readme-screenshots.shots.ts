import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server/test/helpers.js';
import { launchChromium } from './browser.js';

/**
 * The README's screenshots, taken from the demo world `npm start` seeds: `npm run screenshots`.
 * Not part of `npm test` (it rewrites files under docs/); run it after a change to the screens.
 */
const screenshots = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ env: { SEED_DEMO: 'always' } });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signedIn(email: string, viewport = { width: 1280, height: 860 }): Promise<Page> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: viewport.width < 500 ? 2 : 1, reducedMotion: 'reduce' });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('workroom');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation').first().waitFor();
  return page;
}

async function shoot(page: Page, name: string, ready: () => Promise<unknown>): Promise<void> {
  await ready();
  // Fonts and the last live refetch settle before the picture.
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: join(screenshots, name), fullPage: false });
}

/** A contract of the viewer whose title matches, by the graph, for its pages' addresses. */
async function contractId(email: string, title: RegExp, trainer?: string): Promise<string> {
  const token = await server.signIn(email);
  const result = await server.graphql<{ viewer: { contracts: { nodes: Array<{ id: string; title: string; trainer: { name: string } }> } } }>(
    '{ viewer { contracts(first: 50) { nodes { id title trainer { name } } } } }',
    { token },
  );
  const found = result.data?.viewer.contracts.nodes.find((contract) => title.test(contract.title) && (!trainer || contract.trainer.name === trainer));
  if (!found) throw new Error(`No contract like ${title} for ${email}: ${JSON.stringify(result)}`);
  return encodeURIComponent(found.id);
}

const main = (page: Page) => () => page.getByRole('main').first().waitFor();

describe('README screenshots', () => {
  it('shows the trainer, the employer and the phone', async () => {
    const trainer = await signedIn('trainer@example.com');
    await shoot(trainer, 'dashboard.png', main(trainer));
    const rlhf = await contractId('trainer@example.com', /RLHF/);
    await trainer.goto(`${server.url}/jobs/${rlhf}/messages`);
    await shoot(trainer, 'manage-job-messages.png', main(trainer));
    await trainer.goto(`${server.url}/jobs/${rlhf}/contract`);
    await shoot(trainer, 'manage-job-contract.png', main(trainer));
    await trainer.goto(`${server.url}/reports`);
    await shoot(trainer, 'reports-trainer.png', main(trainer));
    await trainer.goto(`${server.url}/settings/payouts`);
    await shoot(trainer, 'settings-payouts.png', main(trainer));

    const employer = await signedIn('helios@example.com');
    await employer.goto(`${server.url}/reports`);
    await shoot(employer, 'reports-employer.png', main(employer));
    const redTeam = await contractId('helios@example.com', /red.team/i, 'Alex Rivera');
    await employer.goto(`${server.url}/jobs/${redTeam}/contract`);
    await shoot(employer, 'contract-employer-dispute.png', async () => {
      await main(employer)();
      const dispute = employer.getByRole('region', { name: /^Dispute:/ }).first();
      await dispute.waitFor();
      await dispute.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    });

    const phone = await signedIn('trainer@example.com', { width: 390, height: 844 });
    await shoot(phone, 'dashboard-phone.png', main(phone));
    expect(true).toBe(true);
  }, 180_000);
});
