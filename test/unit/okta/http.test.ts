import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createOktaClient, type OktaClientOptions } from '../../../src/okta/client.ts';
import {
  OktaAbortError,
  OktaUnavailableError,
  RateLimitedError,
  UnexpectedResponseError,
} from '../../../src/okta/errors.ts';
import { FakeClock, FakeOrg, links, logEvents, ORIGIN } from './fake-org.ts';

const LOGS = (path: string) => path.startsWith('/api/v1/logs');

let org: FakeOrg;
let clock: FakeClock;

beforeEach(() => {
  org = new FakeOrg();
  clock = new FakeClock();
});
afterEach(async () => {
  await org.close();
});

function client(extra: Partial<OktaClientOptions> = {}) {
  return createOktaClient({
    orgUrl: ORIGIN,
    accessToken: 'at-123',
    dispatcher: org.agent,
    clock,
    ...extra,
  } as OktaClientOptions);
}

function ok(body: unknown = logEvents(1), headers: Record<string, string | string[]> = {}) {
  return {
    status: 200,
    body,
    headers: {
      date: clock.dateHeader(),
      'x-rate-limit-limit': '60',
      'x-rate-limit-remaining': '59',
      'x-rate-limit-reset': clock.resetIn(60),
      ...headers,
    },
  };
}

function tooMany(resetInSeconds: number, extra: Record<string, string | string[]> = {}) {
  return () => ({
    status: 429,
    body: {
      errorCode: 'E0000047',
      errorSummary: 'API call exceeded rate limit due to too many requests.',
      errorCauses: [],
    },
    headers: {
      date: clock.dateHeader(),
      'x-rate-limit-limit': '20',
      'x-rate-limit-remaining': '0',
      'x-rate-limit-reset': clock.resetIn(resetInSeconds),
      ...extra,
    },
  });
}

describe('request headers', () => {
  test('a Bearer token, Accept JSON and the app User-Agent go with every request', async () => {
    org.on(LOGS, ok());
    await client().logs.list({ limit: 5 });
    const [sent] = org.requests;
    assert.equal(sent?.headers.authorization, 'Bearer at-123');
    assert.equal(sent?.headers.accept, 'application/json');
    const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
    assert.equal(sent?.headers['user-agent'], `okta-scoped-viewer/${version} node/${process.versions.node}`);
    assert.equal(sent?.headers['x-okta-retry-count'], undefined);
  });

  test('an apiToken is sent with the SSWS scheme', async () => {
    org.on(LOGS, ok());
    await client({ accessToken: undefined, apiToken: '00abcSSWS' }).logs.list();
    assert.equal(org.requests[0]?.headers.authorization, 'SSWS 00abcSSWS');
  });

  test('a caller User-Agent is put before the own one', async () => {
    org.on(LOGS, ok());
    await client({ userAgent: 'my-cli/2.1' }).logs.list();
    assert.match(org.requests[0]?.headers['user-agent'] ?? '', /^my-cli\/2\.1 okta-scoped-viewer\/\S+ node\/\S+$/);
  });

  test('getAccessToken is asked before every request, retries included, and receives a signal', async () => {
    const seen: (AbortSignal | undefined)[] = [];
    let n = 0;
    const getAccessToken = async (signal?: AbortSignal) => {
      seen.push(signal);
      n++;
      return `token-${n}`;
    };
    org.on(LOGS, tooMany(2));
    org.on(LOGS, ok());
    await client({ accessToken: undefined, getAccessToken }).logs.list();
    assert.deepEqual(
      org.requests.map((request) => request.headers.authorization),
      ['Bearer token-1', 'Bearer token-2'],
    );
    assert.ok(seen.every((signal) => signal instanceof AbortSignal));
  });

  test('an error thrown by getAccessToken reaches the caller unchanged and nothing is sent', async () => {
    class RefreshFailed extends Error {
      readonly code = 'AUTH_REFRESH_FAILED';
    }
    const failure = new RefreshFailed('refresh token revoked');
    const c = client({
      accessToken: undefined,
      getAccessToken: async () => {
        throw failure;
      },
    });
    await assert.rejects(c.logs.list(), (error) => error === failure);
    assert.equal(org.requests.length, 0);
  });
});

describe('429 rate limits', () => {
  test('waits until the reset (relative to Date) + 1 s and retries with the retry headers', async () => {
    org.on(LOGS, tooMany(5, { 'x-okta-request-id': 'req-429-first' }));
    org.on(LOGS, tooMany(3, { 'x-okta-request-id': 'req-429-second' }));
    org.on(LOGS, ok(logEvents(2)));
    const page = await client().logs.list({ limit: 2 });
    assert.equal(page.items.length, 2);
    assert.deepEqual(clock.sleeps, [6000, 4000]);
    const [first, second, third] = org.requests;
    assert.equal(first?.headers['x-okta-retry-for'], undefined);
    assert.equal(first?.headers['x-okta-retry-count'], undefined);
    assert.equal(second?.headers['x-okta-retry-for'], 'req-429-first');
    assert.equal(second?.headers['x-okta-retry-count'], '1');
    assert.equal(third?.headers['x-okta-retry-for'], 'req-429-first');
    assert.equal(third?.headers['x-okta-retry-count'], '2');
  });

  test('the wait follows the server Date, not the local clock (skew)', async () => {
    // The server's clock runs 100 s ahead of ours; its reset is 5 s after its own Date.
    org.on(LOGS, () => {
      const serverNow = clock.time + 100_000;
      return {
        status: 429,
        headers: {
          date: new Date(serverNow).toUTCString(),
          'x-rate-limit-limit': '20',
          'x-rate-limit-remaining': '0',
          'x-rate-limit-reset': String(serverNow / 1000 + 5),
        },
      };
    });
    org.on(LOGS, ok());
    await client().logs.list();
    assert.deepEqual(clock.sleeps, [6000]);
  });

  test('duplicated or comma-joined reset headers: the latest reset is waited for', async () => {
    org.on(LOGS, tooMany(0, { 'x-rate-limit-reset': [clock.resetIn(2), clock.resetIn(7)] }));
    org.on(LOGS, () => tooMany(0, { 'x-rate-limit-reset': `${clock.resetIn(1)}, ${clock.resetIn(4)}` })());
    org.on(LOGS, ok());
    await client().logs.list();
    assert.deepEqual(clock.sleeps, [8000, 5000]);
  });

  test('jitter is added to the wait', async () => {
    clock.random = () => 0.5;
    org.on(LOGS, tooMany(2));
    org.on(LOGS, ok());
    await client().logs.list();
    assert.deepEqual(clock.sleeps, [3000 + 125]);
  });

  test('maxRetries 0: the first 429 fails at once, without waiting or a second request', async () => {
    org.on(LOGS, tooMany(5));
    const error = await client({ maxRetries: 0 })
      .logs.list()
      .catch((e: unknown) => e);
    assert.ok(error instanceof RateLimitedError);
    assert.equal(error.code, 'OKTA_RATE_LIMITED');
    assert.equal(error.reason, 'retries-disabled');
    assert.equal(error.attempts, 1);
    assert.equal(error.limit, 20);
    assert.equal(error.errorCode, 'E0000047');
    assert.equal(error.resetAt?.getTime(), clock.time + 5000);
    assert.deepEqual(clock.sleeps, []);
    assert.equal(org.requests.length, 1);
  });

  test('after maxRetries retries it gives up with the attempts made', async () => {
    org.on(LOGS, tooMany(1), 3);
    const error = await client({ maxRetries: 2 })
      .logs.list()
      .catch((e: unknown) => e);
    assert.ok(error instanceof RateLimitedError);
    assert.equal(error.reason, 'retries-exhausted');
    assert.equal(error.attempts, 3);
    assert.equal(org.requests.length, 3);
    assert.equal(clock.sleeps.length, 2);
  });

  test('a wait that would pass the caller deadline is not started: fails fast saying when to retry', async () => {
    org.on(LOGS, tooMany(30));
    const error = await client()
      .logs.list({}, { deadline: clock.time + 10_000 })
      .catch((e: unknown) => e);
    assert.ok(error instanceof RateLimitedError);
    assert.equal(error.reason, 'deadline');
    assert.equal(error.resetAt?.getTime(), clock.time + 30_000);
    assert.match(error.message, /retry after 2026-01-15T12:00:30\.000Z/);
    assert.deepEqual(clock.sleeps, []);
    assert.equal(org.requests.length, 1);
  });

  test('a wait within the deadline is taken', async () => {
    org.on(LOGS, tooMany(3));
    org.on(LOGS, ok());
    const page = await client().logs.list({}, { deadline: new Date(clock.time + 10_000) });
    assert.equal(page.items.length, 1);
    assert.deepEqual(clock.sleeps, [4000]);
  });

  test('the retry budget bounds the waits like a deadline', async () => {
    org.on(LOGS, tooMany(40));
    const error = await client({ retryBudgetMs: 20_000 })
      .logs.list()
      .catch((e: unknown) => e);
    assert.ok(error instanceof RateLimitedError);
    assert.equal(error.reason, 'deadline');
    assert.equal(org.requests.length, 1);
  });

  test('a 429 without X-Rate-Limit-Reset is not retried blindly', async () => {
    org.on(LOGS, { status: 429, body: { errorCode: 'E0000047' } });
    const error = await client()
      .logs.list()
      .catch((e: unknown) => e);
    assert.ok(error instanceof RateLimitedError);
    assert.equal(error.reason, 'no-reset-header');
    assert.equal(error.resetAt, undefined);
    assert.equal(org.requests.length, 1);
  });
});

describe('503/504 and connection resets', () => {
  test('503 then 504 then 200: exponential backoff, retry count sent', async () => {
    org.on(LOGS, { status: 503, headers: { 'x-okta-request-id': 'req-503' } });
    org.on(LOGS, { status: 504 });
    org.on(LOGS, ok());
    const page = await client().logs.list();
    assert.equal(page.items.length, 1);
    assert.deepEqual(clock.sleeps, [500, 1000]);
    assert.equal(org.requests[1]?.headers['x-okta-retry-count'], '1');
    assert.equal(org.requests[1]?.headers['x-okta-retry-for'], 'req-503');
    assert.equal(org.requests[2]?.headers['x-okta-retry-count'], '2');
  });

  test('503 beyond maxRetries surfaces as OktaUnavailableError(server-error)', async () => {
    org.on(LOGS, { status: 503, body: { errorCode: 'E0000009', errorSummary: 'Internal Server Error' } }, 3);
    const error = await client()
      .logs.list()
      .catch((e: unknown) => e);
    assert.ok(error instanceof OktaUnavailableError);
    assert.equal(error.reason, 'server-error');
    assert.equal(error.status, 503);
    assert.equal(org.requests.length, 3);
  });

  test('503 with maxRetries 0 is not retried', async () => {
    org.on(LOGS, { status: 503 });
    await assert.rejects(client({ maxRetries: 0 }).logs.list(), OktaUnavailableError);
    assert.equal(org.requests.length, 1);
    assert.deepEqual(clock.sleeps, []);
  });

  test('500 and 502 are not retried', async () => {
    org.on(LOGS, { status: 500, body: { errorCode: 'E0000009', errorSummary: 'Your last request took too long' } });
    const error = await client()
      .logs.list()
      .catch((e: unknown) => e);
    assert.ok(error instanceof OktaUnavailableError);
    assert.equal(error.errorCode, 'E0000009');
    org.on(LOGS, { status: 502 });
    await assert.rejects(client().logs.list(), OktaUnavailableError);
    assert.equal(org.requests.length, 2);
    assert.deepEqual(clock.sleeps, []);
  });

  test('a connection reset is retried with backoff', async () => {
    org.failWith(LOGS, 'ECONNRESET');
    org.on(LOGS, ok());
    const page = await client().logs.list();
    assert.equal(page.items.length, 1);
    assert.deepEqual(clock.sleeps, [500]);
  });

  test('a refused connection is not retried and says network', async () => {
    org.failWith(LOGS, 'ECONNREFUSED');
    const error = await client()
      .logs.list()
      .catch((e: unknown) => e);
    assert.ok(error instanceof OktaUnavailableError);
    assert.equal(error.reason, 'network');
    assert.equal(error.attempts, 1);
    assert.deepEqual(clock.sleeps, []);
  });

  test('a backoff that would pass the deadline is not started', async () => {
    org.on(LOGS, { status: 503 });
    const error = await client()
      .logs.list({}, { deadline: clock.time + 100 })
      .catch((e: unknown) => e);
    assert.ok(error instanceof OktaUnavailableError);
    assert.equal(error.reason, 'server-error');
    assert.deepEqual(clock.sleeps, []);
  });

  test('no retry on 4xx other than 429', async () => {
    org.on(LOGS, { status: 405, body: { errorCode: 'E0000022' } });
    await assert.rejects(client().logs.list(), UnexpectedResponseError);
    assert.equal(org.requests.length, 1);
  });
});

describe('abort', () => {
  test('an already aborted signal sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await client()
      .logs.list({}, { signal: controller.signal })
      .catch((e: unknown) => e);
    assert.ok(error instanceof OktaAbortError);
    assert.equal(error.name, 'AbortError');
    assert.equal(error.code, 'OKTA_ABORTED');
    assert.equal(org.requests.length, 0);
  });

  test('an abort during a rate-limit wait ends the call, with no further request', async () => {
    const controller = new AbortController();
    clock.sleep = async (_ms, signal) => {
      controller.abort();
      signal?.throwIfAborted();
    };
    org.on(LOGS, tooMany(5));
    org.on(LOGS, ok());
    const error = await client()
      .logs.list({}, { signal: controller.signal })
      .catch((e: unknown) => e);
    assert.ok(error instanceof OktaAbortError);
    assert.equal(org.requests.length, 1);
  });

  test('an abort while the request is in flight surfaces as OktaAbortError, not retried', async () => {
    const controller = new AbortController();
    org.agent.get(ORIGIN).intercept({ path: LOGS, method: 'GET' }).reply(200, '[]').delay(5000);
    const pending = client().logs.list({}, { signal: controller.signal });
    setImmediate(() => controller.abort());
    await assert.rejects(pending, OktaAbortError);
  });

  test('the deadline cuts off a request in flight: OktaUnavailableError(deadline)', async () => {
    org.agent.get(ORIGIN).intercept({ path: LOGS, method: 'GET' }).reply(200, '[]').delay(5000);
    const error = await createOktaClient({ orgUrl: ORIGIN, accessToken: 't', dispatcher: org.agent })
      .logs.list({}, { deadline: Date.now() + 20 })
      .catch((e: unknown) => e);
    assert.ok(error instanceof OktaUnavailableError);
    assert.equal(error.reason, 'deadline');
  });

  test('a deadline already past sends nothing', async () => {
    const error = await client()
      .logs.list({}, { deadline: clock.time - 1 })
      .catch((e: unknown) => e);
    assert.ok(error instanceof OktaUnavailableError);
    assert.equal(error.reason, 'deadline');
    assert.equal(org.requests.length, 0);
  });
});

describe('rate-limit snapshot', () => {
  test('each page carries the budget of its response; lastRateLimit follows the latest, errors included', async () => {
    const c = client({ maxRetries: 0 });
    const budget = () => c.lastRateLimit;
    assert.equal(budget(), undefined);
    org.on(LOGS, ok(logEvents(1), { 'x-rate-limit-remaining': '41' }));
    const page = await c.logs.list();
    assert.deepEqual(page.rateLimit, { limit: 60, remaining: 41, resetAt: new Date(clock.time + 60_000) });
    assert.equal(budget()?.remaining, 41);
    org.on(LOGS, tooMany(9));
    await assert.rejects(c.logs.list(), RateLimitedError);
    assert.equal(budget()?.remaining, 0);
    assert.equal(budget()?.resetAt.getTime(), clock.time + 9000);
  });

  test('a response without the headers has no snapshot', async () => {
    org.on(LOGS, { status: 200, body: [], headers: { link: links(`${ORIGIN}/api/v1/logs`) } });
    const page = await client().logs.list();
    assert.equal(page.rateLimit, undefined);
    assert.equal(page.requestId, 'req-1');
  });
});
