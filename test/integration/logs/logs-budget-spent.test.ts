import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { logsRoutes } from '../../../src/routes/logs.ts';
import { type Harness, startHarness } from '../../helpers/app-harness.ts';
import { signInToApp } from '../../helpers/app-session.ts';
import { logCalls } from './logs-helpers.ts';

let h: Harness;

before(async () => {
  h = await startHarness({
    // An org allowing 3 System Log calls a minute, all of which one app may use.
    sandbox: { seed: { users: 10, events: 200 }, rateLimits: { logs: 3, perAppShare: 1 } },
    // A mount whose pages are fresh for 1 ms: every view wants a new call, and the kept page is all there is.
    routes: (app) => void app.register(logsRoutes, { prefix: '/brief', pageCache: { ttlMs: 1 } }),
  });
});
after(async () => {
  await h?.close();
});

/** Spends what is left of the org's /api/v1/logs bucket with the super admin's API token. */
async function drainLogsBucket(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    const response = await fetch(`${h.sandbox.issuer}/api/v1/logs?limit=1`, {
      headers: { authorization: `SSWS ${h.sandbox.org.apiToken.token}` },
    });
    await response.arrayBuffer();
    if (response.status === 429) return;
  }
  assert.fail('the bucket did not run out');
}

describe('System Log while Okta budget is spent', () => {
  test('a view with a kept page shows it with when the budget comes back and when the page is from', async () => {
    const browser = await signInToApp(h);
    const first = await browser.request(`${h.baseUrl}/brief/logs?range=24h`);
    assert.equal(first.status, 200);
    assert.doesNotMatch(first.body, /budget is spent/);
    const fetchedAt = /Fetched from Okta at <time[^>]*>([^<]+)</.exec(first.body)?.[1];
    assert.ok(fetchedAt, 'the first view came from Okta');

    await drainLogsBucket();
    const callsBefore = logCalls(h).length;
    const again = await browser.request(`${h.baseUrl}/brief/logs?range=24h`);
    assert.equal(again.status, 200, 'the kept page, not an error page');
    const note = /class="banner banner-warning notice budget-spent-note"[^>]*>([^<]+)</.exec(again.body)?.[1] ?? '';
    assert.match(note, /Okta(&#39;|')s budget is spent until \d\d:\d\d:\d\d UTC; this page is from /);
    assert.ok(note.includes(`this page is from ${fetchedAt}`), `the note names when the page is from: ${note}`);
    assert.match(again.body, /Served from cache/);
    assert.ok(logCalls(h).length - callsBefore <= 1, 'at most the one call that Okta refused');

    const other = await browser.request(`${h.baseUrl}/brief/logs?range=1h`);
    assert.equal(other.status, 429, 'a view with no kept page gets the rate-limit page');
    assert.match(other.body, /\d\d:\d\d:\d\d UTC|now|in a few seconds/);
  });

  test('the sandbox console shows one row for a view that called Okta, none for a cached or a braked view', async () => {
    await h.sandbox.managementApi.rateLimiter.reset();
    await h.app.okta.forgetBudgets();
    const browser = await signInToApp(h);
    const latest = async () => {
      const page = await browser.request(`${h.baseUrl}/sandbox`);
      assert.equal(page.status, 200);
      assert.match(page.body, /What the app asked Okta/);
      return Number(/Latest sequence number so far: (\d+)/.exec(page.body)?.[1]);
    };
    const start = await latest();
    assert.equal((await browser.request(`${h.baseUrl}/logs?range=7d`)).status, 200);
    assert.equal(await latest(), start + 1, 'a view that called Okta: one row');
    assert.equal((await browser.request(`${h.baseUrl}/logs?range=7d`)).status, 200);
    assert.equal(await latest(), start + 1, 'the same view again, from the cache: no row');

    await drainLogsBucket();
    const drained = await latest();
    const learned = await browser.request(`${h.baseUrl}/logs?range=15m`);
    assert.equal(learned.status, 429);
    assert.ok((await latest()) <= drained + 1, 'at most the call that learns the budget is spent');
    const afterLearning = await latest();
    assert.equal((await browser.request(`${h.baseUrl}/logs?range=90d`)).status, 429);
    assert.equal(await latest(), afterLearning, 'a view refused by the brake: no row');
  });
});
