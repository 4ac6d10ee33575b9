/**
 * State that several instances of the app share: string values with an expiry, leases, and atomic updates. In
 * memory (one process) by default; in Redis when `REDIS_URL` is set (see redis-store.ts). Everything that must be
 * the same on every instance (sessions, page tokens, the page cache, Okta's rate budget, who is calling Okta for
 * whom, who is refreshing a session's tokens) is built on this interface, so that it works the same on both.
 * Nothing else in the app imports a Redis client.
 */

/** What a `SharedStore.update` change returns: the value to keep (undefined deletes the key) and a result. */
export interface StoreChange<R> {
  value: string | undefined;
  result: R;
}

/** The shared key-value store. Every method may throw StoreUnavailableError (store-errors.ts) and nothing else. */
export interface SharedStore {
  /** `memory` (this process only) or `redis` (shared by every instance using the same Redis). */
  readonly kind: 'memory' | 'redis';
  /** The value under `key`, or undefined when absent or expired. */
  get(key: string): Promise<string | undefined>;
  /** Stores `value` under `key`; it expires after `ttlMs`. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Stores `value` only when `key` is absent, and says whether it did (taking a lease: the value names the holder). */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Restarts the expiry of `key` when it still holds `value` (a holder renewing its lease); true when it did. */
  extendIfEquals(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Deletes `key` when it still holds `value` (a holder ending its own lease); true when it did. */
  deleteIfEquals(key: string, value: string): Promise<boolean>;
  /** Deletes `key` (absent is fine). */
  delete(key: string): Promise<void>;
  /**
   * An atomic read-modify-write of one key: `change` gets the current value (undefined when absent or expired) and
   * returns the value to keep, which expires after `ttlMs` (undefined deletes the key), and the result to return.
   * When another writer changes the key meanwhile, `change` runs again on the new value, so it must have no side
   * effects.
   */
  update<R>(key: string, ttlMs: number, change: (current: string | undefined) => StoreChange<R>): Promise<R>;
  /** Resolves when the store answers now; throws StoreUnavailableError otherwise (the health check). */
  check(): Promise<void>;
  /** Closes connections; the store is unusable afterwards. */
  close(): Promise<void>;
}

/** Key prefixes, one per kind of shared state, so that a Redis shared with other programs stays readable. */
export const STORE_KEYS = {
  session: 'osv:session:',
  pageToken: 'osv:page-token:',
  pageCache: 'osv:page-cache:',
  budget: 'osv:budget:',
  coalesce: 'osv:coalesce:',
  refresh: 'osv:refresh:',
} as const;
