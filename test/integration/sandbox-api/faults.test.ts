import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type ApiHarness, rawGet, startApi } from './harness.ts';

describe('fault switches', () => {
  let h: ApiHarness;
  let auth: Record<string, string>;

  before(async () => {
    h = await startApi({ rateLimits: false, seed: { users: 10, events: 200 } });
    auth = { authorization: `SSWS ${h.org.apiToken.token}` };
  });
  after(() => h.close());

  test('are off by default', async () => {
    assert.deepEqual(h.api.faults.rules, []);
    assert.equal((await rawGet(h.baseUrl, '/api/v1/logs', auth)).status, 200);
  });

  test('forced 429, 500 and 503 answer with Okta error bodies and the usual headers, only on matching paths', async () => {
    const cases = [
      { status: 429 as const, code: 'E0000047', summary: 'API call exceeded rate limit due to too many requests.' },
      { status: 500 as const, code: 'E0000009', summary: 'Internal Server Error' },
      { status: 503 as const, code: 'E0000009', summary: 'Service Unavailable' },
    ];
    for (const c of cases) {
      const remove = h.api.faults.set({ path: '/api/v1/logs', status: c.status });
      const response = await rawGet(h.baseUrl, '/api/v1/logs?limit=1', auth);
      assert.equal(response.status, c.status);
      const body = JSON.parse(response.body);
      assert.equal(body.errorCode, c.code);
      assert.equal(body.errorSummary, c.summary);
      assert.equal(response.header('x-okta-request-id').length, 1);
      assert.equal(response.header('x-rate-limit-reset').length, 1);
      if (c.status === 429) assert.equal(response.header('x-rate-limit-remaining')[0], '0');
      assert.equal((await rawGet(h.baseUrl, '/api/v1/users?limit=1', auth)).status, 200, 'other paths are unaffected');
      remove();
      assert.equal((await rawGet(h.baseUrl, '/api/v1/logs?limit=1', auth)).status, 200, 'removed');
    }
  });

  test('patterns: prefix with *, RegExp, method, and times', async () => {
    h.api.faults.set({ path: '/api/v1/users*', status: 500, times: 2 });
    const user = h.org.directory.users()[0];
    assert.equal((await rawGet(h.baseUrl, '/api/v1/users', auth)).status, 500);
    assert.equal((await rawGet(h.baseUrl, `/api/v1/users/${user?.id}`, auth)).status, 500);
    assert.equal((await rawGet(h.baseUrl, '/api/v1/users', auth)).status, 200, 'used up after two requests');
    const remove = h.api.faults.set({ path: /^\/api\/v1\/users\/[^/]+$/, method: 'GET', status: 503 });
    assert.equal((await rawGet(h.baseUrl, `/api/v1/users/${user?.id}`, auth)).status, 503);
    assert.equal((await rawGet(h.baseUrl, '/api/v1/users', auth)).status, 200);
    remove();
    h.api.faults.set({ path: '/api/v1/logs', method: 'POST', status: 500 });
    assert.equal((await rawGet(h.baseUrl, '/api/v1/logs', auth)).status, 200, 'method must match');
    h.api.faults.clear();
    assert.deepEqual(h.api.faults.rules, []);
  });

  test('malformed JSON: 200 with a body that does not parse', async () => {
    h.api.faults.set({ path: '/api/v1/logs', malformedJson: true, times: 1 });
    const response = await rawGet(h.baseUrl, '/api/v1/logs?limit=3', auth);
    assert.equal(response.status, 200);
    assert.equal(Number(response.header('content-length')[0]), Buffer.byteLength(response.body));
    assert.throws(() => JSON.parse(response.body), SyntaxError);
    const fine = await rawGet(h.baseUrl, '/api/v1/logs?limit=3', auth);
    assert.equal((JSON.parse(fine.body) as unknown[]).length, 3);
  });

  test('connection reset: the socket is reset without an answer', async () => {
    h.api.faults.set({ path: '/api/v1/users', connectionReset: true, times: 1 });
    await assert.rejects(rawGet(h.baseUrl, '/api/v1/users', auth), (error: NodeJS.ErrnoException) => {
      assert.equal(error.code, 'ECONNRESET');
      return true;
    });
    assert.equal(h.api.received.last()?.outcome, 'reset');
    assert.equal((await rawGet(h.baseUrl, '/api/v1/users', auth)).status, 200);
  });

  test('latency: the request is answered normally once the delay has passed', async () => {
    h.api.faults.set({ path: '/api/v1/users', latencyMs: 30, times: 1 });
    const response = await rawGet(h.baseUrl, '/api/v1/users?limit=2', auth);
    assert.equal(response.status, 200);
    assert.equal((JSON.parse(response.body) as unknown[]).length, 2);
  });
});

describe('fault switches that hold requests', () => {
  test('a long latency and a hang keep requests open while others are served; close() ends them', async () => {
    const h = await startApi({
      rateLimits: false,
      seed: { users: 5, events: 20 },
      faults: [
        { path: '/api/v1/logs', hang: true },
        { path: '/api/v1/users', latencyMs: 600_000 },
      ],
    });
    const auth = { authorization: `SSWS ${h.org.apiToken.token}` };
    let settled = 0;
    const hung = rawGet(h.baseUrl, '/api/v1/logs', auth).finally(() => {
      settled += 1;
    });
    const slow = rawGet(h.baseUrl, '/api/v1/users', auth).finally(() => {
      settled += 1;
    });
    hung.catch(() => {});
    slow.catch(() => {});
    // Wait (bounded) until both requests have arrived, serving other requests meanwhile.
    for (let i = 0; i < 200 && h.api.received.all().filter((r) => r.url !== '/api/v1/apps').length < 2; i += 1) {
      await rawGet(h.baseUrl, '/api/v1/apps', auth);
    }
    const user = h.org.directory.users()[0];
    assert.equal((await rawGet(h.baseUrl, `/api/v1/users/${user?.id}`, auth)).status, 200, 'other paths are served');
    assert.equal(settled, 0, 'neither held request has been answered');
    const held = h.api.received.all().filter((r) => r.url === '/api/v1/logs' || r.url === '/api/v1/users');
    assert.deepEqual(held.map((r) => [r.url, r.outcome, r.status]).sort(), [
      ['/api/v1/logs', 'hung', undefined],
      ['/api/v1/users', 'pending', undefined],
    ]);
    await h.close();
    const results = await Promise.allSettled([hung, slow]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected'],
      'closing the API drops held connections instead of answering',
    );
  });
});
