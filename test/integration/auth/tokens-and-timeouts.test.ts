import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { requireSignIn } from '../../../src/auth/require-sign-in.ts';
import { type Harness, startHarness } from '../../helpers/app-harness.ts';
import { refreshGrants, signInToApp, storedSession } from '../../helpers/app-session.ts';
import { Browser } from '../../helpers/browser.ts';

const ADMIN = { username: 'admin@sandbox.example', password: 'sandbox-password' };
const isCallback = (url: URL) => url.pathname === '/authorization-code/callback';

/** A page that needs an access token, like every Okta-backed page; it shows only a digest of the token. */
function tokenProbe(app: FastifyInstance): void {
  app.get('/probe', { preHandler: requireSignIn }, async (request) => {
    const token = await app.auth.accessToken(request);
    return { digest: createHash('sha256').update(token).digest('hex').slice(0, 16) };
  });
}

async function storedTokens(h: Harness, browser: Browser): Promise<{ expiresAt: number; refreshToken?: string }> {
  return (await storedSession(h, browser)).tokens as { expiresAt: number; refreshToken?: string };
}

describe('with offline_access: refresh', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      env: { OKTA_SCOPES: 'openid profile email offline_access okta.logs.read okta.users.read' },
      routes: tokenProbe,
    });
  });
  after(() => h.close());

  test('two concurrent requests at expiry cause exactly one refresh, and the rotated token is kept', async () => {
    const browser = await signInToApp(h);
    const first = await browser.request(`${h.baseUrl}/probe`, { headers: { accept: 'application/json' } });
    const before = JSON.parse(first.body).digest;
    const tokens = await storedTokens(h, browser);
    const oldRefreshToken = tokens.refreshToken;
    assert.ok(oldRefreshToken, 'offline_access gave a refresh token');
    tokens.expiresAt = Date.now();
    const grantsBefore = refreshGrants(h);

    const [a, b] = await Promise.all([
      browser.request(`${h.baseUrl}/probe`, { headers: { accept: 'application/json' } }),
      browser.request(`${h.baseUrl}/probe`, { headers: { accept: 'application/json' } }),
    ]);
    assert.equal(a.status, 200);
    assert.equal(b.status, 200);
    assert.equal(JSON.parse(a.body).digest, JSON.parse(b.body).digest);
    assert.notEqual(JSON.parse(a.body).digest, before, 'a new access token');
    assert.equal(refreshGrants(h), grantsBefore + 1, 'one refresh at the token endpoint');

    const renewed = await storedTokens(h, browser);
    assert.notEqual(renewed.refreshToken, oldRefreshToken, 'the rotated refresh token is stored');
    assert.ok(renewed.expiresAt > Date.now() + 50 * 60_000);
    const third = await browser.request(`${h.baseUrl}/probe`, { headers: { accept: 'application/json' } });
    assert.equal(JSON.parse(third.body).digest, JSON.parse(a.body).digest);
    assert.equal(refreshGrants(h), grantsBefore + 1, 'no refresh while the token is fresh');
  });

  test('a refresh token revoked at Okta ends the session with a sign-in page, not a loop', async () => {
    const browser = await signInToApp(h);
    const tokens = await storedTokens(h, browser);
    const { clientId, clientSecret } = h.sandbox.org.webApp;
    const revoked = await fetch(new URL('/oauth2/v1/revoke', h.sandbox.issuer), {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ token: tokens.refreshToken ?? '', token_type_hint: 'refresh_token' }),
    });
    assert.equal(revoked.status, 200);
    tokens.expiresAt = Date.now();

    const page = await browser.request(`${h.baseUrl}/probe`);
    assert.equal(page.status, 401);
    assert.match(page.body, /session has ended/i);
    assert.match(page.body, /href="\/login\?returnTo=%2Fprobe"/);
    const again = await browser.request(`${h.baseUrl}/probe`);
    assert.equal(again.status, 303, 'signed out now: sent to sign in');
    assert.equal(again.headers.get('location'), '/login?returnTo=%2Fprobe');
  });
});

describe('without offline_access', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ routes: tokenProbe });
  });
  after(() => h.close());

  test('an expired access token with no refresh token asks to sign in again and comes back to the page', async () => {
    const browser = await signInToApp(h);
    const tokens = await storedTokens(h, browser);
    assert.equal(tokens.refreshToken, undefined);
    tokens.expiresAt = Date.now() - 1000;
    const page = await browser.request(`${h.baseUrl}/probe`);
    assert.equal(page.status, 401);
    assert.match(page.body, /no refresh token/);
    const signInLink = /href="(\/login\?returnTo=[^"]+)"/.exec(page.body)?.[1];
    assert.equal(signInLink, '/login?returnTo=%2Fprobe');
    const result = await browser.follow(`${h.baseUrl}${signInLink}`, { credentials: ADMIN, stop: isCallback });
    const landing = await browser.request(result.stoppedAt?.href ?? '');
    assert.equal(landing.headers.get('location'), '/probe');
  });

  test('a signed-out visitor of a protected page is sent to sign in with returnTo; JSON clients get 401', async () => {
    const page = await new Browser().request(`${h.baseUrl}/probe?x=1`);
    assert.equal(page.status, 303);
    assert.equal(page.headers.get('location'), '/login?returnTo=%2Fprobe%3Fx%3D1');
    const json = await new Browser().request(`${h.baseUrl}/probe`, { headers: { accept: 'application/json' } });
    assert.equal(json.status, 401);
  });

  test('sign-in endpoints are rate limited with a page that says when to retry', async () => {
    const browser = new Browser();
    let last = await browser.request(`${h.baseUrl}/login`);
    for (let i = 0; i < 40 && last.status !== 429; i++) last = await browser.request(`${h.baseUrl}/login`);
    assert.equal(last.status, 429);
    assert.match(last.body, /Too many sign-in attempts/);
  });
});

describe('session timeouts', () => {
  test('an idle session ends after the idle timeout', async () => {
    const h = await startHarness({
      adjust: (config) => ({ ...config, session: { ...config.session, idleTimeoutMinutes: 1.5 / 60 } }),
    });
    try {
      const browser = await signInToApp(h);
      assert.match((await browser.request(`${h.baseUrl}/`)).body, /Ada Super/);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      assert.doesNotMatch((await browser.request(`${h.baseUrl}/`)).body, /Ada Super/);
    } finally {
      await h.close();
    }
  });

  test('an active session still ends at the absolute timeout', async () => {
    const h = await startHarness({
      adjust: (config) => ({ ...config, session: { ...config.session, absoluteTimeoutHours: 2 / 3600 } }),
    });
    try {
      const browser = await signInToApp(h);
      await new Promise((resolve) => setTimeout(resolve, 700));
      assert.match((await browser.request(`${h.baseUrl}/`)).body, /Ada Super/, 'still signed in while active');
      await new Promise((resolve) => setTimeout(resolve, 1700));
      assert.doesNotMatch((await browser.request(`${h.baseUrl}/`)).body, /Ada Super/);
    } finally {
      await h.close();
    }
  });
});
