import { LRUCache } from 'lru-cache';
import type { SharedStore, StoreChange } from './store.ts';

/** Limits of the in-memory store. */
export interface MemoryStoreOptions {
  /** At most this many characters of values in all; the least recently used keys go first (default 64 Mi). */
  maxChars?: number;
}

/**
 * The store of a single instance: a bounded map in this process, with an expiry per key. Operations are atomic
 * because JavaScript runs one at a time.
 */
export class MemoryStore implements SharedStore {
  readonly kind = 'memory';
  readonly #entries: LRUCache<string, string>;

  constructor(options: MemoryStoreOptions = {}) {
    this.#entries = new LRUCache<string, string>({
      maxSize: options.maxChars ?? 64 * 1024 * 1024,
      // lru-cache wants a size of at least 1.
      sizeCalculation: (value, key) => Math.max(1, value.length + key.length),
      // Expiry is checked on read; a per-key ttl is given on every set.
      ttlAutopurge: false,
    });
  }

  async get(key: string): Promise<string | undefined> {
    return this.#entries.get(key);
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.#put(key, value, ttlMs);
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.#entries.has(key)) return false;
    this.#put(key, value, ttlMs);
    return true;
  }

  async extendIfEquals(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.#entries.get(key) !== value) return false;
    this.#put(key, value, ttlMs);
    return true;
  }

  async deleteIfEquals(key: string, value: string): Promise<boolean> {
    if (this.#entries.get(key) !== value) return false;
    this.#entries.delete(key);
    return true;
  }

  async delete(key: string): Promise<void> {
    this.#entries.delete(key);
  }

  async update<R>(key: string, ttlMs: number, change: (current: string | undefined) => StoreChange<R>): Promise<R> {
    const { value, result } = change(this.#entries.get(key));
    if (value === undefined) this.#entries.delete(key);
    else this.#put(key, value, ttlMs);
    return result;
  }

  async check(): Promise<void> {}

  async close(): Promise<void> {
    this.#entries.clear();
  }

  #put(key: string, value: string, ttlMs: number): void {
    // A value too large for the cache is refused by lru-cache, which would leave an older value in place.
    this.#entries.delete(key);
    this.#entries.set(key, value, { ttl: Math.max(1, Math.ceil(ttlMs)) });
  }
}
