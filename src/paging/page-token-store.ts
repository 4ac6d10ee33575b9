/**
 * Server-side paging positions behind random opaque tokens. Okta's `next` URLs never reach the browser: a page
 * link carries a 128-bit random token, and the token is honoured only for the owner (the session) that received it
 * and the query it was made for. Tokens expire, and the store is bounded in all and per owner (the oldest go
 * first). A refused token says why, in the words a page can show, without telling a foreign token from an unknown
 * one. Used by the System Log (pages and live tail) and the users listing.
 */
import { randomBytes } from 'node:crypto';

/** Limits and behaviour of a PageTokenStore. */
export interface PageTokenStoreOptions<T> {
  /** A token is forgotten this long after it was made or last handed out (default 30 minutes). */
  ttlMs?: number;
  /** At most this many tokens in all; the oldest go first (default 20,000). */
  maxEntries?: number;
  /** At most this many tokens per owner; that owner's oldest go first (default 500). */
  maxPerOwner?: number;
  /**
   * When set, `put` hands out the owner's live token for the same query again when its value is the same by this
   * test (so reloading a page does not add a token), instead of making a new one.
   */
  sameValue?: (kept: T, added: T) => boolean;
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

/** Tokens standing for paging positions of type `T` (e.g. an Okta `next` URL and its page number). */
export class PageTokenStore<T> {
  // Insertion order is age order: a token handed out again is moved to the end.
  readonly #entries = new Map<string, Entry<T>>();
  readonly #byOwner = new Map<string, string[]>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #maxPerOwner: number;
  readonly #sameValue: ((kept: T, added: T) => boolean) | undefined;
  readonly #now: () => number;

  constructor(options: PageTokenStoreOptions<T> = {}) {
    this.#ttlMs = options.ttlMs ?? 30 * 60_000;
    this.#maxEntries = options.maxEntries ?? 20_000;
    this.#maxPerOwner = options.maxPerOwner ?? 500;
    this.#sameValue = options.sameValue;
    this.#now = options.now ?? Date.now;
  }

  /** Keeps `value` for `owner` (a session id) and `binding` (the canonical query); returns its token. */
  put(owner: string, binding: string, value: T): string {
    const now = this.#now();
    const token = this.#reusable(owner, binding, value, now) ?? randomBytes(16).toString('base64url');
    this.#delete(token);
    this.#entries.set(token, { owner, binding, value, expiresAt: now + this.#ttlMs });
    const tokens = this.#byOwner.get(owner) ?? [];
    tokens.push(token);
    this.#byOwner.set(owner, tokens);
    while (tokens.length > this.#maxPerOwner) this.#delete(tokens[0] as string);
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#delete(oldest);
    }
    return token;
  }

  /** The value behind `token` for `owner` and `binding`, or why it is refused. A refusal does not spend the token. */
  find(token: string, owner: string, binding: string): TokenLookup<T> {
    const entry = this.#entries.get(token);
    if (!entry) return { refused: 'unknown' };
    if (entry.expiresAt <= this.#now()) {
      this.#delete(token);
      return { refused: 'unknown' };
    }
    if (entry.owner !== owner) return { refused: 'unknown' };
    if (entry.binding !== binding) return { refused: 'other-query' };
    return { value: entry.value };
  }

  /** How many tokens are kept (tests, diagnostics). */
  get size(): number {
    return this.#entries.size;
  }

  #reusable(owner: string, binding: string, value: T, now: number): string | undefined {
    const same = this.#sameValue;
    if (!same) return undefined;
    return this.#byOwner.get(owner)?.find((token) => {
      const entry = this.#entries.get(token);
      return entry !== undefined && entry.expiresAt > now && entry.binding === binding && same(entry.value, value);
    });
  }

  #delete(token: string): void {
    const entry = this.#entries.get(token);
    if (!entry) return;
    this.#entries.delete(token);
    const tokens = this.#byOwner.get(entry.owner);
    if (!tokens) return;
    const index = tokens.indexOf(token);
    if (index >= 0) tokens.splice(index, 1);
    if (tokens.length === 0) this.#byOwner.delete(entry.owner);
  }
}
