import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { headerIntegers, parseRateLimit, rateLimitDelayMs } from '../../../src/okta/rate-limit.ts';

const received = Date.UTC(2021, 0, 1, 0, 0, 0);
const date = new Date(received).toUTCString();

describe('rate-limit headers', () => {
  test("Okta's documented example becomes a snapshot on the local clock", () => {
    const snapshot = parseRateLimit(
      { 'x-rate-limit-limit': '1200', 'x-rate-limit-remaining': '1199', 'x-rate-limit-reset': '1609459260', date },
      received,
    );
    assert.deepEqual(snapshot, { limit: 1200, remaining: 1199, resetAt: new Date(1609459260_000) });
  });

  test('a server clock ahead by 30 s moves resetAt 30 s earlier on ours', () => {
    const ahead = new Date(received + 30_000).toUTCString();
    const snapshot = parseRateLimit(
      { 'x-rate-limit-limit': '50', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': '1609459260', date: ahead },
      received,
    );
    assert.equal(snapshot?.resetAt.getTime(), 1609459260_000 - 30_000);
  });

  test('duplicated and comma-joined headers are read conservatively: latest reset, smallest remaining and limit', () => {
    const snapshot = parseRateLimit(
      {
        'x-rate-limit-limit': ['600', '1200'],
        'x-rate-limit-remaining': '10, 3',
        'x-rate-limit-reset': ['1609459230', '1609459290, 1609459250'],
        date,
      },
      received,
    );
    assert.deepEqual(snapshot, { limit: 600, remaining: 3, resetAt: new Date(1609459290_000) });
  });

  test('a missing header means no snapshot; junk values are ignored', () => {
    assert.equal(parseRateLimit({ 'x-rate-limit-limit': '1', 'x-rate-limit-remaining': '0' }, received), undefined);
    assert.deepEqual(headerIntegers(['12', 'abc', ' 7 ', '-3', '1.5']), [12, 7]);
  });

  test('the 429 wait is reset − Date + 1 s, never negative, undefined without a reset', () => {
    assert.equal(rateLimitDelayMs({ 'x-rate-limit-reset': '1609459205', date }, received), 6000);
    assert.equal(rateLimitDelayMs({ 'x-rate-limit-reset': '1609459100', date }, received), 0);
    assert.equal(rateLimitDelayMs({ date }, received), undefined);
  });

  test('without a Date header the local clock is used', () => {
    assert.equal(rateLimitDelayMs({ 'x-rate-limit-reset': '1609459205' }, received), 6000);
  });
});
