import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Harness, startHarness } from '../../helpers/app-harness.ts';
import { Browser } from '../../helpers/browser.ts';

let h: Harness;
before(async () => {
  // The app believes its redirect URI is /callback; the Okta app (the sandbox) registered /authorization-code/callback.
  h = await startHarness({ adjust: (config) => ({ ...config, redirectUri: `${config.appBaseUrl.origin}/callback` }) });
});
after(() => h.close());

describe('misconfiguration: the redirect URI is not registered for the app', () => {
  test("the sign-in stops on the sandbox's own error page, which names Sign-in redirect URIs and the URI to add", async () => {
    const { page, visited } = await new Browser().follow(`${h.baseUrl}/login`);
    assert.equal(new URL(page.url).origin, h.sandbox.issuer, 'the page is the authorization server’s, not the app’s');
    assert.ok(visited.some((url) => new URL(url).pathname === '/oauth2/v1/authorize'));
    assert.equal(page.status, 400);
    assert.match(page.body, /<strong>invalid_redirect_uri<\/strong>/);
    assert.match(page.body, /<strong>Sign-in redirect URIs<\/strong>/);
    assert.ok(page.body.includes(`add <code>${h.baseUrl}/callback</code> exactly`), 'names the URI to register');
    assert.ok(page.body.includes(`<code>${h.baseUrl}/authorization-code/callback</code>`), 'lists what is registered');
    assert.match(page.body, /APP_BASE_URL/);
    assert.doesNotMatch(page.body, /name="password"/, 'no sign-in form: nothing was sent back to the app');
  });
});
