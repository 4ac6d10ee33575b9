import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { logsRoutes } from '../../src/routes/logs.ts';
import { HOSTILE_VALUES } from '../../src/sandbox/seed/index.ts';
import { type Harness, startHarness } from '../helpers/app-harness.ts';
import { launchChromium, SCREENSHOT_DIR, screenshot, signInWithForm, watchPage } from '../helpers/chromium.ts';
import { appendAdminEvent } from '../helpers/sandbox-events.ts';

let h: Harness;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let seen: ReturnType<typeof watchPage>;

before(async () => {
  h = await startHarness({
    // A budget so large that the live tail's minimum interval sets its pace.
    sandbox: { seed: { users: 60, events: 800 }, rateLimits: { enabled: false, logs: 1_000_000 } },
    // The live tail polls every 10 s at best in the app; this mount every 200 ms, so the browser test is quick.
    routes: (app) => void app.register(logsRoutes, { prefix: '/fast', follow: { minIntervalMs: 200 } }),
  });
  browser = await launchChromium();
  context = await browser.newContext({
    viewport: { width: 1366, height: 900 },
    timezoneId: 'America/New_York',
    acceptDownloads: true,
  });
  page = await context.newPage();
  seen = watchPage(page);
  await signInWithForm(page, h.baseUrl, '/logs');
});
after(async () => {
  assert.deepEqual(seen?.dialogs ?? [], [], 'nothing ran from the data');
  assert.deepEqual(seen?.cspViolations ?? [], [], 'no CSP violation');
  assert.deepEqual(seen?.errors ?? [], [], 'no script error');
  await context?.close();
  await browser?.close();
  await h?.close();
});

const eventTypes = () => page.locator('table.logs-table .event-row .event-type').allTextContents();

describe('the System Log in Chromium', () => {
  test('times are shown in the viewer time zone, with the UTC instant kept', async () => {
    const first = page.locator('table.logs-table .event-row time').first();
    const text = (await first.textContent()) ?? '';
    const datetime = (await first.getAttribute('datetime')) ?? '';
    assert.match(datetime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.match(text, /E[SD]T$/, `local time in New York, not "${text}"`);
    assert.equal(await first.getAttribute('title'), datetime);
    await screenshot(page, 'logs-default');
  });

  test('filter: the form puts the query in the URL and the table follows it', async () => {
    await page.getByLabel('Time range', { exact: true }).selectOption('90d');
    await page.getByLabel('Event type', { exact: true }).fill('user.session.start');
    await page.getByLabel('Page size', { exact: true }).selectOption('25');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL((url) => url.searchParams.get('eventType') === 'user.session.start');
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('range'), '90d');
    assert.equal(url.searchParams.get('limit'), '25');
    const types = await eventTypes();
    assert.equal(types.length, 25);
    assert.ok(types.every((type) => type === 'user.session.start'));
    await screenshot(page, 'logs-filtered');
  });

  test('detail: a row opens in place to its whole event, without a page load, with links that filter', async () => {
    const url = page.url();
    // A marker on the window: a navigation would lose it.
    await page.evaluate(() => Object.assign(globalThis, { stillHere: true }));
    const row = page.locator('tbody.event').first();
    const toggle = row.getByRole('button', { name: /^Details of event [0-9a-f-]{36}$/ });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await row.locator('a.event-open').count(), 0, 'the link became a button');
    const json = row.locator('pre.event-json');
    assert.equal(await json.count(), 0, 'not in the page until opened');
    await toggle.focus();
    await page.keyboard.press('Enter');
    await json.waitFor();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.equal(page.url(), url, 'no navigation');
    assert.equal(await page.evaluate(() => Reflect.get(globalThis, 'stillHere')), true, 'no page load');
    const event = JSON.parse((await json.textContent()) ?? '') as { uuid: string; actor: { id: string } };
    assert.match(event.uuid, /^[0-9a-f-]{36}$/);
    await screenshot(page, 'logs-expanded');
    await page.keyboard.press('Space');
    assert.equal(await json.isVisible(), false, 'the same button closes it');
    await toggle.click();
    assert.equal(await json.isVisible(), true, 'and opens it again, without fetching it twice');
    await row.getByRole('link', { name: /^Actor:/ }).click();
    await page.waitForURL((next) => next.searchParams.get('actor') === event.actor.id);
    assert.equal(new URL(page.url()).searchParams.get('eventType'), 'user.session.start', 'the other filters stay');
  });

  test('next page, and back: page 1 comes from the cache', async () => {
    await page.goto(`${h.baseUrl}/logs?range=90d&limit=50`);
    const firstRow = () => page.locator('tbody.event .event-toggle').first().getAttribute('data-href');
    const firstPage = await firstRow();
    await page.getByRole('link', { name: 'Next page' }).click();
    await page.waitForURL((url) => url.searchParams.has('page'));
    assert.match((await page.locator('.results-summary').textContent()) ?? '', /on page 2/);
    assert.ok(!page.url().includes('after='), "Okta's cursor stays on the server");
    await screenshot(page, 'logs-page-2');
    const calls = h.sandbox.managementApi.received.forPath('/api/v1/logs').length;
    await page.goBack();
    await page.waitForURL(`${h.baseUrl}/logs?range=90d&limit=50`);
    assert.equal(await firstRow(), firstPage);
    assert.match((await page.locator('.cache-note').textContent()) ?? '', /Served from cache, fetched at/);
    assert.equal(h.sandbox.managementApi.received.forPath('/api/v1/logs').length, calls, 'no Okta call going back');
  });

  test('export: the CSV downloads as a file with every event of the range', async () => {
    await page.goto(`${h.baseUrl}/logs?range=90d&limit=100`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'CSV' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^system-log_\d{8}T\d{6}Z_\d{8}T\d{6}Z\.csv$/);
    const path = await download.path();
    const text = await readFile(path, 'utf8');
    const lines = text.split('\r\n').filter((line) => line.startsWith('"'));
    assert.ok(text.startsWith('\uFEFF"published","uuid"'));
    assert.ok(lines.length > 700, `the whole 90 days, not one page (${lines.length} lines)`);
  });

  test("hostile values from the sandbox's log are inert text, attributes stay quoted", async () => {
    await page.goto(`${h.baseUrl}/logs?range=90d&limit=1000`);
    const main = page.locator('main');
    assert.equal(await main.locator('img').count(), 0, 'no image came from the data');
    assert.deepEqual(
      await main.locator('script').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('src'))),
      ['/public/js/logs-time.js', '/public/js/logs-detail.js'],
      "only the page's own scripts",
    );
    const svgs = await main
      .locator('svg')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('class') ?? node.parentElement?.className));
    assert.ok(
      svgs.every((name) => name === 'histogram' || name === 'top-type-bar'),
      'only the charts are SVG',
    );
    const hrefs = await main
      .locator('a[href]')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
    assert.ok(
      hrefs.every((href) => /^(\/|https?:)/.test(href)),
      'no script or data link',
    );
    const text = (await main.textContent()) ?? '';
    const visible = HOSTILE_VALUES.filter((value) => text.includes(value));
    assert.ok(visible.includes('<script>alert(document.cookie)</script>'), 'the markup payload is readable text');
    assert.ok(text.includes('invoice\\u202Efdp.exe'), 'the bidi override is shown escaped');
    assert.ok(!text.includes('\u202E'));
    const row = page.locator('tbody.event', { hasText: '"><svg onload=alert(1)>' }).first();
    await row.getByRole('button', { name: /^Details/ }).click();
    await row.locator('pre.event-json').waitFor();
    assert.match((await row.locator('pre.event-json').textContent()) ?? '', /svg onload=alert\(1\)/);
    const titled = row.locator('[title*="svg onload"]');
    for (const title of await titled.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('title')))) {
      assert.ok(
        title?.startsWith('"><svg onload=alert(1)>') || title?.includes('"><svg'),
        'the whole value stayed inside its attribute',
      );
    }
    await row.screenshot({ path: join(SCREENSHOT_DIR, 'logs-hostile-row.png') });
  });

  test('an advanced filter Okta refuses shows its message next to the field', async () => {
    await page.goto(`${h.baseUrl}/logs?${new URLSearchParams({ filter: 'eventType eqq "x"' })}`);
    const error = page.locator('#err-filter');
    assert.equal(await error.isVisible(), true);
    assert.match((await error.textContent()) ?? '', /Unrecognized attribute operator 'eqq'/);
    assert.equal(await page.locator('table.logs-table').count(), 0);
    await screenshot(page, 'logs-invalid-filter');
  });

  test('the rate-limit page says when to try again', async () => {
    h.sandbox.managementApi.rateLimiter.reset();
    const remove = h.sandbox.managementApi.faults.set({ path: '/api/v1/logs', status: 429, times: 1 });
    try {
      const response = await page.goto(`${h.baseUrl}/logs?range=15m`);
      assert.equal(response?.status(), 429);
      assert.match((await page.locator('h1').textContent()) ?? '', /rate limit is used up until/);
      await screenshot(page, 'logs-rate-limited');
    } finally {
      remove();
      // The app's rate brake rightly remembers the 429 until its reset; later tests start from a fresh budget.
      await h.app.okta.forgetBudgets();
    }
  });

  test('follow: new events appear on top, as text, and closing the page stops the polling', async () => {
    await page.goto(`${h.baseUrl}/fast/logs/follow`);
    const status = page.locator('#follow-status');
    await page.locator('#follow-status', { hasText: 'Following' }).waitFor();
    assert.equal(await page.locator('#follow-newer').isVisible(), false, 'the no-script link gives way to the stream');
    for (const name of ['First Arrival', 'Eve <img src=x onerror=alert(1)> \u202Etxt.exe']) {
      appendAdminEvent(h, name);
      await page.locator('#follow-events tr:first-child .actor-name', { hasText: name.slice(0, 10) }).waitFor();
    }
    const newest = page.locator('#follow-events tr').first();
    assert.equal(
      await newest.locator('.actor-name').getAttribute('title'),
      'Eve <img src=x onerror=alert(1)> \\u202Etxt.exe',
    );
    assert.equal(await page.locator('#follow-events img').count(), 0);
    assert.match((await status.textContent()) ?? '', /Following\. Next poll at/);
    await screenshot(page, 'logs-follow');

    const before = h.logs.filter((line) => line.includes('follow stream ended: closed')).length;
    await page.goto(`${h.baseUrl}/`);
    for (let attempt = 0; attempt < 200; attempt++) {
      if (h.logs.filter((line) => line.includes('follow stream ended: closed')).length > before) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    assert.ok(h.logs.filter((line) => line.includes('follow stream ended: closed')).length > before, 'the loop ended');
    const calls = h.sandbox.managementApi.received.forPath('/api/v1/logs').length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(
      h.sandbox.managementApi.received.forPath('/api/v1/logs').length,
      calls,
      'no polling after the page closed',
    );
  });

  test('without JavaScript: a row links to its detail page and back, and the live tail works by link', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1366, height: 900 } });
    try {
      await noScript.addCookies(await context.cookies(h.baseUrl));
      const plain = await noScript.newPage();
      await plain.goto(`${h.baseUrl}/logs?range=90d&limit=25`);
      assert.match((await plain.locator('table.logs-table time').first().textContent()) ?? '', /UTC$/);
      const details = plain
        .locator('tbody.event')
        .first()
        .getByRole('link', { name: /^Details of event / });
      const href = (await details.getAttribute('href')) ?? '';
      await details.click();
      await plain.waitForURL((url) => url.pathname.startsWith('/logs/events/'));
      assert.equal(new URL(plain.url(), h.baseUrl).href, new URL(href, h.baseUrl).href, 'the row link was followed');
      const json = plain.locator('main pre.event-json');
      assert.equal(await json.isVisible(), true);
      const event = JSON.parse((await json.textContent()) ?? '') as { uuid: string };
      assert.ok(href.includes(event.uuid));
      assert.equal(await plain.getByRole('link', { name: /^Actor:/ }).count(), 1, 'filter links on the page');
      await screenshot(plain, 'logs-detail-no-js');
      await plain.getByRole('link', { name: '← Back to the System Log' }).click();
      await plain.waitForURL(`${h.baseUrl}/logs?range=90d&limit=25`);
      await plain.goto(`${h.baseUrl}/logs/follow`);
      const newer = plain.getByRole('link', { name: 'Check for newer events' });
      assert.equal(await newer.isVisible(), true);
      const name = 'Nora No-Script with a display name long enough to be cut in the table';
      appendAdminEvent(h, name);
      await newer.click();
      await plain.waitForURL((url) => url.searchParams.has('page'));
      assert.match((await plain.locator('#follow-status').textContent()) ?? '', /new events? at/);
      // The server renders the row with the System Log table's template: a cut name keeps its tooltip.
      const row = plain.locator('#follow-events tr.event-row', { hasText: 'Nora No-Script' });
      assert.equal(await row.locator('.actor-name').getAttribute('title'), name);
      await screenshot(plain, 'logs-follow-no-js');
    } finally {
      await noScript.close();
    }
  });
});
