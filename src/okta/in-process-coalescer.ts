/** Coalescing within one process: callers of one key share one promise. */
import type { Coalescer, SharedResponse } from './coalescer.ts';

/**
 * One attempt in flight and how many callers still wait for it. Once settled it lets go of its answer (Okta's body,
 * up to the size cap): a settled promise stays reachable through the registry's long-lived Map even after its
 * entry was deleted, and would keep the answer alive with it.
 */
class Flight {
  readonly controller = new AbortController();
  /** The attempt; undefined once it has settled. */
  #promise: Promise<SharedResponse> | undefined;
  #waiting = 0;

  /** `onSettled` runs before any caller's own handlers. */
  constructor(fetch: (signal: AbortSignal) => Promise<SharedResponse>, onSettled: () => void) {
    const promise = fetch(this.controller.signal);
    this.#promise = promise;
    const settle = (): void => {
      this.#promise = undefined;
      onSettled();
    };
    promise.then(settle, settle);
  }

  /** False once every caller has gone: its request is being abandoned, so a newcomer starts another. */
  get joinable(): boolean {
    return this.#promise !== undefined && !this.controller.signal.aborted;
  }

  /** This caller's wait: its own abort ends it; the last caller to leave abandons the request. */
  join(signal: AbortSignal): Promise<SharedResponse> {
    const promise = this.#promise;
    // run() joins only a flight it just found joinable, in the same turn.
    if (promise === undefined) return Promise.reject(new Error('joined a flight that has settled'));
    this.#waiting++;
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.#waiting--;
        if (this.#waiting === 0 && this.#promise !== undefined) this.controller.abort(signal.reason);
        reject(signal.reason);
      };
      if (signal.aborted) {
        onAbort();
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }
}

/** The default coalescer of one process. */
export class InProcessCoalescer implements Coalescer {
  readonly #flights = new Map<string, Flight>();

  /** How many distinct attempts are in flight (for tests and diagnostics). */
  get inFlight(): number {
    return this.#flights.size;
  }

  async run(
    key: string,
    signal: AbortSignal,
    fetch: (signal: AbortSignal) => Promise<SharedResponse>,
  ): Promise<SharedResponse> {
    for (;;) {
      const existing = this.#flights.get(key);
      const flight = existing?.joinable ? existing : this.#start(key, fetch);
      try {
        return await flight.join(signal);
      } catch (error) {
        // A failed attempt of another caller (its network, its deadline, its priority's budget) is not this
        // caller's answer: it makes its own attempt instead.
        if (flight !== existing || signal.aborted) throw error;
      }
    }
  }

  #start(key: string, fetch: (signal: AbortSignal) => Promise<SharedResponse>): Flight {
    // The finished flight is gone before any caller's own handlers run.
    const flight: Flight = new Flight(fetch, () => {
      if (this.#flights.get(key) === flight) this.#flights.delete(key);
    });
    this.#flights.set(key, flight);
    return flight;
  }
}
