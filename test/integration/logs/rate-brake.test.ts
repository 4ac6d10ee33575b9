/**
 * The shared rate brake and coalescing, app against sandbox over real HTTP: two instances of the app on one shared
 * store (a MemoryStore standing in for Redis) stop calling Okta once the sandbox's bucket is spent, call again
 * after its reset, keep a reserve for page views, and send concurrent identical views to Okta once.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { MemoryStore } from '../../../src/store/memory-store.ts';
import { type Harness, startHarness } from '../../helpers/app-harness.ts';
import { signInToApp } from '../../helpers/app-session.ts';
import type { Browser } from '../../helpers/browser.ts';
import { type Instance as SecondInstance, startSecondInstance } from '../../helpers/second-instance.ts';
import { logCalls } from './logs-helpers.ts';
import { SseReader } from './sse-reader.ts';

const CLOCK_TIME = /\d\d:\d\d:\d\d UTC/;
let h: Harness;
let second: SecondInstance;
let views = 0;

before(async () => {
  const store = new MemoryStore();
  // 8 System Log calls per 12 s window org-wide, half of it for the app: 4 per window, a reserve of 1.
  h = await startHarness({
    store,
    sandbox: { seed: { users: 20, events: 300 }, rateLimits: { logs: 8, perAppShare: 0.5, windowMs: 12_000 } },
  });
  second = await startSecondInstance(h, store);
});
after(async () => {
  await second?.close();
  await h?.close();
});
afterEach(async () => {
  h.sandbox.managementApi.rateLimiter.reset();
  await h.app.okta.forgetBudgets();
});

/** A query no earlier view used, so that neither the page cache nor coalescing can answer it. */
function freshQuery(): string {
  views++;
  return `range=24h&q=view${views}`;
}

/** Views `path` on `baseUrl` and reports the status, the page and how many System Log calls it made. */
async function visit(browser: Browser, baseUrl: string, path: string) {
  const before = logCalls(h).length;
  const page = await browser.request(`${baseUrl}${path}`);
  return { status: page.status, body: page.body, calls: logCalls(h).length - before };
}

/** The budget line's text. */
function budgetLine(html: string): string {
  return /<p class="budget[^"]*"[^>]*>([\s\S]*?)<\/p>/.exec(html)?.[1]?.replace(/<[^>]+>/g, '') ?? '';
}

describe('the shared rate brake', { timeout: 60_000 }, () => {
  test('two instances stop calling Okta once the shared bucket is spent, and call again after its reset', async () => {
    const one = await signInToApp(h);
    const two = await signInToApp(h);
    await second.adopt(two);
    const outcomes = [];
    for (let view = 0; view < 6; view++) {
      const [browser, baseUrl] = view % 2 === 0 ? [one, h.baseUrl] : [two, second.baseUrl];
      outcomes.push(await visit(browser, baseUrl, `/logs?${freshQuery()}`));
    }
    assert.deepEqual(
      outcomes.map(({ status, calls }) => [status, calls]),
      [
        [200, 1],
        [200, 1],
        [200, 1],
        [200, 1],
        [429, 0],
        [429, 0],
      ],
      'four calls fit the app share; the fifth and sixth views are refused on both instances without a call',
    );
    const refused = outcomes[4]?.body ?? '';
    assert.match(refused, /The app did not call Okta: the shared budget is spent until \d\d:\d\d:\d\d UTC/);
    assert.match(refused, /Try again after \d\d:\d\d:\d\d UTC/);
    assert.equal(
      h.sandbox.managementApi.received.forPath('/api/v1/logs').filter((request) => request.status === 429).length,
      0,
      'Okta never had to answer 429',
    );

    const reading = await h.app.okta.budget('logs');
    assert.ok(reading);
    await sleep(Math.max(0, Date.parse(reading.resetAt) - Date.now()) + 1200);
    const cached = await visit(one, h.baseUrl, `/logs?range=24h&q=view${views - 5}`);
    assert.equal(cached.calls, 0, 'a page seen before comes from the cache');
    assert.doesNotMatch(budgetLine(cached.body), CLOCK_TIME, 'a reset gone by is never shown as a clock time');
    const afterReset = await visit(two, second.baseUrl, `/logs?${freshQuery()}`);
    assert.deepEqual([afterReset.status, afterReset.calls], [200, 1], 'after the reset the app calls Okta again');
  });

  test('background work (an export) stops at the reserve while a page view still gets through', async () => {
    const browser = await signInToApp(h);
    for (let view = 0; view < 3; view++)
      assert.equal((await visit(browser, h.baseUrl, `/logs?${freshQuery()}`)).calls, 1);
    const budget = await h.app.okta.budget('logs');
    assert.equal(budget?.remaining, 1, 'one call left: the reserve');
    const exported = await visit(browser, h.baseUrl, `/logs/export.csv?${freshQuery()}`);
    assert.equal(exported.status, 429);
    assert.equal(exported.calls, 0, 'the export did not call Okta');
    assert.match(exported.body, /The app did not call Okta/);
    const page = await visit(browser, h.baseUrl, `/logs?${freshQuery()}`);
    assert.deepEqual([page.status, page.calls], [200, 1], 'a page view may spend the reserve');
  });

  test('the live tail pauses at the reserve without calling Okta, and shows the shared figure', async () => {
    const browser = await signInToApp(h);
    for (let view = 0; view < 3; view++) await visit(browser, h.baseUrl, `/logs?${freshQuery()}`);
    const before = logCalls(h).length;
    const stream = await SseReader.open(browser, `${h.baseUrl}/logs/follow/stream`);
    const status = await stream.next((message) => message.event === 'status');
    stream.close();
    const data = status.data as { paused: boolean; nextPollAt: string; budget: { remaining: number; limit: number } };
    assert.equal(data.paused, true, 'the tail waits for the reset, as after a 429');
    assert.ok(Date.parse(data.nextPollAt) > Date.now(), 'the next poll is after the reset');
    assert.deepEqual([data.budget.remaining, data.budget.limit], [1, 4], 'the shared figure, reserve left');
    assert.equal(logCalls(h).length, before, 'the tail did not call Okta');
  });

  test('the budget line on every page shows the shared figure', async () => {
    const one = await signInToApp(h);
    const two = await signInToApp(h);
    await second.adopt(two);
    await visit(one, h.baseUrl, `/logs?${freshQuery()}`);
    await visit(one, h.baseUrl, `/logs?${freshQuery()}`);
    const elsewhere = await visit(two, second.baseUrl, '/logs/follow');
    assert.equal(elsewhere.calls, 0);
    assert.match(budgetLine(elsewhere.body), /2 of 4/, 'the other instance and session see the calls made');
  });
});

describe('coalescing identical views', { timeout: 60_000 }, () => {
  // A fixed range, so that the views are identical to the millisecond (a preset ends at each view's own "now").
  const until = new Date(Date.now() - 3_600_000).toISOString().slice(0, 19);
  const since = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 19);
  const query = (limit: number) => `/logs?range=custom&since=${since}&until=${until}&limit=${limit}`;
  const table = (html: string) => /<table class="table logs-table">[\s\S]*<\/table>/.exec(html)?.[0] ?? '';

  test('20 concurrent identical new views of one session cost one Okta call and render the same page', async () => {
    const browser = await signInToApp(h);
    // Okta answers slowly enough that all 20 views are in flight together.
    const remove = h.sandbox.managementApi.faults.set({ path: '/api/v1/logs', latencyMs: 400 });
    try {
      const before = logCalls(h).length;
      const pages = await Promise.all(Array.from({ length: 20 }, () => browser.request(`${h.baseUrl}${query(100)}`)));
      assert.equal(logCalls(h).length - before, 1);
      assert.ok(pages.every((page) => page.status === 200));
      const first = table(pages[0]?.body ?? '');
      assert.ok(first.includes('<tbody class="event">'), 'a table of events');
      assert.ok(pages.every((page) => table(page.body) === first));
    } finally {
      remove();
    }
  });

  test('two instances sharing the store send identical concurrent views to Okta once', async () => {
    const browser = await signInToApp(h);
    await second.adopt(browser);
    const remove = h.sandbox.managementApi.faults.set({ path: '/api/v1/logs', latencyMs: 400 });
    try {
      const before = logCalls(h).length;
      const pages = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          browser.request(`${index % 2 === 0 ? h.baseUrl : second.baseUrl}${query(50)}`),
        ),
      );
      assert.equal(logCalls(h).length - before, 1);
      assert.ok(pages.every((page) => page.status === 200));
      const first = table(pages[0]?.body ?? '');
      assert.ok(first.includes('<tbody class="event">'), 'a table of events');
      assert.ok(pages.every((page) => table(page.body) === first));
    } finally {
      remove();
    }
  });
});
