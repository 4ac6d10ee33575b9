import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { OktaUser } from '../../../src/sandbox/okta-types.ts';
import { type ApiHarness, linkUrl, type RawResponse, rawGet, startApi } from './harness.ts';

function users(response: RawResponse): OktaUser[] {
  assert.equal(response.status, 200, response.body);
  return JSON.parse(response.body) as OktaUser[];
}

const byId = (a: OktaUser, b: OktaUser) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const ids = (list: OktaUser[]) => list.map((u) => u.id);

describe('GET /api/v1/users', () => {
  let h: ApiHarness;
  let auth: Record<string, string>;
  let all: OktaUser[];

  before(async () => {
    h = await startApi({ rateLimits: false, seed: { users: 260, events: 10 } });
    auth = { authorization: `SSWS ${h.org.apiToken.token}` };
    all = h.org.directory.users();
  });
  after(() => h.close());

  const get = (query: string) => rawGet(h.baseUrl, `/api/v1/users${query}`, auth);

  test('lists 200 by default in id order, omits DEPROVISIONED, and pages with after = the last id', async () => {
    const visible = all.filter((u) => u.status !== 'DEPROVISIONED').sort(byId);
    assert.ok(visible.length > 200 && visible.length < all.length);
    const first = await get('');
    const page1 = users(first);
    assert.deepEqual(ids(page1), ids(visible.slice(0, 200)));
    const next = new URL(linkUrl(first, 'next') ?? '');
    assert.equal(next.origin, h.org.orgUrl);
    assert.equal(next.searchParams.get('after'), page1.at(-1)?.id);
    const second = await rawGet(h.baseUrl, next.href, auth);
    assert.deepEqual(ids(users(second)), ids(visible.slice(200)));
    assert.equal(linkUrl(second, 'next'), undefined, 'the last page has no next');
    assert.equal(second.header('link').length, 1, 'only rel="self" on the last page');
  });

  test('limit pages in smaller steps and is capped at 200', async () => {
    const visible = all.filter((u) => u.status !== 'DEPROVISIONED').sort(byId);
    const got: string[] = [];
    let path: string | undefined = '/api/v1/users?limit=37';
    for (let i = 0; i < Math.ceil(visible.length / 37) + 2 && path; i += 1) {
      const response = await rawGet(h.baseUrl, path, auth);
      got.push(...ids(users(response)));
      path = linkUrl(response, 'next');
    }
    assert.equal(path, undefined);
    assert.deepEqual(got, ids(visible));
    assert.equal(users(await get('?limit=500')).length, 200);
  });

  test('filter: the 7 properties with eq (lastUpdated also gt/ge/lt/le), and/or, case-sensitive values, DEPROVISIONED included', async () => {
    const deprovisioned = all.filter((u) => u.status === 'DEPROVISIONED');
    assert.ok(deprovisioned.length > 0);
    assert.deepEqual(
      ids(users(await get(`?filter=${encodeURIComponent('status eq "DEPROVISIONED"')}`))),
      ids(deprovisioned),
    );
    const sample = all.find((u) => u.status === 'ACTIVE' && u.profile.lastName) as OktaUser;
    const lastName = sample.profile.lastName as string;
    const sameName = all.filter((u) => u.profile.lastName === lastName);
    assert.deepEqual(
      ids(users(await get(`?filter=${encodeURIComponent(`profile.lastName eq "${lastName}"`)}`))),
      ids(sameName),
    );
    assert.deepEqual(
      users(await get(`?filter=${encodeURIComponent(`profile.lastName eq "${lastName.toUpperCase()}"`)}`)),
      [],
    );
    const cut = all.map((u) => u.lastUpdated).sort()[Math.floor(all.length / 2)] as string;
    const newer = all.filter((u) => Date.parse(u.lastUpdated) > Date.parse(cut));
    assert.deepEqual(ids(users(await get(`?filter=${encodeURIComponent(`lastUpdated gt "${cut}"`)}`))), ids(newer));
    const either = all.filter((u) => u.status === 'STAGED' || u.status === 'SUSPENDED');
    assert.deepEqual(
      ids(users(await get(`?filter=${encodeURIComponent('status eq "STAGED" or status eq "SUSPENDED"')}`))),
      ids(either),
    );
  });

  test('filter refuses other properties, other operators and not with E0000031', async () => {
    for (const filter of [
      'profile.department eq "Engineering"',
      'status ne "ACTIVE"',
      'profile.login sw "a"',
      'not (status eq "ACTIVE")',
    ]) {
      const response = await get(`?filter=${encodeURIComponent(filter)}`);
      assert.equal(response.status, 400, filter);
      const body = JSON.parse(response.body);
      assert.equal(body.errorCode, 'E0000031', filter);
      assert.equal(body.errorSummary, 'Invalid search criteria.');
      assert.equal(body.errorCauses.length, 1);
    }
  });

  test('search: any profile attribute, case-insensitive values, DEPROVISIONED included, sortBy with ties by id', async () => {
    const department = all.find((u) => u.profile.department === 'Engineering')?.profile.department as string;
    const engineers = all.filter((u) => u.profile.department === department);
    const got = users(await get(`?search=${encodeURIComponent('profile.department eq "ENGINEERING"')}`));
    assert.deepEqual(ids(got), ids(engineers));
    const key = (u: OktaUser) => String(u.profile.lastName ?? '').toLowerCase();
    const sorted = [...engineers].sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : byId(a, b)));
    const search = encodeURIComponent('profile.department eq "Engineering"');
    const collected: string[] = [];
    let path: string | undefined = `/api/v1/users?search=${search}&sortBy=profile.lastName&sortOrder=desc&limit=4`;
    for (let i = 0; i < Math.ceil(sorted.length / 4) + 2 && path; i += 1) {
      const response = await rawGet(h.baseUrl, path, auth);
      collected.push(...ids(users(response)));
      path = linkUrl(response, 'next');
    }
    assert.deepEqual(collected, ids(sorted));
    const staged = all.filter((u) => u.status === 'STAGED' || u.status === 'DEPROVISIONED');
    assert.deepEqual(
      ids(users(await get(`?search=${encodeURIComponent('status eq "staged" or status eq "DEPROVISIONED"')}`))),
      ids(staged),
    );
    const ne = await get(`?search=${encodeURIComponent('status ne "ACTIVE"')}`);
    assert.equal(JSON.parse(ne.body).errorCode, 'E0000031', 'search does not support ne');
  });

  test('sortBy without search is ignored', async () => {
    const page = users(await get('?sortBy=profile.lastName&sortOrder=desc&limit=20'));
    assert.deepEqual(ids(page), ids(all.filter((u) => u.status !== 'DEPROVISIONED').slice(0, 20)));
  });

  test('q: prefix match on firstName, lastName or email, default limit 10, no paging, no DEPROVISIONED', async () => {
    const prefix = 'a';
    const matching = all.filter(
      (u) =>
        u.status !== 'DEPROVISIONED' &&
        [u.profile.firstName, u.profile.lastName, u.profile.email].some(
          (v) => typeof v === 'string' && v.toLowerCase().startsWith(prefix),
        ),
    );
    assert.ok(matching.length > 10);
    const response = await get('?q=A');
    assert.deepEqual(ids(users(response)), ids(matching.slice(0, 10)));
    assert.equal(linkUrl(response, 'next'), undefined, 'q does not page');
    assert.deepEqual(ids(users(await get('?q=a&limit=50'))), ids(matching.slice(0, 50)));
  });
});

describe('GET /api/v1/users/{idOrLogin}', () => {
  let h: ApiHarness;
  let auth: Record<string, string>;

  before(async () => {
    h = await startApi({ rateLimits: false, seed: { users: 20, events: 10 } });
    auth = { authorization: `SSWS ${h.org.apiToken.token}` };
  });
  after(() => h.close());

  test('finds a user by id and by login (case-insensitive)', async () => {
    const user = h.org.directory.users()[5] as OktaUser;
    const byIdResponse = await rawGet(h.baseUrl, `/api/v1/users/${user.id}`, auth);
    assert.equal(byIdResponse.status, 200);
    assert.deepEqual(JSON.parse(byIdResponse.body), user);
    assert.equal(byIdResponse.header('link').length, 0, 'a single resource has no link header');
    const byLogin = await rawGet(
      h.baseUrl,
      `/api/v1/users/${encodeURIComponent(user.profile.login.toUpperCase())}`,
      auth,
    );
    assert.equal(JSON.parse(byLogin.body).id, user.id);
  });

  test('me is the signed-in user of the token', async () => {
    const account = h.org.directory.accounts()[1];
    h.tokens.set('me-token', {
      clientId: h.org.webApp.clientId,
      userId: account?.userId ?? '',
      scopes: ['okta.users.read'],
    });
    const response = await rawGet(h.baseUrl, '/api/v1/users/me', { authorization: 'Bearer me-token' });
    assert.equal(JSON.parse(response.body).id, account?.userId);
  });

  test('an unknown id is 404 E0000007 naming the id and the resource type', async () => {
    const response = await rawGet(h.baseUrl, '/api/v1/users/00uNOPE000000000000', auth);
    assert.equal(response.status, 404);
    const body = JSON.parse(response.body);
    assert.equal(body.errorCode, 'E0000007');
    assert.equal(body.errorSummary, 'Not found: Resource not found: 00uNOPE000000000000 (User)');
    assert.equal(body.errorLink, 'E0000007');
    assert.match(body.errorId, /^oae[A-Za-z0-9]{22}$/);
    assert.deepEqual(body.errorCauses, []);
  });
});
