import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { type Harness, startHarness } from '../../helpers/app-harness.ts';
import { csrfOf, signInToApp, withoutGrants } from '../../helpers/app-session.ts';
import { Browser } from '../../helpers/browser.ts';

let h: Harness;

/** The status of one guide step: verified, failed or unchecked. */
function stepStatus(html: string, id: string): string | undefined {
  return new RegExp(
    `<li id="step-${id}" class="panel">[\\s\\S]*?<p class="teach-verdict teach-verdict-([a-z]+)">`,
  ).exec(html)?.[1];
}

function step(html: string, id: string): string {
  const found = new RegExp(`<li id="step-${id}" class="panel">[\\s\\S]*?</li>`).exec(html)?.[0];
  assert.ok(found, `the guide has the step ${id}`);
  return found;
}

/** The comparison table as [path, SSWS cell, scoped cell] text. */
function comparison(html: string): string[][] {
  const table = /<table class="table" id="comparison-results">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
  return [...table.matchAll(/<tr>\s*<td><code>GET ([^<]+)<\/code><\/td>[\s\S]*?<\/tr>/g)].map((row) => {
    const cells = [...(row[0] ?? '').matchAll(/<td>([\s\S]*?)<\/td>/g)].map((cell) =>
      (cell[1] ?? '')
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    );
    return [row[1] ?? '', cells[2] ?? '', cells[3] ?? ''];
  });
}

before(async () => {
  h = await startHarness({ sandbox: { rateLimits: false } });
});
after(() => h.close());
beforeEach(() => h.sandbox.managementApi.received.clear());

describe('/guide', () => {
  test("signed out: the steps, this app's exact redirect URIs, and what is verified without a sign-in", async () => {
    const page = await new Browser().request(`${h.baseUrl}/guide`);
    assert.equal(page.status, 200);
    assert.match(
      step(page.body, 'redirect-uris'),
      new RegExp(
        `<dt>Sign-in redirect URIs</dt><dd><code class="teach-copy">${h.baseUrl}/authorization-code/callback</code>`,
      ),
    );
    assert.match(step(page.body, 'redirect-uris'), new RegExp(`<code class="teach-copy">${h.baseUrl}/</code>`));
    assert.equal(stepStatus(page.body, 'org-authorization-server'), 'verified');
    assert.equal(stepStatus(page.body, 'env'), 'verified');
    for (const id of ['create-app', 'redirect-uris', 'grant-scopes', 'assign-users', 'admin-roles']) {
      assert.equal(stepStatus(page.body, id), 'unchecked', id);
    }
    assert.match(step(page.body, 'grant-scopes'), /Okta API Scopes/);
    assert.match(step(page.body, 'assign-users'), /Assignments/);
    const roles = step(page.body, 'admin-roles');
    assert.match(roles, /<td><code>okta\.logs\.read<\/code><\/td>[\s\S]*?Report Administrator/);
    assert.match(roles, /<td><code>okta\.users\.read<\/code><\/td>[\s\S]*?Help Desk Administrator/);
    const env = step(page.body, 'env');
    for (const name of ['OKTA_ORG_URL', 'OKTA_CLIENT_ID', 'OKTA_CLIENT_SECRET', 'APP_BASE_URL', 'SESSION_SECRET']) {
      assert.match(env, new RegExp(`${name}=`), name);
    }
    assert.match(env, new RegExp(`APP_BASE_URL=${h.baseUrl}`));
    assert.match(step(page.body, 'org-authorization-server'), /\/oauth2\/default/);
    assert.match(page.body, /<a href="\/sandbox">Open the sandbox console<\/a>/);
  });

  test('signed in: the sign-in proves the app, its redirect URI, the assignment and the granted scopes', async () => {
    const browser = await signInToApp(h);
    const page = await browser.request(`${h.baseUrl}/guide`);
    for (const id of [
      'create-app',
      'redirect-uris',
      'grant-scopes',
      'assign-users',
      'env',
      'org-authorization-server',
    ]) {
      assert.equal(stepStatus(page.body, id), 'verified', id);
    }
    assert.equal(stepStatus(page.body, 'admin-roles'), 'unchecked');
    assert.match(step(page.body, 'grant-scopes'), /Granted: openid profile email okta\.logs\.read okta\.users\.read/);
  });

  test('signed in with a scope not granted: the grant step fails and names the Okta API Scopes tab', async () => {
    const browser = await withoutGrants(h, ['okta.users.read'], () => signInToApp(h));
    const page = await browser.request(`${h.baseUrl}/guide`);
    assert.equal(stepStatus(page.body, 'grant-scopes'), 'failed');
    const grant = step(page.body, 'grant-scopes');
    assert.match(grant, /Requested but not granted: okta\.users\.read/);
    assert.match(
      grant,
      /<strong>Fix:<\/strong> A super admin grants the missing scopes on the app&#39;s &quot;Okta API Scopes&quot; tab/,
    );
  });

  test('the SSWS token is shown masked only', async () => {
    const page = await new Browser().request(`${h.baseUrl}/guide`);
    const token = h.sandbox.org.apiToken.token;
    assert.ok(!page.body.includes(token), 'not the whole token');
    assert.ok(!page.body.includes(token.slice(4, 16)), 'not even a middle part');
    assert.ok(page.body.includes(`<code>${token.slice(0, 4)}•••••••••••• (${token.length} characters, masked)</code>`));
  });

  test('the live comparison signed out: the SSWS token reads every endpoint', async () => {
    const browser = new Browser();
    const page = await browser.request(`${h.baseUrl}/guide`);
    const result = await browser.request(`${h.baseUrl}/guide/compare`, { form: { _csrf: csrfOf(page.body) } });
    assert.equal(result.status, 200);
    assert.deepEqual(comparison(result.body), [
      ['/api/v1/logs?limit=1', 'HTTP 200 allowed', 'sign in to compare'],
      ['/api/v1/users?limit=1', 'HTTP 200 allowed', 'sign in to compare'],
      ['/api/v1/groups?limit=1', 'HTTP 200 allowed', 'sign in to compare'],
      ['/api/v1/apps?limit=1', 'HTTP 200 allowed', 'sign in to compare'],
    ]);
    assert.deepEqual(
      h.sandbox.managementApi.received.all().map((entry) => [entry.authScheme, entry.url]),
      [
        ['SSWS', '/api/v1/logs?limit=1'],
        ['SSWS', '/api/v1/users?limit=1'],
        ['SSWS', '/api/v1/groups?limit=1'],
        ['SSWS', '/api/v1/apps?limit=1'],
      ],
    );
    assert.ok(!result.body.includes(h.sandbox.org.apiToken.token));
  });

  test('the live comparison signed in: the scoped token stops at the scopes the app asked for', async () => {
    const browser = await signInToApp(h);
    const page = await browser.request(`${h.baseUrl}/guide`);
    const result = await browser.request(`${h.baseUrl}/guide/compare`, { form: { _csrf: csrfOf(page.body) } });
    assert.deepEqual(comparison(result.body), [
      ['/api/v1/logs?limit=1', 'HTTP 200 allowed', 'HTTP 200 allowed'],
      ['/api/v1/users?limit=1', 'HTTP 200 allowed', 'HTTP 200 allowed'],
      ['/api/v1/groups?limit=1', 'HTTP 200 allowed', 'HTTP 403 scope not in token'],
      ['/api/v1/apps?limit=1', 'HTTP 200 allowed', 'HTTP 403 scope not in token'],
    ]);
    const schemes = h.sandbox.managementApi.received.all().map((entry) => entry.authScheme);
    assert.deepEqual(schemes, ['SSWS', 'Bearer', 'SSWS', 'Bearer', 'SSWS', 'Bearer', 'SSWS', 'Bearer']);
  });

  test('the comparison as a report admin: the role limits the scoped token too', async () => {
    const browser = await signInToApp(h, 'reports@sandbox.example');
    const page = await browser.request(`${h.baseUrl}/guide`);
    const result = await browser.request(`${h.baseUrl}/guide/compare`, { form: { _csrf: csrfOf(page.body) } });
    const users = comparison(result.body).find((row) => row[0] === '/api/v1/users?limit=1');
    assert.deepEqual(users, ['/api/v1/users?limit=1', 'HTTP 200 allowed', 'HTTP 403 admin role may not']);
  });

  test('the comparison needs the CSRF token', async () => {
    const browser = new Browser();
    await browser.request(`${h.baseUrl}/guide`);
    const refused = await browser.request(`${h.baseUrl}/guide/compare`, { form: {} });
    assert.equal(refused.status, 403);
    assert.equal(h.sandbox.managementApi.received.all().length, 0);
  });
});
