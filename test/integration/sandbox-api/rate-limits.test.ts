import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type ApiHarness, type RawResponse, rawGet, startApi } from './harness.ts';

const T0 = Date.parse('2026-06-15T12:00:00.000Z');

function rate(response: RawResponse) {
  return {
    status: response.status,
    limit: Number(response.header('x-rate-limit-limit')[0]),
    remaining: Number(response.header('x-rate-limit-remaining')[0]),
    reset: Number(response.header('x-rate-limit-reset')[0]),
  };
}

describe('rate limits (Integrator Free Plan defaults, 50% per app)', () => {
  let h: ApiHarness;
  let clock = T0;

  before(async () => {
    h = await startApi({ now: () => clock, seed: { users: 10, events: 50, now: new Date(T0) } });
    const admin = h.org.directory.accounts().find((a) => a.adminRoles.includes('SUPER_ADMIN'));
    const scopes = ['okta.logs.read', 'okta.users.read'];
    for (const client of ['appA', 'appB', 'appC']) {
      h.tokens.set(client, { clientId: `0oa${client}`, userId: admin?.userId ?? '', scopes });
    }
  });
  after(() => h.close());

  const logs = (token: string) => rawGet(h.baseUrl, '/api/v1/logs', { authorization: `Bearer ${token}` });

  test('an OAuth app gets 10 of the 20 /api/v1/logs calls per minute, then 429 E0000047 until the window resets', async () => {
    clock = T0;
    h.api.rateLimiter.reset();
    const reset = Math.ceil((T0 + 60_000) / 1000);
    for (let i = 1; i <= 10; i += 1) {
      clock = T0 + (i - 1) * 1000;
      assert.deepEqual(rate(await logs('appA')), { status: 200, limit: 10, remaining: 10 - i, reset }, `call ${i}`);
    }
    const refused = await logs('appA');
    assert.deepEqual(rate(refused), { status: 429, limit: 10, remaining: 0, reset });
    const body = JSON.parse(refused.body);
    assert.equal(body.errorCode, 'E0000047');
    assert.equal(body.errorSummary, 'API call exceeded rate limit due to too many requests.');
    assert.ok(refused.header('date').length === 1 && refused.header('x-okta-request-id').length === 1);

    clock = T0 + 59_999;
    assert.equal((await logs('appA')).status, 429, 'still the same window');
    clock = T0 + 60_000;
    const fresh = rate(await logs('appA'));
    assert.deepEqual(
      fresh,
      { status: 200, limit: 10, remaining: 9, reset: Math.ceil((T0 + 120_000) / 1000) },
      'a new window starts',
    );
  });

  test('the org-wide bucket binds once all apps together reach it', async () => {
    clock = T0;
    h.api.rateLimiter.reset();
    for (let i = 0; i < 10; i += 1) assert.equal((await logs('appA')).status, 200);
    for (let i = 0; i < 10; i += 1) assert.equal((await logs('appB')).status, 200);
    const third = rate(await logs('appC'));
    assert.equal(third.status, 429, 'appC has its own share left, but the org bucket of 20 is spent');
    assert.equal(third.limit, 20);
  });

  test('buckets are separate: users list 50 per app, single user 50 per app, the SSWS token also 50%', async () => {
    clock = T0;
    h.api.rateLimiter.reset();
    assert.equal(rate(await rawGet(h.baseUrl, '/api/v1/users?limit=1', { authorization: 'Bearer appA' })).limit, 50);
    const user = h.org.directory.users()[0];
    const single = rate(await rawGet(h.baseUrl, `/api/v1/users/${user?.id}`, { authorization: 'Bearer appA' }));
    assert.deepEqual([single.limit, single.remaining], [50, 49]);
    const ssws = { authorization: `SSWS ${h.org.apiToken.token}` };
    for (let i = 0; i < 10; i += 1) assert.equal((await rawGet(h.baseUrl, '/api/v1/logs', ssws)).status, 200);
    assert.equal((await rawGet(h.baseUrl, '/api/v1/logs', ssws)).status, 429);
  });

  test('retry headers from SDKs are accepted and ignored', async () => {
    clock = T0;
    h.api.rateLimiter.reset();
    const response = await rawGet(h.baseUrl, '/api/v1/logs', {
      authorization: 'Bearer appA',
      'x-okta-retry-for': 'reqPREVIOUS',
      'x-okta-retry-count': '2',
    });
    assert.deepEqual(rate(response).status, 200);
    assert.equal(rate(response).remaining, 9, 'a retry counts like any request');
  });

  test('limits are configurable and can be switched off at run time', async () => {
    clock = T0;
    h.api.rateLimiter.reset();
    h.api.rateLimiter.configure({ enabled: false });
    for (let i = 0; i < 30; i += 1) assert.equal((await logs('appA')).status, 200);
    h.api.rateLimiter.configure({ enabled: true, logs: 4, perAppShare: 1 });
    h.api.rateLimiter.reset();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await logs('appA')).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 429]);
    h.api.rateLimiter.configure({ logs: 20, perAppShare: 0.5 });
  });
});

describe('rate limits from options', () => {
  test('rateLimits: false never refuses', async () => {
    const h = await startApi({ rateLimits: false, seed: { users: 5, events: 5 } });
    try {
      const ssws = { authorization: `SSWS ${h.org.apiToken.token}` };
      const statuses = new Set<number>();
      for (let i = 0; i < 25; i += 1) statuses.add((await rawGet(h.baseUrl, '/api/v1/logs', ssws)).status);
      assert.deepEqual([...statuses], [200]);
    } finally {
      await h.close();
    }
  });

  test('custom limits apply from the start', async () => {
    const h = await startApi({ rateLimits: { users: 6 }, seed: { users: 5, events: 5 } });
    try {
      const ssws = { authorization: `SSWS ${h.org.apiToken.token}` };
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await rawGet(h.baseUrl, '/api/v1/users', ssws)).status);
      assert.deepEqual(statuses, [200, 200, 200, 429]);
    } finally {
      await h.close();
    }
  });
});
