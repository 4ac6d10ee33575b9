import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { type Harness, startHarness } from '../../helpers/app-harness.ts';
import { signInToApp } from '../../helpers/app-session.ts';
import { Browser } from '../../helpers/browser.ts';

let h: Harness;
let admin: Browser;

/** The query of the last `GET /api/v1/users` the sandbox received, as name/value pairs. */
function lastUsersQuery(): [string, string][] {
  const entry = h.sandbox.managementApi.received.forPath('/api/v1/users').at(-1);
  assert.ok(entry, 'the app called GET /api/v1/users');
  return [...new URL(entry.url, 'http://x').searchParams];
}

/** The user ids the page links to, in order. */
function listedIds(html: string): string[] {
  return [...html.matchAll(/<td class="teach-name"><a href="\/users\/([^"]+)">/g)].map((match) =>
    decodeURIComponent(match[1] ?? ''),
  );
}

function hrefOf(html: string, rel: 'next' | 'prev'): string | undefined {
  const raw = new RegExp(`<a class="button[^"]*" href="([^"]+)" rel="${rel}">`).exec(html)?.[1];
  return raw?.replaceAll('&amp;', '&');
}

before(async () => {
  h = await startHarness({ sandbox: { rateLimits: false } });
  admin = await signInToApp(h);
});
after(() => h.close());
beforeEach(() => h.sandbox.managementApi.received.clear());

describe('/users', () => {
  test('signed out: sent to sign in, and brought back to /users', async () => {
    const page = await new Browser().request(`${h.baseUrl}/users?status=ACTIVE`);
    assert.equal(page.status, 303);
    assert.equal(page.headers.get('location'), `/login?returnTo=${encodeURIComponent('/users?status=ACTIVE')}`);
  });

  test('the first page: one Okta call with limit=20, the columns, status badges, and no cursor in the page', async () => {
    const page = await admin.request(`${h.baseUrl}/users`);
    assert.equal(page.status, 200);
    assert.deepEqual(lastUsersQuery(), [['limit', '20']]);
    const ids = listedIds(page.body);
    assert.equal(ids.length, 20);
    const expected = h.sandbox.org.directory
      .users()
      .filter((user) => user.status !== 'DEPROVISIONED')
      .slice(0, 20)
      .map((user) => user.id);
    assert.deepEqual(ids, expected, "Okta's order (by id), deactivated users left out");
    for (const heading of ['Name', 'Login', 'Email', 'Status', 'Created', 'Last sign-in']) {
      assert.ok(page.body.includes(`<th scope="col">${heading}</th>`), heading);
    }
    assert.match(page.body, /<span class="badge badge-ok">ACTIVE<\/span>/);
    assert.doesNotMatch(page.body, /after=/, "Okta's cursor never reaches the browser");
    assert.match(hrefOf(page.body, 'next') ?? '', /^\/users\?page=[A-Za-z0-9_-]{22}$/);
  });

  test('paging: each next link continues from the last id with the cursor kept server-side, to the end', async () => {
    const seen: string[] = [];
    let href: string | undefined = '/users?limit=10';
    let pages = 0;
    let lastIdOfPreviousPage: string | undefined;
    while (href && pages < 20) {
      const page = await admin.request(`${h.baseUrl}${href}`);
      assert.equal(page.status, 200, href);
      pages++;
      const query = Object.fromEntries(lastUsersQuery());
      assert.equal(query.limit, '10');
      assert.equal(query.after, lastIdOfPreviousPage, `page ${pages} asks Okta for the page after the last id`);
      assert.match(page.body, new RegExp(`Page ${pages}</span>`));
      if (pages > 1) assert.ok(hrefOf(page.body, 'prev'), 'a previous link from page 2 on');
      const ids = listedIds(page.body);
      seen.push(...ids);
      lastIdOfPreviousPage = ids.at(-1);
      href = hrefOf(page.body, 'next');
    }
    const listed = h.sandbox.org.directory.users().filter((user) => user.status !== 'DEPROVISIONED');
    assert.deepEqual(
      seen,
      listed.map((user) => user.id),
      'every user once, in order',
    );
    assert.equal(pages, Math.ceil(listed.length / 10));
  });

  test('the previous link goes back to the page before', async () => {
    const first = await admin.request(`${h.baseUrl}/users?limit=10`);
    const second = await admin.request(`${h.baseUrl}${hrefOf(first.body, 'next')}`);
    const third = await admin.request(`${h.baseUrl}${hrefOf(second.body, 'next')}`);
    const back = await admin.request(`${h.baseUrl}${hrefOf(third.body, 'prev')}`);
    assert.deepEqual(listedIds(back.body), listedIds(second.body));
    const backToFirst = await admin.request(`${h.baseUrl}${hrefOf(second.body, 'prev')}`);
    assert.deepEqual(listedIds(backToFirst.body), listedIds(first.body));
  });

  test('page tokens: unknown, from another session, or for another query → refused with a clear message', async () => {
    const first = await admin.request(`${h.baseUrl}/users?limit=10`);
    const next = hrefOf(first.body, 'next') ?? '';
    const token = new URL(next, h.baseUrl).searchParams.get('page') ?? '';
    h.sandbox.managementApi.received.clear();

    const made = await admin.request(`${h.baseUrl}/users?limit=10&page=AAAAAAAAAAAAAAAAAAAAAA`);
    assert.equal(made.status, 400);
    assert.match(made.body, /This page link no longer works/);
    assert.match(made.body, /paging cursor stays on the server/);
    assert.match(made.body, /<a class="button" href="\/users\?limit=10">First page<\/a>/);

    const other = await signInToApp(h);
    const stolen = await other.request(`${h.baseUrl}${next}`);
    assert.equal(stolen.status, 400, "another browser's token is unknown here");

    const changed = await admin.request(`${h.baseUrl}/users?limit=20&page=${token}`);
    assert.equal(changed.status, 400);
    assert.match(changed.body, /belongs to a different search/);
    assert.equal(h.sandbox.managementApi.received.forPath('/api/v1/users').length, 0, 'Okta was not called');
  });

  test('name prefix alone → q, which Okta does not page', async () => {
    const page = await admin.request(`${h.baseUrl}/users?q=ada`);
    assert.deepEqual(lastUsersQuery(), [
      ['q', 'ada'],
      ['limit', '20'],
    ]);
    const ids = listedIds(page.body);
    assert.ok(ids.length >= 1);
    for (const id of ids) {
      const profile = h.sandbox.org.directory.find(id)?.profile;
      assert.ok(
        [profile?.firstName, profile?.lastName, profile?.email].some((v) => v?.toLowerCase().startsWith('ada')),
      );
    }
    assert.match(page.body, /does not page/);
    assert.equal(hrefOf(page.body, 'next'), undefined);
  });

  test('status filter → search=status eq "…"; DEPROVISIONED users appear when asked for', async () => {
    const page = await admin.request(`${h.baseUrl}/users?status=DEPROVISIONED`);
    assert.deepEqual(lastUsersQuery(), [
      ['search', 'status eq "DEPROVISIONED"'],
      ['limit', '20'],
    ]);
    const ids = listedIds(page.body);
    assert.ok(ids.length >= 1);
    for (const id of ids) assert.equal(h.sandbox.org.directory.find(id)?.status, 'DEPROVISIONED');
    assert.match(page.body, /<option value="DEPROVISIONED" selected>/);
  });

  test('advanced search, status and prefix combine into one search, sorted as asked', async () => {
    const url = `${h.baseUrl}/users?search=${encodeURIComponent('profile.userType eq "Employee"')}&status=ACTIVE&sortBy=profile.lastName&sortOrder=desc&limit=50`;
    const page = await admin.request(url);
    assert.equal(page.status, 200);
    assert.deepEqual(lastUsersQuery(), [
      ['search', '(profile.userType eq "Employee") and status eq "ACTIVE"'],
      ['limit', '50'],
      ['sortBy', 'profile.lastName'],
      ['sortOrder', 'desc'],
    ]);
    const lastNames = listedIds(page.body).map((id) => h.sandbox.org.directory.find(id)?.profile.lastName ?? '');
    assert.ok(lastNames.length > 1);
    const sorted = [...lastNames].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? 1 : -1));
    assert.deepEqual(
      lastNames.map((n) => n.toLowerCase()),
      sorted.map((n) => n.toLowerCase()),
    );
    assert.match(page.body, /<option value="profile.lastName" selected>/);

    await admin.request(`${h.baseUrl}/users?status=ACTIVE&q=an`);
    assert.deepEqual(lastUsersQuery(), [
      [
        'search',
        'status eq "ACTIVE" and (profile.firstName sw "an" or profile.lastName sw "an" or profile.email sw "an")',
      ],
      ['limit', '20'],
    ]);
  });

  test('a sort without a search is not sent, and the page says why', async () => {
    const page = await admin.request(`${h.baseUrl}/users?sortBy=profile.lastName`);
    assert.deepEqual(lastUsersQuery(), [['limit', '20']]);
    assert.match(page.body, /Okta sorts only search results/);
  });

  test("an invalid search: Okta's error is shown next to the search field, with the form kept", async () => {
    const typed = 'profile.department ne "Sales"';
    const page = await admin.request(`${h.baseUrl}/users?search=${encodeURIComponent(typed)}`);
    assert.equal(page.status, 400);
    assert.deepEqual(lastUsersQuery(), [
      ['search', `(${typed})`],
      ['limit', '20'],
    ]);
    const field =
      /<div class="field teach-search-field teach-field-invalid">[\s\S]*?<\/div>\s*<p class="field-hint"/.exec(
        page.body,
      )?.[0];
    assert.ok(field, 'the search field is marked invalid');
    assert.match(field, /aria-invalid="true"/);
    assert.match(field, /value="profile\.department ne &quot;Sales&quot;"/);
    assert.match(field, /<code>E0000031<\/code>/);
    assert.match(field, /Invalid search criteria\./);
    assert.match(field, /The &#39;ne&#39; operator isn&#39;t supported in search\./);
  });

  test('invalid parameters are refused before Okta is called', async () => {
    for (const query of ['status=ANYTHING', 'limit=500', 'sortBy=password', 'page=short']) {
      const page = await admin.request(`${h.baseUrl}/users?${query}`);
      assert.equal(page.status, 400, query);
    }
    assert.equal(h.sandbox.managementApi.received.forPath('/api/v1/users').length, 0);
  });

  test('the back button works: the state is all in the URL', async () => {
    const url = `${h.baseUrl}/users?status=SUSPENDED&limit=10`;
    const first = await admin.request(url);
    await admin.request(`${h.baseUrl}/users?q=zz`);
    const again = await admin.request(url);
    assert.deepEqual(listedIds(again.body), listedIds(first.body));
    assert.match(again.body, /<option value="SUSPENDED" selected>/);
    assert.match(again.body, /<option value="10" selected>/);
  });
});
