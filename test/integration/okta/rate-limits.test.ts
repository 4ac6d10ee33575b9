import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { RateLimitedError } from '../../../src/okta/errors.ts';
import { FakeClock } from '../../unit/okta/fake-org.ts';
import { type SandboxApi, startSandboxApi } from './sandbox-org.ts';

// The org and the client share one fake clock: a rate-limit wait advances the org's time too, so the window
// really resets for the retry, without the test sleeping for a minute.
describe('rate limits against the sandbox org', { timeout: 60_000 }, () => {
  let clock: FakeClock;
  let sandbox: SandboxApi;
  beforeEach(async () => {
    clock = new FakeClock();
    // 4 /api/v1/logs calls per minute org-wide, half of it for one app: 2 per window for our client.
    sandbox = await startSandboxApi({
      clock,
      rateLimits: { logs: 4, perAppShare: 0.5, windowMs: 60_000 },
      seed: { users: 10, events: 300 },
    });
  });
  afterEach(async () => {
    await sandbox?.close();
  });

  test('the budget counts down page by page', async () => {
    const client = sandbox.client();
    const first = await client.logs.list({ limit: 1 });
    const second = await client.logs.list({ limit: 1 });
    assert.equal(first.rateLimit?.limit, 2);
    assert.equal(first.rateLimit?.remaining, 1);
    assert.equal(second.rateLimit?.remaining, 0);
    assert.equal(client.lastRateLimit?.remaining, 0);
  });

  test('429 → waits until the reset and succeeds within the budget, telling Okta what it retries', async () => {
    // The window resets a minute after it began: more than the default 30 s budget, so allow 90 s here.
    const client = sandbox.client({ retryBudgetMs: 90_000 });
    await client.logs.list({ limit: 1 });
    await client.logs.list({ limit: 1 });
    const page = await client.logs.list({ limit: 1 });
    assert.equal(page.items.length, 1);
    const received = sandbox.api.received.all();
    assert.deepEqual(
      received.map((request) => request.status),
      [200, 200, 429, 200],
    );
    const [, , limited, retried] = received;
    assert.equal(retried?.retryFor, limited?.requestId);
    assert.equal(retried?.retryCount, '1');
    assert.equal(clock.sleeps.length, 1);
    // The retry arrived after the window's reset, as the org's own clock measures it.
    assert.ok((retried?.receivedAt ?? 0) - (received[0]?.receivedAt ?? 0) >= 60_000);
  });

  test('a reset beyond the deadline → RateLimitedError at once, saying when to retry; no retry sent', async () => {
    const client = sandbox.client({ retryBudgetMs: 90_000 });
    await client.logs.list({ limit: 1 });
    await client.logs.list({ limit: 1 });
    const resetAt = client.lastRateLimit?.resetAt;
    const error = await client.logs.list({ limit: 1 }, { deadline: clock.now() + 5_000 }).catch((e: unknown) => e);
    assert.ok(error instanceof RateLimitedError);
    assert.equal(error.reason, 'deadline');
    assert.equal(error.errorCode, 'E0000047');
    assert.equal(error.resetAt?.getTime(), resetAt?.getTime());
    assert.equal(error.attempts, 1);
    assert.deepEqual(clock.sleeps, []);
    assert.equal(sandbox.api.received.all().length, 3);
  });

  test('maxRetries 0 → the first 429 is the answer', async () => {
    const client = sandbox.client({ maxRetries: 0 });
    await client.logs.list({ limit: 1 });
    await client.logs.list({ limit: 1 });
    const error = await client.logs.list({ limit: 1 }).catch((e: unknown) => e);
    assert.ok(error instanceof RateLimitedError);
    assert.equal(error.reason, 'retries-disabled');
    assert.equal(sandbox.api.received.all().length, 3);
  });

  test('an SSWS token has its own share of the bucket', async () => {
    const oauth = sandbox.client();
    await oauth.logs.list({ limit: 1 });
    await oauth.logs.list({ limit: 1 });
    const ssws = sandbox.client({ accessToken: undefined, apiToken: sandbox.org.apiToken.token, maxRetries: 0 });
    const page = await ssws.logs.list({ limit: 1 });
    assert.equal(page.rateLimit?.remaining, 1);
  });

  test('the default 30 s retry budget does not wait for a reset a minute away', async () => {
    const client = sandbox.client();
    await client.logs.list({ limit: 1 });
    await client.logs.list({ limit: 1 });
    const error = await client.logs.list({ limit: 1 }).catch((e: unknown) => e);
    assert.ok(error instanceof RateLimitedError);
    assert.equal(error.reason, 'deadline');
    assert.deepEqual(clock.sleeps, []);
  });
});
