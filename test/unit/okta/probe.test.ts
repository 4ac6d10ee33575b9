import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { InvalidQueryError, OktaUnavailableError } from '../../../src/okta/errors.ts';
import { probeOkta, probeUrl } from '../../../src/okta/probe.ts';
import { FakeOrg, ORIGIN } from './fake-org.ts';

const SCOPE_CHALLENGE =
  'Bearer authorization_uri="http://example.okta.com/oauth2/v1/authorize", realm="http://example.okta.com", scope="okta.groups.read", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="/api/v1/groups"';

let org: FakeOrg;
beforeEach(() => {
  org = new FakeOrg();
});
afterEach(async () => {
  await org.close();
});

const bearer = { getAccessToken: async () => 'scoped-token' };

describe('probeOkta', () => {
  test('a 200 list: status, request id and how many items, sent once with the bearer token', async () => {
    org.on('/api/v1/users?limit=1', { status: 200, body: [{ id: '00u1' }] });
    const result = await probeOkta({
      orgUrl: ORIGIN,
      path: '/api/v1/users?limit=1',
      dispatcher: org.agent,
      credentials: bearer,
    });
    assert.deepEqual(result, {
      status: 200,
      requestId: 'req-1',
      wwwAuthenticate: undefined,
      errorCode: undefined,
      errorSummary: undefined,
      itemCount: 1,
    });
    assert.equal(org.requests.length, 1);
    assert.equal(org.requests[0]?.headers.authorization, 'Bearer scoped-token');
  });

  test('403 insufficient_scope is returned with the raw WWW-Authenticate header, not thrown', async () => {
    org.on('/api/v1/groups?limit=1', { status: 403, body: '', headers: { 'www-authenticate': SCOPE_CHALLENGE } });
    const result = await probeOkta({
      orgUrl: ORIGIN,
      path: '/api/v1/groups?limit=1',
      dispatcher: org.agent,
      credentials: bearer,
    });
    assert.equal(result.status, 403);
    assert.equal(result.wwwAuthenticate, SCOPE_CHALLENGE);
    assert.equal(result.itemCount, undefined);
  });

  test('403 E0000006 (admin role) carries Okta error code and summary', async () => {
    org.on('/api/v1/users?limit=1', {
      status: 403,
      body: {
        errorCode: 'E0000006',
        errorSummary: 'You do not have permission to perform the requested action',
        errorCauses: [],
      },
    });
    const result = await probeOkta({
      orgUrl: ORIGIN,
      path: '/api/v1/users?limit=1',
      dispatcher: org.agent,
      credentials: bearer,
    });
    assert.equal(result.status, 403);
    assert.equal(result.errorCode, 'E0000006');
    assert.equal(result.errorSummary, 'You do not have permission to perform the requested action');
    assert.equal(result.wwwAuthenticate, undefined);
  });

  test('429 and 503 are reported at once: no retry, no wait', async () => {
    org.on('/api/v1/logs?limit=1', {
      status: 429,
      body: { errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' },
      headers: { 'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 1) },
    });
    org.on('/api/v1/apps?limit=1', { status: 503, body: { errorCode: 'E0000009', errorSummary: 'Unavailable' } });
    const limited = await probeOkta({
      orgUrl: ORIGIN,
      path: '/api/v1/logs?limit=1',
      dispatcher: org.agent,
      credentials: bearer,
    });
    const unavailable = await probeOkta({
      orgUrl: ORIGIN,
      path: '/api/v1/apps?limit=1',
      dispatcher: org.agent,
      credentials: bearer,
    });
    assert.equal(limited.status, 429);
    assert.equal(limited.errorCode, 'E0000047');
    assert.equal(unavailable.status, 503);
    assert.equal(org.requests.length, 2, 'one request each');
  });

  test('an SSWS token goes out with the SSWS scheme; a 401 keeps its challenge', async () => {
    org.on('/api/v1/users/me', {
      status: 401,
      body: { errorCode: 'E0000011', errorSummary: 'Invalid token provided' },
      headers: { 'www-authenticate': 'SSWS realm="IdpError"' },
    });
    const result = await probeOkta({
      orgUrl: ORIGIN,
      path: '/api/v1/users/me',
      dispatcher: org.agent,
      credentials: { apiToken: '00abc' },
    });
    assert.equal(org.requests[0]?.headers.authorization, 'SSWS 00abc');
    assert.equal(result.status, 401);
    assert.equal(result.errorCode, 'E0000011');
    assert.equal(result.wwwAuthenticate, 'SSWS realm="IdpError"');
  });

  test('a request that gets no answer throws the typed error', async () => {
    org.failWith('/api/v1/users?limit=1', 'ECONNREFUSED');
    await assert.rejects(
      probeOkta({ orgUrl: ORIGIN, path: '/api/v1/users?limit=1', dispatcher: org.agent, credentials: bearer }),
      OktaUnavailableError,
    );
  });
});

describe('probeUrl: only /api/v1/ on the org', () => {
  const refused: { description: string; path: string }[] = [
    { description: 'another API root', path: '/oauth2/v1/userinfo' },
    { description: 'an absolute URL', path: 'https://evil.example/api/v1/users' },
    { description: 'a protocol-relative URL', path: '//evil.example/api/v1/users' },
    { description: 'dot segments', path: '/api/v1/../../oauth2/v1/keys' },
    { description: 'encoded dot segments', path: '/api/v1/%2e%2e/%2e%2e/oauth2/v1/keys' },
    { description: 'a backslash', path: '/api/v1/\\evil' },
    { description: 'a line break', path: '/api/v1/users\r\nX-Injected: 1' },
    { description: 'a fragment', path: '/api/v1/users#x' },
  ];
  for (const { description, path } of refused) {
    test(`refuses ${description}`, () => {
      assert.throws(() => probeUrl(ORIGIN, path), InvalidQueryError);
    });
  }

  test('accepts a path with a query and keeps it on the org origin', () => {
    assert.equal(probeUrl(ORIGIN, '/api/v1/users/me/factors').href, `${ORIGIN}/api/v1/users/me/factors`);
    assert.equal(probeUrl(ORIGIN, '/api/v1/groups?limit=1').href, `${ORIGIN}/api/v1/groups?limit=1`);
  });

  test('a refused path sends nothing', async () => {
    await assert.rejects(
      probeOkta({ orgUrl: ORIGIN, path: '/oauth2/v1/keys', dispatcher: org.agent, credentials: bearer }),
      InvalidQueryError,
    );
    assert.equal(org.requests.length, 0);
  });
});
