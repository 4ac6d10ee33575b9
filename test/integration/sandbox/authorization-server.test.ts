import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { importJWK, SignJWT } from 'jose';
import { type RunningSandbox, startSandbox } from '../../../src/sandbox/sandbox.ts';
import { Browser } from '../../helpers/browser.ts';
import { authorizeInBrowser, authorizeUrl, pkcePair, signIn, tokenRequest } from '../../helpers/oauth.ts';

const APP = 'http://localhost:3000';
let sandbox: RunningSandbox;

before(async () => {
  sandbox = await startSandbox({ appBaseUrl: APP, seed: false });
});
after(async () => {
  await sandbox.close();
});

async function json(path: string, init?: RequestInit): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(new URL(path, sandbox.issuer), init);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function basicAuth(): string {
  const { clientId, clientSecret } = sandbox.org.webApp;
  return `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
}

describe('discovery', () => {
  for (const path of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']) {
    test(`${path} describes an Okta org authorization server`, async () => {
      const { status, body } = await json(path);
      assert.equal(status, 200);
      assert.equal(body.issuer, sandbox.issuer);
      assert.equal(new URL(String(body.issuer)).pathname, '/');
      assert.equal(body.authorization_endpoint, `${sandbox.issuer}/oauth2/v1/authorize`);
      assert.equal(body.token_endpoint, `${sandbox.issuer}/oauth2/v1/token`);
      assert.equal(body.jwks_uri, `${sandbox.issuer}/oauth2/v1/keys`);
      assert.equal(body.userinfo_endpoint, `${sandbox.issuer}/oauth2/v1/userinfo`);
      assert.equal(body.revocation_endpoint, `${sandbox.issuer}/oauth2/v1/revoke`);
      assert.equal(body.introspection_endpoint, `${sandbox.issuer}/oauth2/v1/introspect`);
      assert.equal(body.end_session_endpoint, `${sandbox.issuer}/oauth2/v1/logout`);
      assert.deepEqual(body.code_challenge_methods_supported, ['S256']);
      const scopes = body.scopes_supported as string[];
      assert.deepEqual(scopes, ['openid', 'profile', 'email', 'address', 'phone', 'offline_access', 'groups']);
      assert.ok(!scopes.some((scope) => scope.startsWith('okta.')), 'no okta.* scopes are advertised');
      assert.deepEqual(body.id_token_signing_alg_values_supported, ['RS256']);
    });
  }

  test('/oauth2/v1/keys serves the RS256 ID-token key without private parts', async () => {
    const { body } = await json('/oauth2/v1/keys');
    const keys = body.keys as Record<string, unknown>[];
    assert.equal(keys.length, 1);
    assert.equal(keys[0]?.kty, 'RSA');
    assert.equal(keys[0]?.alg, 'RS256');
    assert.equal(keys[0]?.d, undefined);
  });
});

describe('authorization code + PKCE', () => {
  test('signing in through the sandbox page yields a Bearer token with only the granted scopes', async () => {
    const result = await signIn(sandbox, {
      scope: 'openid profile email okta.logs.read okta.users.read okta.groups.read',
    });
    assert.equal(result.callback.origin + result.callback.pathname, `${APP}/authorization-code/callback`);
    assert.equal(result.callback.searchParams.get('iss'), sandbox.issuer);
    assert.equal(result.status, 200);
    assert.equal(result.body.token_type, 'Bearer');
    assert.equal(result.body.expires_in, 3600);
    assert.deepEqual(String(result.body.scope).split(' ').sort(), [
      'email',
      'okta.logs.read',
      'okta.users.read',
      'openid',
      'profile',
    ]);
    assert.equal(typeof result.body.access_token, 'string');
    assert.equal(typeof result.body.id_token, 'string');
    assert.equal(result.body.refresh_token, undefined, 'no refresh token without offline_access');
  });

  test('client_secret_post is accepted as well as client_secret_basic', async () => {
    const tokens = await signIn(sandbox, { auth: { method: 'post' } });
    assert.equal(tokens.status, 200);
    assert.equal(tokens.body.token_type, 'Bearer');
  });

  test('the ID token is RS256, for the client, with the nonce', async () => {
    const tokens = await signIn(sandbox, { nonce: 'nonce-123' });
    const [header, payload] = String(tokens.body.id_token)
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    assert.equal(header.alg, 'RS256');
    assert.equal(payload.iss, sandbox.issuer);
    assert.equal(payload.aud, sandbox.org.webApp.clientId);
    assert.equal(payload.nonce, 'nonce-123');
    assert.equal(payload.preferred_username, 'admin@sandbox.example');
    assert.equal(payload.exp - payload.iat, 3600);
  });

  test('userinfo answers for the access token', async () => {
    const { body } = await signIn(sandbox);
    const userinfo = await json('/oauth2/v1/userinfo', { headers: { authorization: `Bearer ${body.access_token}` } });
    assert.equal(userinfo.status, 200);
    assert.equal(userinfo.body.preferred_username, 'admin@sandbox.example');
    assert.equal(userinfo.body.email, 'admin@sandbox.example');
    assert.equal(userinfo.body.name, 'Ada Super');
  });

  test('introspection reports the scopes, the user and the org as audience; after revocation it is inactive', async () => {
    const { body } = await signIn(sandbox);
    const form = (token: string) => ({
      method: 'POST',
      headers: { authorization: basicAuth(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, token_type_hint: 'access_token' }),
    });
    const active = await json('/oauth2/v1/introspect', form(String(body.access_token)));
    assert.equal(active.body.active, true);
    assert.equal(active.body.client_id, sandbox.org.webApp.clientId);
    assert.equal(active.body.aud, sandbox.issuer);
    assert.equal(active.body.username, 'admin@sandbox.example');
    assert.match(String(active.body.scope), /okta\.logs\.read/);
    assert.equal(active.body.exp as number, (active.body.iat as number) + 3600);

    const revoked = await fetch(new URL('/oauth2/v1/revoke', sandbox.issuer), form(String(body.access_token)));
    assert.equal(revoked.status, 200);
    const inactive = await json('/oauth2/v1/introspect', form(String(body.access_token)));
    assert.deepEqual(inactive.body, { active: false });
    const events = sandbox.org.systemLog.inPersistenceOrder().map((stored) => stored.event.eventType);
    assert.ok(events.includes('app.oauth2.token.revoke'));
  });
});

describe('refresh tokens', () => {
  test('offline_access yields a refresh token that rotates; the used one is then refused', async () => {
    const first = await signIn(sandbox, { scope: 'openid offline_access okta.logs.read' });
    assert.equal(typeof first.body.refresh_token, 'string');
    const refreshed = await tokenRequest(sandbox, {
      grant_type: 'refresh_token',
      refresh_token: String(first.body.refresh_token),
    });
    assert.equal(refreshed.status, 200);
    assert.equal(refreshed.body.expires_in, 3600);
    assert.notEqual(refreshed.body.refresh_token, first.body.refresh_token);
    assert.match(String(refreshed.body.scope), /okta\.logs\.read/);
    const reused = await tokenRequest(sandbox, {
      grant_type: 'refresh_token',
      refresh_token: String(first.body.refresh_token),
    });
    assert.equal(reused.status, 400);
    assert.equal(reused.body.error, 'invalid_grant');
  });
});

describe('refusals', () => {
  test('a wrong client secret → 401 invalid_client', async () => {
    const tokens = await signIn(sandbox, { auth: { secret: 'not-the-secret' } });
    assert.equal(tokens.status, 401);
    assert.equal(tokens.body.error, 'invalid_client');
  });

  test('an unregistered redirect URI → the sandbox shows the error itself and does not redirect', async () => {
    const browser = new Browser();
    const url = authorizeUrl(sandbox, { redirectUri: 'https://evil.example/callback' });
    const page = await browser.request(url.href);
    assert.equal(page.status, 400);
    assert.equal(page.headers.get('location'), null);
    assert.match(page.body, /redirect_uri/);
    assert.match(page.body, /Sandbox org/);
  });

  test('a request without PKCE → invalid_request redirect', async () => {
    const { callback } = await authorizeInBrowser(authorizeUrl(sandbox, { challenge: null }));
    assert.equal(callback?.searchParams.get('error'), 'invalid_request');
    assert.match(callback?.searchParams.get('error_description') ?? '', /PKCE/);
    assert.equal(callback?.searchParams.get('code'), null);
  });

  test('a request without state → invalid_request redirect, no sign-in', async () => {
    const { callback } = await authorizeInBrowser(authorizeUrl(sandbox, { state: null }));
    assert.equal(callback?.searchParams.get('error'), 'invalid_request');
    assert.match(callback?.searchParams.get('error_description') ?? '', /state/);
  });

  test('asking only for API scopes the app was not granted → consent_required', async () => {
    const { callback } = await authorizeInBrowser(
      authorizeUrl(sandbox, { scope: 'openid okta.groups.read', state: 'st-1' }),
    );
    assert.equal(callback?.searchParams.get('error'), 'consent_required');
    assert.equal(callback?.searchParams.get('error_description'), 'You are not allowed any of the requested scopes.');
    assert.equal(callback?.searchParams.get('state'), 'st-1');
  });

  async function codeFor(verifierChallenge: { verifier: string; challenge: string }, target = sandbox) {
    const url = authorizeUrl(target, { challenge: verifierChallenge.challenge });
    const { callback } = await authorizeInBrowser(url);
    return { code: callback?.searchParams.get('code') ?? '', redirectUri: url.searchParams.get('redirect_uri') ?? '' };
  }

  test('a wrong code_verifier → invalid_grant', async () => {
    const { code, redirectUri } = await codeFor(pkcePair());
    const tokens = await tokenRequest(sandbox, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: pkcePair().verifier,
    });
    assert.equal(tokens.status, 400);
    assert.equal(tokens.body.error, 'invalid_grant');
  });

  test('a missing code_verifier → refused', async () => {
    const { code, redirectUri } = await codeFor(pkcePair());
    const tokens = await tokenRequest(sandbox, { grant_type: 'authorization_code', code, redirect_uri: redirectUri });
    assert.equal(tokens.status, 400);
    assert.match(String(tokens.body.error), /invalid_(grant|request)/);
  });

  test('a code used twice → invalid_grant the second time', async () => {
    const pkce = pkcePair();
    const { code, redirectUri } = await codeFor(pkce);
    const params = { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: pkce.verifier };
    assert.equal((await tokenRequest(sandbox, params)).status, 200);
    const second = await tokenRequest(sandbox, params);
    assert.equal(second.status, 400);
    assert.equal(second.body.error, 'invalid_grant');
  });

  test('an expired code → invalid_grant', async () => {
    const shortLived = await startSandbox({ appBaseUrl: APP, seed: false, authorizationCodeTtlSeconds: 1 });
    try {
      const pkce = pkcePair();
      const { code, redirectUri } = await codeFor(pkce, shortLived);
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const tokens = await tokenRequest(shortLived, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        code_verifier: pkce.verifier,
      });
      assert.equal(tokens.status, 400);
      assert.equal(tokens.body.error, 'invalid_grant');
    } finally {
      await shortLived.close();
    }
  });

  test('a wrong password shows an error on the sign-in page and nothing else happens', async () => {
    const result = await authorizeInBrowser(authorizeUrl(sandbox), {
      username: 'admin@sandbox.example',
      password: 'wrong',
    });
    assert.equal(result.callback, undefined);
    assert.equal(result.lastStatus, 401);
    assert.match(result.lastBody, /username or password is wrong/);
    assert.match(result.lastBody, /value="admin@sandbox.example"/);
    const last = sandbox.org.systemLog.inPersistenceOrder().at(-1)?.event;
    assert.equal(last?.eventType, 'user.session.start');
    assert.equal(last?.outcome.result, 'FAILURE');
  });

  test('a user not assigned to the app → access_denied', async () => {
    const user = sandbox.org.directory.accounts().find((account) => account.login === 'user@sandbox.example');
    assert.ok(user);
    sandbox.org.webApp.assignedUserIds.delete(user.userId);
    try {
      const { callback } = await authorizeInBrowser(authorizeUrl(sandbox), {
        username: 'user@sandbox.example',
        password: 'sandbox-password',
      });
      assert.equal(callback?.searchParams.get('error'), 'access_denied');
      assert.equal(callback?.searchParams.get('error_description'), 'User is not assigned to the client application.');
    } finally {
      sandbox.org.webApp.assignedUserIds.add(user.userId);
    }
  });
});

describe('sign-in page and logout', () => {
  test('the sign-in page is titled as the sandbox and lists the seeded accounts and password', async () => {
    const browser = new Browser();
    const result = await browser.follow(authorizeUrl(sandbox).href);
    assert.equal(result.page.status, 200);
    assert.match(result.page.body, /<title>Sign in · Sandbox org<\/title>/);
    for (const account of sandbox.org.directory.accounts()) assert.ok(result.page.body.includes(account.login));
    assert.match(result.page.body, /sandbox-password/);
    assert.ok(!/googleapis|<script/.test(result.page.body), 'no external fonts or scripts');
  });

  test('RP-initiated logout goes straight to the registered post-logout URI', async () => {
    const { body, browser } = await signIn(sandbox);
    const tokens = { body };
    const logout = new URL('/oauth2/v1/logout', sandbox.issuer);
    logout.searchParams.set('id_token_hint', String(tokens.body.id_token));
    logout.searchParams.set('post_logout_redirect_uri', `${APP}/`);
    logout.searchParams.set('state', 'bye');
    const result = await browser.follow(logout.href, { stop: (target) => target.origin === APP });
    assert.equal(result.stoppedAt?.origin, APP);
    assert.equal(result.stoppedAt?.pathname, '/');
    assert.equal(result.stoppedAt?.searchParams.get('state'), 'bye');
    const events = sandbox.org.systemLog.inPersistenceOrder().map((stored) => stored.event.eventType);
    assert.ok(events.includes('user.session.end'));
  });
});

describe('System Log events of the authorization server', () => {
  test('a sign-in writes user.session.start, app.oauth2.authorize.code and app.oauth2.token.grant.access_token', async () => {
    const before = sandbox.org.systemLog.size;
    await signIn(sandbox, { username: 'reports@sandbox.example' });
    const events = sandbox.org.systemLog
      .inPersistenceOrder()
      .slice(before)
      .map((stored) => stored.event);
    const types = events.map((event) => event.eventType);
    assert.deepEqual(types, ['user.session.start', 'app.oauth2.authorize.code', 'app.oauth2.token.grant.access_token']);
    for (const event of events) {
      assert.equal(event.outcome.result, 'SUCCESS');
      assert.equal(event.actor.alternateId, 'reports@sandbox.example');
      assert.equal(event.client.id, sandbox.org.webApp.clientId);
    }
  });
});

describe('service app (client_credentials, private_key_jwt)', () => {
  async function assertion(audience: string): Promise<string> {
    const { serviceApp } = sandbox.org;
    const key = await importJWK(serviceApp.privateJwk, 'RS256');
    return new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: String(serviceApp.privateJwk.kid) })
      .setIssuer(serviceApp.clientId)
      .setSubject(serviceApp.clientId)
      .setAudience(audience)
      .setJti(crypto.randomUUID())
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key);
  }

  async function clientCredentials(audience: string, scope = 'okta.logs.read') {
    return json('/oauth2/v1/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        scope,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: await assertion(audience),
      }),
    });
  }

  test('an assertion whose aud is the token endpoint gets a token with the granted scope', async () => {
    const { status, body } = await clientCredentials(`${sandbox.issuer}/oauth2/v1/token`);
    assert.equal(status, 200);
    assert.equal(body.scope, 'okta.logs.read');
    assert.equal(body.expires_in, 3600);
    assert.equal(body.refresh_token, undefined);
  });

  test('an assertion whose aud is the issuer is refused as Okta refuses it', async () => {
    const { status, body } = await clientCredentials(sandbox.issuer);
    assert.equal(status, 401);
    assert.equal(body.error, 'invalid_client');
  });

  // The application type is checked first (see client-credentials-policy.ts): the Web app gets that text however it
  // authenticates, and the private_key_jwt text is for a service app that presents a client secret.
  for (const method of ['client_secret_basic', 'client_secret_post'] as const) {
    test(`the Web app asking for client_credentials (${method}) gets Okta's 401: only service apps may`, async () => {
      const { clientId, clientSecret } = sandbox.org.webApp;
      const form = new URLSearchParams({ grant_type: 'client_credentials', scope: 'okta.logs.read' });
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
      if (method === 'client_secret_basic') headers.authorization = basicAuth();
      else {
        form.set('client_id', clientId);
        form.set('client_secret', clientSecret);
      }
      const { status, body } = await json('/oauth2/v1/token', { method: 'POST', headers, body: form });
      assert.equal(status, 401);
      assert.equal(body.error, 'invalid_client');
      assert.equal(
        body.error_description,
        "Only clients with 'application_type' of 'service' may use the client_credentials 'grant_type' with the Org Authorization Server.",
      );
      assert.equal(body.access_token, undefined);
    });

    test(`the service app presenting a client secret (${method}) gets Okta's 401: the org AS wants private_key_jwt`, async () => {
      const { clientId } = sandbox.org.serviceApp;
      const form = new URLSearchParams({ grant_type: 'client_credentials', scope: 'okta.logs.read' });
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
      if (method === 'client_secret_basic') {
        headers.authorization = `Basic ${Buffer.from(`${clientId}:a-secret-from-a-tutorial`).toString('base64')}`;
      } else {
        form.set('client_id', clientId);
        form.set('client_secret', 'a-secret-from-a-tutorial');
      }
      const { status, body } = await json('/oauth2/v1/token', { method: 'POST', headers, body: form });
      assert.equal(status, 401);
      assert.equal(body.error, 'invalid_client');
      assert.equal(
        body.error_description,
        'Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.',
      );
      assert.equal(body.access_token, undefined);
    });
  }
});
