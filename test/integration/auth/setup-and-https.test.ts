import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildApp } from '../../../src/app.ts';
import { loadConfig, resolveAppConfig } from '../../../src/config.ts';
import { freePort, type Harness, startHarness } from '../../helpers/app-harness.ts';
import { signInToApp, withoutGrants } from '../../helpers/app-session.ts';
import { Browser } from '../../helpers/browser.ts';

function checkStatus(html: string, id: string): string | undefined {
  return new RegExp(`id="check-${id}" data-status="([a-z]+)"`).exec(html)?.[1];
}

describe('config doctor (/setup) against the sandbox', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  test('signed out: every check that can run passes; granted scopes wait for sign-in', async () => {
    const page = await new Browser().request(`${h.baseUrl}/setup`);
    assert.equal(page.status, 200);
    for (const id of [
      'org-authorization-server',
      'redirect-uri-https',
      'client-credentials',
      'discovery',
      'issuer-matches',
      'pkce-s256',
    ]) {
      assert.equal(checkStatus(page.body, id), 'pass', id);
    }
    assert.equal(checkStatus(page.body, 'granted-scopes'), 'pending');
    assert.ok(page.body.includes(`${h.baseUrl}/authorization-code/callback`));
  });

  test('signed in with a scope the app was not granted: the check fails and names the Okta API Scopes tab', async () => {
    await withoutGrants(h, ['okta.users.read'], async () => {
      const browser = await signInToApp(h);
      const page = await browser.request(`${h.baseUrl}/setup`);
      assert.equal(checkStatus(page.body, 'granted-scopes'), 'fail');
      assert.match(page.body, /Requested but not granted: okta\.users\.read/);
      assert.match(page.body, /Okta API Scopes/);
    });
  });
});

describe('an org that does not answer', () => {
  test('/setup reports discovery failing and /login explains Okta is unreachable, without a stack trace', async () => {
    const deadPort = await freePort();
    const port = await freePort();
    const loaded = loadConfig({ APP_BASE_URL: `http://localhost:${port}`, LOG_LEVEL: 'silent' });
    const config = resolveAppConfig(loaded, {
      issuer: `http://127.0.0.1:${deadPort}`,
      clientId: '0oanothere',
      clientSecret: 'secret',
    });
    const app = await buildApp(config);
    await app.listen({ port, host: 'localhost' });
    try {
      const setup = await new Browser().request(`http://localhost:${port}/setup`);
      assert.equal(checkStatus(setup.body, 'discovery'), 'fail');
      assert.match(setup.body, /OKTA_ORG_URL/);
      const login = await new Browser().request(`http://localhost:${port}/login`);
      assert.equal(login.status, 502);
      assert.match(login.body, /Okta could not be reached/);
      assert.doesNotMatch(login.body, /at .*\.ts:\d+/);
    } finally {
      await app.close();
    }
  });
});

describe('served over https (behind a TLS-terminating proxy)', () => {
  test('the session cookie is __Host-, Secure, HttpOnly, SameSite=Lax, Path=/ and has no Domain', async () => {
    const h = await startHarness({ env: { APP_BASE_URL: 'https://viewer.example', TRUST_PROXY: 'true' } });
    try {
      const page = await new Browser().request(`${h.baseUrl}/login`, { headers: { 'x-forwarded-proto': 'https' } });
      assert.equal(page.status, 303);
      const cookie = page.headers.getSetCookie().find((line) => line.startsWith('__Host-sid='));
      assert.ok(cookie, `__Host- session cookie in ${page.headers.getSetCookie().join(' | ')}`);
      for (const attribute of [/; Secure/, /; HttpOnly/, /; SameSite=Lax/, /; Path=\//])
        assert.match(cookie, attribute);
      assert.doesNotMatch(cookie, /Domain=/);
      assert.ok(cookie.length < 4096);
      const location = new URL(page.headers.get('location') ?? '');
      assert.equal(location.searchParams.get('redirect_uri'), 'https://viewer.example/authorization-code/callback');
    } finally {
      await h.close();
    }
  });
});
