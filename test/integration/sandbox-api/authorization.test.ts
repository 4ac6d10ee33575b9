import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type ApiHarness, rawGet, startApi } from './harness.ts';

const SCOPE_DESCRIPTION = 'The access token provided does not contain the required scopes.';

describe('management API authorization', () => {
  let h: ApiHarness;
  let org: ApiHarness['org'];
  const account = (login: string) => {
    const found = org.directory.accounts().find((a) => a.login === login);
    assert.ok(found, login);
    return found;
  };

  before(async () => {
    h = await startApi({ rateLimits: false, seed: { users: 10, events: 50 } });
    org = h.org;
    const all = ['okta.logs.read', 'okta.users.read'];
    h.tokens.set('super', {
      clientId: org.webApp.clientId,
      userId: account('admin@sandbox.example').userId,
      scopes: all,
    });
    h.tokens.set('users-only', {
      clientId: org.webApp.clientId,
      userId: account('admin@sandbox.example').userId,
      scopes: ['okta.users.read'],
    });
    h.tokens.set('reports', {
      clientId: org.webApp.clientId,
      userId: account('reports@sandbox.example').userId,
      scopes: all,
    });
    h.tokens.set('plain', {
      clientId: org.webApp.clientId,
      userId: account('user@sandbox.example').userId,
      scopes: all,
    });
    h.tokens.set('service', { clientId: org.serviceApp.clientId, scopes: all });
    h.tokens.set('unknown-client', { clientId: '0oaSOMEOTHERAPP00000', scopes: all });
    h.tokens.set('groups', {
      clientId: org.webApp.clientId,
      userId: account('admin@sandbox.example').userId,
      scopes: [...all, 'okta.groups.read', 'okta.apps.read', 'okta.factors.read'],
    });
  });
  after(() => h.close());

  test('missing, unknown and malformed credentials are 401 E0000011 with an invalid_token challenge', async () => {
    const cases: { description: string; headers: Record<string, string> }[] = [
      { description: 'no Authorization header', headers: {} },
      { description: 'an unknown (expired or revoked) bearer token', headers: { authorization: 'Bearer not-issued' } },
      { description: 'a bearer scheme without token', headers: { authorization: 'Bearer' } },
      { description: 'an access token sent as SSWS', headers: { authorization: 'SSWS super' } },
      { description: 'another scheme', headers: { authorization: 'Basic dXNlcjpwYXNz' } },
    ];
    for (const c of cases) {
      const response = await rawGet(h.baseUrl, '/api/v1/logs', c.headers);
      assert.equal(response.status, 401, c.description);
      const body = JSON.parse(response.body);
      assert.equal(body.errorCode, 'E0000011', c.description);
      assert.equal(body.errorSummary, 'Invalid token provided');
      assert.equal(body.errorLink, 'E0000011');
      assert.deepEqual(body.errorCauses, []);
      assert.deepEqual(response.header('www-authenticate'), [
        `Bearer authorization_uri="${org.orgUrl}/oauth2/v1/authorize", realm="${org.orgUrl}", error="invalid_token", error_description="The access token is invalid."`,
      ]);
    }
  });

  test('a token without the endpoint scope is 403 with no body and exactly Okta challenge', async () => {
    const response = await rawGet(h.baseUrl, '/api/v1/logs?limit=5&filter=x', { authorization: 'Bearer users-only' });
    assert.equal(response.status, 403);
    assert.equal(response.body, '');
    assert.equal(response.header('content-length')[0], '0');
    assert.deepEqual(response.header('www-authenticate'), [
      `Bearer authorization_uri="${org.orgUrl}/oauth2/v1/authorize", realm="${org.orgUrl}", scope="okta.logs.read", error="insufficient_scope", error_description="${SCOPE_DESCRIPTION}", resource="/api/v1/logs"`,
    ]);
  });

  test('scope per path: groups, apps and factors need their own scope', async () => {
    const user = org.directory.users()[0];
    const cases: { path: string; scope: string; resource: string }[] = [
      { path: '/api/v1/groups', scope: 'okta.groups.read', resource: '/api/v1/groups' },
      { path: '/api/v1/groups/00g1234?expand=stats', scope: 'okta.groups.read', resource: '/api/v1/groups/00g1234' },
      { path: '/api/v1/apps?limit=2', scope: 'okta.apps.read', resource: '/api/v1/apps' },
      {
        path: `/api/v1/users/${user?.id}/factors`,
        scope: 'okta.factors.read',
        resource: `/api/v1/users/${user?.id}/factors`,
      },
      { path: '/api/v1/policies?type=OKTA_SIGN_ON', scope: 'okta.policies.read', resource: '/api/v1/policies' },
      {
        path: '/api/v1/authorizationServers',
        scope: 'okta.authorizationServers.read',
        resource: '/api/v1/authorizationServers',
      },
    ];
    for (const c of cases) {
      const response = await rawGet(h.baseUrl, c.path, { authorization: 'Bearer super' });
      assert.equal(response.status, 403, c.path);
      assert.equal(response.body, '');
      const challenge = response.header('www-authenticate')[0] ?? '';
      assert.ok(challenge.includes(`scope="${c.scope}"`), `${c.path}: ${challenge}`);
      assert.ok(challenge.endsWith(`resource="${c.resource}"`), `${c.path}: ${challenge}`);
    }
  });

  test('with the scope (or SSWS) those paths answer with a plausible body or 404 E0000007', async () => {
    const user = org.directory.users()[0];
    for (const auth of ['Bearer groups', `SSWS ${org.apiToken.token}`]) {
      for (const path of ['/api/v1/groups', '/api/v1/apps', `/api/v1/users/${user?.id}/factors`]) {
        const response = await rawGet(h.baseUrl, path, { authorization: auth });
        assert.equal(response.status, 200, `${auth} ${path}`);
        assert.deepEqual(JSON.parse(response.body), []);
      }
      const group = await rawGet(h.baseUrl, '/api/v1/groups/00gMISSING', { authorization: auth });
      assert.equal(group.status, 404);
      assert.equal(JSON.parse(group.body).errorSummary, 'Not found: Resource not found: 00gMISSING (Group)');
      const factorsOfNobody = await rawGet(h.baseUrl, '/api/v1/users/00uNOBODY/factors', { authorization: auth });
      assert.equal(JSON.parse(factorsOfNobody.body).errorSummary, 'Not found: Resource not found: 00uNOBODY (User)');
    }
  });

  test('scope present but the admin role lacks the permission is 403 E0000006 (silent downscoping)', async () => {
    const cases: { description: string; token: string; path: string; status: number }[] = [
      { description: 'report admin reads logs', token: 'reports', path: '/api/v1/logs', status: 200 },
      { description: 'report admin reads users', token: 'reports', path: '/api/v1/users', status: 403 },
      { description: 'no admin role reads logs', token: 'plain', path: '/api/v1/logs', status: 403 },
      { description: 'no admin role reads users', token: 'plain', path: '/api/v1/users', status: 403 },
      {
        description: 'service app (read-only admin) reads users',
        token: 'service',
        path: '/api/v1/users',
        status: 200,
      },
      { description: 'a client with no admin roles', token: 'unknown-client', path: '/api/v1/logs', status: 403 },
    ];
    for (const c of cases) {
      const response = await rawGet(h.baseUrl, c.path, { authorization: `Bearer ${c.token}` });
      assert.equal(response.status, c.status, c.description);
      if (c.status === 403) {
        assert.deepEqual(JSON.parse(response.body).errorCode, 'E0000006', c.description);
        assert.equal(
          JSON.parse(response.body).errorSummary,
          'You do not have permission to perform the requested action',
        );
        assert.equal(response.header('www-authenticate').length, 0);
      }
    }
  });

  test('the SSWS API token acts as the super admin with every scope; a wrong one is 401', async () => {
    for (const path of ['/api/v1/logs', '/api/v1/users', '/api/v1/policies']) {
      const response = await rawGet(h.baseUrl, path, { authorization: `SSWS ${org.apiToken.token}` });
      assert.equal(response.status, 200, path);
    }
    const wrong = await rawGet(h.baseUrl, '/api/v1/users', { authorization: `SSWS ${org.apiToken.token}x` });
    assert.equal(wrong.status, 401);
    assert.equal(JSON.parse(wrong.body).errorCode, 'E0000011');
  });

  test('writes need the manage scope; the sandbox org is read-only even then', async () => {
    const post = await fetch(`${h.baseUrl}/api/v1/users`, {
      method: 'POST',
      headers: { authorization: 'Bearer super' },
      body: '{}',
    });
    assert.equal(post.status, 403);
    assert.ok(post.headers.get('www-authenticate')?.includes('scope="okta.users.manage"'));
    const ssws = await fetch(`${h.baseUrl}/api/v1/users`, {
      method: 'POST',
      headers: { authorization: `SSWS ${org.apiToken.token}` },
      body: '{}',
    });
    assert.equal(ssws.status, 405);
    assert.equal(((await ssws.json()) as { errorCode: string }).errorCode, 'E0000022');
  });

  test('every response carries X-Okta-Request-Id, Date, Content-Type and one of each X-Rate-Limit header', async () => {
    const cases: { path: string; headers: Record<string, string>; status: number }[] = [
      { path: '/api/v1/logs', headers: { authorization: 'Bearer super' }, status: 200 },
      { path: '/api/v1/logs?until=bad', headers: { authorization: 'Bearer super' }, status: 400 },
      { path: '/api/v1/logs', headers: {}, status: 401 },
      { path: '/api/v1/logs', headers: { authorization: 'Bearer users-only' }, status: 403 },
      { path: '/api/v1/users/none', headers: { authorization: 'Bearer super' }, status: 404 },
      { path: '/api/v1/nothing-here', headers: { authorization: 'Bearer super' }, status: 404 },
    ];
    const requestIds = new Set<string>();
    for (const c of cases) {
      const response = await rawGet(h.baseUrl, c.path, c.headers);
      assert.equal(response.status, c.status, c.path);
      const requestId = response.header('x-okta-request-id');
      assert.equal(requestId.length, 1);
      requestIds.add(requestId[0] as string);
      assert.ok(!Number.isNaN(Date.parse(response.header('date')[0] ?? '')), 'Date');
      assert.deepEqual(response.header('content-type'), ['application/json']);
      for (const name of ['x-rate-limit-limit', 'x-rate-limit-remaining', 'x-rate-limit-reset']) {
        assert.equal(response.header(name).length, 1, `${c.path} ${name}`);
        assert.match(response.header(name)[0] ?? '', /^\d+$/);
      }
    }
    assert.equal(requestIds.size, cases.length, 'request ids are unique');
  });

  test('received records what the app sent: method, path and query, auth scheme (never the token), status', async () => {
    h.api.received.clear();
    await rawGet(h.baseUrl, '/api/v1/users?limit=3', { authorization: 'Bearer super' });
    await rawGet(h.baseUrl, '/api/v1/logs', {
      authorization: `SSWS ${org.apiToken.token}`,
      'x-okta-retry-for': 'req1',
      'x-okta-retry-count': '1',
    });
    await rawGet(h.baseUrl, '/api/v1/logs', {});
    const seen = h.api.received.all().map(({ method, url, authScheme, status, retryFor, retryCount }) => ({
      method,
      url,
      authScheme,
      status,
      retryFor,
      retryCount,
    }));
    assert.deepEqual(seen, [
      {
        method: 'GET',
        url: '/api/v1/users?limit=3',
        authScheme: 'Bearer',
        status: 200,
        retryFor: null,
        retryCount: null,
      },
      { method: 'GET', url: '/api/v1/logs', authScheme: 'SSWS', status: 200, retryFor: 'req1', retryCount: '1' },
      { method: 'GET', url: '/api/v1/logs', authScheme: null, status: 401, retryFor: null, retryCount: null },
    ]);
    assert.ok(!JSON.stringify(h.api.received.all()).includes(org.apiToken.token), 'the token is never recorded');
  });
});

describe('an org URL configured with a trailing slash', () => {
  test('links and challenges still use https://{yourOktaDomain} without it', async () => {
    const h = await startApi({ orgUrlWithSlash: true, rateLimits: false, seed: { users: 5, events: 20 } });
    try {
      assert.equal(h.org.orgUrl, `${h.baseUrl}/`);
      h.tokens.set('t', { clientId: h.org.webApp.clientId, scopes: [] });
      const refused = await rawGet(h.baseUrl, '/api/v1/users', { authorization: 'Bearer t' });
      assert.ok(
        refused
          .header('www-authenticate')[0]
          ?.startsWith(`Bearer authorization_uri="${h.baseUrl}/oauth2/v1/authorize", realm="${h.baseUrl}", `),
      );
      const listed = await rawGet(h.baseUrl, '/api/v1/users?limit=2', {
        authorization: `SSWS ${h.org.apiToken.token}`,
      });
      const links = listed.header('link');
      assert.equal(links.length, 2);
      for (const line of links) assert.ok(line.startsWith(`<${h.baseUrl}/api/v1/users?`), line);
    } finally {
      await h.close();
    }
  });
});
