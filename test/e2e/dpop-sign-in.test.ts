import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { type Harness, startHarness } from '../helpers/app-harness.ts';
import { assertAccessible } from '../helpers/axe.ts';
import { launchChromium, screenshot, signInWithForm, watchPage } from '../helpers/chromium.ts';

let h: Harness;
let browser: Browser;

before(async () => {
  h = await startHarness({ sandbox: { rateLimits: false } });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await h?.close();
});

/** Clicks the sandbox console's Require DPoP button for the web app and waits for the badge to say `state`. */
async function setWebAppDpop(page: Page, required: boolean): Promise<void> {
  await page.goto(`${h.baseUrl}/sandbox`);
  const form = page.locator('#dpop-web');
  await form
    .getByRole('button', { name: required ? 'Require DPoP for the web app' : 'Stop requiring DPoP for the web app' })
    .click();
  await page.waitForLoadState();
  assert.equal((await page.locator('#dpop-web .badge').textContent())?.trim(), required ? 'required' : 'not required');
}

test('Require DPoP on in the sandbox console: sign in, /logs renders with DPoP proofs, /token says DPoP', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const seen = watchPage(page);

  await setWebAppDpop(page, true);
  h.sandbox.managementApi.received.clear();
  await signInWithForm(page, h.baseUrl, '/logs');
  assert.equal(await page.getByRole('heading', { level: 1 }).first().textContent(), 'System Log');
  assert.ok((await page.locator('table tbody tr').count()) > 0, 'events are listed');
  const schemes = new Set(h.sandbox.managementApi.received.all().map((request) => request.authScheme));
  assert.deepEqual([...schemes], ['DPoP']);

  await page.goto(`${h.baseUrl}/token`);
  const type = ((await page.locator('#token-type').textContent()) ?? '').replace(/\s+/g, ' ').trim();
  assert.match(type, /^DPoP \(sent as Authorization: DPoP … with a fresh DPoP proof on every request\)$/);
  const thumbprint = ((await page.locator('#dpop-thumbprint code').first().textContent()) ?? '').trim();
  assert.match(thumbprint, /^[A-Za-z0-9_-]{43}$/);
  await assertAccessible(page, 'token, DPoP-bound');
  await screenshot(page, 'token-dpop');
  await page.goto(`${h.baseUrl}/guide`);
  await assertAccessible(page, 'guide, signed in with DPoP');

  assert.deepEqual(seen.cspViolations, []);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('Require DPoP off again: a new sign-in is Bearer, and /token and /guide stay accessible', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await setWebAppDpop(page, false);
  await signInWithForm(page, h.baseUrl, '/token');
  const type = ((await page.locator('#token-type').textContent()) ?? '').replace(/\s+/g, ' ').trim();
  assert.match(type, /^Bearer \(sent as Authorization: Bearer …\)$/);
  assert.equal(await page.locator('#dpop-thumbprint').count(), 0);
  await assertAccessible(page, 'token, Bearer');
  await page.goto(`${h.baseUrl}/guide`);
  await assertAccessible(page, 'guide, signed in with Bearer');
  await context.close();
});
