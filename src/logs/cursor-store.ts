/**
 * Server-side positions in the System Log, behind random opaque tokens. Okta's `next` URLs never reach the
 * browser: a page link carries a token, and the token is honoured only for the session that received it and the
 * query it was made for. Unknown, expired or foreign tokens are simply not found. Bounded in time and size.
 */
import { randomBytes } from 'node:crypto';

/** Limits of a CursorStore. */
export interface CursorStoreOptions {
  /** A token is forgotten this long after it was made (default 30 minutes). */
  ttlMs?: number;
  /** At most this many tokens in all; the oldest go first (default 20,000). */
  maxEntries?: number;
  /** At most this many tokens per session; that session's oldest go first (default 500). */
  maxPerOwner?: number;
  now?: () => number;
}

interface Entry<T> {
  owner: string;
  binding: string;
  value: T;
  expiresAt: number;
}

/** Tokens standing for positions of type `T` (e.g. an Okta page cursor and its page number). */
export class CursorStore<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #byOwner = new Map<string, string[]>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #maxPerOwner: number;
  readonly #now: () => number;

  constructor(options: CursorStoreOptions = {}) {
    this.#ttlMs = options.ttlMs ?? 30 * 60_000;
    this.#maxEntries = options.maxEntries ?? 20_000;
    this.#maxPerOwner = options.maxPerOwner ?? 500;
    this.#now = options.now ?? Date.now;
  }

  /** Keeps `value` for `owner` (a session id) and `binding` (the canonical query); returns its new token. */
  put(owner: string, binding: string, value: T): string {
    const token = randomBytes(16).toString('base64url');
    this.#entries.set(token, { owner, binding, value, expiresAt: this.#now() + this.#ttlMs });
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

  /** The value behind `token` when it belongs to `owner` and `binding` and has not expired; else undefined. */
  get(token: string, owner: string, binding: string): T | undefined {
    const entry = this.#entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.#now()) {
      this.#delete(token);
      return undefined;
    }
    return entry.owner === owner && entry.binding === binding ? entry.value : undefined;
  }

  /** How many tokens are kept (tests, diagnostics). */
  get size(): number {
    return this.#entries.size;
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
