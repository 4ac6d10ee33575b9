/**
 * Count of events over time for the events already fetched (no extra Okta call): the page's own time span cut
 * into at most MAX_BUCKETS buckets of a round size, laid out as SVG geometry for the template to draw.
 */
import type { LogEvent } from '../okta/index.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const STEPS: readonly [number, string][] = [
  [MINUTE, '1 minute'],
  [2 * MINUTE, '2 minutes'],
  [5 * MINUTE, '5 minutes'],
  [10 * MINUTE, '10 minutes'],
  [15 * MINUTE, '15 minutes'],
  [30 * MINUTE, '30 minutes'],
  [HOUR, '1 hour'],
  [2 * HOUR, '2 hours'],
  [3 * HOUR, '3 hours'],
  [6 * HOUR, '6 hours'],
  [12 * HOUR, '12 hours'],
  [DAY, '1 day'],
  [2 * DAY, '2 days'],
  [7 * DAY, '7 days'],
  [14 * DAY, '14 days'],
  [30 * DAY, '30 days'],
];
export const MAX_BUCKETS = 48;

/** Drawing area of the SVG (viewBox units). */
export const CHART = { width: 800, height: 150, left: 44, right: 792, top: 8, bottom: 118 } as const;

/** One bar. */
export interface HistogramBar {
  x: number;
  y: number;
  width: number;
  height: number;
  count: number;
  /** Start and end of the bucket, `2024-08-13 15:00` (UTC), for the chart's table of counts. */
  from: string;
  to: string;
  /** "2024-08-13 15:00 – 16:00 UTC: 5 events" */
  label: string;
}

/** What the template draws. */
export interface Histogram {
  bars: HistogramBar[];
  total: number;
  maxCount: number;
  bucketLabel: string;
  startLabel: string;
  endLabel: string;
  /** Accessible description of the whole chart. */
  description: string;
}

const MINUTES_PER_DAY = 1440;

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/**
 * `2024-08-13 15:58` (UTC), as `toISOString` writes the minute. Computed with integer arithmetic (the proleptic
 * Gregorian calendar's days to year, month and day, as in Howard Hinnant's `civil_from_days`): a page formats every
 * bucket boundary, and a Date and its ISO string for each cost more than the rest of the histogram.
 */
export function utcMinute(ms: number): string {
  const minutes = Math.floor(ms / MINUTE);
  const days = Math.floor(minutes / MINUTES_PER_DAY);
  const minuteOfDay = minutes - days * MINUTES_PER_DAY;
  const shifted = days + 719_468; // days from 0000-03-01
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  // Outside 0000-9999 toISOString writes a signed six-digit year (cut as it always was).
  if (year < 0 || year > 9999) return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  const hour = Math.floor(minuteOfDay / 60);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)} ${pad2(hour)}:${pad2(minuteOfDay - hour * 60)}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The histogram of `events`, or undefined when none has a usable `published` time. */
export function histogram(events: readonly LogEvent[]): Histogram | undefined {
  const times = events
    .map((event) => (typeof event.published === 'string' ? Date.parse(event.published) : Number.NaN))
    .filter((ms) => Number.isFinite(ms));
  if (times.length === 0) return undefined;
  let min = times[0] as number;
  let max = min;
  for (const ms of times) {
    if (ms < min) min = ms;
    if (ms > max) max = ms;
  }
  const [step, stepLabel] =
    STEPS.find(([size]) => Math.floor(max / size) - Math.floor(min / size) + 1 <= MAX_BUCKETS) ??
    (STEPS.at(-1) as [number, string]);
  const start = Math.floor(min / step) * step;
  const buckets = Math.floor(max / step) - Math.floor(min / step) + 1;
  const counts = new Array<number>(buckets).fill(0);
  for (const ms of times) {
    const index = Math.floor((ms - start) / step);
    counts[index] = (counts[index] ?? 0) + 1;
  }
  const maxCount = Math.max(...counts);
  const slot = (CHART.right - CHART.left) / buckets;
  const plotHeight = CHART.bottom - CHART.top;
  // Each bucket boundary formatted once: bucket i runs from edges[i] to edges[i + 1].
  const edges = Array.from({ length: buckets + 1 }, (_, index) => utcMinute(start + index * step));
  const width = round(Math.max(1, slot * 0.8));
  const bars = counts.map((count, index) => {
    const height = count === 0 ? 0 : Math.max(1, (count / maxCount) * plotHeight);
    const from = edges[index] as string;
    const to = edges[index + 1] as string;
    return {
      x: round(CHART.left + index * slot + slot * 0.1),
      y: round(CHART.bottom - height),
      width,
      height: round(height),
      count,
      from,
      to,
      label: `${from} – ${to} UTC: ${plural(count, 'event')}`,
    };
  });
  const first = edges[0] as string;
  const last = edges[buckets] as string;
  return {
    bars,
    total: times.length,
    maxCount,
    bucketLabel: stepLabel,
    startLabel: `${first} UTC`,
    endLabel: `${last} UTC`,
    description: `${plural(times.length, 'event')} on this page between ${first} and ${last} UTC, counted per ${stepLabel}; the busiest ${stepLabel} has ${plural(maxCount, 'event')}.`,
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
