/**
 * Recently fetched System Log pages, per session, so that the back button and a reload within a minute cost no
 * Okta call (the budget is about 10 calls a minute). Bounded across all sessions by entry count and by the number
 * of events held, least recently used first.
 */

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
  weight: number;
  storedAt: number;
}

/** A cached value and when it was stored (epoch ms). */
export interface CacheHit<T> {
  value: T;
  storedAt: number;
}

/** The cache; `weigh` says how many events a value holds. */
export class PageCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #options: PageCacheOptions;
  #weight = 0;

  constructor(
    options: Partial<PageCacheOptions>,
    private readonly weigh: (value: T) => number,
    private readonly now: () => number = Date.now,
  ) {
    this.#options = { ...PAGE_CACHE_DEFAULTS, ...options };
  }

  /** The value stored for `owner` and `key` within the last `ttlMs`. */
  get(owner: string, key: string): CacheHit<T> | undefined {
    const id = `${owner}\n${key}`;
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    if (this.now() - entry.storedAt >= this.#options.ttlMs) {
      this.#remove(id, entry);
      return undefined;
    }
    // Refresh its place in the LRU order (Map keeps insertion order).
    this.#entries.delete(id);
    this.#entries.set(id, entry);
    return { value: entry.value, storedAt: entry.storedAt };
  }

  /** Stores `value`, evicting the least recently used entries beyond the limits. */
  set(owner: string, key: string, value: T): void {
    const id = `${owner}\n${key}`;
    const previous = this.#entries.get(id);
    if (previous) this.#remove(id, previous);
    const entry = { value, weight: this.weigh(value), storedAt: this.now() };
    if (entry.weight > this.#options.maxEvents) return;
    this.#entries.set(id, entry);
    this.#weight += entry.weight;
    for (const [oldId, old] of this.#entries) {
      if (this.#entries.size <= this.#options.maxEntries && this.#weight <= this.#options.maxEvents) break;
      this.#remove(oldId, old);
    }
  }

  /** Pages and events held (tests, diagnostics). */
  get stats(): { entries: number; events: number } {
    return { entries: this.#entries.size, events: this.#weight };
  }

  #remove(id: string, entry: Entry<T>): void {
    this.#entries.delete(id);
    this.#weight -= entry.weight;
  }
}
