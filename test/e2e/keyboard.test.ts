import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type Harness, startHarness } from '../helpers/app-harness.ts';
import { launchChromium, SCREENSHOT_DIR, signInWithForm, watchPage } from '../helpers/chromium.ts';

let h: Harness;
let browser: Browser;
let context: BrowserContext;
let page: Page;

before(async () => {
  h = await startHarness({ sandbox: { seed: { users: 40, events: 400 }, rateLimits: { enabled: false } } });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  await signInWithForm(page, h.baseUrl, '/');
});
after(async () => {
  await context?.close();
  await browser?.close();
  await h?.close();
});

/** The little of the DOM the in-page functions below use (the tests are type-checked without the DOM library). */
interface FocusWindow {
  innerWidth: number;
  innerHeight: number;
  document: { activeElement: FocusElement | null };
  getComputedStyle(element: FocusElement): { outlineStyle: string };
}
interface FocusElement {
  tagName: string;
  id: string;
  tabIndex: number;
  textContent: string | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { width: number; top: number; bottom: number; left: number; right: number };
}

/** What has the keyboard focus: tag, id, accessible text, and whether it is inside the viewport with a ring drawn. */
async function focused(): Promise<{ tag: string; id: string; text: string; href: string; visible: boolean }> {
  return page.evaluate(() => {
    const { document, getComputedStyle, innerHeight, innerWidth } = globalThis as unknown as FocusWindow;
    const element = document.activeElement;
    if (!element) return { tag: '', id: '', text: '', href: '', visible: false };
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    return {
      tag: element.tagName.toLowerCase(),
      id: element.id,
      text: (element.getAttribute('aria-label') ?? element.textContent ?? '').replace(/\s+/g, ' ').trim(),
      href: element.getAttribute('href') ?? '',
      visible:
        box.width > 0 &&
        box.bottom > 0 &&
        box.right > 0 &&
        box.top < innerHeight &&
        box.left < innerWidth &&
        (element.tagName === 'MAIN' || element.tabIndex < 0 || style.outlineStyle !== 'none'),
    };
  });
}

/** Presses `key` until the focused element matches, at most `limit` times; returns how many presses it took. */
async function pressUntil(
  key: 'Tab' | 'Shift+Tab',
  matches: (element: Awaited<ReturnType<typeof focused>>) => boolean,
  what: string,
  limit = 80,
): Promise<number> {
  for (let presses = 1; presses <= limit; presses++) {
    await page.keyboard.press(key);
    if (matches(await focused())) return presses;
  }
  assert.fail(`${what}: not reached with ${limit} presses of ${key} (focus on ${JSON.stringify(await focused())})`);
}

/** What the viewer sees (the viewport, not the whole page): where the focus ring is. */
async function screenshot(target: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await target.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

/** On a page just loaded, Tab once: the skip link, shown while it has focus. */
async function tabToSkipLink(label: string): Promise<void> {
  await page.keyboard.press('Tab');
  const skip = await focused();
  assert.equal(skip.text, label, 'the first Tab reaches the skip link');
  assert.ok(skip.visible, 'the skip link is visible with a focus ring while focused');
}

test('keyboard only on /logs: skip to results, filter, open an event, next page, export, sign out', async () => {
  const seen = watchPage(page);
  await page.goto(`${h.baseUrl}/logs?range=90d&limit=25`);

  // 1. The skip link is the first stop, and lands on the results.
  await tabToSkipLink('Skip to results');
  await screenshot(page, 'keyboard-1-skip-link');
  await page.keyboard.press('Enter');
  assert.equal((await focused()).id, 'results', 'focus is on the results');
  assert.match(page.url(), /#results$/);
  await screenshot(page, 'keyboard-2-results');

  // 2. Back into the form to set a filter by keyboard, then submit with Enter.
  await pressUntil('Shift+Tab', (element) => element.id === 'f-eventType', 'the Event type field');
  assert.ok((await focused()).visible, 'the field shows its focus');
  await page.keyboard.type('user.session.start');
  await screenshot(page, 'keyboard-3-filter');
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.searchParams.get('eventType') === 'user.session.start');
  const types = await page.locator('table.logs-table .event-row .event-type').allTextContents();
  assert.ok(types.length > 0 && types.every((type) => type === 'user.session.start'), 'the table follows the filter');

  // 3. Skip to the results again, then Tab to the first event's Details button and open the event in place.
  await tabToSkipLink('Skip to results');
  await page.keyboard.press('Enter');
  const presses = await pressUntil(
    'Tab',
    (element) => /^Details\b/.test(element.text) && element.tag === 'button',
    "the first event's details",
  );
  assert.ok(presses <= 20, `the first event's details in ${presses} Tab presses after the skip link`);
  const details = await focused();
  assert.ok(details.visible, 'the details control shows its focus');
  const listUrl = page.url();
  await page.keyboard.press('Enter');
  const json = page.locator('tr.event-more pre.event-json').first();
  await json.waitFor({ state: 'visible' });
  assert.match((await json.textContent()) ?? '', /"uuid":/, "the event's JSON is shown under its row");
  assert.equal(page.url(), listUrl, 'without leaving the page');
  await screenshot(page, 'keyboard-4-event-details');

  // 4. Next page, by keyboard: on from the open event, through its detail's links and the rows after it.
  await pressUntil('Tab', (element) => element.text === 'Next page', 'the Next page link', 200);
  assert.ok((await focused()).visible, 'Next page shows its focus');
  await screenshot(page, 'keyboard-5-next-page');
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.searchParams.has('page'));
  assert.match((await page.locator('.results-summary').textContent()) ?? '', /on page 2/);

  // 5. The export link: the first stop after the skip link's target.
  await tabToSkipLink('Skip to results');
  await page.keyboard.press('Enter');
  await pressUntil('Tab', (element) => element.text === 'CSV', 'the CSV export link', 5);
  const exportLink = await focused();
  assert.match(exportLink.href, /^\/logs\/export\.csv\?/);
  assert.ok(exportLink.visible, 'the export link shows its focus');
  await screenshot(page, 'keyboard-6-export');
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.match(download.suggestedFilename(), /\.csv$/);

  // 6. Sign out: back up to the header.
  await pressUntil('Shift+Tab', (element) => element.text === 'Sign out', 'the Sign out button', 60);
  assert.ok((await focused()).visible, 'Sign out shows its focus');
  await screenshot(page, 'keyboard-7-sign-out');
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.origin === h.baseUrl && url.pathname === '/');
  assert.equal(await page.locator('form[action="/logout"]').count(), 0, 'signed out');

  assert.deepEqual(seen.errors, []);
  assert.deepEqual(seen.cspViolations, []);
});
