/**
 * One piece of work at a time per key, across every instance sharing a store: the first caller takes a short lease
 * and works, the others wait until the work's result can be read (`settled`), or take over when the lease ends
 * without one (the holder failed or crashed: a lease that is not renewed lasts seconds only). Callers in one
 * process share one promise and never poll. Used where the result lands somewhere every instance reads anyway,
 * such as a System Log page in the shared page cache.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type SharedStore, STORE_KEYS } from './store.ts';

/** Timings of a SingleFlight. */
export interface SingleFlightTimings {
  /** How long a lease lasts without renewal (default 5 s). */
  leaseMs: number;
  /** How often the holder renews it (default 1.5 s). */
  renewMs: number;
  /** Shortest pause between a waiter's checks (default 25 ms; each adds up to as much again at random). */
  pollMs: number;
}

const DEFAULTS: SingleFlightTimings = { leaseMs: 5000, renewMs: 1500, pollMs: 25 };

/** What one flight needs. */
export interface Flight<T> {
  /** Reads the result of a finished flight (e.g. a fresh cache entry); undefined while there is none. */
  settled: () => Promise<T | undefined>;
  /** Does the work; its result must be readable by `settled` when it resolves, for the waiters elsewhere. */
  work: () => Promise<T>;
  /** Ends this caller's wait (the work of a holder goes on). */
  signal?: AbortSignal | undefined;
}

/** Single flights keyed by a string, over one shared store. */
export class SingleFlight {
  readonly #local = new Map<string, Promise<unknown>>();
  readonly #timings: SingleFlightTimings;

  constructor(
    private readonly store: SharedStore,
    timings: Partial<SingleFlightTimings> = {},
  ) {
    this.#timings = { ...DEFAULTS, ...timings };
  }

  /** The flight's result: from this caller's work, or from another caller's, here or on another instance. */
  async run<T>(key: string, flight: Flight<T>): Promise<T> {
    const running = this.#local.get(key) as Promise<T> | undefined;
    if (running) {
      try {
        return await abortable(running, flight.signal);
      } catch (error) {
        flight.signal?.throwIfAborted();
        // The other caller's work failed for it (its own deadline, say): this caller tries for itself.
        void error;
      }
    }
    const mine = this.#acrossInstances(`${STORE_KEYS.coalesce}flight:${key}`, flight);
    this.#local.set(key, mine);
    const forget = () => {
      if (this.#local.get(key) === mine) this.#local.delete(key);
    };
    mine.then(forget, forget);
    return mine;
  }

  async #acrossInstances<T>(lease: string, flight: Flight<T>): Promise<T> {
    const { leaseMs, renewMs, pollMs } = this.#timings;
    for (;;) {
      flight.signal?.throwIfAborted();
      const ready = await flight.settled();
      if (ready !== undefined) return ready;
      const me = randomUUID();
      if (await this.store.setIfAbsent(lease, me, leaseMs)) {
        const renew = setInterval(() => {
          this.store.extendIfEquals(lease, me, leaseMs).catch(() => undefined);
        }, renewMs);
        try {
          return await flight.work();
        } finally {
          clearInterval(renew);
          await this.store.deleteIfEquals(lease, me).catch(() => undefined);
        }
      }
      // Another instance works on it: wait until its result can be read or its lease ends.
      while ((await this.store.get(lease)) !== undefined) {
        await sleep(pollMs + Math.floor(Math.random() * pollMs), undefined, { signal: flight.signal });
        const result = await flight.settled();
        if (result !== undefined) return result;
      }
    }
  }
}

function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
