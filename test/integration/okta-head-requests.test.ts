import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Harness, startHarness } from '../helpers/app-harness.ts';
import { signInToApp } from '../helpers/app-session.ts';

let h: Harness;

before(async () => {
  h = await startHarness({ sandbox: { seed: { users: 10, events: 50 }, rateLimits: { enabled: false } } });
});
after(async () => {
  await h?.close();
});

test('HEAD of a page that reads from Okta is refused with 405 and Allow: GET, without an Okta call', async () => {
  const browser = await signInToApp(h);
  const received = () => h.sandbox.managementApi.received.all().length;
  for (const path of ['/logs?range=1h', '/logs/export.csv?range=1h', '/users']) {
    const before = received();
    const head = await browser.request(`${h.baseUrl}${path}`, { method: 'HEAD' });
    assert.equal(head.status, 405, path);
    assert.equal(head.headers.get('allow'), 'GET', path);
    assert.equal(head.body, '');
    assert.equal(received(), before, `no Okta call for HEAD ${path}`);
  }
  const before = received();
  assert.equal((await browser.request(`${h.baseUrl}/logs?range=1h`)).status, 200, 'GET still works');
  assert.equal(received(), before + 1);
});

test('HEAD of pages that do not call Okta still answers 200', async () => {
  for (const path of ['/', '/guide', '/public/css/app.css']) {
    const head = await fetch(`${h.baseUrl}${path}`, { method: 'HEAD' });
    assert.equal(head.status, 200, path);
  }
});
