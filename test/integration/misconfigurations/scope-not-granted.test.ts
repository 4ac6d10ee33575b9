import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Harness, startHarness } from '../../helpers/app-harness.ts';
import { withoutGrants } from '../../helpers/app-session.ts';
import { Browser } from '../../helpers/browser.ts';
import { consoleChange, signIn, whatToDo } from './walk.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

describe('misconfiguration: a scope the app asks for is not granted to it', () => {
  test('okta.users.read revoked: sign-in works, /users explains the grant without calling Okta', async () => {
    await consoleChange(h, new Browser(), '/sandbox/scopes', { scope: 'okta.users.read', granted: 'false' });
    try {
      const { browser, callback } = await signIn(h, 'admin@sandbox.example');
      assert.equal(callback.status, 303, 'Okta leaves the ungranted scope out and signs in');
      h.sandbox.managementApi.received.clear();
      const page = await browser.request(`${h.baseUrl}/users`);
      assert.equal(page.status, 403);
      assert.match(page.body, /<code>SCOPE_NOT_GRANTED<\/code>/);
      assert.match(page.body, /The token does not carry okta\.users\.read/);
      const fix = whatToDo(page.body);
      assert.match(fix, /In the sandbox console, grant okta\.users\.read to the web app/);
      assert.match(fix, /"Okta API Scopes" → Grant okta\.users\.read/);
      assert.match(fix, /sign in again: the scopes of an access token are fixed when Okta issues it/);
      assert.match(page.body, /<a class="button" href="\/sandbox\?returnTo=%2Fusers">Open the sandbox console<\/a>/);
      assert.equal(h.sandbox.managementApi.received.all().length, 0, 'no blind call to Okta');
    } finally {
      h.sandbox.org.webApp.grants.add('okta.users.read');
    }
  });

  test('no requested Okta API scope granted at all: Okta refuses the sign-in and the page names the tab', async () => {
    const { callback } = await withoutGrants(h, ['okta.users.read', 'okta.logs.read'], () =>
      signIn(h, 'admin@sandbox.example'),
    );
    assert.equal(callback.status, 400);
    assert.match(callback.body, /None of the requested Okta API scopes is granted to the app/);
    assert.match(callback.body, /consent_required/);
    assert.match(
      whatToDo(callback.body),
      /grants okta\.logs\.read and okta\.users\.read on the app's "Okta API Scopes" tab/,
    );
  });
});
