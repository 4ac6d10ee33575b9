import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  MAX_PAUSE_MS,
  nextPollDelay,
  pauseUntil,
  UNKNOWN_BUDGET_INTERVAL_MS,
} from '../../../src/logs/poll-interval.ts';

const NOW = 1_000_000;
const budget = (remaining: number, resetInMs = 30_000) => ({
  limit: 10,
  remaining,
  resetAt: new Date(NOW + resetInMs),
});

const cases: [
  description: string,
  delay: ReturnType<typeof nextPollDelay>,
  expected: ReturnType<typeof nextPollDelay>,
][] = [
  [
    'a full budget of 10: 5 polls a minute at most',
    nextPollDelay(budget(10), NOW, 10_000),
    { delayMs: 12_000, paused: false },
  ],
  ['3 left: one poll every 40 s', nextPollDelay(budget(3), NOW, 10_000), { delayMs: 40_000, paused: false }],
  ['1 left: every 2 minutes', nextPollDelay(budget(1), NOW, 10_000), { delayMs: 120_000, paused: false }],
  [
    'a large budget: the minimum interval',
    nextPollDelay({ limit: 600, remaining: 600, resetAt: new Date(NOW) }, NOW, 10_000),
    { delayMs: 10_000, paused: false },
  ],
  [
    'none left: pause until the reset plus a second',
    nextPollDelay(budget(0, 30_000), NOW, 10_000),
    { delayMs: 31_000, paused: true },
  ],
  [
    'none left, reset imminent: still the minimum',
    nextPollDelay(budget(0, 100), NOW, 10_000),
    { delayMs: 10_000, paused: true },
  ],
  [
    'no budget reported: the 60 s cadence',
    nextPollDelay(undefined, NOW, 10_000),
    { delayMs: UNKNOWN_BUDGET_INTERVAL_MS, paused: false },
  ],
  ['a 429 without a reset: a minute', pauseUntil(undefined, NOW, 10_000), { delayMs: 60_000, paused: true }],
  [
    'a reset far away is capped',
    pauseUntil(new Date(NOW + 3_600_000), NOW, 10_000),
    { delayMs: MAX_PAUSE_MS, paused: true },
  ],
];
for (const [description, delay, expected] of cases) {
  test(description, () => assert.deepEqual(delay, expected));
}

test('never more than half of the remaining budget per minute (property over all budgets)', () => {
  for (let remaining = 1; remaining <= 1200; remaining++) {
    const { delayMs } = nextPollDelay({ limit: 1200, remaining, resetAt: new Date(NOW + 60_000) }, NOW, 10_000);
    assert.ok(60_000 / delayMs <= remaining / 2 + 1e-9, `remaining ${remaining}: ${delayMs} ms`);
    assert.ok(delayMs >= 10_000);
  }
});
