import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createOktaClient, type OktaClient } from '../../../src/okta/client.ts';
import { InvalidQueryError, UnsafeNextLinkError } from '../../../src/okta/errors.ts';
import { and, compare, filterEq } from '../../../src/okta/scim.ts';
import { FakeOrg, links, ORIGIN } from './fake-org.ts';

let org: FakeOrg;
let client: OktaClient;
beforeEach(() => {
  org = new FakeOrg();
  client = createOktaClient({ orgUrl: ORIGIN, accessToken: 'at', dispatcher: org.agent });
});
afterEach(async () => {
  await org.close();
});

const users = (...ids: string[]) =>
  ids.map((id) => ({ id, status: 'ACTIVE', profile: { login: `${id}@example.com` } }));

describe('users.list and paging', () => {
  test('search, sort and limit go out as Okta names them', async () => {
    org.on(() => true, { status: 200, body: [] });
    await client.users.list({
      search: and(filterEq('profile.department', 'R&D "Labs"'), compare('status', 'eq', 'ACTIVE')),
      limit: 200,
      sortBy: 'profile.lastName',
      sortOrder: 'desc',
    });
    assert.deepEqual(
      [...(org.requests[0]?.url.searchParams.entries() ?? [])],
      [
        ['search', 'profile.department eq "R&D \\"Labs\\"" and status eq "ACTIVE"'],
        ['limit', '200'],
        ['sortBy', 'profile.lastName'],
        ['sortOrder', 'desc'],
      ],
    );
  });

  test('all() follows next links (the after cursor is the last id) to the end', async () => {
    org.on('/api/v1/users?limit=2', {
      status: 200,
      body: users('00u1', '00u2'),
      headers: { link: links(`${ORIGIN}/api/v1/users?limit=2`, `${ORIGIN}/api/v1/users?after=00u2&limit=2`) },
    });
    org.on('/api/v1/users?after=00u2&limit=2', {
      status: 200,
      body: users('00u3'),
      headers: { link: links(`${ORIGIN}/api/v1/users?after=00u2&limit=2`) },
    });
    const ids = [];
    for await (const user of client.users.all({ limit: 2 })) ids.push(user.id);
    assert.deepEqual(ids, ['00u1', '00u2', '00u3']);
  });

  test('a next link onto the logs endpoint is refused: pages stay on /api/v1/users', async () => {
    org.on(() => true, {
      status: 200,
      body: users('00u1'),
      headers: { link: [`<${ORIGIN}/api/v1/logs?after=x>; rel="next"`] },
    });
    await assert.rejects(client.users.list(), UnsafeNextLinkError);
  });

  for (const [description, query] of [
    ['limit 0', { limit: 0 }],
    ['limit 201', { limit: 201 }],
    ['sortBy without search', { sortBy: 'profile.lastName' }],
    ['a sortBy that is not an attribute', { search: filterEq('status', 'ACTIVE'), sortBy: 'x) or (y' }],
  ] as const) {
    test(`${description} is refused before any request`, async () => {
      await assert.rejects(client.users.list(query), InvalidQueryError);
      assert.equal(org.requests.length, 0);
    });
  }
});

describe('users.get', () => {
  test('a login is percent-encoded into one path segment', async () => {
    org.on(() => true, { status: 200, body: users('00u9')[0], headers: { 'x-okta-request-id': 'req-user' } });
    const fetched = await client.users.get('a/b?c#d@example.com');
    assert.equal(fetched.item.id, '00u9');
    assert.equal(fetched.requestId, 'req-user');
    assert.equal(org.requests[0]?.path, '/api/v1/users/a%2Fb%3Fc%23d%40example.com');
  });

  for (const value of ['', '  ', '.', '..']) {
    test(`"${value}" is refused: it would not name a user (or would change the path)`, async () => {
      await assert.rejects(client.users.get(value), InvalidQueryError);
      assert.equal(org.requests.length, 0);
    });
  }
});
