/** The rate budget as the pages show it: what the last Okta response said about the `/api/v1/logs` bucket. */
import { resetTime } from '../text/reset-time.ts';

/** What the session remembers (set by the Okta access plugin after every call). */
export interface StoredBudget {
  limit: number;
  remaining: number;
  resetAt: string;
}

/** The budget line of a page. */
export interface BudgetView {
  known: boolean;
  limit: number;
  remaining: number;
  /** ISO instant of the reset, for `<time datetime>`. */
  resetIso: string;
  /** `15:04:05 UTC` while the reset is ahead; `now` or `in a few seconds` once it is due (never a past time). */
  resetText: string;
  /** True when the reset is at most a few seconds away or past: `resetText` is words, not a clock time. */
  resetDue: boolean;
  /** `ok`, `low` (a quarter or less left) or `out` (none left and not reset yet). */
  level: 'ok' | 'low' | 'out';
}

/** The budget view at `now`; `known` is false before the first call of the session. */
export function budgetView(budget: StoredBudget | undefined, now: number): BudgetView {
  const resetMs = budget ? Date.parse(budget.resetAt) : Number.NaN;
  if (!budget || Number.isNaN(resetMs)) {
    return { known: false, limit: 0, remaining: 0, resetIso: '', resetText: '', resetDue: false, level: 'ok' };
  }
  // After the reset the whole budget is back, whatever the last response said.
  const remaining = resetMs <= now ? budget.limit : budget.remaining;
  const level = remaining <= 0 ? 'out' : remaining * 4 <= budget.limit ? 'low' : 'ok';
  const reset = resetTime(resetMs, now);
  const resetDue = reset.kind !== 'later';
  return {
    known: true,
    limit: budget.limit,
    remaining,
    resetIso: reset.iso,
    resetText: resetDue ? reset.text : reset.clock,
    resetDue,
    level,
  };
}
