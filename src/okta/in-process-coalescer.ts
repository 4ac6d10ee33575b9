/** Coalescing within one process: callers of one key share one promise. */
import type { Coalescer, SharedResponse } from './coalescer.ts';

/** One attempt in flight and how many callers still wait for it. */
class Flight {
  readonly controller = new AbortController();
  readonly promise: Promise<SharedResponse>;
  #waiting = 0;
  #settled = false;

  constructor(fetch: (signal: AbortSignal) => Promise<SharedResponse>) {
    this.promise = fetch(this.controller.signal);
    const settle = (): void => {
      this.#settled = true;
    };
    this.promise.then(settle, settle);
  }

  /** False once every caller has gone: its request is being abandoned, so a newcomer starts another. */
  get joinable(): boolean {
    return !this.controller.signal.aborted;
  }

  /** This caller's wait: its own abort ends it; the last caller to leave abandons the request. */
  join(signal: AbortSignal): Promise<SharedResponse> {
    this.#waiting++;
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.#waiting--;
        if (this.#waiting === 0 && !this.#settled) this.controller.abort(signal.reason);
        reject(signal.reason);
      };
      if (signal.aborted) {
        onAbort();
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      this.promise.then(
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
    const flight = new Flight(fetch);
    this.#flights.set(key, flight);
    // Registered before any caller's own handlers, so the finished flight is gone before they run.
    const forget = (): void => {
      if (this.#flights.get(key) === flight) this.#flights.delete(key);
    };
    flight.promise.then(forget, forget);
    return flight;
  }
}
