import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Session } from 'fastify';
import { logsRoutes } from '../../../src/routes/logs.ts';
import { type Harness, startHarness } from '../../helpers/app-harness.ts';
import { signInToApp, withoutGrants } from '../../helpers/app-session.ts';
import { Browser } from '../../helpers/browser.ts';
import { decode, logCalls } from './logs-helpers.ts';

let h: Harness;

before(async () => {
  h = await startHarness({
    sandbox: { seed: { users: 40, events: 400 }, rateLimits: { enabled: false } },
    // A mount that gives up on Okta after 300 ms, to show the page for an Okta that hangs or is slow.
    routes: (app) => void app.register(logsRoutes, { prefix: '/impatient', callTimeoutMs: 300 }),
  });
});
after(async () => {
  await h?.close();
});

/** The server-side session of a browser, as the store keeps it. */
async function storedSession(browser: Browser): Promise<Session> {
  const sessionId = decodeURIComponent(browser.jar.get('localhost', 'sid') ?? '').split('.')[0] ?? '';
  const session = await new Promise<Session | null | undefined>((resolve) =>
    h.app.sessionStore.get(sessionId, (_error, value) => resolve(value)),
  );
  assert.ok(session, 'the browser has a server-side session');
  return session;
}

describe('errors that teach', () => {
  test('signed out: the page sends the browser to sign in and back', async () => {
    const page = await new Browser().request(`${h.baseUrl}/logs?range=1h`);
    assert.equal(page.status, 303);
    assert.equal(page.headers.get('location'), `/login?returnTo=${encodeURIComponent('/logs?range=1h')}`);
  });

  test('a token without okta.logs.read: explained without calling Okta (page, export and live tail)', async () => {
    const browser = await withoutGrants(h, ['okta.logs.read'], () => signInToApp(h));
    const before = logCalls(h).length;
    for (const path of ['/logs', '/logs/export.csv', '/logs/follow/stream']) {
      const page = await browser.request(`${h.baseUrl}${path}`);
      assert.equal(page.status, 403, path);
      assert.match(page.body, /The token does not carry okta\.logs\.read/, path);
      assert.match(page.body, /Grant okta\.logs\.read/, path);
    }
    assert.equal(logCalls(h).length, before, 'Okta was not called');
  });

  test("Okta's own 403 insufficient_scope shows the WWW-Authenticate header it sent", async () => {
    const browser = await withoutGrants(h, ['okta.logs.read'], () => signInToApp(h));
    // The session claims the scope, the token does not carry it: only Okta can tell.
    const session = await storedSession(browser);
    session.tokens?.grantedScopes.push('okta.logs.read');
    const page = await browser.request(`${h.baseUrl}/logs`);
    assert.equal(page.status, 403);
    assert.match(page.body, /Okta says the token lacks okta\.logs\.read/);
    const evidence = decode(/<pre class="evidence">([^<]*)<\/pre>/.exec(page.body)?.[1] ?? '');
    assert.equal(
      evidence,
      `Bearer authorization_uri="${h.sandbox.issuer}/oauth2/v1/authorize", realm="${h.sandbox.issuer}", scope="okta.logs.read", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="/api/v1/logs"`,
    );
    assert.match(page.body, /Sign out of this app and sign in again/);
  });

  test('a user without an admin role that may read the System Log: E0000006 explained', async () => {
    const browser = await signInToApp(h, 'user@sandbox.example');
    const page = await browser.request(`${h.baseUrl}/logs`);
    assert.equal(page.status, 403);
    assert.match(page.body, /Your Okta admin role does not allow this/);
    assert.match(page.body, /E0000006: You do not have permission to perform the requested action/);
    assert.match(page.body, /Report Administrator/);
  });

  test('429: when to try again', async () => {
    const browser = await signInToApp(h);
    h.sandbox.managementApi.rateLimiter.reset();
    const remove = h.sandbox.managementApi.faults.set({ path: '/api/v1/logs', status: 429 });
    try {
      const before = logCalls(h).length;
      const page = await browser.request(`${h.baseUrl}/logs?range=15m`);
      assert.equal(page.status, 429);
      assert.match(page.body, /Okta&#39;s rate limit is used up until \d\d:\d\d:\d\d UTC/);
      assert.match(page.body, /Try again after \d\d:\d\d:\d\d UTC/);
      assert.match(page.body, /href="\/logs\?range=15m">Try again</);
      assert.equal(logCalls(h).length - before, 1, 'no retry when the reset is further away than the page may wait');
    } finally {
      remove();
      // The app's rate brake rightly remembers the 429 until its reset; later tests start from a fresh budget.
      await h.app.okta.forgetBudgets();
    }
  });

  for (const [description, fault] of [
    ['an Okta that never answers', { hang: true }],
    ['an Okta slower than the page may wait', { latencyMs: 3000 }],
  ] as const) {
    test(`${description}: a page to try again`, async () => {
      const browser = await signInToApp(h);
      const remove = h.sandbox.managementApi.faults.set({ path: '/api/v1/logs', ...fault });
      try {
        const page = await browser.request(`${h.baseUrl}/impatient/logs?range=1h`);
        assert.equal(page.status, 504);
        assert.match(page.body, /Okta is slow to answer/);
        assert.match(page.body, /Okta did not finish answering in time/);
        assert.match(page.body, /href="\/impatient\/logs\?range=1h">Try again</);
      } finally {
        remove();
      }
    });
  }

  test('a connection that keeps breaking: a page to try again', async () => {
    const browser = await signInToApp(h);
    const remove = h.sandbox.managementApi.faults.set({ path: '/api/v1/logs', connectionReset: true });
    try {
      const page = await browser.request(`${h.baseUrl}/logs?range=1h`);
      assert.equal(page.status, 502);
      assert.match(page.body, /Okta could not be reached/);
    } finally {
      remove();
    }
  });

  test("an advanced filter Okta refuses: Okta's message next to the field, the form kept, no table", async () => {
    const browser = await signInToApp(h);
    const filter = 'eventType eqq "user.session.start"';
    const before = logCalls(h).length;
    const page = await browser.request(`${h.baseUrl}/logs?${new URLSearchParams({ filter, range: '24h' })}`);
    assert.equal(page.status, 200);
    assert.equal(logCalls(h).length - before, 1, 'Okta was asked once');
    const message = decode(/<div class="field-error" id="err-filter">([\s\S]*?)<\/div>/.exec(page.body)?.[1] ?? '');
    assert.match(
      message,
      /Invalid filter '\(eventType eqq "user.session.start"\)': Unrecognized attribute operator 'eqq'/,
    );
    assert.match(message, /in the filter as sent .*<code>\(eventType eqq "user.session.start"\)<\/code>/);
    assert.match(
      page.body,
      /<textarea id="f-filter" name="filter"[^>]*>eventType eqq &quot;user.session.start&quot;<\/textarea>/,
    );
    assert.match(page.body, /<details class="advanced" open>/, 'the advanced section is open to show it');
    assert.doesNotMatch(page.body, /class="table logs-table"/);
  });
});
