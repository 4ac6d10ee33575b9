/**
 * The rate brake's arithmetic, pure: how readings of one bucket combine, and whether a call may go out. The gate
 * (rate-gate.ts) keeps one reading per bucket where every instance of the app sees it and applies these rules
 * atomically; nothing here does I/O or reads the clock.
 *
 * Rules, with why:
 * - A reading whose reset is past is stale: the window it describes is over, so the bucket counts as reset (never
 *   "spent until" a time gone by).
 * - A concurrent-limit 429 (`X-Rate-Limit-Limit: 0`) says too many requests were in flight, not that the window
 *   is spent, and Okta's reset on it is only an estimate: it never changes the bucket. The request that got it
 *   waits a short backoff and tries again (http.ts).
 * - Two readings of one window (resets within a second: the header has one-second resolution and the `Date`
 *   correction adds up to a second of noise) keep the smaller remaining, so answers arriving out of order never
 *   raise it. A reading of a later window replaces; one of an earlier window is ignored.
 * - Admission takes one unit at once, so calls in flight on every instance are counted before Okta answers. After
 *   a reset the brake opens a provisional window of the known limit (its reset a guess of one minute, Okta's usual
 *   window) that Okta's first answer in it corrects.
 * - An answer with the whole limit left did not count its own call (Okta counts every call in the remaining it
 *   returns, so it never answers so): that bucket is not counting calls now (an org without enforcement, a sandbox
 *   with its limits off). Such a reading replaces the bucket's, and admission takes nothing from it.
 * - `interactive` calls (a person waiting for a page) may spend the last unit; `background` calls (live tail,
 *   export) stop at a reserve of a quarter of the limit, rounded up, at least 1, kept for page views.
 * - A reset further than two minutes ahead is read as two minutes ahead: Okta's windows are a minute, so a later
 *   one is more likely a clock or header fault, and one call every two minutes learns the truth again.
 */
import type { CallPriority, RateReading } from './types.ts';

/** Resets closer than this describe the same window. */
export const SAME_WINDOW_MS = 1000;
/** The guessed length of a window the brake opens itself after a reset (Okta: "typically reset every 60 seconds"). */
export const PROVISIONAL_WINDOW_MS = 60_000;
/** The furthest ahead a reset is believed. */
export const MAX_RESET_AHEAD_MS = 120_000;

/** The brake's decision for one call. */
export type BrakeDecision =
  /** Send it; `next` is the reading to keep (undefined: keep nothing, the bucket is unknown). */
  | { admitted: true; next: RateReading | undefined }
  /** Do not send it; the bucket is spent for this priority until `resetAt` (epoch ms). */
  | { admitted: false; resetAt: number; current: RateReading };

/** True for Okta's concurrent-limit answer: limit and remaining both 0. */
export function isConcurrencyLimit(reading: RateReading): boolean {
  return reading.limit === 0;
}

/** True for an answer that did not count its own call (see the module comment). */
export function isUncounted(reading: RateReading): boolean {
  return reading.limit > 0 && reading.remaining >= reading.limit;
}

/** True when the reading's window is over at `now`. */
export function isReset(reading: RateReading, now: number): boolean {
  return reading.resetAt <= now;
}

/** Units kept for page views: a quarter of the limit, rounded up, at least 1. */
export function reserveOf(limit: number): number {
  return Math.max(1, Math.ceil(limit / 4));
}

/** The remaining a call of `priority` must leave untouched. */
export function floorFor(priority: CallPriority, limit: number): number {
  return priority === 'interactive' ? 0 : reserveOf(limit);
}

/** The reading with a reset too far ahead of its observation pulled in (see the module comment). */
export function believable(reading: RateReading): RateReading {
  const latest = reading.observedAt + MAX_RESET_AHEAD_MS;
  return reading.resetAt > latest ? { ...reading, resetAt: latest } : reading;
}

/** What the bucket is after `current` learns `next` (see the module comment for the rules). */
export function mergeReadings(
  current: RateReading | undefined,
  next: RateReading,
  now: number,
): RateReading | undefined {
  if (isConcurrencyLimit(next)) return current;
  const incoming = believable(next);
  if (current === undefined) return incoming;
  if (current.provisional) {
    // An answer from the window before the reset tells nothing about the new one.
    if (isReset(incoming, now)) return current;
    if (isUncounted(incoming)) return incoming;
    return {
      limit: incoming.limit,
      remaining: Math.min(current.remaining, incoming.remaining),
      resetAt: incoming.resetAt,
      observedAt: Math.max(current.observedAt, incoming.observedAt),
    };
  }
  if (Math.abs(incoming.resetAt - current.resetAt) < SAME_WINDOW_MS) {
    if (isUncounted(incoming)) return incoming;
    const lower = incoming.remaining < current.remaining ? incoming : current;
    return {
      limit: lower.limit,
      remaining: lower.remaining,
      resetAt: Math.max(current.resetAt, incoming.resetAt),
      observedAt: Math.max(current.observedAt, incoming.observedAt),
    };
  }
  return incoming.resetAt > current.resetAt ? incoming : current;
}

/** Whether a call of `priority` may go out at `now`, and the reading to keep when it does. */
export function decideAdmission(current: RateReading | undefined, priority: CallPriority, now: number): BrakeDecision {
  if (current === undefined || isUncounted(current)) return { admitted: true, next: undefined };
  if (isReset(current, now)) {
    const next: RateReading = {
      limit: current.limit,
      remaining: Math.max(0, current.limit - 1),
      resetAt: now + PROVISIONAL_WINDOW_MS,
      observedAt: now,
      provisional: true,
    };
    return { admitted: true, next };
  }
  if (current.remaining > floorFor(priority, current.limit)) {
    return { admitted: true, next: { ...current, remaining: current.remaining - 1 } };
  }
  return { admitted: false, resetAt: current.resetAt, current };
}
