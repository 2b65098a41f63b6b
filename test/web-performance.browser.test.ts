import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../server/src/config.js';
import { toGlobalId } from '../server/src/graphql/global-id.js';
import { Factory } from '../server/test/factories.js';
import { startTestServer, type TestServer } from '../server/test/helpers.js';
import { artifacts, launchChromium } from './browser.js';

/**
 * What a phone downloads and what a screen reader hears, in a real browser against the built
 * dashboard (`client/dist`, from `npm run build`): the sign-in page's JavaScript budget in
 * compressed bytes, that a trainer never loads the employer console or the IDE, that every route
 * has its own title and is announced, no axe (WCAG 2.1 A/AA) violation at desktop and phone
 * width, and a phone-size run from sign-in to a sent message.
 */

/** The budget for the sign-in page: compressed JavaScript (Brotli, as the server sends it). */
const signInBudgetBytes = 120 * 1024;

const desktop = { width: 1280, height: 800 };
const phone = { width: 390, height: 844 };
const timeout = 15_000;
const trainerEmail = 'phone-trainer@test.example';
const employerEmail = 'phone-employer@test.example';

const dist = join(repoRoot, 'client', 'dist');
interface ManifestEntry {
  file: string;
  src?: string;
  imports?: string[];
  isEntry?: boolean;
  isDynamicEntry?: boolean;
}
const manifest = (): Record<string, ManifestEntry> => JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestEntry>;
/** What the server sends for a built file to a browser that accepts Brotli (files under 1 KiB go as they are). */
const hasBrotli = (file: string) => existsSync(join(dist, `${file}.br`));
const brotliBytes = (file: string) => statSync(join(dist, hasBrotli(file) ? `${file}.br` : file)).size;
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server: TestServer;
let browser: Browser;
let contractPath: string;
let postLongMessage: () => Promise<unknown>;
let hireAgain: () => Promise<unknown>;

beforeAll(async () => {
  // As `npm start` runs it (NODE_ENV=production): trusted documents allowed, which the head start
  // of a returning visit uses (client/preload-shell.ts).
  server = await startTestServer({ env: { TRUSTED_DOCUMENTS: 'allow' } });
  const factory = new Factory(server.workroom.dataSource);
  const organization = await factory.organization({ name: 'Northwind AI' });
  const employer = await factory.employer(organization, { email: employerEmail, name: 'Erin Employer' });
  const trainer = await factory.trainer({ email: trainerEmail, name: 'Tara Trainer' });
  const job = await factory.job(organization, { title: 'Rank chatbot answers' });
  const contract = await factory.contract(job, trainer, { title: 'Rank chatbot answers', totalBudgetCents: 500_000 });
  const channel = await factory.channel(organization, [trainer, employer], { name: 'Rank chatbot answers', jobId: job.id, contractId: contract.id });
  // Unread on the dashboard (posted by the phone test, as earlier tests read the thread), with a
  // preview far longer than a phone is wide (drawn on one line).
  postLongMessage = () => factory.message(channel, employer, 'Please rank the next batch by Friday: '.repeat(8).trim());
  await factory.instructions(job, employer, { versions: 1, publishedVersion: 1 });
  hireAgain = async () => {
    const next = await factory.job(organization, { title: 'Label reward-model pairs' });
    return factory.contract(next, trainer, { title: 'Label reward-model pairs' });
  };
  contractPath = `/jobs/${encodeURIComponent(toGlobalId('Contract', contract.id))}`;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The built scripts a page fetched (paths under /assets), with the encoding each came in. */
const recordScripts = (page: Page) => {
  const scripts = new Map<string, string | undefined>();
  page.on('response', (response) => {
    const { pathname } = new URL(response.url());
    if (pathname.startsWith('/assets/') && pathname.endsWith('.js')) scripts.set(pathname.slice(1), response.headers()['content-encoding']);
  });
  return scripts;
};

const signIn = async (context: BrowserContext, email: string, name: string): Promise<Page> => {
  const page = await context.newPage();
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('workroom');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.getByText(name).count(), { timeout }).toBeGreaterThan(0);
  return page;
};

/**
 * A new tab of a browser that signed in before, with the tab it signed in on closed: none of that
 * tab's queries (its dashboard's, which may still be leaving) can be counted as the new tab's.
 * (`waitForLoadState('networkidle')` could not tell: after sign-in's client-side navigation it
 * answers at once, from the sign-in page's load.)
 */
const returningVisit = async (context: BrowserContext): Promise<Page> => {
  const signedIn = await signIn(context, trainerEmail, 'Tara Trainer');
  await signedIn.close();
  return context.newPage();
};

/** The page's GraphQL requests over HTTP from now on (not the socket): which operation, how sent. */
const graphqlRequests = (page: Page) => {
  const sent: Array<{ operationName: string | null; method: string; hashed: boolean; mutation: boolean }> = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname !== '/graphql' || request.resourceType() === 'websocket') return;
    const body = request.postData() ? (JSON.parse(request.postData()!) as { operationName?: string; query?: string }) : null;
    sent.push({
      operationName: url.searchParams.get('operationName') ?? body?.operationName ?? null,
      method: request.method(),
      hashed: url.searchParams.has('extensions'),
      mutation: body?.query?.trimStart().startsWith('mutation') ?? false,
    });
  });
  return sent;
};

const axeViolations = async (page: Page) => {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.addScriptTag({ content: axeSource });
  const result = (await page.evaluate(`axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })`)) as {
    violations: { id: string; nodes: { target: string[] }[] }[];
  };
  return result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
};

describe('the dashboard on a phone', () => {
  it(`sends the sign-in page in at most ${signInBudgetBytes / 1024} KiB of compressed JavaScript`, async () => {
    const context = await browser.newContext({ viewport: phone });
    try {
      const page = await context.newPage();
      const scripts = recordScripts(page);
      await page.goto(`${server.url}/sign-in`);
      await expect.poll(() => page.getByLabel('Email').count(), { timeout }).toBe(1);
      await page.waitForLoadState('networkidle');
      expect(scripts.size).toBeGreaterThan(0);
      for (const [file, encoding] of scripts) expect(encoding, file).toBe(hasBrotli(file) ? 'br' : undefined);
      const bytes = [...scripts.keys()].reduce((sum, file) => sum + brotliBytes(file), 0);
      console.info(`sign-in page: ${scripts.size} scripts, ${(bytes / 1024).toFixed(1)} KiB compressed`);
      expect(bytes).toBeLessThanOrEqual(signInBudgetBytes);
      // Neither Apollo's signed-in shell nor any screen behind sign-in.
      const behindSignIn = Object.values(manifest()).filter((entry) => entry.isDynamicEntry && entry.src !== 'src/features/auth/SignInPage.tsx');
      for (const entry of behindSignIn) expect([...scripts.keys()], entry.src).not.toContain(entry.file);
    } finally {
      await context.close();
    }
  });

  it('never loads the employer console or the IDE for a trainer, and titles and announces every page', async () => {
    const context = await browser.newContext({ viewport: desktop });
    try {
      const page = await signIn(context, trainerEmail, 'Tara Trainer');
      const scripts = recordScripts(page);
      await expect.poll(() => page.title(), { timeout }).toBe('Dashboard – Workroom');
      const visits: [string, string][] = [
        ['My Jobs', 'My Jobs'],
        ['Calendar', 'Calendar'],
        ['Reports', 'Reports'],
        ['Messages', 'Messages'],
      ];
      for (const [link, title] of visits) {
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link }).click();
        await expect.poll(() => page.title(), { timeout }).toBe(`${title} – Workroom`);
        await expect.poll(() => page.getByTestId('route-announcer').textContent(), { timeout }).toBe(title);
        // Focus left the link for the page's main region, where a screen reader continues reading.
        expect(await page.evaluate('document.activeElement?.id')).toBe('main');
      }
      for (const section of ['messages', 'contract', 'instructions']) {
        await page.goto(`${server.url}${contractPath}/${section}`);
        await expect.poll(() => page.title(), { timeout }).toMatch(/ · Job – Workroom$/);
      }
      await page.waitForLoadState('networkidle');
      const entries = Object.values(manifest());
      const employerChunks = entries.filter((entry) => entry.src?.startsWith('src/features/employer/')).map((entry) => entry.file);
      expect(employerChunks.length).toBeGreaterThan(3);
      const ide = manifest()['ide.html']!.file;
      for (const file of [...employerChunks, ide]) expect([...scripts.keys()]).not.toContain(file);
    } finally {
      await context.close();
    }
  });

  it('has no axe (WCAG 2.1 A/AA) violation on sign-in, the dashboard, a job, Calendar and Reports at 1280 and 390 px', async () => {
    for (const viewport of [desktop, phone]) {
      const context = await browser.newContext({ viewport });
      try {
        const page = await context.newPage();
        await page.goto(`${server.url}/sign-in`);
        await expect.poll(() => page.getByLabel('Email').count(), { timeout }).toBe(1);
        expect(await axeViolations(page), `sign-in at ${viewport.width}`).toEqual([]);
        await page.getByLabel('Email').fill(trainerEmail);
        await page.getByLabel('Password').fill('workroom');
        await page.getByRole('button', { name: 'Sign in' }).click();
        await expect.poll(() => page.getByText('Rank chatbot answers').count(), { timeout }).toBeGreaterThan(0);
        await page.waitForLoadState('networkidle');
        expect(await axeViolations(page), `dashboard at ${viewport.width}`).toEqual([]);
        for (const path of [`${contractPath}/messages`, `${contractPath}/contract`, '/calendar', '/reports']) {
          await page.goto(`${server.url}${path}`);
          await expect.poll(() => page.locator('main h1').count(), { timeout }).toBeGreaterThan(0);
          await page.waitForLoadState('networkidle');
          expect(await axeViolations(page), `${path} at ${viewport.width}`).toEqual([]);
        }
      } finally {
        await context.close();
      }
    }
  }, 90_000); // twelve page loads and axe runs: 35 s at a load of 9 on the 2-core VM

  it('has no axe violation on the employer console at 1280 and 390 px', async () => {
    for (const viewport of [desktop, phone]) {
      const context = await browser.newContext({ viewport });
      try {
        const page = await signIn(context, employerEmail, 'Erin Employer');
        await expect.poll(() => page.title(), { timeout }).toBe('Console – Workroom');
        await expect.poll(() => page.getByText('Rank chatbot answers').count(), { timeout }).toBeGreaterThan(0);
        await page.waitForLoadState('networkidle');
        expect(await axeViolations(page), `console at ${viewport.width}`).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });

  it('signs in, opens a job and sends a message at 390 × 844', async () => {
    const context = await browser.newContext({ viewport: phone, hasTouch: true, isMobile: true });
    try {
      await postLongMessage();
      const page = await signIn(context, trainerEmail, 'Tara Trainer');
      // The dashboard, with an unread conversation's long preview, fits the phone's width.
      await expect.poll(() => page.getByText('Unread job messages').count(), { timeout }).toBeGreaterThan(0);
      const preview = page.locator('.conversation-row__preview', { hasText: 'Erin Employer: Please rank' });
      await expect.poll(() => preview.count(), { timeout }).toBe(1);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(phone.width);
      await page.goto(`${server.url}${contractPath}/messages`);
      const box = page.getByPlaceholder('Write a message…');
      await expect.poll(() => box.count(), { timeout }).toBe(1);
      await page.screenshot({ path: join(artifacts, 'phone-job-messages.png') });
      // The send box is on the first screen, not below the fold.
      const sendBox = await box.boundingBox();
      expect(sendBox).not.toBeNull();
      expect(sendBox!.y + sendBox!.height).toBeLessThanOrEqual(phone.height);
      await box.fill('Sent from my phone.');
      await page.getByRole('button', { name: 'Send' }).click();
      await expect.poll(() => page.getByText('Sent from my phone.').count(), { timeout }).toBeGreaterThan(0);
      // Nothing is wider than the phone: no sideways scrolling of the page.
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(phone.width);
    } finally {
      await context.close();
    }
  });

  it('sends a returning visit’s first queries from the page’s HTML, each once, and draws the page from their answers', async () => {
    const context = await browser.newContext({ viewport: phone });
    try {
      const page = await returningVisit(context);
      const requests = graphqlRequests(page);
      await page.goto(`${server.url}${contractPath}/messages`);
      await expect.poll(() => page.getByRole('heading', { name: 'Rank chatbot answers', level: 1 }).count(), { timeout }).toBe(1);
      await expect.poll(() => page.getByPlaceholder('Write a message…').count(), { timeout }).toBe(1);
      // Queries only: opening the thread may mark it read (a mutation), which is no page data.
      const sent = requests.filter((request) => !request.mutation);
      expect(sent.map((request) => request.operationName).sort()).toEqual(['ContractChannels', 'ManageJob', 'ShellViewer']);
      expect(sent.every((request) => request.method === 'GET' && request.hashed)).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('sends the calendar’s month from a returning visit’s HTML too, with the dates the screen asks for (one request)', async () => {
    const context = await browser.newContext({ viewport: phone });
    try {
      const page = await returningVisit(context);
      const sent = graphqlRequests(page);
      await page.goto(`${server.url}/calendar`);
      // The month's grid (its caption names the month) is drawn from the answer.
      await expect.poll(() => page.locator('table.calendar-month').count(), { timeout }).toBe(1);
      await page.waitForLoadState('networkidle');
      // Had the variables differed from the screen's, the screen would have sent CalendarPage again.
      expect(sent.map((request) => request.operationName).sort()).toEqual(['CalendarPage', 'ShellViewer']);
      expect(sent.every((request) => request.hashed)).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('draws a returning visit’s dashboard from the HTML’s answer once, and asks the server again when the trainer comes back to it', async () => {
    const context = await browser.newContext({ viewport: phone });
    try {
      const page = await returningVisit(context);
      const sent = graphqlRequests(page);
      await page.goto(`${server.url}/`);
      await expect.poll(() => page.getByText('Rank chatbot answers').count(), { timeout }).toBeGreaterThan(0);
      await page.waitForLoadState('networkidle');
      // Each first query once: the page read the answers from the cache, with no second pass through the network.
      expect(sent.map((request) => request.operationName).sort()).toEqual(['DashboardHome', 'ShellViewer']);

      // Hired again meanwhile: back on the dashboard, the new job shows (the page's load answer is not reused).
      await hireAgain();
      await page.getByRole('link', { name: 'Calendar' }).click();
      await expect.poll(() => page.title(), { timeout }).toBe('Calendar – Workroom');
      await page.getByRole('link', { name: 'Dashboard' }).click();
      await expect.poll(() => page.getByText('Label reward-model pairs').count(), { timeout }).toBeGreaterThan(0);
      expect(sent.filter((request) => request.operationName === 'DashboardHome')).toHaveLength(2);
    } finally {
      await context.close();
    }
  });

  it('signs a returning visit out when the server refuses its stored token (the shell’s query is the check)', async () => {
    const context = await browser.newContext({ viewport: phone });
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/sign-in`);
      // As strings: this file is typed for Node, without the DOM.
      const viewer = JSON.stringify({ id: 'VXNlcjox', name: 'Tara Trainer', email: '', role: 'TRAINER' });
      await page.evaluate(`localStorage.setItem('workroom.token', 'not-a-token'); localStorage.setItem('workroom.viewer', ${JSON.stringify(viewer)})`);
      await page.goto(`${server.url}/calendar`);
      await expect.poll(() => page.getByLabel('Email').count(), { timeout }).toBe(1);
      expect(await page.evaluate(`[localStorage.getItem('workroom.token'), localStorage.getItem('workroom.viewer')]`)).toEqual([null, null]);
    } finally {
      await context.close();
    }
  });
});
