import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formDateTime, parseDateTime, RangeProblem, RETENTION_MS, resolveRange } from '../../../src/logs/time-range.ts';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const DAY = 24 * 3600_000;

describe('resolveRange', () => {
  test('a preset counts back from now', () => {
    const range = resolveRange({ preset: '15m' }, NOW);
    assert.equal(range.until.toISOString(), NOW.toISOString());
    assert.equal(NOW.getTime() - range.since.getTime(), 15 * 60_000);
    assert.deepEqual(range.notes, []);
  });
  test('the 90-day preset is exactly the retention window', () => {
    assert.equal(NOW.getTime() - resolveRange({ preset: '90d' }, NOW).since.getTime(), RETENTION_MS);
  });
  test('a custom range without until ends now; without since it spans 7 days', () => {
    const range = resolveRange({ since: undefined, until: undefined }, NOW);
    assert.equal(range.until.getTime(), NOW.getTime());
    assert.equal(range.until.getTime() - range.since.getTime(), 7 * DAY);
  });
  test('a since older than 90 days is clamped, with a note', () => {
    const range = resolveRange({ since: new Date(NOW.getTime() - 200 * DAY), until: NOW }, NOW);
    assert.equal(range.since.getTime(), NOW.getTime() - RETENTION_MS);
    assert.match(range.notes[0] ?? '', /keeps System Log events for 90 days/);
  });
  test('since after until is refused on "since"', () => {
    assert.throws(
      () => resolveRange({ since: NOW, until: new Date(NOW.getTime() - 1) }, NOW),
      (error: unknown) => error instanceof RangeProblem && error.field === 'since',
    );
  });
  test('a range wholly beyond retention is refused on "until"', () => {
    const until = new Date(NOW.getTime() - 100 * DAY);
    assert.throws(
      () => resolveRange({ since: new Date(until.getTime() - DAY), until }, NOW),
      (error: unknown) => error instanceof RangeProblem && error.field === 'until',
    );
  });
});

describe('parseDateTime', () => {
  const cases: [string, string | undefined][] = [
    ['2024-08-13T15:58', '2024-08-13T15:58:00.000Z'],
    ['2024-08-13T15:58:20', '2024-08-13T15:58:20.000Z'],
    ['2024-08-13 15:58:20', '2024-08-13T15:58:20.000Z'],
    ['2024-08-13T15:58:20.123Z', '2024-08-13T15:58:20.123Z'],
    ['2024-08-13T15:58:20.123456Z', '2024-08-13T15:58:20.123Z'],
    ['2024-08-13T17:58:20+02:00', '2024-08-13T15:58:20.000Z'],
    ['2024-08-13T10:58:20-0500', '2024-08-13T15:58:20.000Z'],
    ['2024-02-30T00:00', undefined],
    ['2024-08-13T24:00', undefined],
    ['2024-08-13', undefined],
    ['yesterday', undefined],
    ['', undefined],
  ];
  for (const [text, expected] of cases) {
    test(JSON.stringify(text), () => assert.equal(parseDateTime(text)?.toISOString(), expected));
  }
  test('formDateTime is what a datetime-local input shows, and parses back', () => {
    const date = new Date('2024-08-13T15:58:20.000Z');
    assert.equal(formDateTime(date), '2024-08-13T15:58:20');
    assert.equal(parseDateTime(formDateTime(date))?.getTime(), date.getTime());
  });
});
