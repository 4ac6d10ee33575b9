/**
 * One Okta call that waits out the rate limit instead of failing: the client itself never retries (so nothing
 * waits where the user cannot see it); here a 429, or the shared brake keeping the budget, becomes a countdown to
 * Okta's reset on stderr and the same call again (the same page: a cursor is kept by the caller). A 503/504 or a
 * dropped connection is tried again after a short backoff. At most `maxRetries` such waits per call, as the SDKs'
 * `rateLimit.maxRetries`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { OktaUnavailableError, RateLimitedError } from '../okta/index.ts';
import type { Progress } from './progress.ts';

/** Waits for the shared brake (no request sent) allowed per call: it only ever asks to wait for a known reset. */
const MAX_BRAKE_WAITS = 20;
/** Okta's reset is to the second; a little margin keeps the retry out of the old window. */
const RESET_MARGIN_MS = 500;

/** Options of withRateWaits. */
export interface RateWaitOptions {
  maxRetries: number;
  signal: AbortSignal;
  progress: Progress;
  /** What is waiting, for the countdown: `GET /api/v1/logs`. */
  what: string;
}

/** Runs `call`, waiting for resets and retrying as described in the module comment. */
export async function withRateWaits<T>(call: () => Promise<T>, options: RateWaitOptions): Promise<T> {
  let oktaWaits = 0;
  let brakeWaits = 0;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (options.signal.aborted) throw error;
      if (error instanceof RateLimitedError && error.resetAt !== undefined) {
        const brake = error.reason === 'budget-spent';
        if (brake ? brakeWaits >= MAX_BRAKE_WAITS : oktaWaits >= options.maxRetries) throw error;
        if (brake) brakeWaits++;
        else oktaWaits++;
        const label = brake
          ? `${options.what}: the rate budget is kept for others (shared brake)`
          : `${options.what}: Okta answered 429 (wait ${oktaWaits} of ${options.maxRetries})`;
        await options.progress.countdown(new Date(error.resetAt.getTime() + RESET_MARGIN_MS), label, options.signal);
        continue;
      }
      const transient =
        error instanceof OktaUnavailableError && (error.reason === 'server-error' || error.reason === 'network');
      if (transient && oktaWaits < options.maxRetries) {
        oktaWaits++;
        options.progress.status(
          `${options.what}: ${error.message}; trying again (${oktaWaits} of ${options.maxRetries})`,
        );
        await sleep(1000 * 2 ** (oktaWaits - 1), undefined, { signal: options.signal });
        continue;
      }
      throw error;
    }
  }
}
