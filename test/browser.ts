import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Screenshots of browser tests land here (git-ignored). */
export const artifacts = fileURLToPath(new URL('../test-artifacts/', import.meta.url));

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Debian's chromium, headless, never a downloaded browser. The flags keep it from reaching for
 * the network on its own (this machine has none) and let it run as root.
 */
export async function launchChromium(): Promise<Browser> {
  await mkdir(artifacts, { recursive: true });
  return chromium
    .launch({
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    })
    .catch((error: Error) => {
      throw new Error(`Cannot start ${chromiumPath} (${error.message}). Install Debian's chromium: apt-get install chromium`);
    });
}

/**
 * Opens a page in `context`, signs in through the sign-in screen with the test password, and
 * resolves once the signed-in shell shows `name`.
 */
export async function signInThroughScreen(context: BrowserContext, baseUrl: string, email: string, name: string, timeout = 15_000): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('workroom');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.getByText(name).count(), { timeout }).toBeGreaterThan(0);
  return page;
}
