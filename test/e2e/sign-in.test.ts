import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { type Harness, startHarness } from '../helpers/app-harness.ts';
import { launchChromium, screenshot, watchPage } from '../helpers/chromium.ts';

let h: Harness;
let browser: Browser;

before(async () => {
  h = await startHarness();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await h?.close();
});

test('a visitor signs in through the sandbox page, sees who is signed in, and signs out', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const seen = watchPage(page);

  await page.goto(`${h.baseUrl}/`);
  await screenshot(page, 'home-signed-out');
  await page.getByRole('link', { name: 'Sign in' }).first().click();

  await page.waitForURL((url) => url.origin === h.sandbox.issuer);
  assert.match(await page.title(), /Sandbox org/);
  await screenshot(page, 'sandbox-sign-in');
  await page.getByLabel('Username').fill('admin@sandbox.example');
  await page.getByLabel('Password').fill('sandbox-password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();

  await page.waitForURL(`${h.baseUrl}/`);
  const header = (await page.locator('header').textContent()) ?? '';
  assert.match(header, /Ada Super/);
  assert.match(header, /okta\.logs\.read/);
  await screenshot(page, 'home-signed-in');

  const cookies = await context.cookies(h.baseUrl);
  const session = cookies.find((cookie) => cookie.name === 'sid');
  assert.ok(session?.httpOnly, 'the session cookie is HttpOnly');
  assert.equal(session?.sameSite, 'Lax');
  const pageText = await page.content();
  assert.ok(!/eyJ[A-Za-z0-9_-]{10,}\./.test(pageText), 'no JWT in the page');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.origin === h.baseUrl && url.pathname === '/');
  assert.match((await page.locator('body').textContent()) ?? '', /signed out/i);
  assert.equal(await page.getByRole('link', { name: 'Sign in' }).first().isVisible(), true);
  await screenshot(page, 'signed-out');

  assert.deepEqual(seen.dialogs, []);
  assert.deepEqual(seen.cspViolations, []);
  assert.deepEqual(seen.errors, []);
  await context.close();
});
