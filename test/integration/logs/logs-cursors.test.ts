import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { logsRoutes } from '../../../src/routes/logs.ts';
import { type Harness, startHarness } from '../../helpers/app-harness.ts';
import { signInToApp } from '../../helpers/app-session.ts';
import type { Browser } from '../../helpers/browser.ts';
import { hrefs, logCalls } from './logs-helpers.ts';

let h: Harness;

before(async () => {
  h = await startHarness({
    sandbox: { seed: { users: 40, events: 400 }, rateLimits: { enabled: false } },
    // A second mount whose page tokens expire at once, to show expired tokens are refused.
    routes: (app) => void app.register(logsRoutes, { prefix: '/brief', cursors: { ttlMs: 1 } }),
  });
});
after(async () => {
  await h?.close();
});

/** The first page of `query` for `browser`, and its next-page token. */
async function firstPage(browser: Browser, query = 'range=90d', base = '/logs') {
  const page = await browser.request(`${h.baseUrl}${base}?${query}`);
  assert.equal(page.status, 200);
  const next = hrefs(page.body).find((href) => href.includes('page='));
  assert.ok(next, 'the first page links to the next one');
  return { page, next, token: new URL(next, h.baseUrl).searchParams.get('page') ?? '' };
}

/** Asserts `url` is refused for `browser` with the start-again message and no Okta call. */
async function assertRefused(browser: Browser, url: string) {
  const before = logCalls(h).length;
  const page = await browser.request(url);
  assert.equal(page.status, 400);
  assert.match(page.body, /This page link is not valid here/);
  assert.match(page.body, /Start from the first page/);
  assert.equal(logCalls(h).length, before, 'no Okta call');
  return page;
}

describe('page tokens cannot be forged or borrowed', () => {
  test('a made-up token of the right shape is refused', async () => {
    const browser = await signInToApp(h);
    await assertRefused(browser, `${h.baseUrl}/logs?range=90d&page=AAAAAAAAAAAAAAAAAAAAAA`);
  });

  test('a token that is a URL or junk is refused, never followed', async () => {
    const browser = await signInToApp(h);
    const target = `${h.sandbox.issuer}/api/v1/logs?limit=1000`;
    const page = await assertRefused(browser, `${h.baseUrl}/logs?range=90d&page=${encodeURIComponent(target)}`);
    assert.ok(!page.body.includes(`${h.sandbox.issuer}/api/`));
    await assertRefused(browser, `${h.baseUrl}/logs?range=90d&page=..%2F..%2Fetc`);
  });

  test("another session's token is refused, and still works for its own session", async () => {
    const owner = await signInToApp(h);
    const { next } = await firstPage(owner);
    const stranger = await signInToApp(h, 'readonly@sandbox.example');
    await assertRefused(stranger, `${h.baseUrl}${next}`);
    const before = logCalls(h).length;
    const own = await owner.request(`${h.baseUrl}${next}`);
    assert.equal(own.status, 200);
    assert.match(own.body, /on page 2/);
    assert.equal(logCalls(h).length, before + 1);
    assert.ok(logCalls(h).at(-1)?.searchParams.has('after'), "the owner's token led to Okta's next page");
  });

  test('a token moved onto another query is refused', async () => {
    const browser = await signInToApp(h);
    const { token } = await firstPage(browser);
    await assertRefused(browser, `${h.baseUrl}/logs?range=90d&limit=25&page=${token}`);
    await assertRefused(browser, `${h.baseUrl}/logs?range=90d&outcome=FAILURE&page=${token}`);
  });

  test('an expired token is refused', async () => {
    const browser = await signInToApp(h);
    const { next } = await firstPage(browser, 'range=90d', '/brief/logs');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await assertRefused(browser, `${h.baseUrl}${next}`);
  });

  test("Okta's own cursor parameter in the URL is ignored", async () => {
    const browser = await signInToApp(h);
    const before = logCalls(h).length;
    const page = await browser.request(`${h.baseUrl}/logs?range=90d&after=1627500044869_1`);
    assert.equal(page.status, 200);
    const sent = logCalls(h).slice(before);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]?.searchParams.has('after'), false);
  });
});
