/**
 * How long the live tail waits before its next poll. The System Log budget is small (a new app on a free org
 * gets about 10 calls a minute), and the same budget serves every page of the app, so a tail never spends more
 * than half of what is left per minute, never polls more often than the minimum interval, and when the budget is
 * gone it pauses until Okta's reset.
 */
import type { RateLimit } from '../okta/index.ts';

/** When Okta sent no budget: the cadence shippers use (Okta recommends 60–300 s). */
export const UNKNOWN_BUDGET_INTERVAL_MS = 60_000;
/** Longest pause for a reset, in case a reset time is far off or wrong; the next poll then learns the budget again. */
export const MAX_PAUSE_MS = 300_000;

/** The wait before the next poll and whether it is a pause for the budget to reset. */
export interface PollDelay {
  delayMs: number;
  paused: boolean;
}

/** The delay after a poll that reported `budget`, at `now`. */
export function nextPollDelay(budget: RateLimit | undefined, now: number, minIntervalMs: number): PollDelay {
  if (!budget) return { delayMs: Math.max(minIntervalMs, UNKNOWN_BUDGET_INTERVAL_MS), paused: false };
  if (budget.remaining <= 0) return pauseUntil(budget.resetAt, now, minIntervalMs);
  // Polls per minute ≤ remaining / 2  ⇔  delay ≥ 60 s / (remaining / 2).
  return { delayMs: Math.max(minIntervalMs, Math.ceil(120_000 / budget.remaining)), paused: false };
}

/** A pause until `resetAt` (plus a second of margin), at least the minimum interval. */
export function pauseUntil(resetAt: Date | undefined, now: number, minIntervalMs: number): PollDelay {
  const untilReset = resetAt === undefined ? UNKNOWN_BUDGET_INTERVAL_MS : resetAt.getTime() - now + 1000;
  return { delayMs: Math.min(MAX_PAUSE_MS, Math.max(minIntervalMs, untilReset)), paused: true };
}
