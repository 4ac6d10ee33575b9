/**
 * Server-side paging positions behind random opaque tokens. Okta's `next` URLs never reach the browser: a page
 * link carries a 128-bit random token, and the token is honoured only for the owner (the session) that received it
 * and the query it was made for. Tokens live in the shared store, so a page link made by one instance of the app
 * works on every other. They expire, and each owner keeps a bounded number (the oldest go first). A refused token
 * says why, in the words a page can show, without telling a foreign token from an unknown one. Used by the System
 * Log (pages and live tail) and the users listing.
 */
import { createHash, randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { type SharedStore, STORE_KEYS } from '../store/store.ts';

/** Limits and behaviour of a PageTokenStore. */
export interface PageTokenStoreOptions<T> {
  /** A token is forgotten this long after it was made or last handed out (default 30 minutes). */
  ttlMs?: number;
  /** At most this many tokens per owner; that owner's oldest go first (default 500). */
  maxPerOwner?: number;
  /**
   * When set, `put` hands out the owner's token for the same query again when this key of its value is the same
   * (so reloading a page does not add a token), instead of making a new one.
   */
  sameValue?: (value: T) => string;
  now?: () => number;
}

/**
 * Why a token is not honoured: `unknown` when it was never made, has expired or been dropped, or belongs to
 * another owner (a foreign token is indistinguishable from an unknown one); `other-query` when it belongs to this
 * owner but was made for a different query.
 */
export type TokenRefusal = 'unknown' | 'other-query';

/** What a token stands for, or why it is refused. */
export type TokenLookup<T> = { value: T } | { refused: TokenRefusal };

interface Entry<T> {
  owner: string;
  binding: string;
  value: T;
  expiresAt: number;
}

/** One line of an owner's index: a token it holds, oldest first. */
interface Held {
  token: string;
  binding: string;
  same?: string;
  expiresAt: number;
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{22}$/;
/** Characters of parsed indexes kept (about three times that in memory with the parsed copies). */
const INDEXES_KEPT_CHARS = 4 * 1024 * 1024;

/** Tokens standing for paging positions of type `T` (e.g. an Okta `next` URL and its page number). */
export class PageTokenStore<T> {
  readonly #ttlMs: number;
  readonly #maxPerOwner: number;
  readonly #sameValue: ((value: T) => string) | undefined;
  readonly #now: () => number;
  /**
   * The index each owner was last given, parsed: every page view adds a token, and parsing the whole index again
   * (up to `maxPerOwner` lines) each time was a large part of a page view. Used only when the store hands back
   * exactly the text it was parsed from. Bounded by the size of those texts (some 45 KB for 500 tokens of a short query).
   */
  readonly #indexes = new LRUCache<string, { text: string; held: Held[] }>({
    maxSize: INDEXES_KEPT_CHARS,
    sizeCalculation: (index) => Math.max(1, index.text.length),
  });

  constructor(
    private readonly store: SharedStore,
    options: PageTokenStoreOptions<T> = {},
  ) {
    this.#ttlMs = options.ttlMs ?? 30 * 60_000;
    this.#maxPerOwner = options.maxPerOwner ?? 500;
    this.#sameValue = options.sameValue;
    this.#now = options.now ?? Date.now;
  }

  /** Keeps `value` for `owner` (a session id) and `binding` (the canonical query); returns its token. */
  async put(owner: string, binding: string, value: T): Promise<string> {
    const same = this.#sameValue?.(value);
    const fresh = randomBytes(16).toString('base64url');
    const now = this.#now();
    const expiresAt = now + this.#ttlMs;
    const indexKey = this.#indexKey(owner);
    const { token, dropped } = await this.store.update(indexKey, this.#ttlMs, (current) => {
      const known = this.#indexes.get(indexKey);
      const stored = known !== undefined && known.text === current ? known.held : parseIndex(current);
      const held = stored.filter((entry) => entry.expiresAt > now);
      const reused =
        same === undefined ? undefined : held.find((entry) => entry.binding === binding && entry.same === same);
      const chosen = reused?.token ?? fresh;
      const next: Held[] = [
        ...held.filter((entry) => entry.token !== chosen),
        same === undefined ? { token: chosen, binding, expiresAt } : { token: chosen, binding, same, expiresAt },
      ];
      const over = next.splice(0, Math.max(0, next.length - this.#maxPerOwner));
      const text = JSON.stringify(next);
      this.#indexes.set(indexKey, { text, held: next });
      return { value: text, result: { token: chosen, dropped: over.map((entry) => entry.token) } };
    });
    const entry: Entry<T> = { owner, binding, value, expiresAt };
    await this.store.set(tokenKey(token), JSON.stringify(entry), this.#ttlMs);
    await Promise.all(dropped.map((old) => this.store.delete(tokenKey(old))));
    return token;
  }

  /** The value behind `token` for `owner` and `binding`, or why it is refused. A refusal does not spend the token. */
  async find(token: string, owner: string, binding: string): Promise<TokenLookup<T>> {
    if (!TOKEN_SHAPE.test(token)) return { refused: 'unknown' };
    const stored = await this.store.get(tokenKey(token));
    const entry = stored === undefined ? undefined : (JSON.parse(stored) as Entry<T>);
    if (!entry || entry.expiresAt <= this.#now()) return { refused: 'unknown' };
    if (entry.owner !== owner) return { refused: 'unknown' };
    if (entry.binding !== binding) return { refused: 'other-query' };
    return { value: entry.value };
  }

  #indexKey(owner: string): string {
    // Session ids are credentials: only their hash names a key.
    return `${STORE_KEYS.pageToken}owner:${createHash('sha256').update(owner).digest('base64url')}`;
  }
}

function tokenKey(token: string): string {
  return `${STORE_KEYS.pageToken}${token}`;
}

function parseIndex(stored: string | undefined): Held[] {
  if (stored === undefined) return [];
  const parsed: unknown = JSON.parse(stored);
  return Array.isArray(parsed) ? (parsed as Held[]) : [];
}
