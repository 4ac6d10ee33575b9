import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OktaUnavailableError, RateLimitedError, ResponseTooLargeError } from '../../../src/okta/index.ts';
import { oktaErrorPage } from '../../../src/teaching/okta-error-pages.ts';

const now = Date.parse('2026-12-02T16:14:00Z');
const context = { returnTo: '/logs?range=1h', sandbox: false, callTimeoutMs: 20_000, now };

function rateLimited(resetAt: Date | undefined): RateLimitedError {
  return new RateLimitedError('429', { status: 429, resetAt, limit: 60, attempts: 1, reason: 'deadline' });
}

/** Every text the page shows, joined. */
function shown(page: ReturnType<typeof oktaErrorPage>): string {
  return [page.title, page.whatHappened, page.whatToDo, ...page.steps, ...Object.values(page.details ?? {})].join('\n');
}

describe('the 429 page and the reset time', () => {
  test('a reset two minutes in the past says "now", never the past clock time', () => {
    const page = oktaErrorPage(rateLimited(new Date(now - 120_000)), context);
    assert.equal(page.status, 429);
    assert.match(page.whatToDo, /^Try again now\./);
    assert.doesNotMatch(shown(page), /16:12/);
    assert.match(page.title, /has reset by now/);
  });

  test('a reset exactly now says "now"', () => {
    assert.match(oktaErrorPage(rateLimited(new Date(now)), context).whatToDo, /^Try again now\./);
  });

  test('a reset a few seconds ahead says so', () => {
    const page = oktaErrorPage(rateLimited(new Date(now + 4000)), context);
    assert.match(page.whatToDo, /^Try again in a few seconds\./);
  });

  test('a reset further ahead gives the UTC clock time', () => {
    const page = oktaErrorPage(rateLimited(new Date(now + 45_000)), context);
    assert.equal(page.title, "Okta's rate limit is used up until 16:14:45 UTC");
    assert.match(page.whatToDo, /^Try again after 16:14:45 UTC\./);
    assert.equal(page.details?.['Resets at (UTC)'], '16:14:45 UTC');
  });

  test('no reset header: no made-up time', () => {
    const page = oktaErrorPage(rateLimited(undefined), context);
    assert.doesNotMatch(shown(page), /unknown|\d\d:\d\d/);
    assert.match(page.whatToDo, /^Try again in a minute\./);
  });
});

describe("the page when the app's rate brake kept the call from Okta", () => {
  function refused(resetAt: Date): RateLimitedError {
    return new RateLimitedError('refused', { resetAt, limit: 10, attempts: 0, reason: 'budget-spent' });
  }

  test('says Okta was not called and until when the shared budget is spent', () => {
    const page = oktaErrorPage(refused(new Date(now + 45_000)), context);
    assert.equal(page.status, 429);
    assert.equal(page.code, 'OKTA_BUDGET_SPENT');
    assert.equal(page.title, "Okta's rate limit is used up until 16:14:45 UTC");
    assert.match(page.whatHappened, /^The app did not call Okta: the shared budget is spent until 16:14:45 UTC\./);
    assert.match(page.whatToDo, /^Try again after 16:14:45 UTC\./);
    assert.equal(page.headers?.['retry-after'], '45');
    assert.equal(page.supportReference, undefined, 'no request, no reference');
  });

  for (const [description, resetAt] of [
    ['a reset gone by', new Date(now - 90_000)],
    ['a reset a few seconds ahead', new Date(now + 3000)],
  ] as const) {
    test(`${description}: words, never a clock time`, () => {
      const page = oktaErrorPage(refused(resetAt), context);
      assert.doesNotMatch(shown(page), /\d\d:\d\d:\d\d/);
      assert.match(page.whatHappened, /^The app did not call Okta/);
    });
  }
});

describe('slow and oversized answers', () => {
  test('the deadline: 504 "Okta is slow to answer", naming the setting', () => {
    const error = new OktaUnavailableError('deadline', { reason: 'deadline', attempts: 1 });
    const page = oktaErrorPage(error, context);
    assert.equal(page.status, 504);
    assert.equal(page.code, 'OKTA_UNAVAILABLE');
    assert.equal(page.title, 'Okta is slow to answer');
    assert.match(page.whatHappened, /at most 20 s for each call, set by OKTA_CALL_TIMEOUT_SECONDS/);
    assert.deepEqual(page.action, { label: 'Try again', href: '/logs?range=1h' });
  });

  test('a network failure is still "could not be reached"', () => {
    const page = oktaErrorPage(new OktaUnavailableError('x', { reason: 'network', attempts: 1 }), context);
    assert.equal(page.status, 502);
    assert.equal(page.title, 'Okta could not be reached');
  });

  test('too large: what happened, the cap, what to do', () => {
    const error = new ResponseTooLargeError('big', {
      status: 200,
      requestId: 'req-1',
      limitBytes: 8 * 1024 * 1024,
      declaredBytes: 52_428_800,
      receivedBytes: 0,
    });
    const page = oktaErrorPage(error, context);
    assert.equal(page.status, 502);
    assert.equal(page.code, 'OKTA_RESPONSE_TOO_LARGE');
    assert.equal(page.title, 'Okta sent an unexpectedly large response');
    assert.match(page.whatHappened, /larger than 8 MiB/);
    assert.match(page.whatToDo, /Try again/);
    assert.equal(page.details?.['Size Okta announced'], '50 MiB');
    assert.equal(page.supportReference, 'req-1');
  });
});
