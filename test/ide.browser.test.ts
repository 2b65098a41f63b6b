import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { artifacts, launchChromium } from './browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../server/src/graphql/global-id.js';
import { Factory } from '../server/test/factories.js';
import { eventually } from '../server/test/live-helpers.js';
import { startTestServer, type TestServer } from '../server/test/helpers.js';

/**
 * The IDE in a real browser (Debian's chromium, driven by playwright-core): it loads from the
 * server alone, signs in through its bar and sends the token with the queries it runs.
 */

let server: TestServer;
let browser: Browser;
let channelId: string;

beforeAll(async () => {
  server = await startTestServer();
  const factory = new Factory(server.workroom.dataSource);
  const organization = await factory.organization({ name: 'Northwind AI' });
  const trainer = await factory.trainer({ email: 'ide-trainer@test.example', name: 'Ida Trainer' });
  const employer = await factory.employer(organization, { email: 'ide-employer@test.example', name: 'Erin Employer' });
  await factory.contract(await factory.job(organization, { title: 'Rank chatbot answers' }), trainer, { title: 'Rank chatbot answers' });
  channelId = toGlobalId('Channel', (await factory.channel(organization, [trainer, employer])).id);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the GraphQL IDE', () => {
  it('works offline: signs in from its bar and runs a query with the bearer token', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const origin = new URL(server.url).origin;
    const outside: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
      outside.push(url);
      return route.abort();
    });
    const authorizations: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/graphql') && request.method() === 'POST') authorizations.push(request.headers().authorization ?? '');
    });

    await page.goto(`${server.url}/graphql`);
    await page.getByLabel('Email').fill('ide-trainer@test.example');
    await page.getByLabel('Password').fill('workroom');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByText('Signed in as Ida Trainer (TRAINER)').count(), { timeout: 15_000 }).toBe(1);

    await page.locator('.graphiql-execute-button').click();
    const response = page.locator('.graphiql-response');
    // The editor renders spaces as non-breaking ones.
    const responseText = async () => ((await response.textContent()) ?? '').replaceAll('\u00a0', ' ');
    await expect.poll(responseText, { timeout: 15_000 }).toContain('"title": "Rank chatbot answers"');
    expect(await responseText()).toContain('"status": "ACTIVE"');
    await page.screenshot({ path: join(artifacts, 'ide-signed-in.png') });

    expect(outside).toEqual([]);
    expect(authorizations.some((header) => /^Bearer \S+$/.test(header))).toBe(true);
    await page.close();
  });

  it('runs a subscription over the WebSocket and shows events as they arrive', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}/graphql`);
    await page.getByLabel('Email').fill('ide-trainer@test.example');
    await page.getByLabel('Password').fill('workroom');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByText('Signed in as Ida Trainer (TRAINER)').count(), { timeout: 15_000 }).toBe(1);

    // Replace the editor's text with a subscription, as a person would.
    await page.locator('.graphiql-query-editor .monaco-editor').first().click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(`subscription Live { messageAdded(channelId: "${channelId}") { cursor message { body author { name } } } }`);
    // GraphiQL reads the operation name on a debounce and may first send the old one ("Unknown
    // operation"); then, as a person would, run it again.
    const stream = server.workroom.services.events.stream;
    const response = page.locator('.graphiql-response');
    const responseText = async () => ((await response.textContent()) ?? '').replaceAll('\u00a0', ' ');
    for (let attempt = 0; attempt < 5 && stream.listenerCount === 0; attempt += 1) {
      await page.locator('.graphiql-execute-button').click();
      await eventually(() => stream.listenerCount >= 1, 3_000).catch(() => undefined);
    }
    expect(stream.listenerCount).toBeGreaterThanOrEqual(1);

    const employerToken = await server.signIn('ide-employer@test.example');
    await server.graphql('mutation ($input: SendMessageInput!) { sendMessage(input: $input) { message { id } } }', {
      variables: { input: { channelId, body: 'Hello from the employer' } },
      token: employerToken,
    });
    await expect.poll(responseText, { timeout: 15_000 }).toContain('Hello from the employer');
    expect(await responseText()).toContain('"name": "Erin Employer"');
    await page.screenshot({ path: join(artifacts, 'ide-subscription.png') });
    await page.close();
  });

  it('shows a wrong password as the server says it', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/explorer`);
    await page.getByLabel('Email').fill('ide-trainer@test.example');
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(async () => (await page.locator('.auth-bar__error').textContent()) ?? '', { timeout: 15_000 })
      .toContain('That email and password do not match an account.');
    await page.close();
  });
});
