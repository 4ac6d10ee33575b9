/**
 * The sandbox console's controls for the API Services app (Require DPoP, Okta API scopes, admin role) and for the web
 * app's Require DPoP: each change shows on the page and changes what the sandbox org does on the wire.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Harness, startHarness } from '../../helpers/app-harness.ts';
import { csrfOf } from '../../helpers/app-session.ts';
import { Browser } from '../../helpers/browser.ts';
import { dpopKey, serviceAppToken } from '../sandbox/dpop-helpers.ts';

let h: Harness;
before(async () => {
  h = await startHarness({ sandbox: { rateLimits: false } });
});
after(() => h.close());

/** Opens the console, posts one change with the page's CSRF token, and returns the console page after it. */
async function change(path: string, form: Record<string, string>) {
  const browser = new Browser();
  const consolePage = await browser.request(`${h.baseUrl}/sandbox`);
  const posted = await browser.request(`${h.baseUrl}${path}`, { form: { _csrf: csrfOf(consolePage.body), ...form } });
  assert.equal(posted.status, 303, `${path} redirects back to the console`);
  return (await browser.request(`${h.baseUrl}${posted.headers.get('location') ?? '/sandbox'}`)).body;
}

function section(html: string, id: string): string {
  return new RegExp(`<section class="panel" aria-labelledby="${id}">[\\s\\S]*?</section>`).exec(html)?.[0] ?? '';
}

async function readLogs(token: string) {
  const response = await fetch(`${h.sandbox.issuer}/api/v1/logs?limit=1`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.status, body: await response.text(), challenge: response.headers.get('www-authenticate') };
}

describe("the console's service-app controls", () => {
  test('the page shows the service app: client id, key id, grants, admin role and Require DPoP', async () => {
    const page = (await new Browser().request(`${h.baseUrl}/sandbox`)).body;
    const panel = section(page, 'console-service-app');
    const { serviceApp } = h.sandbox.org;
    assert.ok(panel.includes(`<code>${serviceApp.clientId}</code>`));
    assert.ok(panel.includes('<code>sandbox-service-app-key</code>'));
    assert.match(panel, /<tr id="service-scope-okta\.logs\.read">[\s\S]*?granted[\s\S]*?Revoke okta\.logs\.read/);
    assert.match(
      panel,
      /<tr id="service-scope-okta\.groups\.read">[\s\S]*?not granted[\s\S]*?Grant okta\.groups\.read/,
    );
    assert.match(panel, /<option value="READ_ONLY_ADMIN" selected>Read-only Administrator<\/option>/);
    assert.match(panel, />Require DPoP for the service app</);
    assert.ok(!panel.includes(JSON.stringify(serviceApp.privateJwk.d)), 'no private key on the page');
  });

  test('revoking okta.logs.read: the next token lacks it and /api/v1/logs answers 403 insufficient_scope', async () => {
    try {
      const page = await change('/sandbox/service-app/scopes', { scope: 'okta.logs.read', granted: 'false' });
      assert.equal(h.sandbox.org.serviceApp.grants.has('okta.logs.read'), false);
      assert.match(page, /Revoked okta\.logs\.read on the service app/);
      assert.match(section(page, 'console-service-app'), /Grant okta\.logs\.read/);
      const token = await serviceAppToken(h.sandbox, { scope: 'okta.logs.read okta.users.read' });
      assert.equal(token.status, 200);
      assert.equal(token.body.scope, 'okta.users.read');
      const logs = await readLogs(String(token.body.access_token));
      assert.equal(logs.status, 403);
      assert.match(logs.challenge ?? '', /error="insufficient_scope"/);
      assert.match(logs.challenge ?? '', /scope="okta\.logs\.read"/);
    } finally {
      await change('/sandbox/service-app/scopes', { scope: 'okta.logs.read', granted: 'true' });
    }
    const token = await serviceAppToken(h.sandbox, { scope: 'okta.logs.read' });
    assert.equal((await readLogs(String(token.body.access_token))).status, 200, 'granted again, read again');
  });

  test('removing its admin role: the same token then gets 403 E0000006; a role back and it reads again', async () => {
    const token = String((await serviceAppToken(h.sandbox, { scope: 'okta.logs.read' })).body.access_token);
    assert.equal((await readLogs(token)).status, 200);
    try {
      const page = await change('/sandbox/service-app/role', { role: '' });
      assert.deepEqual(h.sandbox.org.serviceApp.adminRoles, []);
      assert.match(page, /The service app has no admin role now/);
      const refused = await readLogs(token);
      assert.equal(refused.status, 403);
      assert.equal((JSON.parse(refused.body) as { errorCode: string }).errorCode, 'E0000006');
      await change('/sandbox/service-app/role', { role: 'REPORT_ADMIN' });
      assert.deepEqual(h.sandbox.org.serviceApp.adminRoles, ['REPORT_ADMIN']);
      assert.equal((await readLogs(token)).status, 200, 'a Report Administrator may read the System Log');
    } finally {
      await change('/sandbox/service-app/role', { role: 'READ_ONLY_ADMIN' });
    }
  });

  test('Require DPoP on the service app: a token request without a proof is refused; with one it gets DPoP', async () => {
    try {
      const page = await change('/sandbox/require-dpop', { app: 'service', required: 'true' });
      assert.equal(h.sandbox.org.serviceApp.requireDpop, true);
      assert.match(page, /now requires DPoP/);
      assert.match(section(page, 'console-service-app'), />Stop requiring DPoP for the service app</);
      const refused = await serviceAppToken(h.sandbox);
      assert.equal(refused.status, 400);
      assert.deepEqual(refused.body, {
        error: 'invalid_dpop_proof',
        error_description: 'The DPoP proof JWT header is missing.',
      });
      const key = await dpopKey();
      const challenged = await serviceAppToken(h.sandbox, { key });
      const nonce = challenged.headers.get('dpop-nonce') ?? '';
      const bound = await serviceAppToken(h.sandbox, { key, nonce });
      assert.equal(bound.body.token_type, 'DPoP');
    } finally {
      await change('/sandbox/require-dpop', { app: 'service', required: 'false' });
    }
    const plain = await serviceAppToken(h.sandbox);
    assert.equal(plain.body.token_type, 'Bearer', 'not required again: a Bearer token without a proof');
  });

  test('Require DPoP on the web app is a switch on the web app panel', async () => {
    try {
      const page = await change('/sandbox/require-dpop', { app: 'web', required: 'true' });
      assert.equal(h.sandbox.org.webApp.requireDpop, true);
      assert.match(section(page, 'console-scopes'), />Stop requiring DPoP for the web app</);
      assert.match(page, /invalid_dpop_proof/);
    } finally {
      await change('/sandbox/require-dpop', { app: 'web', required: 'false' });
    }
    assert.equal(h.sandbox.org.webApp.requireDpop, false);
  });

  test('an unknown app, scope or role is refused and changes nothing', async () => {
    const browser = new Browser();
    const consolePage = await browser.request(`${h.baseUrl}/sandbox`);
    const csrf = csrfOf(consolePage.body);
    for (const [path, form] of [
      ['/sandbox/require-dpop', { app: 'mobile', required: 'true' }],
      ['/sandbox/service-app/scopes', { scope: 'okta.unknown.read', granted: 'true' }],
      ['/sandbox/service-app/role', { role: 'ORG_OWNER' }],
    ] as const) {
      const refused = await browser.request(`${h.baseUrl}${path}`, { form: { _csrf: csrf, ...form } });
      assert.equal(refused.status, 400, path);
    }
    assert.deepEqual(h.sandbox.org.serviceApp.adminRoles, ['READ_ONLY_ADMIN']);
  });
});
