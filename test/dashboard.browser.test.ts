import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { artifacts, launchChromium, signInThroughScreen } from './browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../server/src/graphql/global-id.js';
import { PaymentType } from '../server/src/modules/jobs/job.entity.js';
import { MilestoneStatus } from '../server/src/modules/milestones/milestone.entity.js';
import { Factory } from '../server/test/factories.js';
import { startTestServer, type TestServer } from '../server/test/helpers.js';

/**
 * The dashboard and the employer console in a real browser (Debian's chromium, driven by
 * playwright-core), served by the server from `client/dist`: an employer and a trainer, each in
 * their own browser context, signed in through the sign-in screen. What the employer does reaches
 * the trainer's open page live, over the activity subscription, without a reload.
 */
const desktop = { width: 1280, height: 800 };
const phone = { width: 390, height: 844 };
const timeout = 15_000;

const employerEmail = 'console-employer@test.example';
const trainerEmail = 'console-trainer@test.example';

let server: TestServer;
let browser: Browser;
let contractId: string;
let jobId: string;
const toApprove = 'Rank the first 1,000 pairs';
const toApply = 'Label street scenes';

beforeAll(async () => {
  server = await startTestServer();
  const factory = new Factory(server.workroom.dataSource);
  const organization = await factory.organization({ name: 'Northwind AI' });
  const employer = await factory.employer(organization, { email: employerEmail, name: 'Erin Employer' });
  await factory.employer(organization, { name: 'Casey Colleague' });
  const trainer = await factory.trainer({ email: trainerEmail, name: 'Tara Trainer' });
  const job = await factory.job(organization, { title: 'Rank chatbot answers' });
  const contract = await factory.contract(job, trainer, { title: 'Rank chatbot answers', totalBudgetCents: 500_000 });
  await factory.milestone(contract, { number: 1, title: toApprove, amountCents: 100_000, status: MilestoneStatus.SUBMITTED });
  await factory.milestone(contract, { number: 2, title: 'Rank the next 1,500 pairs', amountCents: 150_000, status: MilestoneStatus.FUNDED });
  await factory.milestone(contract, { number: 3, title: 'Write the final report', amountCents: 50_000, status: MilestoneStatus.NOT_FUNDED });
  const applicant = await factory.trainer({ name: 'Ada Applicant' });
  const openJob = await factory.job(organization, { title: 'Write math word problems' });
  await factory.proposal(openJob, applicant, { coverLetter: 'I taught algebra for ten years.' });
  await factory.proposal(openJob, await factory.trainer({ name: 'Dan Declined' }), { coverLetter: 'Pick me.' });
  // An open job the trainer has not applied to: found on the job board, then applied to.
  await factory.job(organization, {
    title: toApply,
    skills: ['computer-vision'],
    paymentType: PaymentType.PAY_PER_LABEL,
    rateCents: 12,
    budgetCents: null,
    description: 'Draw boxes around cars, bikes and people.',
  });
  await factory.channel(organization, [trainer, employer], { name: 'Rank chatbot answers', jobId: job.id, contractId: contract.id });
  await factory.instructions(job, employer, { versions: 2, publishedVersion: 2 });
  contractId = toGlobalId('Contract', contract.id);
  jobId = toGlobalId('Job', job.id);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Signs in through the sign-in screen and waits for the signed-in shell. */
const signIn = (context: BrowserContext, email: string, name: string) => signInThroughScreen(context, server.url, email, name, timeout);

/** A tab of the manage-job view (not the header's navigation). */
const tab = (page: Page, name: string) => page.getByRole('navigation', { name: 'Job sections' }).getByRole('link', { name });
const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').trim();
const dollars = (value: string) => Number(value.replace(/[^0-9.]/g, ''));
const shot = async (page: Page, name: string) => {
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: join(artifacts, name) });
};

describe('the dashboard and the employer console', () => {
  it('delivers the employer’s message, instructions and approval to the trainer live', async () => {
    const employerContext = await browser.newContext({ viewport: desktop });
    const trainerContext = await browser.newContext({ viewport: desktop });
    try {
      const trainer = await signIn(trainerContext, trainerEmail, 'Tara Trainer');
      await expect.poll(() => trainer.getByText('Rank chatbot answers').count(), { timeout }).toBeGreaterThan(0);
      await shot(trainer, 'dashboard-home.png');

      const employer = await signIn(employerContext, employerEmail, 'Erin Employer');
      await expect.poll(() => employer.getByText('Employer console').count(), { timeout }).toBeGreaterThan(0);
      await expect.poll(() => employer.getByText('Rank chatbot answers').count(), { timeout }).toBeGreaterThan(0);
      // The employer's card names the trainer the contract is with, and its pay with the unit.
      await expect.poll(() => text(employer, '.contract-card__party'), { timeout }).toBe('with Tara Trainer');
      await shot(employer, 'employer-console-home.png');

      // The trainer reads and acknowledges the published instructions (version 2) first.
      await trainer.goto(`${server.url}/jobs/${encodeURIComponent(contractId)}/instructions`);
      await trainer.getByRole('button', { name: 'Acknowledge version 2' }).click();
      await expect.poll(() => trainer.getByText('You have read version 2.').count(), { timeout }).toBe(1);

      // 1. A message: the trainer's open thread shows it without reloading.
      await tab(trainer, 'Messages').click();
      await expect.poll(() => trainer.getByPlaceholder('Write a message…').count(), { timeout }).toBe(1);
      await employer.goto(`${server.url}/jobs/${encodeURIComponent(contractId)}/messages`);
      await employer.getByPlaceholder('Write a message…').fill('Please start with the coding prompts.');
      await employer.getByRole('button', { name: 'Send' }).click();
      await expect.poll(() => trainer.getByText('Please start with the coding prompts.').count(), { timeout }).toBe(1);

      // 2. Instructions: the employer edits the draft, meets a conflict, reloads, saves and publishes.
      await tab(trainer, 'Instructions').click();
      await expect.poll(() => trainer.getByText('You have read version 2.').count(), { timeout }).toBe(1);
      await tab(employer, 'Instructions').click();
      const body = employer.getByLabel('Body (Markdown)');
      await expect.poll(() => body.inputValue(), { timeout }).toBe('# Guidelines v2');
      await body.fill('# Guidelines v3\n\n- Prefer correct answers over long ones');
      // Someone else saves version 3 meanwhile (through the API, as a colleague's editor would).
      const colleague = await server.signIn(employerEmail);
      const saved = await server.graphql('mutation ($input: SaveInstructionsInput!) { saveInstructions(input: $input) { revision { version } } }', {
        variables: { input: { jobId, title: 'Guidelines', body: '# Guidelines v3 (colleague)', baseVersion: 2 } },
        token: colleague,
      });
      expect(saved.errors).toBeUndefined();
      await employer.getByRole('button', { name: 'Save draft' }).click();
      await expect.poll(() => employer.getByText('Someone else saved version 3 since you started editing').count(), { timeout }).toBe(1);
      await employer.getByRole('button', { name: 'Reload' }).click();
      await expect.poll(() => body.inputValue(), { timeout }).toBe('# Guidelines v3 (colleague)');
      await body.fill('# Guidelines v4\n\n- Prefer correct answers over long ones\n- Flag unsafe prompts');
      await employer.getByRole('button', { name: 'Save draft' }).click();
      await expect.poll(() => employer.getByRole('button', { name: 'Publish version 4' }).isEnabled(), { timeout }).toBe(true);
      await employer.getByRole('button', { name: 'Publish version 4' }).click();
      await expect.poll(() => text(employer, '.instructions-editor__header [role=status]'), { timeout }).toContain('version 4 published');
      await expect.poll(() => employer.locator('.diff-line--added').count(), { timeout }).toBeGreaterThan(0);
      await expect.poll(() => text(employer, '.instructions-diff__summary'), { timeout }).toContain('Version 3 → 4');
      await shot(employer, 'employer-instructions.png');
      await employer.locator('.instructions-diff').screenshot({ path: join(artifacts, 'employer-instructions-diff.png') });
      await expect.poll(() => trainer.locator('.banner--update').getByText('Updated since you last read', { exact: true }).count(), { timeout }).toBe(1);
      await expect.poll(() => trainer.locator('.instructions .markdown').getByText('Flag unsafe prompts').count(), { timeout }).toBe(1);
      // …and, above it, the lines that changed since the version the trainer acknowledged.
      await expect.poll(() => trainer.locator('.instructions__changes .diff-line--added').getByText('Flag unsafe prompts').count(), { timeout }).toBe(1);
      await shot(trainer, 'trainer-instructions-updated.png');

      // 3. Approval: the trainer's billing summary moves without reloading.
      await tab(trainer, 'Contract').click();
      await expect.poll(() => text(trainer, '.billing__figure--pending dd'), { timeout }).toBe('$1,000.00');
      const paidBefore = dollars(await text(trainer, '.billing__figure--paid dd'));
      const pendingBefore = dollars(await text(trainer, '.billing__figure--pending dd'));
      await shot(trainer, 'manage-job-contract.png');

      await tab(employer, 'Contract').click();
      await employer.getByRole('button', { name: `Approve & Release Payment for ${toApprove}` }).click();
      // A money move asks first, naming the amount.
      await employer.getByRole('button', { name: 'Release $1,000.00' }).click();
      await expect.poll(() => text(employer, '.milestone__invoice'), { timeout }).toMatch(/Invoice WR-\d{4}-\d+/);
      await shot(employer, 'employer-contract.png');

      await expect.poll(async () => dollars(await text(trainer, '.billing__figure--paid dd')), { timeout }).toBeGreaterThan(paidBefore);
      await expect.poll(async () => dollars(await text(trainer, '.billing__figure--pending dd')), { timeout }).toBeLessThan(pendingBefore);
      expect(dollars(await text(trainer, '.billing__figure--paid dd'))).toBe(paidBefore + 1000);

      // Funding a NOT_FUNDED milestone turns its Fund into Cancel.
      await employer.getByRole('button', { name: 'Fund for Write the final report' }).click();
      await employer.getByRole('button', { name: 'Fund $500.00' }).click();
      await expect.poll(() => employer.getByRole('button', { name: 'Cancel milestone for Write the final report' }).count(), { timeout }).toBe(1);
      // Having succeeded, the confirmation is gone: nothing is left armed to fund twice.
      expect(await employer.getByRole('button', { name: 'Fund $500.00' }).count()).toBe(0);

      // 4. A dispute, settled with a split; the trainer's open window follows each step live.
      const report = 'Write the final report';
      const trainerReport = trainer.getByRole('listitem', { name: new RegExp(report) });
      const employerReport = employer.getByRole('listitem', { name: new RegExp(report) });
      await trainer.getByRole('button', { name: `Complete & Request Payout for ${report}` }).click();
      await trainer.getByLabel('What did you deliver?').fill('The report, with the error taxonomy.');
      await trainer.getByRole('button', { name: 'Submit for approval' }).click();
      await expect.poll(() => employer.getByRole('button', { name: `Dispute for ${report}` }).count(), { timeout }).toBe(1);
      await employer.getByRole('button', { name: `Dispute for ${report}` }).click();
      await employer.getByLabel('What is disputed?').fill('The error taxonomy section is missing.');
      await employer.getByRole('button', { name: 'Open the dispute' }).click();
      const trainerDispute = trainerReport.getByRole('region', { name: /^Dispute:/ });
      await expect.poll(() => trainerDispute.getByText('The error taxonomy section is missing.').count(), { timeout }).toBe(1);
      await expect.poll(() => text(trainer, '.billing__figure--dispute dd'), { timeout }).toBe('$500.00');

      await trainerDispute.getByRole('button', { name: `Respond to the dispute on ${report}` }).click();
      await trainer.getByLabel('Your response').fill('The taxonomy is in the appendix.');
      await trainer.getByRole('button', { name: 'Send response' }).click();
      const employerDispute = employerReport.getByRole('region', { name: /^Dispute:/ });
      await expect.poll(() => employerDispute.getByText('The taxonomy is in the appendix.').count(), { timeout }).toBe(1);

      await employerDispute.getByRole('button', { name: `Propose a settlement for ${report}` }).click();
      await employer.getByLabel('Amount released to the trainer (of $500.00)').fill('300');
      await employer.getByRole('button', { name: 'Send proposal' }).click();
      await expect
        .poll(() => text(trainer, '.dispute__proposal'), { timeout })
        .toBe('The employer proposes: $300.00 to the trainer, $200.00 back to the employer.');
      await shot(trainer, 'trainer-dispute-proposal.png');
      const paidBeforeSettling = dollars(await text(trainer, '.billing__figure--paid dd'));
      await trainerDispute.getByRole('button', { name: `Accept settlement for ${report}` }).click();
      await trainer.getByRole('button', { name: 'Settle: release $300.00' }).click();
      await expect.poll(() => trainerReport.getByRole('region', { name: 'Dispute: Settled' }).count(), { timeout }).toBe(1);
      await expect.poll(() => employerReport.getByRole('region', { name: 'Dispute: Settled' }).count(), { timeout }).toBe(1);
      await expect.poll(async () => dollars(await text(trainer, '.billing__figure--paid dd')), { timeout }).toBe(paidBeforeSettling + 300);
      await expect.poll(() => text(employer, '.billing__figure--refunded dd'), { timeout }).toBe('$200.00');
      await expect.poll(() => trainer.locator('.billing__figure--dispute').count(), { timeout }).toBe(0);
      await shot(employer, 'employer-dispute-settled.png');

      // The same screens on a phone.
      await trainer.setViewportSize(phone);
      await shot(trainer, 'manage-job-contract-phone.png');
    } finally {
      await employerContext.close();
      await trainerContext.close();
    }
  }, 120_000);

  it('lets the employer hire from proposals, grant and revoke access, open a group channel and schedule a meeting', async () => {
    const context = await browser.newContext({ viewport: desktop });
    try {
      const employer = await signIn(context, employerEmail, 'Erin Employer');
      await employer.getByRole('link', { name: 'Proposals' }).click();
      await expect.poll(() => employer.getByText('I taught algebra for ten years.').count(), { timeout }).toBe(1);
      await employer.getByRole('button', { name: 'Shortlist Ada Applicant' }).click();
      await expect.poll(() => employer.getByRole('button', { name: 'Shortlist Ada Applicant' }).count(), { timeout }).toBe(0);
      await employer.getByRole('button', { name: 'Decline Dan Declined' }).click();
      await employer.getByRole('button', { name: 'Decline proposal' }).click();
      await expect.poll(() => employer.getByRole('button', { name: 'Decline Dan Declined' }).count(), { timeout }).toBe(0);
      await employer.getByRole('button', { name: 'Hire Ada Applicant' }).click();
      await employer.getByLabel('Scope').fill('Write 500 word problems.');
      await employer.getByLabel('Total budget (USD)').fill('2,000');
      await employer.getByLabel('First milestone title (optional)').fill('First 100 problems');
      await employer.getByLabel('First milestone amount (USD)').fill('400');
      await employer.getByRole('button', { name: 'Hire and start the contract' }).click();
      await employer.getByRole('link', { name: 'Open the contract' }).click();
      await expect.poll(() => employer.getByRole('heading', { name: '1. First 100 problems' }).count(), { timeout }).toBe(1);
      await expect.poll(() => text(employer, '.billing__figure--total dd'), { timeout }).toBe('$2,000.00');
      await shot(employer, 'employer-proposals-hired.png');

      await tab(employer, 'Access').click();
      await employer.getByLabel('Name').fill('Labelbox workspace');
      await employer.getByLabel('Link (optional)').fill('https://labelbox.example/ws');
      await employer.getByRole('button', { name: 'Grant access' }).click();
      await expect.poll(() => employer.getByRole('link', { name: 'Labelbox workspace' }).count(), { timeout }).toBe(1);
      await employer.getByRole('button', { name: 'Revoke Labelbox workspace' }).click();
      await expect.poll(() => employer.getByRole('heading', { name: 'Revoked' }).count(), { timeout }).toBe(1);
      await shot(employer, 'employer-access.png');

      // A group channel with the trainer, and a meeting about the contract.
      await tab(employer, 'Messages').click();
      await employer.getByRole('button', { name: 'New group channel' }).click();
      await employer.getByLabel('Channel name').fill('Word problems QA');
      // Colleagues are picked by name (Organization.members); the trainer is in by default.
      await employer.getByRole('checkbox', { name: 'Casey Colleague (colleague)' }).check();
      await employer.getByRole('button', { name: 'Create channel' }).click();
      // It opens on the job's Messages tab, not under Messages.
      await expect.poll(() => employer.url(), { timeout }).toContain('/messages?channel=');
      await expect.poll(() => employer.getByText('Word problems QA').count(), { timeout }).toBeGreaterThan(0);
      await shot(employer, 'employer-group-channel.png');

      await employer.goBack();
      await tab(employer, 'Contract').click();
      await employer.getByRole('button', { name: 'Pause contract' }).click();
      await employer.getByRole('button', { name: 'Resume contract' }).click();
      await expect.poll(() => employer.getByRole('button', { name: 'Pause contract' }).count(), { timeout }).toBe(1);
      await employer.getByRole('button', { name: 'Schedule a meeting' }).click();
      await employer.getByLabel('Meeting title').fill('Kickoff call');
      const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
      const day = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
      await employer.getByLabel('Date').fill(day);
      await employer.getByRole('button', { name: 'Schedule', exact: true }).click();
      await expect.poll(() => employer.getByText('Scheduled "Kickoff call".').count(), { timeout }).toBe(1);
    } finally {
      await context.close();
    }
  }, 60_000);
  it('lets a trainer find an open job, apply and follow the proposal; the employer sees it arrive, with the trainer’s name', async () => {
    const employerContext = await browser.newContext({ viewport: desktop });
    const trainerContext = await browser.newContext({ viewport: desktop });
    try {
      // The employer watches proposals received; the new one arrives live.
      const employer = await signIn(employerContext, employerEmail, 'Erin Employer');
      await employer.getByRole('link', { name: 'Proposals' }).click();
      await expect.poll(() => employer.getByRole('heading', { name: 'Proposals received' }).count(), { timeout }).toBe(1);

      // Recommended jobs on the trainer's home open the job's page.
      const trainer = await signIn(trainerContext, trainerEmail, 'Tara Trainer');
      const recommended = trainer.getByRole('region', { name: 'Recommended jobs' }).getByRole('link', { name: toApply });
      await expect.poll(() => recommended.getAttribute('href'), { timeout }).toMatch(/^\/job\//);

      // The job board: filtered by skill and payment type.
      await trainer.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Find work' }).click();
      await expect.poll(() => trainer.getByRole('heading', { name: 'Find work', level: 1 }).count(), { timeout }).toBe(1);
      const filters = trainer.getByRole('search', { name: 'Open jobs' });
      await filters.getByLabel('Skill').fill('computer-vision');
      await filters.getByLabel('Payment type').selectOption({ label: 'Per label' });
      await filters.getByRole('button', { name: 'Search jobs' }).click();
      await expect.poll(() => trainer.getByText('1 open job matches your filters').count(), { timeout }).toBe(1);
      expect(await text(trainer, '.job-row__pay')).toBe('$0.12 / label');
      await shot(trainer, 'job-board.png');

      // The job's page and the proposal form, in the job's unit.
      await trainer.getByRole('link', { name: toApply }).click();
      await expect.poll(() => trainer.getByRole('heading', { name: toApply, level: 1 }).count(), { timeout }).toBe(1);
      const form = trainer.getByRole('form', { name: 'Apply to this job' });
      await form.getByLabel('Cover letter').fill('I have drawn 50,000 boxes for self-driving datasets.');
      const rate = form.getByLabel('Your rate (USD per label)');
      expect(await rate.inputValue()).toBe('0.12');
      await rate.fill('0.14');
      await form.getByRole('button', { name: 'Send proposal' }).click();
      const yours = trainer.getByRole('region', { name: 'Your proposal' });
      await expect.poll(async () => (await yours.count()) > 0 && ((await yours.textContent()) ?? ''), { timeout }).toContain('proposing $0.14 / label');
      await shot(trainer, 'job-page-applied.png');

      // Applying again (from a stale page) is refused by the server, and the page says why.
      const again = await server.graphql('mutation ($input: SubmitProposalInput!) { submitProposal(input: $input) { proposal { id } } }', {
        variables: { input: { jobId: new URL(trainer.url()).pathname.split('/').pop(), coverLetter: 'Again', rateCents: 14 } },
        token: await server.signIn(trainerEmail),
      });
      expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');

      // The Proposals tab: the proposal, with its job posting and its thread.
      await yours.getByRole('link', { name: 'See it on your Proposals tab' }).click();
      const row = trainer.getByRole('listitem', { name: toApply });
      await expect.poll(async () => (await row.count()) > 0 && ((await row.textContent()) ?? ''), { timeout }).toContain('proposed $0.14 / label');
      expect(await row.getByRole('link', { name: `Job posting for ${toApply}` }).getAttribute('href')).toMatch(/^\/job\//);
      await shot(trainer, 'proposals-tab.png');
      await row.getByRole('link', { name: `Message thread about ${toApply}` }).click();
      await expect.poll(() => trainer.url(), { timeout }).toContain('/messages/');
      await expect.poll(() => trainer.getByText(`Proposal: ${toApply} · Tara Trainer`).count(), { timeout }).toBeGreaterThan(0);

      // The employer's open Proposals page shows it without a reload, named after the trainer, rate with its unit.
      const received = employer.getByRole('listitem', { name: `Tara Trainer · ${toApply}` });
      await expect.poll(() => received.count(), { timeout }).toBe(1);
      expect(await received.textContent()).toContain('Tara Trainer proposed $0.14 / label');
      expect(await received.getByRole('link', { name: 'Message Tara Trainer' }).count()).toBe(1);
      await shot(employer, 'employer-proposals-received.png');
    } finally {
      await employerContext.close();
      await trainerContext.close();
    }
  }, 90_000);
});
