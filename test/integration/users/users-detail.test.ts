import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { HOSTILE_VALUES } from '../../../src/sandbox/seed/index.ts';
import { type Harness, startHarness } from '../../helpers/app-harness.ts';
import { signInToApp, withoutGrants } from '../../helpers/app-session.ts';
import type { Browser } from '../../helpers/browser.ts';

let h: Harness;
let admin: Browser;

function accountId(login: string): string {
  const id = h.sandbox.org.directory.accounts().find((account) => account.login === login)?.userId;
  assert.ok(id);
  return id;
}

/** The section of the page under the heading with this id. */
function section(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  assert.ok(start >= 0, `the page has a section ${id}`);
  const end = html.indexOf('</section>', start);
  return html.slice(start, end);
}

before(async () => {
  // 120 users: the seed then gives each hostile value to at least one profile title.
  h = await startHarness({ sandbox: { rateLimits: false, seed: { users: 120, events: 1500 } } });
  admin = await signInToApp(h);
});
after(() => h.close());
beforeEach(() => h.sandbox.managementApi.received.clear());

describe('/users/:id', () => {
  test('status, dates and every profile attribute, from GET /api/v1/users/{id}', async () => {
    const id = accountId('readonly@sandbox.example');
    const page = await admin.request(`${h.baseUrl}/users/${id}`);
    assert.equal(page.status, 200);
    assert.equal(h.sandbox.managementApi.received.forPath(`/api/v1/users/${id}`).length, 1);
    assert.match(page.body, /<title>Rory Readonly · okta-scoped-viewer<\/title>/);
    assert.match(page.body, /<span class="badge badge-ok">ACTIVE<\/span>/);
    const profile = section(page.body, 'user-profile');
    for (const name of ['displayName', 'email', 'firstName', 'lastName', 'login']) {
      assert.match(profile, new RegExp(`<dt><code>${name}</code></dt>`), name);
    }
    assert.match(profile, /readonly@sandbox\.example/);
    const facts = section(page.body, 'user-facts');
    assert.match(facts, new RegExp(`<dd>${id}</dd>`));
    assert.match(facts, /<dt>Created<\/dt>\s*<dd>\d{4}-\d\d-\d\d \d\d:\d\d UTC<\/dd>/);
  });

  test("recent activity: the user's System Log events as actor or target, newest first, in one bounded call", async () => {
    const id = accountId('admin@sandbox.example');
    const page = await admin.request(`${h.baseUrl}/users/${id}`);
    const call = h.sandbox.managementApi.received.forPath('/api/v1/logs').at(-1);
    assert.ok(call, 'the app asked the System Log');
    const query = new URL(call.url, 'http://x').searchParams;
    assert.equal(query.get('filter'), `actor.id eq "${id}" or target.id eq "${id}"`);
    assert.equal(query.get('sortOrder'), 'DESCENDING');
    assert.equal(query.get('limit'), '10');
    assert.ok(query.get('since') && query.get('until'), 'a bounded query');
    const activity = section(page.body, 'user-activity');
    const rows = activity.match(/<tr>\s*<td class="teach-nowrap">/g) ?? [];
    assert.ok(rows.length > 0 && rows.length <= 10, `${rows.length} events shown`);
    const times = [...activity.matchAll(/<td class="teach-nowrap">([^<]+)<\/td>/g)].map((m) => m[1] ?? '');
    assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
  });

  test('hostile profile values are text: no markup, no javascript: link, hidden characters made visible', async () => {
    const hostile = h.sandbox.org.directory
      .users()
      .filter((user) => HOSTILE_VALUES.includes(String(user.profile.title)));
    assert.ok(hostile.length >= HOSTILE_VALUES.length - 1, 'the seed carries the hostile values');
    for (const user of hostile) {
      const page = await admin.request(`${h.baseUrl}/users/${user.id}`);
      assert.equal(page.status, 200, user.id);
      const profile = section(page.body, 'user-profile');
      const title = /<dt><code>title<\/code><\/dt>\s*<dd>([\s\S]*?)<\/dd>/.exec(profile)?.[1] ?? '';
      const value = String(user.profile.title);
      assert.ok(title.trim().length > 0, `the title of ${user.id} is shown`);
      assert.doesNotMatch(title, /<(?!span class="badge)[a-z]/i, `no element from ${JSON.stringify(value)}`);
      assert.doesNotMatch(title, /href=/, `${JSON.stringify(value)} is not a link`);
      assert.doesNotMatch(page.body, /<img src=x|<svg onload|<script>alert/);
    }
    const byValue = (value: string) => hostile.find((user) => user.profile.title === value);
    const img = byValue('<img src=x onerror=alert(1)>');
    const crlf = byValue('line one\r\nSet-Cookie: injected=1');
    const rtl = byValue('invoice\u202Efdp.exe');
    const js = byValue('javascript:alert(1)');
    assert.ok(img && crlf && rtl && js);
    assert.match((await admin.request(`${h.baseUrl}/users/${img.id}`)).body, /&lt;img src=x onerror=alert\(1\)&gt;/);
    const crlfPage = (await admin.request(`${h.baseUrl}/users/${crlf.id}`)).body;
    assert.match(crlfPage, /line one\\r\\nSet-Cookie: injected=1/);
    assert.match(crlfPage, /hidden characters shown/);
    assert.match((await admin.request(`${h.baseUrl}/users/${rtl.id}`)).body, /invoice\\u202Efdp\.exe/);
    const jsPage = (await admin.request(`${h.baseUrl}/users/${js.id}`)).body;
    assert.match(jsPage, /<dd>\s*javascript:alert\(1\)\s*<\/dd>/);
    assert.doesNotMatch(jsPage, /href="javascript:/i);
  });

  test('an http(s) profile value becomes a link; other schemes never do', async () => {
    const user = h.sandbox.org.directory.users().find((candidate) => !String(candidate.profile.title).includes('<'));
    assert.ok(user);
    user.profile.profileUrl = 'https://people.example/u/1?a=1&b=2';
    user.profile.homepage = 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==';
    user.profile.website = 'JaVaScRiPt:alert(document.domain)';
    try {
      const profile = section((await admin.request(`${h.baseUrl}/users/${user.id}`)).body, 'user-profile');
      assert.match(
        profile,
        /<a href="https:\/\/people\.example\/u\/1\?a=1&amp;b=2" rel="noopener noreferrer nofollow">https:\/\/people\.example\/u\/1\?a=1&amp;b=2<\/a>/,
      );
      assert.equal((profile.match(/href=/g) ?? []).length, 1, 'only the https value is a link');
    } finally {
      delete user.profile.profileUrl;
      delete user.profile.homepage;
      delete user.profile.website;
    }
  });

  test('a user Okta does not know → the not-found page', async () => {
    const page = await admin.request(`${h.baseUrl}/users/00unothere00000000`);
    assert.equal(page.status, 404);
    assert.match(page.body, /Not found in Okta/);
  });

  test('without okta.logs.read the user is still shown, and the activity section says why, without calling Okta', async () => {
    const browser = await withoutGrants(h, ['okta.logs.read'], () => signInToApp(h));
    h.sandbox.managementApi.received.clear();
    const page = await browser.request(`${h.baseUrl}/users/${accountId('user@sandbox.example')}`);
    assert.equal(page.status, 200);
    const activity = section(page.body, 'user-activity');
    assert.match(activity, /The token does not carry okta\.logs\.read/);
    assert.match(activity, /sign in again/);
    assert.match(activity, /href="\/sandbox\?returnTo=/);
    assert.equal(h.sandbox.managementApi.received.forPath('/api/v1/logs').length, 0);
  });

  test('with a role that may read users but not the System Log, the section explains the admin role', async () => {
    const account = h.sandbox.org.directory.accounts().find((a) => a.login === 'readonly@sandbox.example');
    assert.ok(account);
    const browser = await signInToApp(h, 'readonly@sandbox.example');
    account.adminRoles = ['HELP_DESK_ADMIN'];
    try {
      const page = await browser.request(`${h.baseUrl}/users/${account.userId}`);
      assert.equal(page.status, 200);
      const activity = section(page.body, 'user-activity');
      assert.match(activity, /Your Okta admin role does not allow this/);
      assert.equal(h.sandbox.managementApi.received.forPath('/api/v1/logs').at(-1)?.status, 403);
    } finally {
      account.adminRoles = ['READ_ONLY_ADMIN'];
    }
  });
});
