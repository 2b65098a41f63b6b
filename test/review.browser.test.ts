import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../server/src/graphql/global-id.js';
import { Factory } from '../server/test/factories.js';
import { startTestServer, type TestServer } from '../server/test/helpers.js';
import { artifacts, launchChromium, signInThroughScreen } from './browser.js';

/**
 * Reviewing what changed, in a real browser: the employer publishes instructions with a change
 * note and the trainer's open page shows the note and the changed lines live; the trainer edits a
 * message and the employer's open thread shows the edit live, marked "(edited)".
 */
const desktop = { width: 1280, height: 800 };
const timeout = 15_000;
const employerEmail = 'review-employer@test.example';
const trainerEmail = 'review-trainer@test.example';

let server: TestServer;
let browser: Browser;
let contractId: string;

beforeAll(async () => {
  server = await startTestServer();
  const factory = new Factory(server.workroom.dataSource);
  const organization = await factory.organization({ name: 'Northwind AI' });
  const employer = await factory.employer(organization, { email: employerEmail, name: 'Erin Employer' });
  const trainer = await factory.trainer({ email: trainerEmail, name: 'Tara Trainer' });
  const job = await factory.job(organization, { title: 'Rank chatbot answers' });
  const contract = await factory.contract(job, trainer, { title: 'Rank chatbot answers', totalBudgetCents: 500_000 });
  const channel = await factory.channel(organization, [trainer, employer], { name: 'Rank chatbot answers', jobId: job.id, contractId: contract.id });
  await factory.message(channel, trainer, 'The batch is 20 pairs.');
  await factory.instructions(job, employer, { versions: 1, publishedVersion: 1 });
  contractId = encodeURIComponent(toGlobalId('Contract', contract.id));
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Signs in through the sign-in screen and waits for the signed-in shell. */
const signIn = (context: BrowserContext, email: string, name: string) => signInThroughScreen(context, server.url, email, name, timeout);

const tab = (page: Page, name: string) => page.getByRole('navigation', { name: 'Job sections' }).getByRole('link', { name });

describe('reviewing changes, live', () => {
  it('shows the trainer the change note and the changed lines; shows the employer the trainer’s edited message', async () => {
    const employerContext = await browser.newContext({ viewport: desktop });
    const trainerContext = await browser.newContext({ viewport: desktop });
    try {
      const trainer = await signIn(trainerContext, trainerEmail, 'Tara Trainer');
      await trainer.goto(`${server.url}/jobs/${contractId}/instructions`);
      await trainer.getByRole('button', { name: 'Acknowledge version 1' }).click();
      await expect.poll(() => trainer.getByText('You have read version 1.').count(), { timeout }).toBe(1);

      // The employer rewrites a line and publishes version 2 with a note.
      const employer = await signIn(employerContext, employerEmail, 'Erin Employer');
      await employer.goto(`${server.url}/jobs/${contractId}/instructions`);
      const body = employer.getByLabel('Body (Markdown)');
      await expect.poll(() => body.inputValue(), { timeout }).toBe('# Guidelines v1');
      await body.fill('# Guidelines v1\n\n- Ties go to the safer answer');
      await employer.getByRole('button', { name: 'Save draft' }).click();
      await expect.poll(() => employer.getByRole('button', { name: 'Publish version 2' }).isEnabled(), { timeout }).toBe(true);
      await employer.getByLabel('What changed (optional)').fill('Ties now go to the safer answer.');
      await employer.getByRole('button', { name: 'Publish version 2' }).click();
      await expect.poll(() => employer.getByText('version 2 published', { exact: false }).count(), { timeout }).toBeGreaterThan(0);
      await expect.poll(() => employer.getByText('“Ties now go to the safer answer.”', { exact: false }).count(), { timeout }).toBe(1);

      // The trainer's open page: the update banner, the note, and what changed since version 1.
      const banner = trainer.locator('.banner--update');
      await expect.poll(() => banner.getByText('Updated since you last read', { exact: true }).count(), { timeout }).toBe(1);
      await expect.poll(async () => (await banner.textContent()) ?? '', { timeout }).toContain('What changed: Ties now go to the safer answer.');
      const changes = trainer.getByRole('group', { name: 'Changes from version 1 to 2' });
      const added = async () => (await changes.locator('.diff-line--added').allTextContents()).map((line) => line.trim());
      await expect.poll(added, { timeout }).toEqual(['+ Added:', '+ Added: - Ties go to the safer answer']);
      expect((await changes.locator('.diff-line--unchanged').allTextContents()).map((line) => line.trim())).toEqual(['# Guidelines v1']);
      await trainer.screenshot({ path: join(artifacts, 'trainer-instructions-what-changed.png') });
      await trainer.getByRole('button', { name: 'Acknowledge version 2' }).click();
      await expect.poll(() => trainer.getByText('You have read version 2.').count(), { timeout }).toBe(1);
      await expect.poll(() => changes.count(), { timeout }).toBe(0);

      // The trainer edits their message; the employer's open thread shows it, edited.
      await tab(employer, 'Messages').click();
      await expect.poll(() => employer.getByText('The batch is 20 pairs.').count(), { timeout }).toBe(1);
      await tab(trainer, 'Messages').click();
      const own = trainer.locator('.message--own').filter({ hasText: 'The batch is 20 pairs.' });
      await own.getByRole('button', { name: /^Edit/ }).click();
      const field = trainer.getByLabel('Edit your message');
      await field.fill('The batch is 200 pairs.');
      await field.press('Enter');
      await expect.poll(() => trainer.locator('.message--own').filter({ hasText: 'The batch is 200 pairs.' }).count(), { timeout }).toBe(1);

      const edited = employer.locator('.message').filter({ hasText: 'The batch is 200 pairs.' });
      await expect.poll(() => edited.count(), { timeout }).toBe(1);
      await expect.poll(() => edited.getByText('(edited)').count(), { timeout }).toBe(1);
      expect(await employer.getByText('The batch is 20 pairs.').count()).toBe(0);
      // Only the author may edit: the employer has no Edit on it.
      expect(await edited.getByRole('button', { name: /^Edit/ }).count()).toBe(0);
      await employer.screenshot({ path: join(artifacts, 'employer-sees-edited-message.png') });
    } finally {
      await employerContext.close();
      await trainerContext.close();
    }
  }, 120_000);
});
