import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHART, histogram, MAX_BUCKETS, utcMinute } from '../../../src/logs/histogram.ts';
import { topEventTypes } from '../../../src/logs/top-types.ts';

const at = (iso: string, eventType = 'user.session.start') => ({ published: iso, eventType });

test('no dated events, no histogram', () => {
  assert.equal(histogram([]), undefined);
  assert.equal(histogram([{ published: 'not a date' }, {}]), undefined);
});

test('counts every dated event once, in round buckets, at most MAX_BUCKETS', () => {
  const events = Array.from({ length: 500 }, (_, i) =>
    at(new Date(Date.UTC(2026, 0, 1) + i * 1_234_567).toISOString()),
  );
  const chart = histogram([...events, { published: 'garbage' }]);
  assert.ok(chart);
  assert.equal(chart.total, 500);
  assert.equal(
    chart.bars.reduce((sum, bar) => sum + bar.count, 0),
    500,
  );
  assert.ok(chart.bars.length <= MAX_BUCKETS);
  assert.equal(chart.bucketLabel, '6 hours');
  assert.equal(Math.max(...chart.bars.map((bar) => bar.count)), chart.maxCount);
});

test('bars fit the drawing area; the tallest reaches the top', () => {
  const chart = histogram([at('2026-01-01T00:00:10Z'), at('2026-01-01T00:00:20Z'), at('2026-01-01T00:05:00Z')]);
  assert.ok(chart);
  assert.equal(chart.bucketLabel, '1 minute');
  for (const bar of chart.bars) {
    assert.ok(bar.x >= CHART.left && bar.x + bar.width <= CHART.right + 0.1);
    assert.ok(bar.y >= CHART.top - 0.1 && bar.y + bar.height <= CHART.bottom + 0.1);
  }
  const tallest = chart.bars.find((bar) => bar.count === 2);
  assert.equal(tallest?.y, CHART.top);
  assert.equal(tallest?.label, '2026-01-01 00:00 – 2026-01-01 00:01 UTC: 2 events');
  // The chart's table of counts: every bucket, empty ones too, back to back.
  assert.deepEqual(
    chart.bars.map(({ from, to, count }) => [from, to, count]),
    [
      ['2026-01-01 00:00', '2026-01-01 00:01', 2],
      ['2026-01-01 00:01', '2026-01-01 00:02', 0],
      ['2026-01-01 00:02', '2026-01-01 00:03', 0],
      ['2026-01-01 00:03', '2026-01-01 00:04', 0],
      ['2026-01-01 00:04', '2026-01-01 00:05', 0],
      ['2026-01-01 00:05', '2026-01-01 00:06', 1],
    ],
  );
  assert.match(chart.description, /^3 events on this page between 2026-01-01 00:00 and 2026-01-01 00:06 UTC/);
});

test('one event makes one bar', () => {
  const chart = histogram([at('2026-01-01T12:00:00Z')]);
  assert.equal(chart?.bars.length, 1);
  assert.equal(chart?.bars[0]?.count, 1);
});

test('top event types: most frequent first, ties by name, escaped for display', () => {
  const events = [at('x', 'b'), at('x', 'a'), at('x', 'b'), at('x', 'c\u202E'), { published: 'x' }];
  assert.deepEqual(
    topEventTypes(events, 3).map(({ eventType, text, count, share }) => [eventType, text, count, share]),
    [
      ['b', 'b', 2, 1],
      ['', '(none)', 1, 0.5],
      ['a', 'a', 1, 0.5],
    ],
  );
  assert.equal(topEventTypes(events).find((type) => type.eventType === 'c\u202E')?.text, 'c\\u202E');
});

test('bucket boundaries read as toISOString writes the minute, leap days and years before 1970 included', () => {
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  const instants = [
    0,
    -1,
    Date.UTC(2024, 1, 29, 23, 59, 59, 999),
    Date.UTC(2000, 1, 29, 12),
    Date.UTC(1900, 2, 1),
    Date.UTC(2100, 1, 28, 23, 59),
    Date.UTC(0, 0, 1) - Date.UTC(1900, 0, 1) + Date.UTC(0, 0, 1),
    Date.UTC(9999, 11, 31, 23, 59),
    Date.UTC(10_000, 0, 1),
    -62_198_755_200_001,
  ];
  // Every 7,919,999 ms (about 2.2 hours, never a round number) across four centuries.
  for (let ms = Date.UTC(1800, 0, 1); ms < Date.UTC(2200, 0, 1); ms += 7_919_999 * 97) instants.push(ms);
  for (const ms of instants) assert.equal(utcMinute(ms), iso(ms), String(ms));
});
