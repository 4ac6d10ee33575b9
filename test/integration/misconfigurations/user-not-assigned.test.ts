import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Harness, startHarness } from '../../helpers/app-harness.ts';
import { Browser } from '../../helpers/browser.ts';
import { consoleChange, signIn, userIdOf, whatToDo } from './walk.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

describe('misconfiguration: the user is not assigned to the app', () => {
  test('Okta refuses the sign-in with access_denied and the page names the Assignments tab', async () => {
    const admin = new Browser();
    const userId = userIdOf(h, 'user@sandbox.example');
    await consoleChange(h, admin, '/sandbox/assignments', { userId, assigned: 'false' });
    try {
      const { browser, callback } = await signIn(h, 'user@sandbox.example');
      assert.equal(callback.status, 400);
      assert.match(callback.body, /Okta denied the sign-in/);
      assert.match(callback.body, /<dd>access_denied<\/dd>/);
      assert.match(callback.body, /<dd>User is not assigned to the client application\.<\/dd>/);
      assert.match(whatToDo(callback.body), /on the app's "Assignments" tab \(Applications → your app → Assignments\)/);
      const home = await browser.request(`${h.baseUrl}/`);
      assert.doesNotMatch(home.body, /action="\/logout"/, 'not signed in');
    } finally {
      await consoleChange(h, admin, '/sandbox/assignments', { userId, assigned: 'true' });
    }
    const { callback } = await signIn(h, 'user@sandbox.example');
    assert.equal(callback.status, 303, 'assigned again, the sign-in works');
  });
});
