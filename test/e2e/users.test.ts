import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';

type TextHolder = { textContent: string | null };

import { HOSTILE_VALUES } from '../../src/sandbox/seed/index.ts';
import { type Harness, startHarness } from '../helpers/app-harness.ts';
import { launchChromium, screenshot, signInWithForm, watchPage } from '../helpers/chromium.ts';

let h: Harness;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let seen: ReturnType<typeof watchPage>;

before(async () => {
  h = await startHarness({ sandbox: { rateLimits: false, seed: { users: 120, events: 1500 } } });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  seen = watchPage(page);
  await signInWithForm(page, h.baseUrl, '/users');
});
after(async () => {
  assert.deepEqual(seen?.dialogs ?? [], [], 'nothing ran from the data');
  assert.deepEqual(seen?.cspViolations ?? [], []);
  assert.deepEqual(seen?.errors ?? [], []);
  await context?.close();
  await browser?.close();
  await h?.close();
});

const rowCount = () => page.locator('table.teach-users tbody tr').count();
const ids = async () =>
  page.locator('td.teach-name a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));

test('the filter form puts everything in the URL, and the back button returns to the page before', async () => {
  await page.getByLabel('Status', { exact: true }).selectOption('SUSPENDED');
  await page.getByLabel('Per page', { exact: true }).selectOption('10');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL((url) => url.searchParams.get('status') === 'SUSPENDED');
  const statuses = await page.locator('table.teach-users tbody td .badge').allTextContents();
  assert.ok(statuses.length > 0);
  assert.ok(statuses.every((status) => status === 'SUSPENDED'));

  await page.goto(`${h.baseUrl}/users?limit=10`);
  const first = await ids();
  await page.getByRole('link', { name: 'Next page' }).click();
  await page.waitForURL((url) => url.searchParams.has('page'));
  assert.ok(!page.url().includes('after='), "Okta's cursor is not in the URL");
  assert.match((await page.locator('.teach-pager').textContent()) ?? '', /Page 2/);
  const second = await ids();
  assert.notDeepEqual(second, first);
  await page.goBack();
  await page.waitForURL(`${h.baseUrl}/users?limit=10`);
  assert.deepEqual(await ids(), first);
  await page.goForward();
  assert.deepEqual(await ids(), second);
  await screenshot(page, 'users-page-2');
});

test("an invalid search shows Okta's error next to the field", async () => {
  await page.goto(`${h.baseUrl}/users`);
  await page.getByLabel(/Advanced search expression/).fill('profile.department ne "Sales"');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL((url) => url.searchParams.has('search'));
  const field = page.getByLabel(/Advanced search expression/);
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  assert.equal(await field.inputValue(), 'profile.department ne "Sales"');
  const error = page.locator('#users-search-error');
  assert.match((await error.textContent()) ?? '', /Invalid search criteria\./);
  assert.match((await error.textContent()) ?? '', /The 'ne' operator isn't supported in search\./);
  assert.equal(await rowCount(), 0);
  await screenshot(page, 'users-invalid-search');
});

test('user pages with hostile profile values render them as inert text', async () => {
  const hostile = h.sandbox.org.directory.users().filter((user) => HOSTILE_VALUES.includes(String(user.profile.title)));
  assert.ok(hostile.length > 5);
  for (const user of hostile) {
    await page.goto(`${h.baseUrl}/users/${user.id}`);
    const title = page.locator('.teach-profile dt:has-text("title") + dd');
    const text = ((await title.textContent()) ?? '').replace('hidden characters shown', '').trim();
    assert.ok(text.length > 0, user.id);
    assert.equal(await title.locator('a, img, svg, script').count(), 0, `${JSON.stringify(user.profile.title)}`);
  }
  const img = hostile.find((user) => user.profile.title === '<img src=x onerror=alert(1)>');
  assert.ok(img);
  await page.goto(`${h.baseUrl}/users/${img.id}`);
  assert.equal(
    (await page.locator('.teach-profile dt:has-text("title") + dd').textContent())?.trim(),
    '<img src=x onerror=alert(1)>',
  );
  await screenshot(page, 'user-detail-hostile');
});

test('the token page: try an endpoint the app never asked for, and watch the expiry count down', async () => {
  await page.goto(`${h.baseUrl}/token`);
  const countdown = page.locator('.teach-countdown');
  const before = (await countdown.textContent()) ?? '';
  assert.match(before, /^in \d+ min \d+ s$/);
  // Bounded wait for the script to tick once; the server-rendered value is what the assertions above check.
  await page.waitForFunction(
    (initial: string) => {
      // Runs in the page; this file is type-checked without the DOM library.
      const dom = globalThis as unknown as { document: { querySelector(selector: string): TextHolder | null } };
      return dom.document.querySelector('.teach-countdown')?.textContent !== initial;
    },
    before,
    { timeout: 5000 },
  );
  await page.getByRole('button', { name: 'Try it: GET /api/v1/groups?limit=1' }).click();
  await page.waitForURL((url) => url.pathname === '/token/try' && url.hash === '#try-groups');
  const row = page.locator('#try-groups');
  assert.match((await row.textContent()) ?? '', /HTTP 403/);
  assert.match(
    (await row.locator('pre').textContent()) ?? '',
    /scope="okta\.groups\.read", error="insufficient_scope"/,
  );
  await page.getByRole('button', { name: 'Try it: GET /api/v1/users?limit=1' }).click();
  assert.match((await page.locator('#try-users').textContent()) ?? '', /HTTP 200/);
  await screenshot(page, 'token');
});

test('the guide compares an SSWS token with the scoped token, live', async () => {
  await page.goto(`${h.baseUrl}/guide`);
  await page.getByRole('button', { name: 'Run the comparison' }).click();
  const table = page.locator('#comparison-results');
  await table.waitFor();
  const groups = (await table.locator('tr:has-text("/api/v1/groups")').textContent()) ?? '';
  assert.match(groups.replace(/\s+/g, ' '), /HTTP 200 allowed HTTP 403 scope not in token/);
  await screenshot(page, 'guide');
});
