import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Harness, startHarness } from '../../helpers/app-harness.ts';
import { csrfOf } from '../../helpers/app-session.ts';
import { Browser } from '../../helpers/browser.ts';

let h: Harness;

function step(html: string, id: string): { status: string; text: string } {
  const found = new RegExp(`<li id="step-${id}" class="panel">[\\s\\S]*?</li>`).exec(html)?.[0];
  assert.ok(found, `the guide has the step ${id}`);
  const status = /<p class="teach-verdict teach-verdict-([a-z]+)">/.exec(found)?.[1] ?? '';
  const text = found
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');
  return { status, text };
}

async function guide(): Promise<string> {
  const page = await new Browser().request(`${h.baseUrl}/guide`);
  assert.equal(page.status, 200);
  return page.body;
}

/** Makes a change in the sandbox console, as its buttons do (a POST with the console's CSRF token). */
async function consoleChange(path: string, form: Record<string, string>): Promise<void> {
  const admin = new Browser();
  const consolePage = await admin.request(`${h.baseUrl}/sandbox`);
  const changed = await admin.request(`${h.baseUrl}${path}`, {
    method: 'POST',
    form: { _csrf: csrfOf(consolePage.body), ...form },
  });
  assert.ok(changed.status === 200 || changed.status === 303, `${path} answered ${changed.status}`);
}

before(async () => {
  h = await startHarness({ sandbox: { rateLimits: false } });
});
after(() => h.close());

describe("/guide: the service-app path, checked against the sandbox's API Services app", () => {
  test('as the sandbox starts: the app, its key, both scopes and its Read-only Administrator role are verified', async () => {
    const html = await guide();
    const { serviceApp } = h.sandbox.org;
    assert.equal(step(html, 'service-create-app').status, 'verified');
    assert.match(step(html, 'service-create-app').text, new RegExp(serviceApp.clientId));
    assert.equal(step(html, 'service-public-key').status, 'verified');
    assert.match(step(html, 'service-public-key').text, new RegExp(`key id ${String(serviceApp.publicJwk.kid)}`));
    assert.equal(step(html, 'service-grant-scopes').status, 'verified');
    assert.equal(step(html, 'service-admin-role').status, 'verified');
    assert.match(step(html, 'service-admin-role').text, /Read-only Administrator/);
  });

  test('a scope revoked from the service app in the console: step 3 shows it missing, and verified once granted back', async () => {
    await consoleChange('/sandbox/service-app/scopes', { scope: 'okta.users.read', granted: 'false' });
    try {
      const revoked = step(await guide(), 'service-grant-scopes');
      assert.equal(revoked.status, 'failed');
      assert.match(revoked.text, /Not granted: okta\.users\.read/);
      assert.match(revoked.text, /Fix: Grant okta\.users\.read on the service app's Okta API Scopes tab/);
    } finally {
      await consoleChange('/sandbox/service-app/scopes', { scope: 'okta.users.read', granted: 'true' });
    }
    assert.equal(step(await guide(), 'service-grant-scopes').status, 'verified');
  });

  test("the app's role changed to Report Administrator in the console: step 4 says users cannot be read", async () => {
    await consoleChange('/sandbox/service-app/role', { role: 'REPORT_ADMIN' });
    try {
      const reports = step(await guide(), 'service-admin-role');
      assert.equal(reports.status, 'failed');
      assert.match(reports.text, /does not cover okta\.users\.read/);
    } finally {
      await consoleChange('/sandbox/service-app/role', { role: 'READ_ONLY_ADMIN' });
    }
    assert.equal(step(await guide(), 'service-admin-role').status, 'verified');
  });

  test('Require DPoP ticked on the service app in the console: step 5 says so, the CLI gets --dpop and dpop: true', async () => {
    const cliOf = (html: string) =>
      /<section class="panel" id="service-app-cli"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    const before = await guide();
    assert.equal(step(before, 'service-dpop').status, 'unchecked');
    assert.match(step(before, 'service-dpop').text, /Not required \(optional\)/);
    assert.doesNotMatch(cliOf(before), /--dpop|dpop: true/);
    await consoleChange('/sandbox/require-dpop', { app: 'service', required: 'true' });
    try {
      const after = await guide();
      assert.equal(step(after, 'service-dpop').status, 'verified');
      assert.match(cliOf(after), /--dpop/);
      assert.match(cliOf(after), /dpop: true/);
    } finally {
      await consoleChange('/sandbox/require-dpop', { app: 'service', required: 'false' });
    }
  });

  test("okta.yaml and the CLI command carry the sandbox service app's client id and key id, never a private key", async () => {
    const html = await guide();
    const { serviceApp } = h.sandbox.org;
    const cli = /<section class="panel" id="service-app-cli"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    assert.match(cli, /authorizationMode: &quot;PrivateKey&quot;/);
    assert.match(cli, new RegExp(`clientId: &quot;${serviceApp.clientId}&quot;`));
    assert.match(cli, new RegExp(`keyId: &quot;${String(serviceApp.publicJwk.kid)}&quot;`));
    assert.match(cli, /npx okta-scoped-viewer logs export --since \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
    assert.match(cli, new RegExp(`--org-url ${h.sandbox.issuer}`));
    const privateD = String(serviceApp.privateJwk.d);
    assert.ok(!html.includes(privateD), "the service app's private key is not on the page");
    assert.doesNotMatch(html, /PRIVATE KEY-----/);
  });

  test('the key pair is made in the browser: the page loads the script from the app, and no route makes keys', async () => {
    const html = await guide();
    assert.match(html, /<script src="\/public\/js\/guide-keygen\.js" defer><\/script>/);
    assert.match(html, /<div class="teach-keygen" data-keygen hidden>/);
    const script = await new Browser().request(`${h.baseUrl}/public/js/guide-keygen.js`);
    assert.equal(script.status, 200);
    assert.match(script.body, /crypto\.subtle\.generateKey/);
  });
});
