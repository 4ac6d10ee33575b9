/**
 * How a rate-limit reset reads on a page. Okta's `X-Rate-Limit-Reset` can lie in the past (a stale bucket, a
 * skewed clock, a page rendered after the reset): then the budget is back, and the page says "now" rather than
 * telling someone to wait until a time that has already gone by.
 */

/** A reset closer than this reads "in a few seconds" rather than a clock time. */
const FEW_SECONDS_MS = 10_000;

/** A reset time as words. */
export interface ResetTime {
  /** `due`: at or before now; `soon`: within a few seconds; `later`: a clock time worth showing. */
  kind: 'due' | 'soon' | 'later';
  /** `now`, `in a few seconds`, or `at 16:12:05 UTC`. */
  text: string;
  /** `16:12:05 UTC`: the reset's time of day, for `later` (and a `<time>` element). */
  clock: string;
  /** The exact instant (ISO 8601). */
  iso: string;
}

/** `15:04:05 UTC` for an epoch ms or a Date. */
export function utcClock(time: number | Date): string {
  return `${new Date(time).toISOString().slice(11, 19)} UTC`;
}

/** How `resetAt` reads at `now` (epoch ms). */
export function resetTime(resetAt: Date | number, now: number): ResetTime {
  const at = typeof resetAt === 'number' ? resetAt : resetAt.getTime();
  const left = at - now;
  const common = { clock: utcClock(at), iso: new Date(at).toISOString() };
  if (left <= 0) return { ...common, kind: 'due', text: 'now' };
  if (left < FEW_SECONDS_MS) return { ...common, kind: 'soon', text: 'in a few seconds' };
  return { ...common, kind: 'later', text: `at ${common.clock}` };
}
