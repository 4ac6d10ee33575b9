import assert from 'node:assert/strict';
import { get as httpGet } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { type ApiHarness, rawGet, startApi } from './harness.ts';

// One API for the suites below that switch faults on and off (each rule is taken off again by its test).
let h: ApiHarness;
let auth: Record<string, string>;

before(async () => {
  h = await startApi({ rateLimits: false, seed: { users: 10, events: 200 } });
  auth = { authorization: `SSWS ${h.org.apiToken.token}` };
});
after(() => h.close());

describe('fault switches', () => {
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

/** Reads `path` until `stopAfter` body bytes (then destroys the request), or to the end; resolves what it saw. */
function readSome(
  baseUrl: string,
  path: string,
  headers: Record<string, string>,
  stopAfter = Number.POSITIVE_INFINITY,
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer; complete: boolean }> {
  return new Promise((resolve, reject) => {
    const request = httpGet(new URL(path, baseUrl), { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= stopAfter) {
          request.destroy();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), complete: false });
        }
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), complete: true }),
      );
      res.on('error', () => undefined);
    });
    request.on('error', (error) => {
      if (!request.destroyed) reject(error);
    });
  });
}

describe('fault switches for hostile bodies', () => {
  test('slow body: a 200 whose body trickles out over the set time, whole and valid in the end', async () => {
    h.api.faults.set({ path: '/api/v1/logs', slowBody: { durationMs: 400, intervalMs: 20 }, times: 1 });
    const started = Date.now();
    const response = await readSome(h.baseUrl, '/api/v1/logs?limit=5', auth);
    assert.ok(Date.now() - started >= 350, 'the body took about the set time');
    assert.equal(response.status, 200);
    assert.equal((JSON.parse(response.body.toString('utf8')) as unknown[]).length, 5);
    const entry = h.api.received.last();
    assert.equal(entry?.bytesSent, response.body.length);
    assert.equal(entry?.outcome, 'answered');
  });

  test('slow body: an answer of two bytes (an empty page) still takes the set time', async () => {
    h.api.faults.set({ path: '/api/v1/users', slowBody: { durationMs: 400 }, times: 1 });
    const started = Date.now();
    const response = await readSome(h.baseUrl, '/api/v1/users?q=no-such-person-anywhere', auth);
    assert.ok(Date.now() - started >= 350, `the body took ${Date.now() - started} ms`);
    assert.equal(response.body.toString('utf8'), '[]');
  });

  test('slow body: a client that leaves stops it, and the request is no longer open', async () => {
    h.api.faults.set({ path: '/api/v1/users', slowBody: { durationMs: 60_000 }, times: 1 });
    const response = await readSome(h.baseUrl, '/api/v1/users?limit=5', auth, 1);
    assert.equal(response.complete, false);
    const entry = h.api.received.last();
    for (let i = 0; i < 100 && entry?.closedAt === undefined; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(entry?.outcome, 'aborted');
    assert.ok(entry?.closedAt !== undefined);
    const sent = entry?.bytesSent ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(entry?.bytesSent ?? 0, sent, 'nothing more is written after the close');
    assert.deepEqual(h.api.received.open(), []);
  });

  test('oversized body: streamed without Content-Length, generated as read, stopped when the client leaves', async () => {
    const bytes = 256 * 1024 * 1024;
    h.api.faults.set({ path: '/api/v1/logs', oversizedBody: { bytes }, times: 1 });
    const response = await readSome(h.baseUrl, '/api/v1/logs?limit=5', auth, 1024 * 1024);
    assert.equal(response.status, 200);
    assert.equal(response.headers['content-length'], undefined);
    assert.equal(response.headers['content-type'], 'application/json');
    assert.match(response.body.subarray(0, 40).toString('utf8'), /^\[\{"uuid":"oversized-0"/);
    const entry = h.api.received.last();
    for (let i = 0; i < 100 && entry?.closedAt === undefined; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(entry?.outcome, 'aborted');
    assert.ok((entry?.bytesSent ?? 0) < 32 * 1024 * 1024, `wrote ${entry?.bytesSent} of ${bytes} bytes`);
  });

  test('oversized body read to the end is the size asked for and valid JSON', async () => {
    h.api.faults.set({ path: '/api/v1/logs', oversizedBody: { bytes: 100_000 }, times: 1 });
    const response = await readSome(h.baseUrl, '/api/v1/logs', auth);
    assert.ok(response.body.length >= 100_000 && response.body.length < 110_000);
    assert.ok((JSON.parse(response.body.toString('utf8')) as unknown[]).length > 40);
  });

  test('more items than limit: a listing answers limit + 1 items', async () => {
    h.api.faults.set({ path: '/api/v1/logs', overLimitItems: true, times: 1 });
    const response = await rawGet(h.baseUrl, '/api/v1/logs?limit=3', auth);
    assert.equal((JSON.parse(response.body) as unknown[]).length, 4);
    h.api.faults.set({ path: '/api/v1/users', overLimitItems: true, times: 1 });
    const users = await rawGet(h.baseUrl, '/api/v1/users?limit=2', auth);
    assert.equal((JSON.parse(users.body) as unknown[]).length, 3);
    assert.equal((JSON.parse((await rawGet(h.baseUrl, '/api/v1/users?limit=2', auth)).body) as unknown[]).length, 2);
  });
});
