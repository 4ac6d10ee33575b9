import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildApp } from '../../../src/app.ts';
import { loadConfig, resolveAppConfig } from '../../../src/config.ts';
import { createConsoleControls } from '../../../src/sandbox/console-controls.ts';
import { type Harness, startHarness } from '../../helpers/app-harness.ts';
import { csrfOf, signInToApp } from '../../helpers/app-session.ts';
import { Browser } from '../../helpers/browser.ts';

let h: Harness;

function account(login: string) {
  const found = h.sandbox.org.directory.accounts().find((candidate) => candidate.login === login);
  assert.ok(found);
  return found;
}

/** Opens the console, posts one change with the page's CSRF token, and returns the console page after it. */
async function change(browser: Browser, path: string, form: Record<string, string>, from = '/sandbox') {
  const consolePage = await browser.request(`${h.baseUrl}${from}`);
  const posted = await browser.request(`${h.baseUrl}${path}`, { form: { _csrf: csrfOf(consolePage.body), ...form } });
  assert.equal(posted.status, 303, `${path} redirects back to the console`);
  const location = posted.headers.get('location') ?? '';
  return { location, page: await browser.request(`${h.baseUrl}${location}`) };
}

/** The notice shown after a change. */
function notice(html: string): string {
  return /<section class="banner banner-info teach-notice"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
}

before(async () => {
  h = await startHarness();
});
after(() => h.close());

describe('the sandbox console', () => {
  test('works signed out, is marked as sandbox, and shows scopes, accounts, faults and rate limits', async () => {
    const browser = new Browser();
    const page = await browser.request(`${h.baseUrl}/sandbox`);
    assert.equal(page.status, 200);
    assert.match(page.body, /<h1>Sandbox console <span class="badge badge-warn">sandbox only<\/span><\/h1>/);
    assert.match(page.body, /Sandbox org — not a real Okta org/);
    assert.match(page.body, /<button [^>]*name="granted" value="false">Revoke okta\.logs\.read<\/button>/);
    assert.match(page.body, /<button [^>]*name="granted" value="true">Grant okta\.groups\.read<\/button>/);
    for (const login of ['admin@sandbox.example', 'readonly@sandbox.example', 'reports@sandbox.example']) {
      assert.ok(page.body.includes(`<tr id="account-${login}">`), login);
    }
    assert.match(page.body, /<option value="REPORT_ADMIN" selected>Report Administrator<\/option>/);
    assert.match(page.body, /id="fault-logs"/);
    assert.match(page.body, /Reset rate-limit counters/);
    assert.ok(browser.jar.get('localhost', 'sid'), 'the CSRF secret lives in a (new) session');
    assert.ok(!page.body.includes(h.sandbox.org.webApp.clientSecret), 'no client secret on the page');
  });

  test('a change without the CSRF token is refused and changes nothing', async () => {
    const browser = new Browser();
    await browser.request(`${h.baseUrl}/sandbox`);
    const refused = await browser.request(`${h.baseUrl}/sandbox/scopes`, {
      form: { scope: 'okta.users.read', granted: 'false' },
    });
    assert.equal(refused.status, 403);
    assert.ok(h.sandbox.org.webApp.grants.has('okta.users.read'));
  });

  test('revoking and granting a scope changes the web app; the notice says to sign in again, once', async () => {
    const browser = await signInToApp(h);
    const revoked = await change(browser, '/sandbox/scopes', {
      scope: 'okta.users.read',
      granted: 'false',
      returnTo: '/users',
    });
    try {
      assert.equal(revoked.location, '/sandbox?returnTo=%2Fusers');
      assert.equal(h.sandbox.org.webApp.grants.has('okta.users.read'), false);
      const text = notice(revoked.page.body);
      assert.match(text, /Revoked okta\.users\.read on the web app/);
      assert.match(
        text,
        /Scopes are fixed when Okta issues a token\. Your current token still carries okta\.users\.read/,
      );
      assert.match(
        text,
        /<a class="button" href="\/login\?returnTo=%2Fusers">Sign in again and go back to \/users<\/a>/,
      );
      assert.match(revoked.page.body, /<button [^>]*name="granted" value="true">Grant okta\.users\.read<\/button>/);
      const again = await browser.request(`${h.baseUrl}/sandbox`);
      assert.equal(notice(again.body), '', 'the notice is shown once');
    } finally {
      const granted = await change(browser, '/sandbox/scopes', { scope: 'okta.users.read', granted: 'true' });
      assert.equal(granted.location, '/sandbox');
      assert.ok(h.sandbox.org.webApp.grants.has('okta.users.read'));
      assert.match(notice(granted.page.body), /Granted okta\.users\.read/);
    }
  });

  test("changing an account's admin role applies to the management API at once", async () => {
    const reports = account('reports@sandbox.example');
    const browser = await signInToApp(h, 'reports@sandbox.example');
    assert.equal((await browser.request(`${h.baseUrl}/users`)).status, 403);
    const changed = await change(browser, '/sandbox/roles', { userId: reports.userId, role: 'READ_ONLY_ADMIN' });
    try {
      assert.deepEqual(reports.adminRoles, ['READ_ONLY_ADMIN']);
      const text = notice(changed.page.body);
      assert.match(text, /reports@sandbox\.example is now a Read-only Administrator/);
      assert.match(text, /no new sign-in needed/);
      assert.equal((await browser.request(`${h.baseUrl}/users`)).status, 200, 'same session, same token, now allowed');
      const none = await change(browser, '/sandbox/roles', { userId: reports.userId, role: '' });
      assert.deepEqual(reports.adminRoles, []);
      assert.match(notice(none.page.body), /has no admin role now/);
    } finally {
      reports.adminRoles = ['REPORT_ADMIN'];
    }
  });

  test('unassigning an account: its next sign-in is refused; assigning it again lets it in', async () => {
    const plain = account('user@sandbox.example');
    const browser = new Browser();
    const unassigned = await change(browser, '/sandbox/assignments', { userId: plain.userId, assigned: 'false' });
    try {
      assert.equal(h.sandbox.org.webApp.assignedUserIds.has(plain.userId), false);
      assert.match(notice(unassigned.page.body), /User is not assigned to the client application/);
      assert.match(unassigned.page.body, /<span class="badge badge-danger">not assigned<\/span>/);
    } finally {
      await change(browser, '/sandbox/assignments', { userId: plain.userId, assigned: 'true' });
    }
    assert.ok(h.sandbox.org.webApp.assignedUserIds.has(plain.userId));
  });

  test('faults switch on and off for one endpoint, and the app shows the failure', async () => {
    const browser = await signInToApp(h);
    const on = await change(browser, '/sandbox/faults', { endpoint: 'users', fault: 'unavailable' });
    try {
      assert.deepEqual(h.sandbox.managementApi.faults.rules, [{ path: '/api/v1/users*', status: 503 }]);
      assert.match(notice(on.page.body), /GET \/api\/v1\/users \(and \/api\/v1\/users\/\{id\}\) now answers 503/);
      assert.match(on.page.body, /<span class="badge badge-danger">503 every time<\/span>/);
      const users = await browser.request(`${h.baseUrl}/users`);
      assert.equal(users.status, 502);
      assert.match(users.body, /Okta answered with an error \(503\)/);
      const slow = await change(browser, '/sandbox/faults', { endpoint: 'users', fault: 'slow' });
      assert.deepEqual(h.sandbox.managementApi.faults.rules, [{ path: '/api/v1/users*', latencyMs: 5000 }]);
      assert.match(notice(slow.page.body), /waits 5 seconds before every answer/);
      const trickle = await change(browser, '/sandbox/faults', { endpoint: 'users', fault: 'slow-body' });
      assert.deepEqual(h.sandbox.managementApi.faults.rules, [
        { path: '/api/v1/users*', slowBody: { durationMs: 60_000 } },
      ]);
      assert.match(notice(trickle.page.body), /trickles the body out over 60 seconds/);
      assert.match(trickle.page.body, /<span class="badge badge-danger">slow body<\/span>/);
      const huge = await change(browser, '/sandbox/faults', { endpoint: 'users', fault: 'oversized' });
      assert.deepEqual(h.sandbox.managementApi.faults.rules, [
        { path: '/api/v1/users*', oversizedBody: { bytes: 64 * 1024 * 1024 } },
      ]);
      assert.match(notice(huge.page.body), /a 64 MiB body/);
    } finally {
      const off = await change(browser, '/sandbox/faults', { endpoint: 'users', fault: 'off' });
      assert.match(notice(off.page.body), /answers normally again/);
    }
    assert.deepEqual(h.sandbox.managementApi.faults.rules, []);
    assert.equal((await browser.request(`${h.baseUrl}/users`)).status, 200);
  });

  test('resetting the rate-limit counters gives the app its budget back', async () => {
    const limiter = h.sandbox.managementApi.rateLimiter;
    const saved = limiter.settings.users;
    limiter.configure({ users: 2 });
    try {
      const browser = await signInToApp(h);
      limiter.reset();
      assert.equal((await browser.request(`${h.baseUrl}/users`)).status, 200);
      const limited = await browser.request(`${h.baseUrl}/users`);
      assert.equal(limited.status, 429);
      assert.match(limited.body, /rate limit is used up/);
      const reset = await change(browser, '/sandbox/rate-limits', {});
      assert.match(notice(reset.page.body), /Rate-limit counters reset/);
      assert.equal((await browser.request(`${h.baseUrl}/users`)).status, 200);
    } finally {
      limiter.configure({ users: saved });
      limiter.reset();
    }
  });

  test('changes naming what the sandbox does not know are refused with 400 and change nothing', async () => {
    const browser = new Browser();
    const page = await browser.request(`${h.baseUrl}/sandbox`);
    const csrf = csrfOf(page.body);
    const before = [...h.sandbox.org.webApp.grants];
    const cases: [string, Record<string, string>][] = [
      ['/sandbox/scopes', { scope: 'okta.everything.manage', granted: 'true' }],
      ['/sandbox/roles', { userId: '00unobody', role: 'SUPER_ADMIN' }],
      ['/sandbox/roles', { userId: account('user@sandbox.example').userId, role: 'ORG_OWNER' }],
      ['/sandbox/assignments', { userId: '00unobody', assigned: 'true' }],
      ['/sandbox/faults', { endpoint: 'groups', fault: 'slow' }],
    ];
    for (const [path, form] of cases) {
      const refused = await browser.request(`${h.baseUrl}${path}`, { form: { _csrf: csrf, ...form } });
      assert.equal(refused.status, 400, `${path} ${JSON.stringify(form)}`);
    }
    assert.deepEqual([...h.sandbox.org.webApp.grants], before);
    assert.deepEqual(account('user@sandbox.example').adminRoles, []);
    assert.deepEqual(h.sandbox.managementApi.faults.rules, []);
  });

  test('returnTo is kept only when it is a path on this app', async () => {
    const browser = new Browser();
    const evil = await change(browser, '/sandbox/rate-limits', { returnTo: '//evil.example/x' });
    assert.equal(evil.location, '/sandbox');
    const page = await browser.request(`${h.baseUrl}/sandbox?returnTo=${encodeURIComponent('https://evil.example')}`);
    assert.ok(!page.body.includes('evil.example'));
    const kept = await browser.request(`${h.baseUrl}/sandbox?returnTo=%2Fusers%3Fstatus%3DACTIVE`);
    assert.match(kept.body, /<a href="\/login\?returnTo=%2Fusers%3Fstatus%3DACTIVE">sign in again<\/a>/);
    assert.match(kept.body, /<a href="\/users\?status=ACTIVE">go back<\/a>/);
  });
});

describe('with a real Okta org configured', () => {
  test('/sandbox does not exist, even if controls were passed', async () => {
    const loaded = loadConfig({
      OKTA_ORG_URL: 'https://example.okta.com',
      OKTA_CLIENT_ID: '0oaexample',
      OKTA_CLIENT_SECRET: 'secret-secret-secret',
      SESSION_SECRET: 'a'.repeat(40),
      APP_BASE_URL: 'http://localhost:3000',
      LOG_LEVEL: 'silent',
    });
    const app = await buildApp(resolveAppConfig(loaded), { sandboxControls: createConsoleControls(h.sandbox) });
    try {
      for (const [method, url] of [
        ['GET', '/sandbox'],
        ['POST', '/sandbox/scopes'],
        ['POST', '/guide/compare'],
      ] as const) {
        const response = await app.inject({ method, url, headers: { accept: 'text/html' } });
        assert.equal(response.statusCode, 404, `${method} ${url}`);
      }
      const guide = await app.inject({ method: 'GET', url: '/guide', headers: { accept: 'text/html' } });
      assert.equal(guide.statusCode, 200);
      assert.doesNotMatch(guide.body, /sandbox console/i);
    } finally {
      await app.close();
    }
  });
});
