import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Harness, startHarness } from '../../helpers/app-harness.ts';
import { storedSession } from '../../helpers/app-session.ts';
import { Browser } from '../../helpers/browser.ts';

const ADMIN = { username: 'admin@sandbox.example', password: 'sandbox-password' };
let h: Harness;

before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.close();
});

const isCallback = (url: URL) => url.pathname === '/authorization-code/callback';
const tokenGrants = () =>
  h.sandbox.org.systemLog
    .inPersistenceOrder()
    .filter((s) => s.event.eventType === 'app.oauth2.token.grant.access_token').length;

/** Starts a sign-in and stops at the redirect back to the app (the callback URL, not yet fetched). */
async function reachCallback(browser = new Browser(), path = '/login') {
  const result = await browser.follow(`${h.baseUrl}${path}`, { credentials: ADMIN, stop: isCallback });
  assert.ok(result.stoppedAt, 'the sandbox redirected back to the app');
  return { browser, callback: result.stoppedAt };
}

async function signIn(browser = new Browser(), returnTo?: string) {
  const { callback } = await reachCallback(
    browser,
    returnTo ? `/login?returnTo=${encodeURIComponent(returnTo)}` : '/login',
  );
  const landing = await browser.request(callback.href);
  return { browser, landing };
}

describe('GET /login', () => {
  test('redirects to the org authorize endpoint with PKCE S256, state, nonce and the configured scopes', async () => {
    const browser = new Browser();
    const page = await browser.request(`${h.baseUrl}/login`);
    assert.equal(page.status, 303);
    assert.equal(page.headers.get('cache-control'), 'no-store');
    const location = new URL(page.headers.get('location') ?? '');
    assert.equal(location.origin + location.pathname, `${h.sandbox.issuer}/oauth2/v1/authorize`);
    const params = location.searchParams;
    assert.equal(params.get('response_type'), 'code');
    assert.equal(params.get('client_id'), h.sandbox.org.webApp.clientId);
    assert.equal(params.get('redirect_uri'), `${h.baseUrl}/authorization-code/callback`);
    assert.equal(params.get('scope'), 'openid profile email okta.logs.read okta.users.read');
    assert.equal(params.get('code_challenge_method'), 'S256');
    assert.match(params.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/);
    // 128 bits or more, base64url: at least 22 characters.
    assert.ok((params.get('state') ?? '').length >= 22);
    assert.ok((params.get('nonce') ?? '').length >= 22);
    const cookie = page.headers.getSetCookie().find((line) => line.startsWith('sid='));
    assert.ok(cookie, 'a session cookie carries the pending sign-in');
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.match(cookie, /Path=\//);
    assert.doesNotMatch(cookie, /Domain=/);
  });

  test('two sign-ins started in two tabs each finish with their own state', async () => {
    const browser = new Browser();
    const first = await reachCallback(browser);
    const second = await reachCallback(browser);
    assert.notEqual(first.callback.searchParams.get('state'), second.callback.searchParams.get('state'));
    const secondLanding = await browser.request(second.callback.href);
    assert.equal(secondLanding.status, 303);
    const firstLanding = await browser.request(first.callback.href);
    assert.equal(firstLanding.status, 303);
    assert.equal(firstLanding.headers.get('location'), '/');
  });
});

describe('the callback', () => {
  test('a full sign-in lands on returnTo, signed in, with the granted scopes shown', async () => {
    const { browser, landing } = await signIn(new Browser(), '/?from=test');
    assert.equal(landing.status, 303);
    assert.equal(landing.headers.get('location'), '/?from=test');
    assert.equal(landing.headers.get('cache-control'), 'no-store');
    const home = await browser.request(`${h.baseUrl}/`);
    assert.match(home.body, /Ada Super/);
    assert.match(home.body, /okta\.logs\.read/);
    assert.match(home.body, /okta\.users\.read/);
    assert.match(home.body, /action="\/logout"/);
  });

  const refusals: { description: string; tamper: (callback: URL) => URL }[] = [
    {
      description: 'without state',
      tamper: (callback) => {
        callback.searchParams.delete('state');
        return callback;
      },
    },
    {
      description: 'with a wrong state',
      tamper: (callback) => {
        callback.searchParams.set('state', 'not-the-state');
        return callback;
      },
    },
  ];
  for (const { description, tamper } of refusals) {
    test(`a callback ${description} → 400, no token request, not signed in`, async () => {
      const { browser, callback } = await reachCallback();
      const grantsBefore = tokenGrants();
      const page = await browser.request(tamper(callback).href);
      assert.equal(page.status, 400);
      assert.match(page.body, /does not belong to a sign-in started in this browser/);
      assert.equal(tokenGrants(), grantsBefore, 'no code was redeemed');
      const home = await browser.request(`${h.baseUrl}/`);
      assert.doesNotMatch(home.body, /action="\/logout"/);
    });
  }

  test('the same callback URL used twice → 400 the second time', async () => {
    const { browser, callback } = await reachCallback();
    assert.equal((await browser.request(callback.href)).status, 303);
    const replay = await browser.request(callback.href);
    assert.equal(replay.status, 400);
  });

  test("login CSRF: an attacker's valid callback opened in the victim's browser → 400, victim not signed in", async () => {
    const attacker = await reachCallback();
    const victim = new Browser();
    await victim.request(`${h.baseUrl}/`);
    const page = await victim.request(attacker.callback.href);
    assert.equal(page.status, 400);
    const home = await victim.request(`${h.baseUrl}/`);
    assert.doesNotMatch(home.body, /Ada Super/);
  });

  test('a callback whose iss is not the org → refused by the issuer check', async () => {
    const { browser, callback } = await reachCallback();
    callback.searchParams.set('iss', 'https://evil.example');
    const page = await browser.request(callback.href);
    assert.equal(page.status, 400);
    assert.match(page.body, /failed a security check/);
    const home = await browser.request(`${h.baseUrl}/`);
    assert.doesNotMatch(home.body, /action="\/logout"/);
  });

  test('a callback without iss, while discovery advertises it → refused by the issuer check', async () => {
    const { browser, callback } = await reachCallback();
    callback.searchParams.delete('iss');
    const page = await browser.request(callback.href);
    assert.equal(page.status, 400);
    assert.match(page.body, /failed a security check/);
  });

  test('returnTo to another site is ignored and never travels in state or a cookie', async () => {
    const browser = new Browser();
    const start = await browser.request(`${h.baseUrl}/login?returnTo=${encodeURIComponent('https://evil.example/x')}`);
    const authorize = new URL(start.headers.get('location') ?? '');
    assert.ok(!authorize.href.includes('evil'), 'not in the authorization request');
    assert.ok(!start.headers.getSetCookie().join(';').includes('evil'), 'not in a cookie');
    const { callback } = await reachCallback(browser, `/login?returnTo=${encodeURIComponent('//evil.example')}`);
    const landing = await browser.request(callback.href);
    assert.equal(landing.headers.get('location'), '/');
  });

  test("Okta's error redirect becomes a page with the description escaped and no token request", async () => {
    const { browser, callback } = await reachCallback();
    const url = new URL(callback.href);
    url.searchParams.delete('code');
    url.searchParams.set('error', 'access_denied');
    url.searchParams.set('error_description', '<script>alert(1)</script>');
    const grantsBefore = tokenGrants();
    const page = await browser.request(url.href);
    assert.equal(page.status, 400);
    assert.ok(!page.body.includes('<script>alert(1)</script>'));
    assert.match(page.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(page.body, /Assignments/);
    assert.equal(tokenGrants(), grantsBefore);
  });

  test('consent_required from the org (no API scope granted) names the Okta API Scopes tab', async () => {
    const grants = new Set(h.sandbox.org.webApp.grants);
    h.sandbox.org.webApp.grants.clear();
    try {
      const browser = new Browser();
      const result = await browser.follow(`${h.baseUrl}/login`, { credentials: ADMIN, stop: isCallback });
      assert.equal(result.stoppedAt?.searchParams.get('error'), 'consent_required');
      const page = await browser.request(result.stoppedAt?.href ?? '');
      assert.equal(page.status, 400);
      assert.match(page.body, /Okta API Scopes/);
    } finally {
      for (const grant of grants) h.sandbox.org.webApp.grants.add(grant);
    }
  });

  test('a sign-in older than 10 minutes → "took too long", no token request', async () => {
    const { browser, callback } = await reachCallback();
    const stored = await storedSession(h, browser);
    const pending = (stored.pendingLogins ?? {}) as Record<string, { createdAt: number }>;
    const transaction = pending[callback.searchParams.get('state') ?? ''];
    assert.ok(transaction, 'the pending sign-in is kept server-side');
    transaction.createdAt -= 11 * 60 * 1000;
    const grantsBefore = tokenGrants();
    const page = await browser.request(callback.href);
    assert.equal(page.status, 400);
    assert.match(page.body, /took too long/);
    assert.equal(tokenGrants(), grantsBefore);
  });

  test('a nonce that does not match the ID token → refused, no session', async () => {
    const { browser, callback } = await reachCallback();
    const stored = await storedSession(h, browser);
    const pending = (stored.pendingLogins ?? {}) as Record<string, { nonce: string }>;
    const transaction = pending[callback.searchParams.get('state') ?? ''];
    assert.ok(transaction);
    transaction.nonce = 'a-different-nonce';
    const page = await browser.request(callback.href);
    assert.equal(page.status, 400);
    assert.match(page.body, /failed a security check/);
    const home = await browser.request(`${h.baseUrl}/`);
    assert.doesNotMatch(home.body, /action="\/logout"/);
  });
});

describe('session', () => {
  test('a session id planted before sign-in is replaced at sign-in and worthless afterwards', async () => {
    const browser = new Browser();
    await browser.request(`${h.baseUrl}/login`);
    const planted = browser.jar.get('localhost', 'sid');
    assert.ok(planted);
    const { callback } = await reachCallback(browser);
    await browser.request(callback.href);
    const after = browser.jar.get('localhost', 'sid');
    assert.ok(after);
    assert.notEqual(after, planted);
    const attacker = new Browser();
    attacker.jar.set('localhost', 'sid', planted);
    const home = await attacker.request(`${h.baseUrl}/`);
    assert.doesNotMatch(home.body, /Ada Super/);
  });

  test('a tampered session cookie is treated as signed out', async () => {
    const { browser } = await signIn();
    const cookie = browser.jar.get('localhost', 'sid') ?? '';
    browser.jar.set('localhost', 'sid', `${cookie.slice(0, -3)}abc`);
    const home = await browser.request(`${h.baseUrl}/`);
    assert.doesNotMatch(home.body, /Ada Super/);
  });

  test('tokens never reach the browser: not in pages, cookies, URLs or the app log', async () => {
    const browser = new Browser();
    const { callback } = await reachCallback(browser);
    const landing = await browser.request(callback.href);
    const home = await browser.request(`${h.baseUrl}/`);
    const stored = await storedSession(h, browser);
    const tokens = stored.tokens as { accessToken: string; idToken: string };
    assert.ok(tokens.accessToken.length > 10);
    const seen = [
      landing.body,
      home.body,
      landing.headers.get('location') ?? '',
      ...landing.headers.getSetCookie(),
      ...home.headers.getSetCookie(),
      ...h.logs,
    ].join('\n');
    assert.ok(!seen.includes(tokens.accessToken), 'access token leaked');
    assert.ok(!seen.includes(tokens.idToken), 'ID token leaked');
    assert.ok(!seen.includes(callback.searchParams.get('code') ?? 'no-code'), 'authorization code leaked into logs');
  });
});

describe('logout', () => {
  test('GET /logout does not sign out', async () => {
    const { browser } = await signIn();
    const page = await browser.request(`${h.baseUrl}/logout`);
    assert.equal(page.status, 405);
    const home = await browser.request(`${h.baseUrl}/`);
    assert.match(home.body, /Ada Super/);
  });

  test('POST /logout without the CSRF token → 403 and still signed in', async () => {
    const { browser } = await signIn();
    const page = await browser.request(`${h.baseUrl}/logout`, { form: {} });
    assert.equal(page.status, 403);
    const home = await browser.request(`${h.baseUrl}/`);
    assert.match(home.body, /Ada Super/);
  });

  test('POST /logout revokes the tokens, ends the session, clears the cookie and signs out of the org', async () => {
    const { browser } = await signIn();
    const home = await browser.request(`${h.baseUrl}/`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(home.body)?.[1];
    assert.ok(csrf, 'the sign-out form carries a CSRF token');
    const oldCookie = browser.jar.get('localhost', 'sid') ?? '';
    const sessionId = decodeURIComponent(oldCookie).split('.')[0] ?? '';
    const stored = await storedSession(h, browser);
    const accessToken = (stored.tokens as { accessToken: string }).accessToken;

    const logout = await browser.request(`${h.baseUrl}/logout`, { form: { _csrf: csrf } });
    assert.equal(logout.status, 303);
    const endSession = new URL(logout.headers.get('location') ?? '');
    assert.equal(endSession.origin + endSession.pathname, `${h.sandbox.issuer}/oauth2/v1/logout`);
    assert.ok(endSession.searchParams.get('id_token_hint'));
    assert.equal(endSession.searchParams.get('post_logout_redirect_uri'), `${h.baseUrl}/`);
    assert.ok(
      logout.headers
        .getSetCookie()
        .some((line) => /^sid=;/.test(line) && /Max-Age=0|Expires=Thu, 01 Jan 1970/.test(line)),
    );
    assert.equal(await h.app.sessionStore.has(sessionId), false, 'the server-side session is gone');

    const introspection = await fetch(new URL('/oauth2/v1/introspect', h.sandbox.issuer), {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${h.sandbox.org.webApp.clientId}:${h.sandbox.org.webApp.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ token: accessToken }),
    });
    assert.deepEqual(await introspection.json(), { active: false });

    const landed = await browser.follow(endSession.href, { stop: (url) => url.origin === h.baseUrl });
    assert.equal(landed.stoppedAt?.pathname, '/');
    const signedOut = await browser.request(landed.stoppedAt?.href ?? '');
    assert.match(signedOut.body, /signed out/i);

    const replay = new Browser();
    replay.jar.set('localhost', 'sid', oldCookie);
    const replayed = await replay.request(`${h.baseUrl}/`);
    assert.doesNotMatch(replayed.body, /Ada Super/);
  });
});
