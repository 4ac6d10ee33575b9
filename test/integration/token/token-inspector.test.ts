import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { type Harness, startHarness } from '../../helpers/app-harness.ts';
import { csrfOf, signInToApp, storedSession } from '../../helpers/app-session.ts';
import { Browser } from '../../helpers/browser.ts';

/** The tokens the server keeps for this browser (tests look inside the store; browsers cannot). */
async function storedTokens(h: Harness, browser: Browser): Promise<Record<string, unknown>> {
  const tokens = (await storedSession(h, browser)).tokens as Record<string, unknown> | undefined;
  assert.ok(tokens, 'the session holds tokens');
  return tokens;
}

/** The table row of one probe. */
function probeRow(html: string, id: string): string {
  const row = new RegExp(`<tr id="try-${id}" data-probe="${id}">[\\s\\S]*?</tr>`).exec(html)?.[0];
  assert.ok(row, `the page has the row ${id}`);
  return row;
}

async function tryRow(h: Harness, browser: Browser, id: string) {
  const page = await browser.request(`${h.baseUrl}/token`);
  return browser.request(`${h.baseUrl}/token/try`, { form: { _csrf: csrfOf(page.body), probe: id } });
}

describe('the token inspector', () => {
  let h: Harness;
  let admin: Browser;
  before(async () => {
    h = await startHarness({ sandbox: { rateLimits: false } });
    admin = await signInToApp(h);
  });
  after(() => h.close());
  beforeEach(() => h.sandbox.managementApi.received.clear());

  test('signed out: sent to sign in', async () => {
    const page = await new Browser().request(`${h.baseUrl}/token`);
    assert.equal(page.status, 303);
    assert.equal(page.headers.get('location'), '/login?returnTo=%2Ftoken');
  });

  test('shows requested vs granted scopes, expiry, refresh token, verified claims, and never a token', async () => {
    const page = await admin.request(`${h.baseUrl}/token`);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('cache-control'), 'no-store');
    for (const scope of ['openid', 'profile', 'email', 'okta.logs.read', 'okta.users.read']) {
      const row = new RegExp(`<tr id="scope-${scope.replaceAll('.', '\\.')}">[\\s\\S]*?</tr>`).exec(page.body)?.[0];
      assert.match(row ?? '', /<span class="badge badge-ok">granted<\/span>/, scope);
    }
    const tokens = await storedTokens(h, admin);
    const expiresAt = new Date(Number(tokens.expiresAt)).toISOString();
    assert.ok(page.body.includes(`<time datetime="${expiresAt}">${expiresAt.slice(11, 19)} UTC</time>`));
    assert.match(page.body, /data-seconds-left="(3[0-5]\d\d|3600)">in (59|60) min/);
    assert.match(page.body, /No: sign in again when the access token expires\./);
    assert.match(page.body, /Okta is the only app that should consume or validate access tokens/);
    const sub = h.sandbox.org.directory.accounts().find((a) => a.login === 'admin@sandbox.example')?.userId;
    assert.match(page.body, new RegExp(`<td><code>sub</code></td><td class="teach-break">${sub}</td>`));
    assert.match(page.body, new RegExp(`<td><code>iss</code></td><td class="teach-break">${h.sandbox.issuer}</td>`));
    for (const secret of [tokens.accessToken, tokens.idToken]) {
      assert.equal(typeof secret, 'string');
      assert.ok(!page.body.includes(String(secret)), 'no token in the page');
    }
    assert.match(page.body, /<script src="\/public\/js\/teach-countdown\.js" defer><\/script>/);
  });

  const allowed: { id: string; path: string; items: number }[] = [
    { id: 'logs', path: '/api/v1/logs?limit=1', items: 1 },
    { id: 'users', path: '/api/v1/users?limit=1', items: 1 },
    { id: 'me', path: '/api/v1/users/me', items: 1 },
  ];
  for (const { id, path, items } of allowed) {
    test(`try ${path}: one GET with the bearer token, 200 and the lesson`, async () => {
      const page = await tryRow(h, admin, id);
      assert.equal(page.status, 200);
      const received = h.sandbox.managementApi.received.all();
      assert.deepEqual(
        received.map((entry) => [entry.method, entry.url, entry.authScheme, entry.status]),
        [['GET', path, 'Bearer', 200]],
      );
      const row = probeRow(page.body, id);
      assert.match(row, /<span class="badge badge-ok">HTTP 200<\/span>/);
      assert.match(row, /<strong>Allowed<\/strong>/);
      assert.match(row, new RegExp(`Okta returned ${items} item`));
      assert.match(row, new RegExp(`Request id <code>${received[0]?.requestId}</code>`));
    });
  }

  const outside: { id: string; path: string; resource: string; scope: string }[] = [
    { id: 'groups', path: '/api/v1/groups?limit=1', resource: '/api/v1/groups', scope: 'okta.groups.read' },
    { id: 'apps', path: '/api/v1/apps?limit=1', resource: '/api/v1/apps', scope: 'okta.apps.read' },
    {
      id: 'factors',
      path: '/api/v1/users/me/factors',
      resource: '/api/v1/users/me/factors',
      scope: 'okta.factors.read',
    },
  ];
  for (const { id, path, resource, scope } of outside) {
    test(`try ${path}: 403 with Okta's WWW-Authenticate header naming ${scope}`, async () => {
      const page = await tryRow(h, admin, id);
      assert.equal(page.status, 200);
      assert.deepEqual(
        h.sandbox.managementApi.received.all().map((entry) => [entry.url, entry.status]),
        [[path, 403]],
      );
      const row = probeRow(page.body, id);
      assert.match(row, /<span class="badge badge-warn">HTTP 403<\/span>/);
      assert.match(row, /Missing scope \(insufficient_scope\)/);
      const header = /<pre class="evidence teach-header">([^<]+)<\/pre>/.exec(row)?.[1]?.replaceAll('&quot;', '"');
      assert.equal(
        header,
        `Bearer authorization_uri="${h.sandbox.issuer}/oauth2/v1/authorize", realm="${h.sandbox.issuer}", scope="${scope}", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="${resource}"`,
      );
      assert.match(row, new RegExp(`The app never asked for ${scope.replaceAll('.', '\\.')}`));
    });
  }

  test('results accumulate per row in the session and are shown again on GET /token', async () => {
    await tryRow(h, admin, 'groups');
    await tryRow(h, admin, 'users');
    const page = await admin.request(`${h.baseUrl}/token`);
    assert.match(probeRow(page.body, 'groups'), /HTTP 403/);
    assert.match(probeRow(page.body, 'users'), /HTTP 200/);
  });

  test('a role that may not read users: the users row shows E0000006 and names the admin role', async () => {
    const reports = await signInToApp(h, 'reports@sandbox.example');
    const page = await tryRow(h, reports, 'users');
    const row = probeRow(page.body, 'users');
    assert.match(row, /HTTP 403/);
    assert.match(row, /<code>E0000006<\/code> You do not have permission to perform the requested action/);
    assert.match(row, /your admin role may not read users/);
    assert.doesNotMatch(row, /WWW-Authenticate/);
    assert.match(probeRow((await tryRow(h, reports, 'logs')).body, 'logs'), /HTTP 200/);
  });

  test('a rate-limit fault on the System Log is shown at once, without waiting for the reset', async () => {
    const remove = h.sandbox.managementApi.faults.set({ path: '/api/v1/logs', status: 429 });
    try {
      const row = probeRow((await tryRow(h, admin, 'logs')).body, 'logs');
      assert.match(row, /HTTP 429/);
      assert.match(row, /<code>E0000047<\/code>/);
      assert.match(row, /Rate limited/);
      assert.equal(h.sandbox.managementApi.received.forPath('/api/v1/logs').length, 1);
    } finally {
      remove();
    }
  });

  test('POST /token/try without the CSRF token → 403, nothing sent to Okta; an unknown row → 400', async () => {
    const refused = await admin.request(`${h.baseUrl}/token/try`, { form: { probe: 'groups' } });
    assert.equal(refused.status, 403);
    const page = await admin.request(`${h.baseUrl}/token`);
    const unknown = await admin.request(`${h.baseUrl}/token/try`, {
      form: { _csrf: csrfOf(page.body), probe: '../../oauth2/v1/keys' },
    });
    assert.equal(unknown.status, 400);
    assert.equal(h.sandbox.managementApi.received.all().length, 0);
  });

  test('refresh without a refresh token is refused kindly, and the token is unchanged', async () => {
    const before = await storedTokens(h, admin);
    const page = await admin.request(`${h.baseUrl}/token`);
    const refreshed = await admin.request(`${h.baseUrl}/token/refresh`, { form: { _csrf: csrfOf(page.body) } });
    assert.equal(refreshed.status, 200);
    assert.match(refreshed.body, /There is nothing to refresh with: this session has no refresh token/);
    assert.match(refreshed.body, /offline_access/);
    assert.equal((await storedTokens(h, admin)).accessToken, before.accessToken);
  });
});

describe('the token inspector with a refresh token', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      env: { OKTA_SCOPES: 'openid profile email offline_access okta.logs.read okta.users.read' },
    });
  });
  after(() => h.close());

  test('"Refresh now" gets a new access token from Okta and shows the new expiry', async () => {
    const browser = await signInToApp(h);
    const before = await storedTokens(h, browser);
    const page = await browser.request(`${h.baseUrl}/token`);
    assert.match(page.body, /Yes: the app renews the access token/);
    const refreshed = await browser.request(`${h.baseUrl}/token/refresh`, { form: { _csrf: csrfOf(page.body) } });
    assert.equal(refreshed.status, 200);
    const after = await storedTokens(h, browser);
    assert.notEqual(after.accessToken, before.accessToken, 'a new access token');
    assert.notEqual(after.refreshToken, before.refreshToken, 'the rotated refresh token was stored');
    const newExpiry = new Date(Number(after.expiresAt)).toISOString();
    assert.match(refreshed.body, /Refreshed\./);
    assert.ok(refreshed.body.includes(`the new one expires at <time datetime="${newExpiry}">`));
    const grants = h.sandbox.org.systemLog
      .inPersistenceOrder()
      .filter((stored) => stored.event.eventType === 'app.oauth2.token.grant.refresh_token');
    assert.ok(grants.length >= 1, 'the sandbox saw a refresh-token grant');
  });
});
