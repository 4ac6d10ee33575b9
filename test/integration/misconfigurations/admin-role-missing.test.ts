import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Harness, startHarness } from '../../helpers/app-harness.ts';
import { consoleChange, signIn, userIdOf, whatToDo } from './walk.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

describe('misconfiguration: the signed-in user lacks an admin role that covers the scope', () => {
  test('a Report Administrator opens /users: Okta says E0000006 and the page explains admin roles', async () => {
    const { browser, callback } = await signIn(h, 'reports@sandbox.example');
    assert.equal(callback.status, 303);
    const page = await browser.request(`${h.baseUrl}/users`);
    assert.equal(page.status, 403);
    assert.equal(h.sandbox.managementApi.received.forPath('/api/v1/users').at(-1)?.status, 403);
    assert.match(page.body, /<code>OKTA_ADMIN_ROLE_DENIED<\/code>/);
    assert.match(page.body, /Your Okta admin role does not allow this/);
    assert.match(page.body, /effective permission = granted scope ∩ admin role/);
    assert.match(page.body, /E0000006: You do not have permission to perform the requested action/);
    const fix = whatToDo(page.body);
    assert.match(fix, /Security → Administrators/);
    assert.match(
      fix,
      /Reading users \(GET \/api\/v1\/users\) needs one of: Super Administrator, Read-only Administrator, Help Desk Administrator/,
    );
    assert.match(fix, /In the sandbox console, give your account a role that may read this/);
    assert.match(page.body, /href="\/sandbox\?returnTo=%2Fusers">Open the sandbox console<\/a>/);

    // The fix: a role that may read users. No new sign-in: Okta checks the role on every call.
    await consoleChange(h, browser, '/sandbox/roles', {
      userId: userIdOf(h, 'reports@sandbox.example'),
      role: 'READ_ONLY_ADMIN',
    });
    try {
      const fixed = await browser.request(`${h.baseUrl}/users`);
      assert.equal(fixed.status, 200);
      assert.match(fixed.body, /<td class="teach-name"><a href="\/users\//);
    } finally {
      await consoleChange(h, browser, '/sandbox/roles', {
        userId: userIdOf(h, 'reports@sandbox.example'),
        role: 'REPORT_ADMIN',
      });
    }
  });
});
