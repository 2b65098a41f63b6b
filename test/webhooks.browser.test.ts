import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivityEvent, EventAudience } from '../server/src/events/activity-event.entity.js';
import type { Organization } from '../server/src/modules/accounts/organization.entity.js';
import { Factory } from '../server/test/factories.js';
import { startTestServer, type TestServer } from '../server/test/helpers.js';
import { Receiver } from '../server/test/webhooks-helpers.js';
import { artifacts, launchChromium } from './browser.js';

/**
 * Settings → Webhooks in a real browser: an employer adds an endpoint (a receiver on 127.0.0.1),
 * copies the secret shown once, and sees the delivery of the next event in the log.
 */
const timeout = 15_000;
const email = 'webhooks-employer@test.example';
let server: TestServer;
let browser: Browser;
let organization: Organization;
const receiver = new Receiver();

beforeAll(async () => {
  await receiver.start();
  server = await startTestServer({ env: { WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: 'true', WEBHOOKS_POLL_MS: '100', EVENTS_SWEEP_MS: '100' } });
  const factory = new Factory(server.workroom.dataSource);
  organization = await factory.organization({ name: 'Northwind AI' });
  await factory.employer(organization, { email, name: 'Dana Hooks' });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await receiver.stop();
});

describe('webhooks in the employer console', () => {
  it('the employer adds an endpoint, keeps the secret shown once, and sees its deliveries', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/`);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill('workroom');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
      await expect.poll(() => page.url(), { timeout }).toMatch(/\/settings\/webhooks$/);

      const form = page.getByRole('form', { name: 'Add an endpoint' });
      await form.getByLabel('Endpoint address').fill(`${receiver.url}/console`);
      await form.getByRole('checkbox', { name: 'Milestone status changed' }).check();
      await form.getByRole('button', { name: 'Add endpoint' }).click();
      const shown = form.getByRole('status');
      await expect.poll(() => shown.textContent(), { timeout }).toContain('shown this once');
      const secret = (await shown.locator('.webhook-secret__value').textContent())!;
      expect(secret).toMatch(/^whsec_/);
      receiver.secrets.set('/console', [secret]);
      const endpoints = page.getByRole('region', { name: 'Endpoints' });
      await expect.poll(() => endpoints.getByRole('listitem').first().textContent(), { timeout }).toContain(`${receiver.url}/console`);

      const events = server.workroom.dataSource.getRepository(ActivityEvent);
      await events.save(
        events.create({
          type: 'MILESTONE_STATUS_CHANGED',
          audience: EventAudience.ORGANIZATION,
          organizationId: organization.id,
          subjectType: 'Milestone',
          subjectId: randomUUID(),
          summary: 'Milestone 1 was approved',
          payload: {},
        }),
      );
      server.workroom.services.events.publisher.kick();
      await expect.poll(() => receiver.at('/console').length, { timeout }).toBe(1);

      await page.reload();
      await endpoints.getByText(/Delivery log \(1\)/).click();
      const log = endpoints.getByRole('table', { name: `Latest deliveries to ${receiver.url}/console` });
      await expect.poll(() => log.getByRole('row').nth(1).textContent(), { timeout }).toContain('Succeeded');
      await page.screenshot({ path: join(artifacts, 'settings-webhooks.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });
});
