import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's chromium package; the tests never download a browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where browser tests write their screenshots. */
export const SCREENSHOT_DIR = join(new URL('../../test-output/screenshots', import.meta.url).pathname);

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install Debian's chromium package (apt-get install chromium).`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Collects what a page reports that a test must treat as failure: dialogs, CSP violations, page errors. */
export function watchPage(page: Page): { dialogs: string[]; cspViolations: string[]; errors: string[] } {
  const seen = { dialogs: [] as string[], cspViolations: [] as string[], errors: [] as string[] };
  page.on('dialog', (dialog) => {
    seen.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
      seen.cspViolations.push(message.text());
    }
  });
  page.on('pageerror', (error) => seen.errors.push(error.message));
  return seen;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Signs in through the sandbox's sign-in form in the browser and waits to be back at `returnTo`. */
export async function signInWithForm(
  page: Page,
  baseUrl: string,
  returnTo: string,
  username = 'admin@sandbox.example',
) {
  await page.goto(`${baseUrl}/login?returnTo=${encodeURIComponent(returnTo)}`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('sandbox-password');
  await page.locator('form:has(#username) button[type="submit"]').click();
  await page.waitForURL(`${baseUrl}${returnTo}`);
}
