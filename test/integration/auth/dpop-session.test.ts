import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { type Harness, startHarness } from '../../helpers/app-harness.ts';
import { refreshGrants, signInToApp, storedSession } from '../../helpers/app-session.ts';
import type { Browser } from '../../helpers/browser.ts';

interface StoredTokens {
  accessToken: string;
  refreshToken?: string;
  tokenType: string;
  expiresAt: number;
  dpopKey?: { privateJwk: { d: string }; thumbprint: string };
}

async function storedTokens(h: Harness, browser: Browser): Promise<StoredTokens> {
  return (await storedSession(h, browser)).tokens as StoredTokens;
}

/** What the sandbox's org authorization server says about a token (RFC 7662 introspection, as the web app). */
async function introspect(h: Harness, token: string): Promise<Record<string, unknown>> {
  const { clientId, clientSecret } = h.sandbox.org.webApp;
  const response = await fetch(new URL('/oauth2/v1/introspect', h.sandbox.issuer), {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ token, token_type_hint: 'access_token' }),
  });
  assert.equal(response.status, 200);
  return (await response.json()) as Record<string, unknown>;
}

/** The auth schemes of the management-API requests the sandbox received since the last clear. */
function schemesReceived(h: Harness): (string | null)[] {
  return h.sandbox.managementApi.received.all().map((request) => request.authScheme);
}

function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

let h: Harness;
before(async () => {
  h = await startHarness({
    env: { OKTA_SCOPES: 'openid profile email offline_access okta.logs.read okta.users.read' },
    sandbox: { rateLimits: false },
  });
});
after(() => h.close());
beforeEach(() => h.sandbox.managementApi.received.clear());

describe('the web app requires DPoP', () => {
  before(() => {
    h.sandbox.org.webApp.requireDpop = true;
  });
  after(() => {
    h.sandbox.org.webApp.requireDpop = false;
  });

  test("sign-in succeeds and the session's token is bound to the session's own key", async () => {
    const browser = await signInToApp(h);
    const tokens = await storedTokens(h, browser);
    assert.equal(tokens.tokenType, 'dpop');
    assert.ok(tokens.dpopKey, 'the session keeps its key');
    const claims = await introspect(h, tokens.accessToken);
    assert.equal(claims.active, true);
    assert.equal(claims.token_type, 'DPoP');
    assert.deepEqual(claims.cnf, { jkt: tokens.dpopKey.thumbprint });
    const other = await storedTokens(h, await signInToApp(h));
    assert.notEqual(other.dpopKey?.thumbprint, tokens.dpopKey.thumbprint, 'each session has its own key');
  });

  test('/logs and /users render, and every management call carries a DPoP proof', async () => {
    const browser = await signInToApp(h);
    const logs = await browser.request(`${h.baseUrl}/logs`);
    assert.equal(logs.status, 200);
    assert.match(logs.body, /<table/);
    const users = await browser.request(`${h.baseUrl}/users`);
    assert.equal(users.status, 200);
    assert.match(users.body, /admin@sandbox\.example/);
    const schemes = schemesReceived(h);
    assert.ok(schemes.length >= 2, 'the sandbox received the calls');
    assert.deepEqual([...new Set(schemes)], ['DPoP']);
    // The session's first call has no nonce yet: Okta asks for one (401 use_dpop_nonce) and the call is sent once
    // more with it. The nonce is then remembered for the session's later calls.
    const statuses = h.sandbox.managementApi.received.all().map((request) => request.status);
    assert.deepEqual(
      statuses.slice(1),
      statuses.slice(1).map(() => 200),
      'only the first call may be asked for a nonce',
    );
    assert.ok(statuses[0] === 200 || (statuses[0] === 401 && statuses[1] === 200));
  });

  test('a due refresh goes out with a proof: new tokens, bound to the same key, and the page renders', async () => {
    const browser = await signInToApp(h);
    const before = await storedTokens(h, browser);
    before.expiresAt = Date.now();
    const grants = refreshGrants(h);
    const logs = await browser.request(`${h.baseUrl}/logs`);
    assert.equal(logs.status, 200);
    assert.equal(refreshGrants(h), grants + 1, 'one refresh at the token endpoint');
    const after = await storedTokens(h, browser);
    assert.notEqual(after.accessToken, before.accessToken);
    assert.notEqual(after.refreshToken, before.refreshToken, 'the rotated refresh token is kept');
    assert.equal(after.tokenType, 'dpop');
    assert.equal(after.dpopKey?.thumbprint, before.dpopKey?.thumbprint);
    assert.deepEqual((await introspect(h, after.accessToken)).cnf, { jkt: before.dpopKey?.thumbprint });
    assert.deepEqual([...new Set(schemesReceived(h))], ['DPoP']);
  });

  test('"Refresh now" on /token refreshes with a proof', async () => {
    const browser = await signInToApp(h);
    const page = await browser.request(`${h.baseUrl}/token`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const grants = refreshGrants(h);
    const refreshed = await browser.request(`${h.baseUrl}/token/refresh`, { method: 'POST', form: { _csrf: csrf } });
    assert.equal(refreshed.status, 200);
    assert.match(refreshed.body, /Refreshed\./);
    assert.equal(refreshGrants(h), grants + 1);
    assert.equal((await storedTokens(h, browser)).tokenType, 'dpop');
  });

  test('/token says DPoP and shows the key thumbprint, never a token or the private key', async () => {
    const browser = await signInToApp(h);
    const tokens = await storedTokens(h, browser);
    const page = await browser.request(`${h.baseUrl}/token`);
    assert.equal(page.status, 200);
    const type = /<dd id="token-type">([\s\S]*?)<\/dd>/.exec(page.body)?.[1] ?? '';
    assert.match(text(type), /^DPoP \(sent as Authorization: DPoP … with a fresh DPoP proof on every request\)$/);
    const thumbprint = /<dd id="dpop-thumbprint">([\s\S]*?)<\/dd>/.exec(page.body)?.[1] ?? '';
    assert.ok(thumbprint.includes(tokens.dpopKey?.thumbprint ?? 'missing'), 'the thumbprint is shown');
    assert.match(page.body, /Your token is DPoP-bound\./);
    for (const secret of [
      tokens.accessToken,
      tokens.refreshToken ?? 'no refresh token',
      tokens.dpopKey?.privateJwk.d,
    ]) {
      assert.ok(secret && !page.body.includes(secret), 'no token or private key on the page');
    }
  });

  test("/token's Try it sends the token with a DPoP proof, as the pages do, and Okta answers it", async () => {
    const browser = await signInToApp(h);
    const page = await browser.request(`${h.baseUrl}/token`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const tried = await browser.request(`${h.baseUrl}/token/try`, {
      method: 'POST',
      form: { _csrf: csrf, probe: 'logs' },
    });
    assert.equal(tried.status, 200);
    const row = text(/<tr id="try-logs"[\s\S]*?<\/tr>/.exec(tried.body)?.[0] ?? '');
    assert.match(row, /HTTP 200 Allowed/);
    assert.ok(schemesReceived(h).length > 0);
    assert.ok(
      schemesReceived(h).every((scheme) => scheme === 'DPoP'),
      `sent as DPoP: ${schemesReceived(h).join(', ')}`,
    );
  });

  test('signing out revokes the DPoP-bound tokens at Okta', async () => {
    const browser = await signInToApp(h);
    const tokens = await storedTokens(h, browser);
    const page = await browser.request(`${h.baseUrl}/token`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const out = await browser.request(`${h.baseUrl}/logout`, { method: 'POST', form: { _csrf: csrf } });
    assert.equal(out.status, 303);
    assert.equal((await introspect(h, tokens.accessToken)).active, false);
  });

  test('neither a token nor the private key reaches the log', async () => {
    const browser = await signInToApp(h);
    await browser.request(`${h.baseUrl}/logs`);
    const tokens = await storedTokens(h, browser);
    const logs = h.logs.join('');
    assert.match(logs, /"tokenType":"dpop"/);
    for (const secret of [tokens.accessToken, tokens.refreshToken ?? 'none', tokens.dpopKey?.privateJwk.d ?? 'none']) {
      assert.ok(!logs.includes(secret));
    }
  });
});

describe('the web app does not require DPoP', () => {
  test('everything is Bearer, as before: no key in the session, Bearer calls, /token says Bearer', async () => {
    const browser = await signInToApp(h);
    const tokens = await storedTokens(h, browser);
    assert.equal(tokens.tokenType, 'bearer');
    assert.equal(tokens.dpopKey, undefined);
    const claims = await introspect(h, tokens.accessToken);
    assert.equal(claims.token_type, 'Bearer');
    assert.equal(claims.cnf, undefined);
    assert.equal((await browser.request(`${h.baseUrl}/logs`)).status, 200);
    assert.equal((await browser.request(`${h.baseUrl}/users`)).status, 200);
    assert.deepEqual([...new Set(schemesReceived(h))], ['Bearer']);
    const page = await browser.request(`${h.baseUrl}/token`);
    const type = /<dd id="token-type">([\s\S]*?)<\/dd>/.exec(page.body)?.[1] ?? '';
    assert.match(text(type), /^Bearer \(sent as Authorization: Bearer …\)$/);
    assert.doesNotMatch(page.body, /id="dpop-thumbprint"/);
    assert.match(page.body, /Your token is a Bearer token\./);
  });

  test('a Bearer session refreshes without a proof, as before', async () => {
    const browser = await signInToApp(h);
    const before = await storedTokens(h, browser);
    before.expiresAt = Date.now();
    assert.equal((await browser.request(`${h.baseUrl}/logs`)).status, 200);
    const after = await storedTokens(h, browser);
    assert.notEqual(after.accessToken, before.accessToken);
    assert.equal(after.tokenType, 'bearer');
    assert.equal(after.dpopKey, undefined);
  });

  test('"Require DPoP" ticked while a Bearer session is open: its refresh is refused, and it is asked to sign in again', async () => {
    const browser = await signInToApp(h);
    const tokens = await storedTokens(h, browser);
    h.sandbox.org.webApp.requireDpop = true;
    try {
      tokens.expiresAt = Date.now();
      const page = await browser.request(`${h.baseUrl}/logs`);
      assert.equal(page.status, 401);
      assert.match(page.body, /Sign in/);
      const again = await signInToApp(h, 'admin@sandbox.example', browser);
      assert.equal((await storedTokens(h, again)).tokenType, 'dpop');
    } finally {
      h.sandbox.org.webApp.requireDpop = false;
    }
  });
});
