/**
 * The rate brake on the shared store: one reading per org and bucket under `osv:budget:<origin><bucket path>`,
 * changed only through `update`, so admissions and readings from every instance apply one at a time.
 */
import { decideAdmission, MAX_RESET_AHEAD_MS, mergeReadings } from '../okta/rate-brake.ts';
import type { Admission, RateGate } from '../okta/rate-gate.ts';
import type { CallPriority, RateReading } from '../okta/types.ts';
import { type SharedStore, STORE_KEYS } from './store.ts';

/**
 * How long a reading is kept: past any reset the brake believes, so that after a reset the known limit still
 * opens the next window (and the budget line still has figures).
 */
export const BUDGET_TTL_MS = MAX_RESET_AHEAD_MS + 30_000;

function parseReading(text: string | undefined): RateReading | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const { limit, remaining, resetAt, observedAt, provisional } = value as Record<string, unknown>;
    const numbers = [limit, remaining, resetAt, observedAt];
    if (!numbers.every((n) => typeof n === 'number' && Number.isFinite(n))) return undefined;
    const reading: RateReading = {
      limit: limit as number,
      remaining: remaining as number,
      resetAt: resetAt as number,
      observedAt: observedAt as number,
    };
    return provisional === true ? { ...reading, provisional: true } : reading;
  } catch {
    // An unreadable value is treated as no reading: the next answer from Okta writes a good one.
    return undefined;
  }
}

/** A RateGate whose readings live in `store`, shared by every instance using it. */
export class StoreRateGate implements RateGate {
  constructor(
    private readonly store: SharedStore,
    private readonly now: () => number = Date.now,
  ) {}

  #key(bucket: string): string {
    return `${STORE_KEYS.budget}${bucket}`;
  }

  async admit(bucket: string, priority: CallPriority): Promise<Admission> {
    return this.store.update<Admission>(this.#key(bucket), BUDGET_TTL_MS, (text) => {
      const decision = decideAdmission(parseReading(text), priority, this.now());
      if (!decision.admitted) {
        const { current } = decision;
        const result: Admission = {
          admitted: false,
          resetAt: new Date(decision.resetAt),
          limit: current.limit,
          remaining: current.remaining,
        };
        return { value: text, result };
      }
      const value = decision.next === undefined ? text : JSON.stringify(decision.next);
      return { value, result: { admitted: true } };
    });
  }

  async observe(bucket: string, reading: RateReading): Promise<void> {
    await this.store.update(this.#key(bucket), BUDGET_TTL_MS, (text) => {
      const merged = mergeReadings(parseReading(text), reading, this.now());
      return { value: merged === undefined ? text : JSON.stringify(merged), result: undefined };
    });
  }

  async reading(bucket: string): Promise<RateReading | undefined> {
    return parseReading(await this.store.get(this.#key(bucket)));
  }

  async forget(bucket: string): Promise<void> {
    await this.store.delete(this.#key(bucket));
  }
}
