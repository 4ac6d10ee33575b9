/** The rate budget as the pages show it: what the last Okta response said about the `/api/v1/logs` bucket. */

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
  /** `15:04:05 UTC` */
  resetText: string;
  /** `ok`, `low` (a quarter or less left) or `out` (none left and not reset yet). */
  level: 'ok' | 'low' | 'out';
}

/** `15:04:05 UTC` for an epoch ms or a Date. */
export function utcClock(time: number | Date): string {
  return `${new Date(time).toISOString().slice(11, 19)} UTC`;
}

/** The budget view at `now`; `known` is false before the first call of the session. */
export function budgetView(budget: StoredBudget | undefined, now: number): BudgetView {
  const resetMs = budget ? Date.parse(budget.resetAt) : Number.NaN;
  if (!budget || Number.isNaN(resetMs)) {
    return { known: false, limit: 0, remaining: 0, resetIso: '', resetText: '', level: 'ok' };
  }
  // After the reset the whole budget is back, whatever the last response said.
  const remaining = resetMs <= now ? budget.limit : budget.remaining;
  const level = remaining <= 0 ? 'out' : remaining * 4 <= budget.limit ? 'low' : 'ok';
  return {
    known: true,
    limit: budget.limit,
    remaining,
    resetIso: new Date(resetMs).toISOString(),
    resetText: utcClock(resetMs),
    level,
  };
}
