import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_RATE_LIMITS, RateLimiter } from '../../../../src/sandbox/management-api/rate-limiter.ts';

describe('RateLimiter', () => {
  test('defaults are an Integrator Free Plan org with a 50% per-app share', () => {
    const limiter = new RateLimiter(undefined, () => 0);
    assert.deepEqual(
      { logs: DEFAULT_RATE_LIMITS.logs, users: DEFAULT_RATE_LIMITS.users, userById: DEFAULT_RATE_LIMITS.userById },
      { logs: 20, users: 100, userById: 100 },
    );
    assert.equal(limiter.appLimit('logs'), 10);
    assert.equal(limiter.appLimit('users'), 50);
  });

  test('a window starts at its first request and resets windowMs later; Reset is one epoch-second value', () => {
    let now = 1_000_500;
    const limiter = new RateLimiter({ logs: 4, perAppShare: 0.5 }, () => now);
    const first = limiter.take('logs', 'app');
    assert.deepEqual(first, {
      allowed: true,
      limit: 2,
      remaining: 1,
      resetEpochSeconds: Math.ceil((1_000_500 + 60_000) / 1000),
    });
    now += 30_000;
    assert.equal(limiter.take('logs', 'app').remaining, 0);
    assert.equal(limiter.take('logs', 'app').allowed, false);
    now = 1_000_500 + 60_000;
    const next = limiter.take('logs', 'app');
    assert.deepEqual(
      [next.allowed, next.remaining, next.resetEpochSeconds],
      [true, 1, Math.ceil((1_060_500 + 60_000) / 1000)],
    );
  });

  test('refused requests are not counted; peek never counts', () => {
    const limiter = new RateLimiter({ logs: 2, perAppShare: 1 }, () => 0);
    limiter.take('logs', 'a');
    limiter.take('logs', 'a');
    for (let i = 0; i < 5; i += 1) assert.equal(limiter.take('logs', 'a').allowed, false);
    assert.equal(limiter.peek('users', 'a').remaining, 100);
    assert.equal(limiter.peek('users', 'a').remaining, 100);
  });

  test('the org bucket binds across apps; requests without an app count only against the org', () => {
    const limiter = new RateLimiter({ logs: 3, perAppShare: 0.67 }, () => 0);
    assert.equal(limiter.appLimit('logs'), 2);
    assert.equal(limiter.take('logs', 'a').allowed, true);
    assert.equal(limiter.take('logs', 'a').allowed, true);
    assert.equal(limiter.take('logs', 'a').allowed, false, 'app share spent');
    const anonymous = limiter.take('logs', undefined);
    assert.deepEqual([anonymous.allowed, anonymous.limit, anonymous.remaining], [true, 3, 0]);
    assert.equal(limiter.take('logs', 'b').allowed, false, 'org bucket spent');
  });

  test('disabled never refuses but still reports headers; reset forgets counters', () => {
    const limiter = new RateLimiter(false, () => 0);
    for (let i = 0; i < 50; i += 1) assert.equal(limiter.take('logs', 'a').allowed, true);
    assert.deepEqual([limiter.take('logs', 'a').limit, limiter.take('logs', 'a').remaining], [10, 10]);
    limiter.configure({ enabled: true, logs: 2, perAppShare: 1 });
    limiter.take('logs', 'a');
    limiter.take('logs', 'a');
    assert.equal(limiter.take('logs', 'a').allowed, false);
    limiter.reset();
    assert.equal(limiter.take('logs', 'a').allowed, true);
  });
});
