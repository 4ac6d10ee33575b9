/**
 * The state of one API call across its attempts: one AbortSignal joining the caller's signal and the deadline,
 * the latest moment a retry wait may end (deadline or retry budget, whichever is first), and the backoff.
 */
import type { OktaClock } from './clock.ts';
import { OktaAbortError, OktaUnavailableError, type RequestDescription } from './errors.ts';
import type { CallOptions } from './types.ts';

const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 5000;
/** Upper bound of the random extra added to every wait, so that clients do not retry in lockstep. */
export const JITTER_MS = 250;

function deadlineMs(deadline: CallOptions['deadline']): number | undefined {
  if (deadline === undefined) return undefined;
  return typeof deadline === 'number' ? deadline : deadline.getTime();
}

/** Per-call state; `end()` must be called when the call settles. */
export class Call {
  readonly #controller = new AbortController();
  readonly #waitLimitMs: number;
  readonly #timer: NodeJS.Timeout | undefined;
  readonly #onCallerAbort = (): void => this.#controller.abort();
  #deadlineFired = false;

  constructor(
    readonly clock: OktaClock,
    retryBudgetMs: number,
    readonly options: CallOptions,
    readonly request: RequestDescription,
    /** The deadline of a call whose options bring none (or a later one), in ms from now. */
    timeoutMs?: number,
  ) {
    const now = clock.now();
    const given = deadlineMs(options.deadline);
    const byTimeout = timeoutMs === undefined ? undefined : now + timeoutMs;
    const deadline = given === undefined || byTimeout === undefined ? (given ?? byTimeout) : Math.min(given, byTimeout);
    this.#waitLimitMs = Math.min(deadline ?? Number.POSITIVE_INFINITY, now + retryBudgetMs);
    options.signal?.addEventListener('abort', this.#onCallerAbort, { once: true });
    if (deadline !== undefined && deadline <= now) {
      this.#expire();
    } else if (deadline !== undefined) {
      this.#timer = setTimeout(() => this.#expire(), deadline - now);
    }
  }

  #expire(): void {
    this.#deadlineFired = true;
    this.#controller.abort();
  }

  /** Aborts on the caller's abort and at the deadline. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  end(): void {
    clearTimeout(this.#timer);
    this.options.signal?.removeEventListener('abort', this.#onCallerAbort);
  }

  /** True when a wait of `ms` starting now would end within the deadline and the retry budget. */
  fits(ms: number): boolean {
    return this.clock.now() + ms <= this.#waitLimitMs;
  }

  /** Exponential backoff before retry number `retry` (1-based), capped, plus jitter. */
  backoffMs(retry: number): number {
    const exponential = Math.min(BACKOFF_BASE_MS * 2 ** (retry - 1), BACKOFF_MAX_MS);
    return exponential + this.jitterMs();
  }

  jitterMs(): number {
    return Math.floor(this.clock.random() * JITTER_MS);
  }

  /** The caller's abort or the deadline as the typed error to throw; undefined when neither happened. */
  interruption(attempts: number, cause?: unknown): Error | undefined {
    const { request } = this;
    if (this.options.signal?.aborted === true) {
      return new OktaAbortError(`aborted: ${request.method} ${request.url}`, { request, cause });
    }
    if (this.#deadlineFired || this.signal.aborted) {
      return new OktaUnavailableError(`deadline reached before Okta answered: ${request.method} ${request.url}`, {
        request,
        cause,
        reason: 'deadline',
        attempts,
      });
    }
    return undefined;
  }

  /** Sleeps on the call's clock; an abort or the deadline ends the wait with the typed error. */
  async wait(ms: number, attempts: number): Promise<void> {
    try {
      await this.clock.sleep(ms, this.signal);
    } catch (error) {
      throw this.interruption(attempts, error) ?? error;
    }
  }
}
