import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
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

async function signInFromHome(page: Page, username: string): Promise<void> {
  await page.goto(`${h.baseUrl}/`);
  await page.getByRole('link', { name: 'Sign in' }).first().click();
  await page.waitForURL((url) => url.origin === h.sandbox.issuer);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('sandbox-password');
  await page.locator('form:has(#username) button[type="submit"]').click();
  await page.waitForURL((url) => url.origin === h.baseUrl);
}

async function heading(page: Page): Promise<string> {
  return ((await page.locator('main h1').first().textContent()) ?? '').trim();
}

test('the lesson: revoke a scope, see the missing-scope page, grant it back; then fix a too-weak admin role', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const seen = watchPage(page);

  // 1. Signed in as the super admin, /users works.
  await signInFromHome(page, 'admin@sandbox.example');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
  await page.waitForURL(`${h.baseUrl}/users`);
  assert.ok((await page.locator('table.teach-users tbody tr').count()) > 0, 'users are listed');

  // 2. In the sandbox console, revoke okta.users.read.
  await page.goto(`${h.baseUrl}/sandbox?returnTo=%2Fusers`);
  // The web app's scopes (the service app has a list of its own).
  const webAppScopes = page.locator('section[aria-labelledby="console-scopes"]');
  await webAppScopes.getByRole('button', { name: 'Revoke okta.users.read' }).click();
  await page.waitForURL(`${h.baseUrl}/sandbox?returnTo=%2Fusers`);
  const notice = page.locator('.teach-notice');
  assert.match((await notice.textContent()) ?? '', /Revoked okta\.users\.read on the web app/);
  assert.match((await notice.textContent()) ?? '', /Your current token still carries okta\.users\.read/);
  assert.equal(h.sandbox.org.webApp.grants.has('okta.users.read'), false);
  await screenshot(page, 'lesson-1-scope-revoked');

  // 3. Sign in again (scopes are fixed at issue): the new token lacks the scope, and /users says so.
  await notice.getByRole('link', { name: /Sign in again/ }).click();
  await page.waitForURL(`${h.baseUrl}/users`);
  assert.equal(await heading(page), 'The token does not carry okta.users.read');
  const header = (await page.locator('header .badges').textContent()) ?? '';
  assert.match(header, /okta\.logs\.read/);
  assert.doesNotMatch(header, /okta\.users\.read/);
  assert.match((await page.locator('main').textContent()) ?? '', /In the sandbox console, grant okta\.users\.read/);
  await screenshot(page, 'lesson-2-missing-scope');

  // 4. From the error page to the console: grant it back, sign in again, and /users works.
  await page.getByRole('link', { name: 'Open the sandbox console' }).click();
  await page.waitForURL(`${h.baseUrl}/sandbox?returnTo=%2Fusers`);
  await webAppScopes.getByRole('button', { name: 'Grant okta.users.read' }).click();
  await page.locator('.teach-notice').getByRole('link', { name: 'Sign in again and go back to /users' }).click();
  await page.waitForURL(`${h.baseUrl}/users`);
  assert.equal(await heading(page), 'Users');
  assert.ok((await page.locator('table.teach-users tbody tr').count()) > 0);
  assert.match((await page.locator('header .badges').textContent()) ?? '', /okta\.users\.read/);
  await screenshot(page, 'lesson-3-scope-granted');

  // 5. Sign out, sign in as the Report Administrator: the scope is there, the role is not enough.
  await page.getByRole('button', { name: 'Sign out' }).first().click();
  await page.waitForURL((url) => url.origin === h.baseUrl && url.pathname === '/');
  await signInFromHome(page, 'reports@sandbox.example');
  await page.goto(`${h.baseUrl}/users`);
  assert.equal(await heading(page), 'Your Okta admin role does not allow this');
  const explanation = (await page.locator('main').textContent()) ?? '';
  assert.match(explanation, /E0000006: You do not have permission to perform the requested action/);
  assert.match(explanation, /granted scope ∩ admin role/);
  await screenshot(page, 'lesson-4-admin-role');

  // 6. In the console, make the account a Read-only Administrator; back on /users it works, same token.
  await page.getByRole('link', { name: 'Open the sandbox console' }).click();
  await page
    .getByLabel('Admin role of reports@sandbox.example', { exact: true })
    .selectOption({ label: 'Read-only Administrator' });
  await page.getByRole('button', { name: 'Save role of reports@sandbox.example' }).click();
  await page.waitForURL(`${h.baseUrl}/sandbox?returnTo=%2Fusers`);
  assert.match(
    (await page.locator('.teach-notice').textContent()) ?? '',
    /reports@sandbox\.example is now a Read-only Administrator/,
  );
  await screenshot(page, 'lesson-5-role-changed');
  await page.locator('.teach-notice').getByRole('link', { name: 'Go back to /users' }).click();
  await page.waitForURL(`${h.baseUrl}/users`);
  assert.equal(await heading(page), 'Users');
  assert.ok((await page.locator('table.teach-users tbody tr').count()) > 0);
  await screenshot(page, 'lesson-6-role-fixed');

  assert.deepEqual(seen.dialogs, []);
  assert.deepEqual(seen.cspViolations, []);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('a new visitor with no account reaches the System Log in three clicks', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const seen = watchPage(page);
  await page.goto(`${h.baseUrl}/`);
  await page.getByRole('link', { name: 'Sign in' }).first().click();
  await page.waitForURL((url) => url.origin === h.sandbox.issuer);
  await page.getByRole('button', { name: 'Sign in as this user: admin@sandbox.example' }).click();
  await page.waitForURL(`${h.baseUrl}/`);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'System Log' }).click();
  await page.waitForURL((url) => url.origin === h.baseUrl && url.pathname === '/logs');
  assert.equal(await heading(page), 'System Log');
  assert.deepEqual(seen.dialogs, []);
  assert.deepEqual(seen.cspViolations, []);
  assert.deepEqual(seen.errors, []);
  await context.close();
});
