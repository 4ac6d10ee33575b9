/**
 * Two instances of the app on one shared store (a stand-in for one Redis) and one sandbox org, as two processes
 * behind a load balancer: a session started on one is used on the other, a token refresh due on both at once
 * happens once, sessions are stored encrypted, and a store that stops answering gives the 503 page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, Session } from 'fastify';
import type { TokenSet } from '../../../src/session/session-types.ts';
import { STORE_KEYS } from '../../../src/store/store.ts';
import { type Harness, startHarness } from '../../helpers/app-harness.ts';
import { csrfOf, isCallback, refreshGrants, SANDBOX_PASSWORD, signInToApp } from '../../helpers/app-session.ts';
import { Browser } from '../../helpers/browser.ts';
import { RedisStandIn } from '../../helpers/redis-stand-in.ts';
import { type Instance, startSecondInstance } from '../../helpers/second-instance.ts';

const REFRESH_DELAY_MS = 300;

let store: RedisStandIn;
let a: Harness;
let b: Instance;
before(async () => {
  store = new RedisStandIn();
  a = await startHarness({
    env: { OKTA_SCOPES: 'openid profile email offline_access okta.logs.read okta.users.read' },
    sandbox: { seed: { users: 20, events: 200 }, rateLimits: { enabled: false } },
    store,
  });
  b = await startSecondInstance(a, store);
});
after(async () => {
  await b?.close();
  await a?.close();
  await store?.close();
});

function sessionIdOf(browser: Browser): string {
  return decodeURIComponent(browser.jar.get('localhost', 'sid') ?? '').split('.')[0] ?? '';
}

/** The session as `app` reads it from the shared store (decrypted). */
function readSession(app: FastifyInstance, sessionId: string): Promise<Session | null | undefined> {
  return new Promise((resolve, reject) =>
    app.sessionStore.get(sessionId, (error, session) => (error ? reject(error) : resolve(session))),
  );
}

/** Changes the stored session as a request of `app` would, and stores it. */
async function editSession(app: FastifyInstance, sessionId: string, edit: (session: Session) => void): Promise<void> {
  const session = await readSession(app, sessionId);
  assert.ok(session, 'the session is stored');
  edit(session);
  await new Promise<void>((resolve, reject) =>
    app.sessionStore.set(sessionId, session, (error) => (error ? reject(error) : resolve())),
  );
}

/** The stored value itself, as Redis would hold it. */
function rawSession(sessionId: string): Promise<string | undefined> {
  return store.memory.get(`${STORE_KEYS.session}${sessionId}`);
}

describe('two instances sharing one store', () => {
  test('a session signed in on one instance browses on the other, and a sign-out on the other ends it', async () => {
    const browser = await signInToApp(a);
    const onB = await browser.request(`${b.baseUrl}/logs?range=1h`);
    assert.equal(onB.status, 200);
    assert.match(onB.body, /Ada Super/, 'B knows who is signed in');
    assert.equal((await browser.request(`${b.baseUrl}/users`)).status, 200);

    const home = await browser.request(`${b.baseUrl}/`);
    const signOut = await browser.request(`${b.baseUrl}/logout`, { form: { _csrf: csrfOf(home.body) } });
    assert.equal(signOut.status, 303);
    const afterSignOut = await browser.request(`${a.baseUrl}/logs?range=1h`);
    assert.equal(afterSignOut.status, 303, 'A sends the signed-out browser to sign in');
    assert.match(afterSignOut.headers.get('location') ?? '', /^\/login\?returnTo=/);
  });

  test('a sign-in started on one instance finishes on the other', async () => {
    const browser = new Browser();
    const { stoppedAt } = await browser.follow(`${b.baseUrl}/login`, {
      credentials: { username: 'admin@sandbox.example', password: SANDBOX_PASSWORD },
      stop: isCallback,
    });
    assert.ok(stoppedAt);
    // Okta sends the browser to the registered redirect URI, which is A's.
    assert.equal(stoppedAt.origin, a.baseUrl);
    assert.equal((await browser.request(stoppedAt.href)).status, 303);
    assert.match((await browser.request(`${b.baseUrl}/`)).body, /Ada Super/);
  });

  test('a refresh due on both instances at once happens once; both requests succeed and keep the new tokens', async () => {
    const browser = await signInToApp(a);
    const sessionId = sessionIdOf(browser);
    const before = (await readSession(a.app, sessionId))?.tokens;
    assert.ok(before?.refreshToken, 'offline_access gave a refresh token');
    await editSession(a.app, sessionId, (session) => {
      if (session.tokens) session.tokens.expiresAt = Date.now();
    });
    const grantsBefore = refreshGrants(a);
    // Each instance's refresh takes a while, so that both requests are refreshing at the same time.
    const restore = [a.app, b.app].map((app) => slowRefresh(app, REFRESH_DELAY_MS));
    try {
      const [onA, onB] = await Promise.all([
        browser.request(`${a.baseUrl}/logs?range=1h`),
        browser.request(`${b.baseUrl}/logs?range=1h`),
      ]);
      assert.equal(onA.status, 200);
      assert.equal(onB.status, 200);
    } finally {
      for (const undo of restore) undo();
    }
    assert.equal(refreshGrants(a), grantsBefore + 1, 'one refresh_token grant at the sandbox');

    const after = (await readSession(b.app, sessionId))?.tokens as TokenSet;
    assert.notEqual(after.refreshToken, before.refreshToken, 'the rotated refresh token is stored');
    assert.ok(after.expiresAt > Date.now() + 50 * 60_000);
    for (const instance of [a.baseUrl, b.baseUrl]) {
      const page = await browser.request(`${instance}/logs?range=1h`);
      assert.equal(page.status, 200, `still signed in on ${instance}`);
      assert.match(page.body, /Ada Super/);
    }
    assert.equal(refreshGrants(a), grantsBefore + 1, 'no further refresh');
  });

  test('the stored session holds no token, PKCE verifier or nonce in clear', async () => {
    const browser = new Browser();
    const { stoppedAt } = await browser.follow(`${a.baseUrl}/login`, {
      credentials: { username: 'admin@sandbox.example', password: SANDBOX_PASSWORD },
      stop: isCallback,
    });
    assert.ok(stoppedAt);
    const sessionId = sessionIdOf(browser);
    const pending = Object.values((await readSession(a.app, sessionId))?.pendingLogins ?? {});
    assert.equal(pending.length, 1, 'a sign-in in progress');
    const pendingRaw = await rawSession(sessionId);
    assert.ok(pendingRaw);
    for (const login of pending) {
      for (const secret of [login.codeVerifier, login.nonce, login.state]) {
        assert.equal(pendingRaw.includes(secret), false, 'a sign-in secret in clear');
      }
    }

    assert.equal((await browser.request(stoppedAt.href)).status, 303);
    const signedInId = sessionIdOf(browser);
    const tokens = (await readSession(a.app, signedInId))?.tokens;
    assert.ok(tokens?.refreshToken);
    const raw = await rawSession(signedInId);
    assert.ok(raw, 'the session is in the store');
    assert.match(raw, /^v1\./);
    for (const [name, value] of Object.entries({
      access: tokens.accessToken,
      refresh: tokens.refreshToken,
      id: tokens.idToken,
    })) {
      assert.equal(raw.includes(value), false, `the ${name} token in clear`);
      assert.equal(raw.includes(value.slice(0, 16)), false, `part of the ${name} token in clear`);
    }
    assert.equal(raw.includes('admin@sandbox.example'), false, 'the login in clear');
  });
});

describe('when the shared store stops answering', () => {
  test('a signed-in page is the 503 page that names REDIS_URL, and works again once the store answers', async () => {
    const browser = await signInToApp(a);
    store.fail(true);
    try {
      for (const instance of [a.baseUrl, b.baseUrl]) {
        const page = await browser.request(`${instance}/logs?range=1h`);
        assertStorePage(page);
      }
    } finally {
      store.fail(false);
    }
    assert.equal((await browser.request(`${b.baseUrl}/logs?range=1h`)).status, 200, 'signed in as before');
  });

  test('a request whose session cannot be saved gets the 503 page', async () => {
    const browser = await signInToApp(a);
    // Reads work, writes fail: the session loads, the page is built, saving it at the end fails.
    for (const operation of ['set', 'update', 'delete'] as const) store.failing.add(operation);
    try {
      assertStorePage(await browser.request(`${a.baseUrl}/`));
      assertStorePage(await browser.request(`${b.baseUrl}/logs?range=1h`));
    } finally {
      store.fail(false);
    }
    assert.equal((await browser.request(`${a.baseUrl}/logs?range=1h`)).status, 200);
  });
});

function assertStorePage(page: { status: number; headers: Headers; body: string }): void {
  assert.equal(page.status, 503);
  assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
  assert.equal(page.headers.get('retry-after'), '5');
  assert.match(page.body, /The shared session store is not answering/);
  assert.match(page.body, /REDIS_URL/);
  assert.doesNotMatch(page.body, /\bat .*\.(ts|js):\d+/, 'no stack trace');
}

/** Delays `app`'s token refreshes by `ms`; returns the undo. */
function slowRefresh(app: FastifyInstance, ms: number): () => void {
  const org = app.auth.org;
  const real = org.refresh.bind(org);
  org.refresh = async (current) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return real(current);
  };
  return () => {
    org.refresh = real;
  };
}
