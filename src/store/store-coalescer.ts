/**
 * Coalescing across instances sharing a store. Callers in this process share one promise (InProcessCoalescer);
 * that one attempt then takes a lease on the key in the store, or waits for the instance holding it:
 * - the holder renews its short lease while the request runs, so a crashed holder blocks others for seconds only;
 * - a waiter marks that it waits, and polls for the holder's result;
 * - the holder stores its result for a few seconds when someone waits, then ends its lease;
 * - a waiter that sees the lease end without a result takes over and sends the request itself.
 * Keys carry a SHA-256 of the credential and the URL (coalescer.ts), never the token.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Coalescer, SharedResponse } from '../okta/coalescer.ts';
import { InProcessCoalescer } from '../okta/in-process-coalescer.ts';
import { type SharedStore, STORE_KEYS } from './store.ts';

/** Timings of the store coalescer. */
export interface StoreCoalescerTimings {
  /** How long a lease lasts without renewal (default 5 s). */
  leaseMs: number;
  /** How often the holder renews it (default 1.5 s). */
  renewMs: number;
  /** How long a result stays for waiters to collect (default 5 s). */
  resultMs: number;
  /** Shortest pause between a waiter's polls (default 25 ms; each adds up to as much again at random). */
  pollMs: number;
}

const DEFAULT_TIMINGS: StoreCoalescerTimings = { leaseMs: 5000, renewMs: 1500, resultMs: 5000, pollMs: 25 };

type Fetch = (signal: AbortSignal) => Promise<SharedResponse>;

/** The result as stored: an unusable value reads as none, and the waiter then takes over. */
function parseShared(text: string | undefined): SharedResponse | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Partial<SharedResponse> | null;
    const kinds = ['json', 'malformed', 'too-large', 'error'];
    if (
      typeof value?.status !== 'number' ||
      typeof value.receivedAt !== 'number' ||
      typeof value.headers !== 'object' ||
      value.headers === null ||
      !kinds.includes(String(value.content?.kind)) ||
      // A body is text (an instance of an earlier version stored it parsed, as `value`).
      (value.content?.kind === 'json' && typeof value.content.text !== 'string')
    ) {
      return undefined;
    }
    return value as SharedResponse;
  } catch {
    return undefined;
  }
}

function serialise(response: SharedResponse): string {
  return JSON.stringify(response);
}

/** A Coalescer shared by every instance using `store`. */
export class StoreCoalescer implements Coalescer {
  readonly #local = new InProcessCoalescer();
  readonly #timings: StoreCoalescerTimings;

  constructor(
    private readonly store: SharedStore,
    timings: Partial<StoreCoalescerTimings> = {},
  ) {
    this.#timings = { ...DEFAULT_TIMINGS, ...timings };
  }

  run(key: string, signal: AbortSignal, fetch: Fetch): Promise<SharedResponse> {
    return this.#local.run(key, signal, (shared) =>
      this.#acrossInstances(`${STORE_KEYS.coalesce}${key}`, shared, fetch),
    );
  }

  async #acrossInstances(lease: string, signal: AbortSignal, fetch: Fetch): Promise<SharedResponse> {
    for (;;) {
      signal.throwIfAborted();
      const me = randomUUID();
      if (await this.store.setIfAbsent(lease, me, this.#timings.leaseMs)) return this.#hold(lease, me, signal, fetch);
      const holder = await this.store.get(lease);
      if (holder === undefined) continue;
      const result = await this.#wait(lease, holder, signal);
      if (result) return result;
    }
  }

  async #hold(lease: string, me: string, signal: AbortSignal, fetch: Fetch): Promise<SharedResponse> {
    const renew = setInterval(() => {
      this.store.extendIfEquals(lease, me, this.#timings.leaseMs).catch(() => undefined);
    }, this.#timings.renewMs);
    try {
      const response = await fetch(signal);
      // Publishing is for the waiters; a store hiccup here must not take the holder's own answer away.
      try {
        if ((await this.store.get(`${lease}:waiting:${me}`)) !== undefined) {
          await this.store.set(`${lease}:result:${me}`, serialise(response), this.#timings.resultMs);
        }
      } catch {
        // The waiters see the lease end without a result and take over.
      }
      return response;
    } finally {
      clearInterval(renew);
      await this.store.deleteIfEquals(lease, me).catch(() => undefined);
    }
  }

  /** The holder's result, or undefined once its lease ended without one. */
  async #wait(lease: string, holder: string, signal: AbortSignal): Promise<SharedResponse | undefined> {
    const { pollMs, leaseMs, resultMs } = this.#timings;
    const resultKey = `${lease}:result:${holder}`;
    await this.store.set(`${lease}:waiting:${holder}`, '1', leaseMs + resultMs);
    for (;;) {
      await sleep(pollMs + Math.floor(Math.random() * pollMs), undefined, { signal });
      const result = parseShared(await this.store.get(resultKey));
      if (result) return result;
      if ((await this.store.get(lease)) !== holder) return parseShared(await this.store.get(resultKey));
    }
  }
}
