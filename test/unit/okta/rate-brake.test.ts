import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type BrakeDecision,
  decideAdmission,
  floorFor,
  MAX_RESET_AHEAD_MS,
  mergeReadings,
  PROVISIONAL_WINDOW_MS,
  reserveOf,
} from '../../../src/okta/rate-brake.ts';
import { bucketPath, namedBucket, rateBucket } from '../../../src/okta/rate-buckets.ts';
import { readingFromHeaders } from '../../../src/okta/rate-limit.ts';
import type { CallPriority, RateReading } from '../../../src/okta/types.ts';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const DATE = new Date(NOW).toUTCString();
const seconds = (ms: number) => String(Math.floor(ms / 1000));

function reading(remaining: number, resetIn: number, extra: Partial<RateReading> = {}): RateReading {
  return { limit: 10, remaining, resetAt: NOW + resetIn, observedAt: NOW - 100, ...extra };
}

describe('a reading from the headers', () => {
  const cases: {
    description: string;
    headers: Record<string, string | string[]>;
    expected: RateReading | undefined;
  }[] = [
    {
      description: 'the three headers and Date give limit, remaining and the reset on the local clock',
      headers: {
        'x-rate-limit-limit': '10',
        'x-rate-limit-remaining': '7',
        'x-rate-limit-reset': seconds(NOW + 30_000),
        date: DATE,
      },
      expected: { limit: 10, remaining: 7, resetAt: NOW + 30_000, observedAt: NOW },
    },
    {
      description: 'repeated headers: the smallest limit and remaining, the latest reset',
      headers: {
        'x-rate-limit-limit': ['20', '10'],
        'x-rate-limit-remaining': ['9', '4'],
        'x-rate-limit-reset': [seconds(NOW + 20_000), seconds(NOW + 40_000)],
        date: DATE,
      },
      expected: { limit: 10, remaining: 4, resetAt: NOW + 40_000, observedAt: NOW },
    },
    {
      description: 'contradictory comma-joined values: the conservative one of each',
      headers: {
        'x-rate-limit-limit': '600, 1200',
        'x-rate-limit-remaining': '599, 0',
        'x-rate-limit-reset': `${seconds(NOW + 10_000)}, ${seconds(NOW + 50_000)}`,
        date: DATE,
      },
      expected: { limit: 600, remaining: 0, resetAt: NOW + 50_000, observedAt: NOW },
    },
    {
      description: "Okta's clock 30 s ahead: the reset is 30 s earlier on ours",
      headers: {
        'x-rate-limit-limit': '10',
        'x-rate-limit-remaining': '0',
        'x-rate-limit-reset': seconds(NOW + 60_000),
        date: new Date(NOW + 30_000).toUTCString(),
      },
      expected: { limit: 10, remaining: 0, resetAt: NOW + 30_000, observedAt: NOW },
    },
    {
      description: "Okta's clock 20 s behind: the reset is 20 s later on ours",
      headers: {
        'x-rate-limit-limit': '10',
        'x-rate-limit-remaining': '0',
        'x-rate-limit-reset': seconds(NOW + 10_000),
        date: new Date(NOW - 20_000).toUTCString(),
      },
      expected: { limit: 10, remaining: 0, resetAt: NOW + 30_000, observedAt: NOW },
    },
    {
      description: 'a concurrent-limit 429 reads limit 0',
      headers: {
        'x-rate-limit-limit': '0',
        'x-rate-limit-remaining': '0',
        'x-rate-limit-reset': seconds(NOW + 60_000),
        date: DATE,
      },
      expected: { limit: 0, remaining: 0, resetAt: NOW + 60_000, observedAt: NOW },
    },
    {
      description: 'a missing header: no reading',
      headers: { 'x-rate-limit-limit': '10', 'x-rate-limit-reset': seconds(NOW), date: DATE },
      expected: undefined,
    },
  ];
  for (const { description, headers, expected } of cases) {
    test(description, () => assert.deepEqual(readingFromHeaders(headers, NOW), expected));
  }
});

describe('merging two readings of one bucket', () => {
  const cases: {
    description: string;
    current: RateReading | undefined;
    next: RateReading;
    expected: RateReading | undefined;
  }[] = [
    {
      description: 'the first reading is kept as it is',
      current: undefined,
      next: reading(7, 30_000),
      expected: reading(7, 30_000),
    },
    {
      description: 'same window, a smaller remaining arrives: it wins',
      current: reading(7, 30_000),
      next: reading(5, 30_000, { observedAt: NOW }),
      expected: reading(5, 30_000, { observedAt: NOW }),
    },
    {
      description: 'same window, an older answer with a larger remaining arrives late: it never raises the count',
      current: reading(5, 30_000, { observedAt: NOW }),
      next: reading(8, 30_000, { observedAt: NOW - 500 }),
      expected: reading(5, 30_000, { observedAt: NOW }),
    },
    {
      description: 'resets half a second apart (Date-correction noise) are one window',
      current: reading(6, 30_000),
      next: reading(4, 30_600, { observedAt: NOW }),
      expected: reading(4, 30_600, { observedAt: NOW }),
    },
    {
      description: 'a later window replaces, even with fewer remaining',
      current: reading(1, 5_000),
      next: reading(9, 65_000, { observedAt: NOW }),
      expected: reading(9, 65_000, { observedAt: NOW }),
    },
    {
      description: 'an earlier window is ignored',
      current: reading(9, 65_000),
      next: reading(0, 5_000, { observedAt: NOW }),
      expected: reading(9, 65_000),
    },
    {
      description: 'a concurrent-limit reading leaves the bucket as it was',
      current: reading(6, 30_000),
      next: { limit: 0, remaining: 0, resetAt: NOW + 60_000, observedAt: NOW },
      expected: reading(6, 30_000),
    },
    {
      description: 'a concurrent-limit reading of an unknown bucket keeps it unknown',
      current: undefined,
      next: { limit: 0, remaining: 0, resetAt: NOW + 60_000, observedAt: NOW },
      expected: undefined,
    },
    {
      description: "a provisional window takes Okta's reset and the smaller remaining",
      current: {
        limit: 10,
        remaining: 6,
        resetAt: NOW + PROVISIONAL_WINDOW_MS,
        observedAt: NOW - 50,
        provisional: true,
      },
      next: reading(8, 20_000, { observedAt: NOW }),
      expected: { limit: 10, remaining: 6, resetAt: NOW + 20_000, observedAt: NOW },
    },
    {
      description: 'a provisional window ignores a late answer from the window before the reset',
      current: {
        limit: 10,
        remaining: 9,
        resetAt: NOW + PROVISIONAL_WINDOW_MS,
        observedAt: NOW - 50,
        provisional: true,
      },
      next: reading(0, -2_000, { observedAt: NOW }),
      expected: {
        limit: 10,
        remaining: 9,
        resetAt: NOW + PROVISIONAL_WINDOW_MS,
        observedAt: NOW - 50,
        provisional: true,
      },
    },
    {
      description: 'an answer that did not count its own call (whole limit left) replaces the same window',
      current: reading(4, 30_000),
      next: reading(10, 30_000, { observedAt: NOW }),
      expected: reading(10, 30_000, { observedAt: NOW }),
    },
    {
      description: 'an answer that did not count its own call replaces a provisional window',
      current: {
        limit: 10,
        remaining: 8,
        resetAt: NOW + PROVISIONAL_WINDOW_MS,
        observedAt: NOW - 50,
        provisional: true,
      },
      next: reading(10, 20_000, { observedAt: NOW }),
      expected: reading(10, 20_000, { observedAt: NOW }),
    },
    {
      description: 'an uncounted answer of an earlier window is still ignored',
      current: reading(3, 65_000),
      next: reading(10, 5_000, { observedAt: NOW }),
      expected: reading(3, 65_000),
    },
    {
      description: 'a reset more than two minutes ahead is pulled in to two minutes',
      current: undefined,
      next: { limit: 10, remaining: 0, resetAt: NOW + 3_600_000, observedAt: NOW },
      expected: { limit: 10, remaining: 0, resetAt: NOW + MAX_RESET_AHEAD_MS, observedAt: NOW },
    },
  ];
  for (const { description, current, next, expected } of cases) {
    test(description, () => assert.deepEqual(mergeReadings(current, next, NOW), expected));
  }
});

describe('admission', () => {
  const cases: {
    description: string;
    current: RateReading | undefined;
    priority: CallPriority;
    expected: BrakeDecision;
  }[] = [
    {
      description: 'an unknown bucket admits and keeps nothing',
      current: undefined,
      priority: 'background',
      expected: { admitted: true, next: undefined },
    },
    {
      description: 'admission takes one unit at once',
      current: reading(7, 30_000),
      priority: 'interactive',
      expected: { admitted: true, next: reading(6, 30_000) },
    },
    {
      description: 'a page view may spend the last unit',
      current: reading(1, 30_000),
      priority: 'interactive',
      expected: { admitted: true, next: reading(0, 30_000) },
    },
    {
      description: 'a spent bucket refuses a page view until its reset',
      current: reading(0, 30_000),
      priority: 'interactive',
      expected: { admitted: false, resetAt: NOW + 30_000, current: reading(0, 30_000) },
    },
    {
      description: 'background work stops at the reserve (3 of 10)',
      current: reading(3, 30_000),
      priority: 'background',
      expected: { admitted: false, resetAt: NOW + 30_000, current: reading(3, 30_000) },
    },
    {
      description: 'background work goes on above the reserve',
      current: reading(4, 30_000),
      priority: 'background',
      expected: { admitted: true, next: reading(3, 30_000) },
    },
    {
      description: 'a reset in the past: the bucket counts as reset, a provisional window opens with one unit taken',
      current: reading(0, -5_000),
      priority: 'background',
      expected: {
        admitted: true,
        next: { limit: 10, remaining: 9, resetAt: NOW + PROVISIONAL_WINDOW_MS, observedAt: NOW, provisional: true },
      },
    },
    {
      description: 'a reset exactly now counts as reset',
      current: reading(0, 0),
      priority: 'interactive',
      expected: {
        admitted: true,
        next: { limit: 10, remaining: 9, resetAt: NOW + PROVISIONAL_WINDOW_MS, observedAt: NOW, provisional: true },
      },
    },
    {
      description: 'a bucket that is not counting calls (whole limit left) admits and takes nothing',
      current: reading(10, 30_000),
      priority: 'background',
      expected: { admitted: true, next: undefined },
    },
    {
      description: 'a provisional window spent by admissions refuses until its guessed reset',
      current: { limit: 10, remaining: 0, resetAt: NOW + 50_000, observedAt: NOW - 10_000, provisional: true },
      priority: 'interactive',
      expected: {
        admitted: false,
        resetAt: NOW + 50_000,
        current: { limit: 10, remaining: 0, resetAt: NOW + 50_000, observedAt: NOW - 10_000, provisional: true },
      },
    },
  ];
  for (const { description, current, priority, expected } of cases) {
    test(description, () => assert.deepEqual(decideAdmission(current, priority, NOW), expected));
  }

  test('admissions one after another never take the remaining below the floor', () => {
    let current: RateReading | undefined = reading(9, 30_000);
    let admitted = 0;
    for (let call = 0; call < 20; call++) {
      const decision = decideAdmission(current, 'background', NOW);
      if (!decision.admitted) break;
      admitted++;
      current = decision.next;
    }
    assert.equal(admitted, 6);
    assert.equal(current?.remaining, 3);
  });
});

describe('the reserve for background work', () => {
  const cases = [
    { limit: 1, reserve: 1 },
    { limit: 2, reserve: 1 },
    { limit: 4, reserve: 1 },
    { limit: 5, reserve: 2 },
    { limit: 10, reserve: 3 },
    { limit: 60, reserve: 15 },
    { limit: 600, reserve: 150 },
  ];
  for (const { limit, reserve } of cases) {
    test(`a limit of ${limit} keeps ${reserve} for page views`, () => {
      assert.equal(reserveOf(limit), reserve);
      assert.equal(floorFor('background', limit), reserve);
      assert.equal(floorFor('interactive', limit), 0);
    });
  }
});

describe('buckets', () => {
  const cases = [
    { description: 'the System Log', path: '/api/v1/logs', bucket: '/api/v1/logs' },
    { description: 'the System Log with a trailing slash', path: '/api/v1/logs/', bucket: '/api/v1/logs' },
    { description: 'the users listing', path: '/api/v1/users', bucket: '/api/v1/users' },
    { description: 'one user', path: '/api/v1/users/00u1abc', bucket: '/api/v1/users/{id}' },
    { description: "one user's sub-resource", path: '/api/v1/users/00u1abc/roles', bucket: '/api/v1/users/{id}' },
    { description: 'the signed-in user', path: '/api/v1/users/me', bucket: '/api/v1/users/{id}' },
    { description: 'any other endpoint: its own path', path: '/api/v1/groups', bucket: '/api/v1/groups' },
  ];
  for (const { description, path, bucket } of cases) {
    test(description, () => assert.equal(bucketPath(path), bucket));
  }

  test('a bucket is named by the org and ignores the query', () => {
    assert.equal(
      rateBucket(new URL('https://dev-1.okta.com/api/v1/logs?since=x&limit=5')),
      'https://dev-1.okta.com/api/v1/logs',
    );
    assert.equal(namedBucket('https://dev-1.okta.com', 'logs'), 'https://dev-1.okta.com/api/v1/logs');
  });
});
