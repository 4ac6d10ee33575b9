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

/**
 * One line of an owner's index: a token it holds. The index is text, one line per token, oldest first:
 * `<expiresAt> <token>`, followed by ` <match>` when the token may be handed out again (`match` is the JSON of its
 * binding and `sameValue` key). A put usually drops the oldest line and appends one, which is done on the text as
 * it is (a slice and an append) rather than by writing every line again: with every view of a new query adding a
 * token, serializing the whole index (up to `maxPerOwner` lines) was a large part of a page view.
 */
interface Held {
  token: string;
  expiresAt: number;
  match: string | undefined;
  /** The line as it stands in the index text, newline included. */
  line: string;
}

/** An owner's index: its text as stored and the lines parsed from it. */
interface Index {
  text: string;
  held: readonly Held[];
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
   * exactly the text it was parsed from. Bounded by the size of those texts (some 19 KB for 500 tokens).
   */
  readonly #indexes = new LRUCache<string, Index>({
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
    const match = same === undefined ? undefined : JSON.stringify([binding, same]);
    const { token, dropped } = await this.store.update(indexKey, this.#ttlMs, (current) => {
      const known = this.#indexes.get(indexKey);
      const index = known !== undefined && known.text === current ? known : parseIndex(current);
      const reused =
        match === undefined ? undefined : index.held.find((entry) => entry.match === match && entry.expiresAt > now);
      const chosen = reused?.token ?? fresh;
      const added: Held = { token: chosen, expiresAt, match, line: heldLine(chosen, expiresAt, match) };
      const { next, over } = withAdded(
        index,
        added,
        (entry) => entry.expiresAt > now && entry.token !== chosen,
        this.#maxPerOwner,
      );
      this.#indexes.set(indexKey, next);
      return { value: next.text, result: { token: chosen, dropped: over.map((entry) => entry.token) } };
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

function heldLine(token: string, expiresAt: number, match: string | undefined): string {
  return match === undefined ? `${expiresAt} ${token}\n` : `${expiresAt} ${token} ${match}\n`;
}

/**
 * The index with the lines that pass `keep`, then `added`, less the oldest past `max` (returned as `over`). When the
 * lines dropped are the first ones (they expire and go past the limit oldest first), the new text is the old one's
 * end with the new line appended; otherwise (a token handed out again, clocks of instances apart) it is rebuilt.
 */
function withAdded(
  index: Index,
  added: Held,
  keep: (entry: Held) => boolean,
  max: number,
): { next: Index; over: Held[] } {
  const { held } = index;
  let start = 0;
  while (start < held.length && !keep(held[start] as Held)) start++;
  let suffix = true;
  for (let i = start; i < held.length && suffix; i++) suffix = keep(held[i] as Held);
  if (suffix) {
    const excess = Math.max(0, held.length - start + 1 - max);
    const over = held.slice(start, start + excess);
    start += excess;
    let chars = 0;
    for (let i = 0; i < start; i++) chars += (held[i] as Held).line.length;
    const kept = held.slice(start);
    kept.push(added);
    const text = chars === 0 ? index.text + added.line : index.text.slice(chars) + added.line;
    return { next: { text, held: kept }, over };
  }
  const kept = [...held.filter(keep), added];
  const over = kept.splice(0, Math.max(0, kept.length - max));
  return { next: { text: kept.map((entry) => entry.line).join(''), held: kept }, over };
}

/** The lines of a stored index; an index written as a JSON array (by an earlier version of the app) is read too. */
function parseIndex(stored: string | undefined): Index {
  if (stored === undefined || stored === '') return { text: '', held: [] };
  if (stored.startsWith('[')) return parseJsonIndex(stored);
  const held: Held[] = [];
  for (const line of stored.split('\n')) {
    if (line === '') continue;
    const first = line.indexOf(' ');
    const second = line.indexOf(' ', first + 1);
    const expiresAt = Number(line.slice(0, first));
    const token = second === -1 ? line.slice(first + 1) : line.slice(first + 1, second);
    const match = second === -1 ? undefined : line.slice(second + 1);
    if (first <= 0 || !Number.isFinite(expiresAt) || !TOKEN_SHAPE.test(token)) continue;
    held.push({ token, expiresAt, match, line: `${line}\n` });
  }
  return { text: held.length === 0 ? '' : held.map((entry) => entry.line).join(''), held };
}

function parseJsonIndex(stored: string): Index {
  const parsed: unknown = JSON.parse(stored);
  if (!Array.isArray(parsed)) return { text: '', held: [] };
  const held = (parsed as { token: string; binding: string; same?: string; expiresAt: number }[]).map(
    ({ token, binding, same, expiresAt }): Held => {
      const match = same === undefined ? undefined : JSON.stringify([binding, same]);
      return { token, expiresAt, match, line: heldLine(token, expiresAt, match) };
    },
  );
  return { text: held.map((entry) => entry.line).join(''), held };
}
