/**
 * One piece of work at a time per key, across every instance sharing a store: the first caller takes a short lease
 * and works, the others wait until the work's result can be read (`settled`), or take over when the lease ends
 * without one (the holder failed or crashed: a lease that is not renewed lasts seconds only). Used where the result
 * lands somewhere every instance reads anyway: a System Log page in the shared page cache (SingleFlight), a
 * refreshed token set under its result key (src/auth/shared-refresh.ts).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type SharedStore, STORE_KEYS } from './store.ts';

/** Timings of a lease. */
export interface LeaseTimings {
  /** How long a lease lasts without renewal. */
  leaseMs: number;
  /** How often the holder renews it. */
  renewMs: number;
  /** Shortest pause between a waiter's checks (each adds up to as much again at random). */
  pollMs: number;
}

/** What one flight needs. */
export interface Flight<T> {
  /** Reads the result of a finished flight (e.g. a fresh cache entry); undefined while there is none. */
  settled: () => Promise<T | undefined>;
  /** Does the work; its result must be readable by `settled` when it resolves, for the waiters elsewhere. */
  work: () => Promise<T>;
  /** Ends this caller's wait (the work of a holder goes on). */
  signal?: AbortSignal | undefined;
}

/**
 * The result of `flight`, from this caller's work under the lease `lease`, or from the work of another caller (on
 * any instance) that held it.
 */
export async function onceUnderLease<T>(
  store: SharedStore,
  lease: string,
  flight: Flight<T>,
  timings: LeaseTimings,
): Promise<T> {
  const { leaseMs, renewMs, pollMs } = timings;
  for (;;) {
    flight.signal?.throwIfAborted();
    const ready = await flight.settled();
    if (ready !== undefined) return ready;
    const me = randomUUID();
    if (await store.setIfAbsent(lease, me, leaseMs)) {
      const renew = setInterval(() => {
        store.extendIfEquals(lease, me, leaseMs).catch(() => undefined);
      }, renewMs);
      renew.unref();
      try {
        // A holder that finished between the look for its result and this lease.
        return (await flight.settled()) ?? (await flight.work());
      } finally {
        clearInterval(renew);
        // Ended after the result is readable, so a waiter finds one or the other. If this fails, it runs out.
        await store.deleteIfEquals(lease, me).catch(() => undefined);
      }
    }
    // Another caller works on it: wait until its result can be read or its lease ends.
    while ((await store.get(lease)) !== undefined) {
      await sleep(pollMs + Math.floor(Math.random() * pollMs), undefined, { signal: flight.signal });
      const result = await flight.settled();
      if (result !== undefined) return result;
    }
  }
}

const DEFAULTS: LeaseTimings = { leaseMs: 5000, renewMs: 1500, pollMs: 25 };

/**
 * A flight as this process registers it. Its work is dropped once settled, so that the Map does not keep a settled
 * promise and its result (a page of Okta's text) alive (see the Flight of src/okta/in-process-coalescer.ts).
 */
interface LocalFlight {
  work: Promise<unknown> | undefined;
}

/** Single flights keyed by a string, over one shared store; callers in one process share one promise and never poll. */
export class SingleFlight {
  readonly #local = new Map<string, LocalFlight>();
  readonly #timings: LeaseTimings;

  constructor(
    private readonly store: SharedStore,
    timings: Partial<LeaseTimings> = {},
  ) {
    this.#timings = { ...DEFAULTS, ...timings };
  }

  /** The flight's result: from this caller's work, or from another caller's, here or on another instance. */
  async run<T>(key: string, flight: Flight<T>): Promise<T> {
    const running = this.#local.get(key)?.work as Promise<T> | undefined;
    if (running) {
      try {
        return await abortable(running, flight.signal);
      } catch {
        flight.signal?.throwIfAborted();
        // The other caller's work failed for it (its own deadline, say): this caller tries for itself.
      }
    }
    const mine = onceUnderLease(this.store, `${STORE_KEYS.coalesce}flight:${key}`, flight, this.#timings);
    const local: LocalFlight = { work: mine };
    this.#local.set(key, local);
    const forget = () => {
      local.work = undefined;
      if (this.#local.get(key) === local) this.#local.delete(key);
    };
    mine.then(forget, forget);
    return mine;
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
