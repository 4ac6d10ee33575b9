import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Harness, startHarness } from '../../helpers/app-harness.ts';
import { signIn, whatToDo } from './walk.ts';

let h: Harness;
before(async () => {
  h = await startHarness({
    adjust: (config) => ({ ...config, okta: { ...config.okta, clientSecret: 'not-the-secret-okta-knows' } }),
  });
});
after(() => h.close());

describe('misconfiguration: the client secret is wrong', () => {
  test('the code exchange fails with invalid_client and the page says to check OKTA_CLIENT_SECRET', async () => {
    const { browser, callback } = await signIn(h, 'admin@sandbox.example');
    assert.equal(callback.status, 502);
    assert.match(callback.body, /Okta did not accept the app&#39;s client credentials/);
    assert.match(callback.body, /<dd>invalid_client<\/dd>/);
    const fix = whatToDo(callback.body);
    assert.match(fix, /Check the client secret: OKTA_CLIENT_SECRET \(and OKTA_CLIENT_ID\) must match/);
    assert.match(fix, /General → Client Credentials/);
    assert.ok(!callback.body.includes('not-the-secret-okta-knows'), 'the secret itself is never shown');
    const home = await browser.request(`${h.baseUrl}/`);
    assert.doesNotMatch(home.body, /action="\/logout"/, 'not signed in');
  });
});
