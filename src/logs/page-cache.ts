/**
 * Recently fetched System Log pages, per session, in the shared store, so that the back button and a reload within
 * a minute cost no Okta call on any instance (the budget is about 10 calls a minute). A page is fresh for `ttlMs`;
 * after that it is kept a while longer (`keepMs`) only to be shown, with a note, while Okta's budget is spent.
 * Bounded by the store: the in-memory store drops the least recently used values past its size, Redis by its
 * memory policy; every entry expires.
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { type SharedStore, STORE_KEYS } from '../store/store.ts';

/** Limits of a PageCache. */
export interface PageCacheOptions {
  /** How long a page is served from the cache (default 60 s). */
  ttlMs: number;
  /** How long a page is kept in all, to be shown while Okta's budget is spent (default 15 minutes). */
  keepMs: number;
}

/** The defaults of PageCacheOptions. */
export const PAGE_CACHE_DEFAULTS: Readonly<PageCacheOptions> = { ttlMs: 60_000, keepMs: 15 * 60_000 };

/** A cached value, when it was stored (epoch ms), and whether it is still fresh (younger than `ttlMs`). */
export interface CacheHit<T> {
  value: T;
  storedAt: number;
  fresh: boolean;
}

interface Entry<T> {
  value: T;
  storedAt: number;
}

/**
 * Parsed values of the entries read last, up to this many characters of their JSON (about twice that in memory
 * with the parsed copy): a page read again costs no JSON parsing while unchanged.
 */
const PARSED_KEPT_CHARS = 16 * 1024 * 1024;

/** The cache of one kind of page. */
export class PageCache<T> {
  readonly #options: PageCacheOptions;
  readonly #parsed = new LRUCache<string, { text: string; entry: Entry<T> }>({
    maxSize: PARSED_KEPT_CHARS,
    sizeCalculation: (kept) => Math.max(1, kept.text.length),
  });

  constructor(
    private readonly store: SharedStore,
    options: Partial<PageCacheOptions> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.#options = { ...PAGE_CACHE_DEFAULTS, ...options };
  }

  /** The value stored for `owner` and `key` within the last `keepMs`, fresh or not. */
  async get(owner: string, key: string): Promise<CacheHit<T> | undefined> {
    const id = cacheKey(owner, key);
    const text = await this.store.get(id);
    if (text === undefined) return undefined;
    const known = this.#parsed.get(id);
    const entry = known?.text === text ? known.entry : (JSON.parse(text) as Entry<T>);
    if (known?.text !== text) this.#parsed.set(id, { text, entry });
    const age = this.now() - entry.storedAt;
    if (age >= this.#options.keepMs) return undefined;
    return { value: entry.value, storedAt: entry.storedAt, fresh: age < this.#options.ttlMs };
  }

  /** The value stored for `owner` and `key` within the last `ttlMs`. */
  async getFresh(owner: string, key: string): Promise<CacheHit<T> | undefined> {
    const hit = await this.get(owner, key);
    return hit?.fresh ? hit : undefined;
  }

  /** Stores `value` for `owner` and `key`. */
  async set(owner: string, key: string, value: T): Promise<void> {
    const id = cacheKey(owner, key);
    const entry: Entry<T> = { value, storedAt: this.now() };
    const text = JSON.stringify(entry);
    this.#parsed.set(id, { text, entry });
    await this.store.set(id, text, this.#options.keepMs);
  }

  /** Forgets what is stored for `owner` and `key`. */
  async delete(owner: string, key: string): Promise<void> {
    const id = cacheKey(owner, key);
    this.#parsed.delete(id);
    await this.store.delete(id);
  }
}

function cacheKey(owner: string, key: string): string {
  // Session ids are credentials and queries can hold personal data: only a hash names the key.
  return `${STORE_KEYS.pageCache}${createHash('sha256').update(owner).update('\n').update(key).digest('base64url')}`;
}
