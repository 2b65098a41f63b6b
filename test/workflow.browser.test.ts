import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentType } from '../server/src/modules/jobs/job.entity.js';
import { Factory } from '../server/test/factories.js';
import { startTestServer, type TestServer } from '../server/test/helpers.js';
import { artifacts, launchChromium, signInThroughScreen } from './browser.js';

/**
 * The whole engagement in two browsers, a trainer's and an employer's, each following the other
 * live: apply → shortlist → hire → fund → submit → dispute → settle → payout. Each step is taken
 * in one window and seen in the other without a reload.
 */
const desktop = { width: 1280, height: 900 };
const timeout = 15_000;
const employerEmail = 'flow-employer@test.example';
const trainerEmail = 'flow-trainer@test.example';
const jobTitle = 'Grade model essays';
const milestoneTitle = 'First 200 essays';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  const factory = new Factory(server.workroom.dataSource);
  const organization = await factory.organization({ name: 'Northwind AI' });
  await factory.employer(organization, { email: employerEmail, name: 'Erin Employer' });
  await factory.trainer({ email: trainerEmail, name: 'Tara Trainer' });
  await factory.job(organization, {
    title: jobTitle,
    skills: ['writing'],
    paymentType: PaymentType.PAY_PER_HOUR,
    rateCents: 4_000,
    budgetCents: 400_000,
    description: 'Grade essays written by a model against a rubric.',
  });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Signs in through the sign-in screen and waits for the signed-in shell. */
const signIn = (context: BrowserContext, email: string, name: string) => signInThroughScreen(context, server.url, email, name, timeout);

const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').trim();
const shot = (page: Page, name: string) => page.screenshot({ path: join(artifacts, name) });

describe('an engagement from application to payout', () => {
  it('apply → shortlist → hire → fund → submit → dispute → settle → payout, both windows live', async () => {
    const employerContext = await browser.newContext({ viewport: desktop });
    const trainerContext = await browser.newContext({ viewport: desktop });
    try {
      const employer = await signIn(employerContext, employerEmail, 'Erin Employer');
      const trainer = await signIn(trainerContext, trainerEmail, 'Tara Trainer');
      const main = (page: Page) => page.getByRole('navigation', { name: 'Main' });

      // Apply: the employer's open Proposals page receives it live.
      await main(employer).getByRole('link', { name: 'Proposals' }).click();
      await expect.poll(() => employer.getByRole('heading', { name: 'Proposals received' }).count(), { timeout }).toBe(1);
      await main(trainer).getByRole('link', { name: 'Find work' }).click();
      await trainer.getByRole('link', { name: jobTitle }).click();
      const form = trainer.getByRole('form', { name: 'Apply to this job' });
      await form.getByLabel('Cover letter').fill('I graded AP essays for six years.');
      await form.getByLabel('Your rate (USD per hour)').fill('42');
      await form.getByRole('button', { name: 'Send proposal' }).click();
      const received = employer.getByRole('listitem', { name: `Tara Trainer · ${jobTitle}` });
      await expect.poll(() => received.count(), { timeout }).toBe(1);
      expect(await received.textContent()).toContain('Tara Trainer proposed $42.00 / hour');

      // Shortlist, then hire with a first milestone: the trainer's open Proposals tab follows.
      await main(trainer).getByRole('link', { name: 'Proposals' }).click();
      const proposal = trainer.getByRole('listitem', { name: jobTitle });
      await expect.poll(() => proposal.count(), { timeout }).toBe(1);
      await employer.getByRole('button', { name: 'Shortlist Tara Trainer' }).click();
      await expect.poll(async () => ((await proposal.textContent()) ?? '').toLowerCase(), { timeout }).toContain('shortlisted');
      await employer.getByRole('button', { name: 'Hire Tara Trainer' }).click();
      await employer.getByLabel('Scope').fill('Grade 1,000 essays against the rubric.');
      await employer.getByLabel('Total budget (USD)').fill('4,000');
      await employer.getByLabel('First milestone title (optional)').fill(milestoneTitle);
      await employer.getByLabel('First milestone amount (USD)').fill('800');
      await employer.getByRole('button', { name: 'Hire and start the contract' }).click();
      await expect.poll(async () => ((await proposal.textContent()) ?? '').toLowerCase(), { timeout }).toContain('hired');
      await employer.getByRole('link', { name: 'Open the contract' }).click();

      // Fund: the trainer's contract page shows the money in escrow.
      await main(trainer).getByRole('link', { name: 'My Jobs' }).click();
      await trainer
        .getByRole('link', { name: new RegExp(jobTitle) })
        .first()
        .click();
      await trainer.getByRole('navigation', { name: 'Job sections' }).getByRole('link', { name: 'Contract' }).click();
      await expect.poll(() => trainer.getByRole('heading', { name: `1. ${milestoneTitle}` }).count(), { timeout }).toBe(1);
      await employer.getByRole('button', { name: `Fund for ${milestoneTitle}` }).click();
      await employer.getByRole('button', { name: 'Fund $800.00' }).click();
      const submit = trainer.getByRole('button', { name: `Complete & Request Payout for ${milestoneTitle}` });
      await expect.poll(() => submit.count(), { timeout }).toBe(1);

      // Submit: the employer's open contract page offers the review.
      await submit.click();
      await trainer.getByLabel('What did you deliver?').fill('All 200 essays graded, rationales attached.');
      await trainer.getByRole('button', { name: 'Submit for approval' }).click();
      await expect.poll(() => employer.getByRole('button', { name: `Dispute for ${milestoneTitle}` }).count(), { timeout }).toBe(1);

      // Dispute, respond, settle with a split.
      const trainerItem = trainer.getByRole('listitem', { name: new RegExp(milestoneTitle) });
      const employerItem = employer.getByRole('listitem', { name: new RegExp(milestoneTitle) });
      await employer.getByRole('button', { name: `Dispute for ${milestoneTitle}` }).click();
      await employer.getByLabel('What is disputed?').fill('Forty essays have no rationale.');
      await employer.getByRole('button', { name: 'Open the dispute' }).click();
      const trainerDispute = trainerItem.getByRole('region', { name: /^Dispute:/ });
      await expect.poll(() => trainerDispute.getByText('Forty essays have no rationale.').count(), { timeout }).toBe(1);
      await trainerDispute.getByRole('button', { name: `Respond to the dispute on ${milestoneTitle}` }).click();
      await trainer.getByLabel('Your response').fill('Those forty were blank submissions.');
      await trainer.getByRole('button', { name: 'Send response' }).click();
      const employerDispute = employerItem.getByRole('region', { name: /^Dispute:/ });
      await expect.poll(() => employerDispute.getByText('Those forty were blank submissions.').count(), { timeout }).toBe(1);
      await employerDispute.getByRole('button', { name: `Propose a settlement for ${milestoneTitle}` }).click();
      await employer.getByLabel('Amount released to the trainer (of $800.00)').fill('640');
      await employer.getByRole('button', { name: 'Send proposal' }).click();
      await expect
        .poll(() => text(trainer, '.dispute__proposal'), { timeout })
        .toBe('The employer proposes: $640.00 to the trainer, $160.00 back to the employer.');
      await trainerDispute.getByRole('button', { name: `Accept settlement for ${milestoneTitle}` }).click();
      await trainer.getByRole('button', { name: 'Settle: release $640.00' }).click();
      await expect.poll(() => employerItem.getByRole('region', { name: 'Dispute: Settled' }).count(), { timeout }).toBe(1);
      await expect.poll(() => text(employer, '.billing__figure--refunded dd'), { timeout }).toBe('$160.00');
      await shot(employer, 'workflow-settled.png');

      // Payout: the released $640.00 less the 10% fee, to a payout method added on the way.
      await main(trainer).getByRole('link', { name: 'Reports' }).click();
      const getPaid = trainer.getByRole('region', { name: 'Get paid' });
      await expect.poll(() => getPaid.getByText('$576.00 is ready to pay out.').count(), { timeout }).toBe(1);
      await getPaid.getByRole('link', { name: 'Add a payout method' }).click();
      const methodForm = trainer.getByRole('form', { name: 'Add a payout method' });
      await methodForm.getByLabel('Country of the account').selectOption('DE');
      await methodForm.getByLabel('IBAN').fill('DE89 3704 0044 0532 0130 00');
      await methodForm.getByRole('button', { name: 'Add payout method' }).click();
      await expect
        .poll(() => trainer.getByRole('region', { name: 'Your payout methods' }).getByRole('listitem').first().textContent(), { timeout })
        .toContain('Bank transfer •••• 3000');
      await main(trainer).getByRole('link', { name: 'Reports' }).click();
      await getPaid.getByRole('button', { name: 'Request payout…' }).click();
      await getPaid.getByRole('group', { name: 'Confirm the payout' }).getByRole('button', { name: 'Request $576.00' }).click();
      await expect.poll(() => getPaid.getByText('Requested $576.00 from Northwind AI to Bank transfer •••• 3000.').count(), { timeout }).toBe(1);
      await shot(trainer, 'workflow-payout.png');
    } finally {
      await employerContext.close();
      await trainerContext.close();
    }
  }, 150_000);
});
