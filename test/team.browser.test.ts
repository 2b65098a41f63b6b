import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../server/src/graphql/global-id.js';
import { ChannelKind } from '../server/src/modules/messaging/channel.entity.js';
import { Factory } from '../server/test/factories.js';
import { startTestServer, type TestServer } from '../server/test/helpers.js';
import { artifacts, launchChromium, signInThroughScreen } from './browser.js';

/**
 * A job's team in a real browser: an employer and two trainers on one job. Each trainer sees who
 * is on the job; the employer opens a group channel from the job's Messages tab (it opens right
 * there), and the second trainer sees it appear on their own job tab live, then go when removed.
 */
const desktop = { width: 1280, height: 900 };
const timeout = 15_000;

let server: TestServer;
let browser: Browser;
let taraContract: string;
let tomContract: string;

beforeAll(async () => {
  server = await startTestServer();
  const factory = new Factory(server.workroom.dataSource);
  const organization = await factory.organization({ name: 'Northwind AI' });
  const employer = await factory.employer(organization, { email: 'team-employer@test.example', name: 'Erin Employer' });
  const tara = await factory.trainer({ email: 'team-tara@test.example', name: 'Tara Trainer' });
  const tom = await factory.trainer({ email: 'team-tom@test.example', name: 'Tom Tagger' });
  const job = await factory.job(organization, { title: 'Rank chatbot answers' });
  for (const trainer of [tara, tom]) {
    const contract = await factory.contract(job, trainer);
    await factory.channel(organization, [trainer, employer], {
      kind: ChannelKind.DIRECT,
      name: `${trainer.name} · Northwind AI`,
      jobId: job.id,
      contractId: contract.id,
    });
    if (trainer === tara) taraContract = toGlobalId('Contract', contract.id);
    else tomContract = toGlobalId('Contract', contract.id);
  }
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Signs in through the sign-in screen and waits for the signed-in shell. */
const signIn = (context: BrowserContext, email: string, name: string) => signInThroughScreen(context, server.url, email, name, timeout);

const messagesOf = (page: Page, contractId: string) => page.goto(`${server.url}/jobs/${encodeURIComponent(contractId)}/messages`);
const teamRows = (page: Page) => page.getByRole('region', { name: 'Team' }).getByRole('listitem').allTextContents();
const conversations = (page: Page) => page.getByRole('region', { name: 'Conversations of this job' }).getByRole('link').allTextContents();

describe("a job's team and its group channels", () => {
  it('shows the team, opens a new group channel in the job tab, and adds and removes a trainer live', async () => {
    const employerContext = await browser.newContext({ viewport: desktop });
    const tomContext = await browser.newContext({ viewport: desktop });
    try {
      const tom = await signIn(tomContext, 'team-tom@test.example', 'Tom Tagger');
      await messagesOf(tom, tomContract);
      await expect.poll(() => teamRows(tom), { timeout }).toEqual(['Erin EmployerEmployer', 'Tara TrainerTrainer', 'Tom Tagger (you)Trainer']);
      // Their DIRECT channel is named after the organization, not after themselves.
      await expect.poll(() => tom.getByRole('heading', { name: /Northwind AI · Rank chatbot answers/ }).count(), { timeout }).toBeGreaterThan(0);

      const employer = await signIn(employerContext, 'team-employer@test.example', 'Erin Employer');
      await messagesOf(employer, taraContract);
      await employer.getByRole('button', { name: 'New group channel' }).click();
      await employer.getByLabel('Channel name').fill('Ranking crew');
      // Tara (this contract's trainer) is in by default; Tom, on the same job, is offered too.
      const members = employer.getByRole('group', { name: 'Members' });
      await expect.poll(() => members.getByRole('checkbox', { name: 'Tara Trainer (trainer)' }).isChecked(), { timeout }).toBe(true);
      // Clicking the name ticks the box: the label holds both.
      await members.getByText('Tom Tagger').click();
      await expect.poll(() => members.getByRole('checkbox', { name: 'Tom Tagger (trainer)' }).isChecked(), { timeout }).toBe(true);
      await employer.getByRole('button', { name: 'Create channel' }).click();
      await expect.poll(() => employer.url(), { timeout }).toContain(`/jobs/${encodeURIComponent(taraContract)}/messages?channel=`);
      const crew = employer.getByRole('region', { name: 'Members of #Ranking crew' });
      await expect
        .poll(() => crew.getByRole('listitem').allTextContents(), { timeout })
        .toEqual(['Erin Employer (you)', 'Tara Trainer (trainer)Remove', 'Tom Tagger (trainer)Remove']);
      await employer.screenshot({ path: join(artifacts, 'team-group-channel.png'), fullPage: true });

      // Tom's open job tab lists the new channel without a reload.
      await expect.poll(async () => (await conversations(tom)).some((row) => row.includes('Ranking crew')), { timeout }).toBe(true);
      await tom.screenshot({ path: join(artifacts, 'team-trainer-tab.png'), fullPage: true });

      // Removed, it leaves Tom's tab, again live.
      await crew.getByRole('button', { name: 'Remove Tom Tagger' }).click();
      await crew.getByRole('group', { name: 'Remove Tom Tagger' }).getByRole('button', { name: 'Remove' }).click();
      await expect.poll(() => crew.getByRole('listitem').allTextContents(), { timeout }).toEqual(['Erin Employer (you)', 'Tara Trainer (trainer)Remove']);
      await expect.poll(() => tom.getByText('Ranking crew').count(), { timeout }).toBe(0);
    } finally {
      await employerContext.close();
      await tomContext.close();
    }
  });
});
