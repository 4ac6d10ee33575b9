import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { type Harness, startHarness } from '../helpers/app-harness.ts';
import { assertAccessible } from '../helpers/axe.ts';
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

test("the guide's service-app key pair is made in the browser: a public JWK to paste, the private key offered as a file, nothing sent", async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const seen = watchPage(page);
  await page.goto(`${h.baseUrl}/guide`, { waitUntil: 'networkidle' });
  const sent: string[] = [];
  page.on('request', (request) => sent.push(`${request.method()} ${request.url()}`));

  await page.getByRole('button', { name: 'Make a key pair in this browser' }).press('Enter');
  const publicKey = page.getByLabel('Public key (JWK) to paste into Okta');
  await publicKey.waitFor({ state: 'visible' });
  const jwk = JSON.parse(await publicKey.inputValue()) as Record<string, string>;
  assert.deepEqual(Object.keys(jwk).sort(), ['alg', 'e', 'kid', 'kty', 'n', 'use']);
  assert.equal(jwk.kty, 'RSA');
  assert.equal(jwk.alg, 'RS256');
  assert.equal(await publicKey.evaluate((element) => element.matches(':focus')), true, 'focus moves to it');
  assert.match((await page.getByRole('status').first().textContent()) ?? '', new RegExp(`Key id ${jwk.kid}`));

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: /Save the private key/ }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'private-key.pem');
  const pem = await new Response((await download.createReadStream()) as unknown as ReadableStream).text();
  assert.match(pem, /^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+\n-----END PRIVATE KEY-----\n$/);
  assert.deepEqual(sent, [], 'making and saving the key sent nothing to any server');

  await assertAccessible(page, 'guide with a key pair made');
  await screenshot(page, 'guide-service-app-key');
  assert.deepEqual(seen.cspViolations, []);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('without JavaScript the key maker stays hidden and the page names other ways to make a key', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${h.baseUrl}/guide`);
  assert.equal(await page.getByRole('button', { name: 'Make a key pair in this browser' }).isVisible(), false);
  assert.match((await page.locator('#step-service-public-key').textContent()) ?? '', /openssl genpkey/);
  await context.close();
});
