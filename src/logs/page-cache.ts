/**
 * Recently fetched System Log pages, per session, so that the back button and a reload within a minute cost no
 * Okta call (the budget is about 10 calls a minute). Bounded across all sessions by entry count and by the number
 * of events held, least recently used first.
 */
import { LRUCache } from 'lru-cache';

/** Limits of a PageCache. */
export interface PageCacheOptions {
  /** How long a page is served from the cache (default 60 s). */
  ttlMs: number;
  /** Pages kept across all sessions (default 500). */
  maxEntries: number;
  /** Events kept across all sessions (default 50,000, about 90 MB of Okta JSON at most). */
  maxEvents: number;
}

/** The defaults of PageCacheOptions. */
export const PAGE_CACHE_DEFAULTS: Readonly<PageCacheOptions> = { ttlMs: 60_000, maxEntries: 500, maxEvents: 50_000 };

interface Entry<T> {
  value: T;
  storedAt: number;
}

/** A cached value and when it was stored (epoch ms). */
export interface CacheHit<T> {
  value: T;
  storedAt: number;
}

/** The cache; `weigh` says how many events a value holds. */
export class PageCache<T> {
  readonly #entries: LRUCache<string, Entry<T>>;
  readonly #ttlMs: number;

  constructor(
    options: Partial<PageCacheOptions>,
    private readonly weigh: (value: T) => number,
    private readonly now: () => number = Date.now,
  ) {
    const { ttlMs, maxEntries, maxEvents } = { ...PAGE_CACHE_DEFAULTS, ...options };
    this.#ttlMs = ttlMs;
    // lru-cache keeps the bounds; the age check stays here, on this cache's clock (lru-cache wants a size of at least
    // 1, so an empty page weighs 1).
    this.#entries = new LRUCache<string, Entry<T>>({
      max: maxEntries,
      maxSize: maxEvents,
      sizeCalculation: (entry) => Math.max(1, weigh(entry.value)),
    });
  }

  /** The value stored for `owner` and `key` within the last `ttlMs`. */
  get(owner: string, key: string): CacheHit<T> | undefined {
    const id = `${owner}\n${key}`;
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    if (this.now() - entry.storedAt >= this.#ttlMs) {
      this.#entries.delete(id);
      return undefined;
    }
    return { value: entry.value, storedAt: entry.storedAt };
  }

  /** Stores `value`, evicting the least recently used entries beyond the limits (a value above them is not kept). */
  set(owner: string, key: string, value: T): void {
    const id = `${owner}\n${key}`;
    // A value too large for the cache is refused by lru-cache, which would leave an older value in place.
    this.#entries.delete(id);
    this.#entries.set(id, { value, storedAt: this.now() });
  }

  /** Pages and events held (tests, diagnostics). */
  get stats(): { entries: number; events: number } {
    let events = 0;
    for (const entry of this.#entries.values()) events += this.weigh(entry.value);
    return { entries: this.#entries.size, events };
  }
}
