import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { after, before, describe, test } from 'node:test';
import type { ReceivedRequestJson, ReceivedRequestsJson } from '../../../src/sandbox/requests-list.ts';
import { type RunningSandbox, startSandbox } from '../../../src/sandbox/sandbox.ts';
import { signIn } from '../../helpers/oauth.ts';

let sandbox: RunningSandbox;
let accessToken: string;

before(async () => {
  sandbox = await startSandbox({ appBaseUrl: 'http://localhost:9', seed: { users: 10, events: 50 } });
  const tokens = await signIn(sandbox);
  accessToken = String(tokens.body.access_token);
  assert.ok(accessToken.length > 20, 'the sandbox issued an access token');
});
after(() => sandbox.close());

async function call(path: string, authorization?: string): Promise<Response> {
  const response = await fetch(`${sandbox.issuer}${path}`, authorization ? { headers: { authorization } } : {});
  await response.arrayBuffer();
  return response;
}

async function list(query = ''): Promise<{ response: Response; text: string; body: ReceivedRequestsJson }> {
  const response = await fetch(`${sandbox.requestsUrl}${query}`);
  const text = await response.text();
  return { response, text, body: JSON.parse(text) as ReceivedRequestsJson };
}

/** The rate-limit reading a response carried, as the list should repeat it. */
function sentRateLimit(response: Response): ReceivedRequestJson['rateLimit'] {
  return {
    limit: Number(response.headers.get('x-rate-limit-limit')),
    remaining: Number(response.headers.get('x-rate-limit-remaining')),
    reset: Number(response.headers.get('x-rate-limit-reset')),
  };
}

describe('GET /sandbox/requests on the sandbox org', () => {
  test('lists each management-API request with who sent it, the answer and the budget sent back, oldest first', async () => {
    const start = sandbox.managementApi.received.latest;
    const startedAt = Date.now();
    const bearer = await call(
      '/api/v1/logs?limit=2&filter=eventType+eq+%22user.session.start%22',
      `Bearer ${accessToken}`,
    );
    const ssws = await call('/api/v1/users?limit=1', `SSWS ${sandbox.org.apiToken.token}`);
    const unknown = await call('/api/v1/users', 'Bearer not-a-token-the-org-issued');
    const anonymous = await call('/api/v1/logs');
    const { response, body } = await list(`?since=${start}`);

    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(body.latest, start + 4);
    assert.deepEqual(
      body.requests.map(({ time: _time, ...entry }) => entry),
      [
        {
          sequence: start + 1,
          method: 'GET',
          path: '/api/v1/logs?limit=2&filter=eventType+eq+%22user.session.start%22',
          authScheme: 'Bearer',
          clientId: sandbox.org.webApp.clientId,
          status: 200,
          outcome: 'answered',
          rateLimit: sentRateLimit(bearer),
        },
        {
          sequence: start + 2,
          method: 'GET',
          path: '/api/v1/users?limit=1',
          authScheme: 'SSWS',
          clientId: null,
          status: 200,
          outcome: 'answered',
          rateLimit: sentRateLimit(ssws),
        },
        {
          sequence: start + 3,
          method: 'GET',
          path: '/api/v1/users',
          authScheme: 'Bearer',
          clientId: null,
          status: 401,
          outcome: 'answered',
          rateLimit: sentRateLimit(unknown),
        },
        {
          sequence: start + 4,
          method: 'GET',
          path: '/api/v1/logs',
          authScheme: null,
          clientId: null,
          status: 401,
          outcome: 'answered',
          rateLimit: sentRateLimit(anonymous),
        },
      ],
    );
    for (const entry of body.requests) {
      const time = Date.parse(entry.time);
      assert.equal(new Date(time).toISOString(), entry.time, 'ISO 8601 UTC');
      assert.ok(time >= startedAt - 1000 && time <= Date.now(), 'the time of arrival');
    }
    assert.ok(
      body.requests.every((entry) => (entry.rateLimit?.reset ?? 0) * 1000 > startedAt),
      'reset in epoch seconds',
    );
  });

  test('a request left hanging has no status and no budget, but names its app', async () => {
    const remove = sandbox.managementApi.faults.set({ path: '/api/v1/users', hang: true, times: 1 });
    const aborted = new AbortController();
    try {
      const latest = sandbox.managementApi.received.latest;
      const hanging = fetch(`${sandbox.issuer}/api/v1/users`, {
        headers: { authorization: `Bearer ${accessToken}` },
        signal: aborted.signal,
      }).catch(() => undefined);
      let entry: ReceivedRequestJson | undefined;
      for (let i = 0; i < 100 && entry?.outcome !== 'hung'; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        entry = (await list(`?since=${latest}`)).body.requests[0];
      }
      assert.deepEqual(entry && { ...entry, time: 'T' }, {
        sequence: latest + 1,
        time: 'T',
        method: 'GET',
        path: '/api/v1/users',
        authScheme: 'Bearer',
        clientId: sandbox.org.webApp.clientId,
        status: null,
        outcome: 'hung',
        rateLimit: null,
      });
      aborted.abort();
      await hanging;
    } finally {
      remove();
    }
  });

  test('?since=N returns only the requests after N; the latest sequence is always there', async () => {
    await call('/api/v1/users?limit=1', `SSWS ${sandbox.org.apiToken.token}`);
    await call('/api/v1/users?limit=2', `SSWS ${sandbox.org.apiToken.token}`);
    const all = (await list()).body;
    const latest = all.latest;
    assert.deepEqual(
      all.requests.map((entry) => entry.sequence),
      Array.from({ length: latest }, (_, i) => i + 1),
      'from 1, one by one, newest last',
    );
    const newer = (await list(`?since=${latest - 1}`)).body;
    assert.deepEqual(
      newer.requests.map((entry) => [entry.sequence, entry.path]),
      [[latest, '/api/v1/users?limit=2']],
    );
    assert.equal(newer.latest, latest);
    assert.deepEqual((await list(`?since=${latest}`)).body, { requests: [], latest });
    assert.deepEqual((await list(`?since=${latest + 100}`)).body, { requests: [], latest });
  });

  test('a bad since is a 400 that names the parameter', async () => {
    for (const query of ['?since=abc', '?since=-1', '?since=1.5', '?since=', '?since=1&since=2', '?since=1e3']) {
      const response = await fetch(`${sandbox.requestsUrl}${query}`);
      assert.equal(response.status, 400, query);
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/, query);
      const body = (await response.json()) as { error: string };
      assert.match(body.error, /^since must be/, query);
    }
  });

  test('carries no token: neither the access token nor the SSWS API token', async () => {
    await call('/api/v1/logs?limit=1', `Bearer ${accessToken}`);
    await call('/api/v1/users?limit=1', `SSWS ${sandbox.org.apiToken.token}`);
    await call('/api/v1/users?limit=1', `Bearer ${accessToken}x`);
    const { text } = await list();
    assert.ok(!text.includes(accessToken), 'no access token');
    assert.ok(!text.includes(sandbox.org.apiToken.token), 'no SSWS token');
    assert.ok(!text.includes(sandbox.org.webApp.clientSecret), 'no client secret');
  });

  test('is neither listed nor counted against a rate-limit bucket', async () => {
    sandbox.managementApi.rateLimiter.configure({ logs: 2, users: 2, userById: 2, other: 2 });
    sandbox.managementApi.rateLimiter.reset();
    try {
      const latest = sandbox.managementApi.received.latest;
      for (let i = 0; i < 10; i += 1) {
        const { response, body } = await list(`?since=${latest}`);
        assert.equal(response.status, 200, `list ${i + 1}`);
        assert.equal(response.headers.get('x-rate-limit-remaining'), null, 'no budget on the list itself');
        assert.deepEqual(body, { requests: [], latest }, 'the list does not list itself');
      }
      const first = await call('/api/v1/users?limit=1', `SSWS ${sandbox.org.apiToken.token}`);
      assert.deepEqual(
        [first.status, first.headers.get('x-rate-limit-limit'), first.headers.get('x-rate-limit-remaining')],
        [200, '1', '0'],
        'the first call of the window still has the whole (per-app) budget',
      );
    } finally {
      sandbox.managementApi.rateLimiter.configure({ logs: 20, users: 100, userById: 100, other: 100 });
      sandbox.managementApi.rateLimiter.reset();
    }
  });

  test('keeps counting after the in-process log is cleared', async () => {
    const latest = sandbox.managementApi.received.latest;
    sandbox.managementApi.received.clear();
    await call('/api/v1/users?limit=1', `SSWS ${sandbox.org.apiToken.token}`);
    const { body } = await list();
    assert.deepEqual(
      body.requests.map((entry) => entry.sequence),
      [latest + 1],
    );
    assert.equal(body.latest, latest + 1);
  });
});

/** A local interface address that is not loopback, when the machine has one. */
function nonLoopbackAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry && !entry.internal && entry.family === 'IPv4')?.address;
}

const outside = nonLoopbackAddress();

describe('GET /sandbox/requests from another address', { skip: outside ? false : 'no non-loopback interface' }, () => {
  test('is 403 for a caller whose address is not loopback, and lists nothing', async () => {
    const exposed = await startSandbox({ host: outside, appBaseUrl: 'http://localhost:9', seed: false });
    try {
      await fetch(`${exposed.issuer}/api/v1/users?limit=1`, {
        headers: { authorization: `SSWS ${exposed.org.apiToken.token}` },
      });
      const response = await fetch(`${exposed.requestsUrl}?since=0`);
      assert.equal(response.status, 403);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      const text = await response.text();
      assert.deepEqual(JSON.parse(text), {
        error: '/sandbox/requests answers only callers on this machine (loopback)',
      });
      assert.ok(!text.includes('/api/v1/users'), 'nothing of the list');
    } finally {
      await exposed.close();
    }
  });
});
