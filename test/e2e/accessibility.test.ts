import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { logsRoutes } from '../../src/routes/logs.ts';
import { createConsoleControls } from '../../src/sandbox/console-controls.ts';
import { type Harness, startHarness } from '../helpers/app-harness.ts';
import { withoutGrants } from '../helpers/app-session.ts';
import { assertAccessible } from '../helpers/axe.ts';
import { launchChromium, signInWithForm, watchPage } from '../helpers/chromium.ts';
import { appendAdminEvent } from '../helpers/sandbox-events.ts';

// axe-core over every page of the app in every state a visitor can meet, with all of its rules (best practices
// included): zero violations of any impact.

let h: Harness;
let browser: Browser;
const contexts: BrowserContext[] = [];
const watched: ReturnType<typeof watchPage>[] = [];

before(async () => {
  h = await startHarness({
    sandbox: { rateLimits: { enabled: false } },
    routes: (app) => {
      // The live tail every 200 ms instead of 10 s, and a page that gives up on Okta after 300 ms (a hanging Okta).
      void app.register(logsRoutes, { prefix: '/fast', follow: { minIntervalMs: 200 } });
      void app.register(logsRoutes, { prefix: '/impatient', callTimeoutMs: 300 });
    },
  });
  browser = await launchChromium();
});
after(async () => {
  for (const seen of watched) {
    assert.deepEqual(seen.cspViolations, [], 'no CSP violation');
    assert.deepEqual(seen.errors, [], 'no script error');
  }
  for (const context of contexts) await context.close();
  await browser?.close();
  await h?.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  watched.push(watchPage(page));
  return page;
}

/** Opens `path` and checks the page; `status` is the HTTP status the state is expected to answer with. */
async function check(page: Page, state: string, path: string, status = 200): Promise<void> {
  const response = await page.goto(`${h.baseUrl}${path}`);
  assert.equal(response?.status(), status, `${state}: HTTP status of ${path}`);
  await assertAccessible(page, state);
}

async function heading(page: Page): Promise<string> {
  return ((await page.locator('main h1').first().textContent()) ?? '').trim();
}

describe('signed out', () => {
  let page: Page;
  before(async () => {
    page = await newPage();
  });

  test('home, setup, guide, sandbox console', async () => {
    await check(page, 'home, signed out', '/');
    await check(page, 'setup, signed out', '/setup');
    await check(page, 'guide, signed out', '/guide');
    await check(page, 'sandbox console, signed out', '/sandbox');
  });

  test('not found, and a sign-in callback the app cannot use', async () => {
    await check(page, 'not found', '/no-such-page', 404);
    await check(page, 'callback without a sign-in in progress', '/authorization-code/callback?code=x&state=y', 400);
  });

  test("the sandbox org's sign-in page", async () => {
    await page.goto(`${h.baseUrl}/login?returnTo=%2F`);
    await page.waitForURL((url) => url.origin === h.sandbox.issuer);
    await assertAccessible(page, "the sandbox org's sign-in page");
    await page.getByLabel('Username').fill('admin@sandbox.example');
    await page.getByLabel('Password').fill('wrong password');
    await page.locator('form:has(#username) button[type="submit"]').click();
    await page.locator('.error').waitFor();
    await assertAccessible(page, "the sandbox org's sign-in page with an error");
  });
});

describe('signed in as the super admin', () => {
  let page: Page;
  before(async () => {
    page = await newPage();
    await signInWithForm(page, h.baseUrl, '/');
  });

  test('home, setup, guide and its comparison', async () => {
    await check(page, 'home, signed in', '/');
    await check(page, 'setup, signed in', '/setup');
    await check(page, 'guide, signed in', '/guide');
    await page.getByRole('button', { name: 'Run the comparison' }).click();
    await page.locator('#comparison-results').waitFor();
    await assertAccessible(page, 'guide with the comparison');
  });

  test('System Log: results, an open event and the chart table, empty results, bad queries', async () => {
    await check(page, 'System Log', '/logs?range=90d&limit=50');
    await page.locator('.chart-counts summary').click();
    const toggle = page.locator('button.event-toggle').first();
    const detailHref = (await toggle.getAttribute('data-href')) ?? '';
    await toggle.click();
    await page.locator('.event-detail[data-loaded="true"]').first().waitFor();
    await assertAccessible(page, 'System Log with an event open in place and the chart counts open');
    await check(page, "an event's detail as a page", new URL(detailHref).pathname + new URL(detailHref).search);
    await check(
      page,
      'an event that is not in the System Log',
      '/logs/events/00000000-0000-4000-8000-000000000000',
      404,
    );
    await check(page, "a detail link that is not an event's", '/logs/events/not-a-uuid', 400);
    await check(page, 'System Log', '/logs?range=90d&limit=50');
    await page.getByRole('link', { name: 'Next page' }).click();
    await page.waitForURL((url) => url.searchParams.has('page'));
    await assertAccessible(page, 'System Log, page 2');
    await check(page, 'System Log, no events', '/logs?q=no-such-keyword-anywhere');
    assert.match((await page.locator('main').textContent()) ?? '', /No events match/);
    await check(
      page,
      'System Log, filter refused by Okta',
      `/logs?${new URLSearchParams({ filter: 'eventType eqq "x"' })}`,
    );
    await check(page, 'System Log, invalid fields', '/logs?range=custom&since=yesterday&limit=7', 400);
    await check(page, 'System Log, unknown page link', '/logs?page=not-a-page-token', 400);
  });

  test('live tail, with new events', async () => {
    await check(page, 'live tail', '/fast/logs/follow');
    await page.locator('#follow-status', { hasText: 'Following' }).waitFor();
    appendAdminEvent(h, 'Ada Accessible');
    await page.locator('#follow-events tr', { hasText: 'Ada Accessible' }).waitFor();
    await assertAccessible(page, 'live tail with a new event');
  });

  test('users: list, empty, refused search, detail, unknown user', async () => {
    await check(page, 'users', '/users');
    await check(page, 'users, none found', '/users?q=zzzz-nobody');
    await check(
      page,
      'users, search refused by Okta',
      `/users?${new URLSearchParams({ search: 'profile.x eqq 1' })}`,
      400,
    );
    const href = await page
      .goto(`${h.baseUrl}/users`)
      .then(() => page.locator('table.teach-users tbody a').first().getAttribute('href'));
    assert.ok(href);
    await check(page, 'user detail', href);
    await check(page, 'user not found in Okta', '/users/00unosuchuser0000000', 404);
  });

  test('token: inspector, a try, a refresh without refresh token', async () => {
    await check(page, 'token', '/token');
    await page.getByRole('button', { name: 'Try it: GET /api/v1/groups?limit=1' }).click();
    await page.locator('#try-groups .teach-probe-result p').first().waitFor();
    await assertAccessible(page, 'token after a try');
    await page.goto(`${h.baseUrl}/token`);
    await page.getByRole('button', { name: 'Refresh now' }).click();
    await page.locator('main [role="status"]').waitFor();
    await assertAccessible(page, 'token after refresh');
  });

  test('sandbox console, before and after a change', async () => {
    await check(page, 'sandbox console, from a page', '/sandbox?returnTo=%2Fusers');
    await page.getByRole('button', { name: 'Reset rate-limit counters' }).click();
    await page.locator('.teach-notice').waitFor();
    await assertAccessible(page, 'sandbox console with a notice');
  });

  test('Okta errors: rate limited, unavailable, unreachable, hanging, trickling, oversized, malformed', async () => {
    const faults = h.sandbox.managementApi.faults;
    for (const [state, rule, path, status] of [
      ['rate limited (429)', { status: 429 }, '/logs?range=15m', 429],
      ['Okta unavailable (503)', { status: 503 }, '/logs?range=15m', 502],
      ['Okta unreachable (connection reset)', { connectionReset: true }, '/logs?range=15m', 502],
      ['Okta hanging', { hang: true }, '/impatient/logs?range=15m', 504],
      ['Okta trickling a 200 body', { slowBody: { durationMs: 10_000 } }, '/impatient/logs?range=15m', 504],
      ['Okta sending an oversized body', { oversizedBody: { bytes: 16 * 1024 * 1024 } }, '/logs?range=15m', 502],
      ['Okta sending more events than asked for', { overLimitItems: true }, '/logs?range=15m', 502],
    ] as const) {
      const remove = faults.set({ path: '/api/v1/logs', ...rule });
      try {
        await check(page, state, path, status);
      } finally {
        remove();
        // The app's rate brake rightly remembers the 429 until its reset; later tests start from a fresh budget.
        await h.app.okta.forgetBudgets();
      }
    }
  });

  test('sign-in required: the access token expired and there is no refresh token', async () => {
    const sid = (await page.context().cookies(h.baseUrl)).find((cookie) => cookie.name === 'sid')?.value ?? '';
    const sessionId = decodeURIComponent(sid).split('.')[0] ?? '';
    const session = await new Promise<{ tokens?: { expiresAt: number } } | undefined>((resolve) =>
      h.app.sessionStore.get(sessionId, (_error, value) => resolve(value as { tokens?: { expiresAt: number } })),
    );
    assert.ok(session?.tokens, 'the browser has a signed-in session');
    session.tokens.expiresAt = Date.now() - 1000;
    await check(page, 'session ended', '/users', 401);
    assert.equal(await heading(page), 'Your session has ended');
  });
});

describe('signing out', () => {
  test('the page after sign-out', async () => {
    const page = await newPage();
    await signInWithForm(page, h.baseUrl, '/');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.origin === h.baseUrl && !url.pathname.startsWith('/logout'));
    assert.match((await page.locator('main').textContent()) ?? '', /signed out/i);
    await assertAccessible(page, 'signed out after sign-out');
  });
});

describe('errors that teach', () => {
  test('a scope the app is not granted', async () => {
    const page = await newPage();
    await withoutGrants(h, ['okta.logs.read'], async () => {
      await signInWithForm(page, h.baseUrl, '/logs');
    });
    assert.equal(await heading(page), 'The token does not carry okta.logs.read');
    await assertAccessible(page, 'missing scope');
  });

  test('an admin role that does not allow the call', async () => {
    const page = await newPage();
    await signInWithForm(page, h.baseUrl, '/users', 'reports@sandbox.example');
    assert.equal(await heading(page), 'Your Okta admin role does not allow this');
    await assertAccessible(page, 'missing admin role');
  });

  test('a user the app is not assigned to', async () => {
    const page = await newPage();
    await page.goto(`${h.baseUrl}/sandbox`);
    await page.getByRole('button', { name: 'Unassign user@sandbox.example' }).click();
    await page.locator('.teach-notice').waitFor();
    try {
      await page.goto(`${h.baseUrl}/login?returnTo=%2F`);
      await page.getByLabel('Username').fill('user@sandbox.example');
      await page.getByLabel('Password').fill('sandbox-password');
      await page.locator('form:has(#username) button[type="submit"]').click();
      await page.waitForURL((url) => url.origin === h.baseUrl);
      assert.equal(await heading(page), 'Okta denied the sign-in');
      await assertAccessible(page, 'sign-in refused: not assigned');
    } finally {
      const account = h.sandbox.org.directory.accounts().find(({ login }) => login === 'user@sandbox.example');
      if (account) createConsoleControls(h.sandbox).setAssigned(account.userId, true);
    }
  });
});
