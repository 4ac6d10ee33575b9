/**
 * Okta's paging cursors stay on the server. A users page link carries only a random token; the session maps it to
 * the `next` URL Okta gave and to the query it belongs to. Unknown tokens (expired, from another browser, from
 * before a new sign-in) are refused rather than guessed at.
 */
import { randomBytes } from 'node:crypto';

/** One remembered page of a users listing. */
export interface StoredPage {
  /** The validated `next` URL from Okta (a PageCursor of src/okta). */
  cursor: string;
  /** The query's key (`UsersPlan.key`): a cursor is only used with its own query. */
  key: string;
  /** 1-based page number, for "page N" and the previous link. */
  number: number;
  /** The token of the page before, or null when that is the first page. */
  previous: string | null;
  createdAt: number;
}

/** Where the tokens live: the session (typed below) or any object with the same field, e.g. in a unit test. */
export interface PageTokenStore {
  userPages?: Record<string, StoredPage> | undefined;
}

declare module 'fastify' {
  interface Session {
    /** Page tokens of the users listing, keyed by token. */
    userPages?: Record<string, StoredPage> | undefined;
  }
}

/** A session keeps at most this many page tokens; the oldest go first. */
export const MAX_PAGE_TOKENS = 50;

/** The token for a page, reusing one already handed out for the same cursor and query. */
export function rememberPage(store: PageTokenStore, page: Omit<StoredPage, 'createdAt'>, now = Date.now()): string {
  const pages = store.userPages ?? {};
  for (const [token, stored] of Object.entries(pages)) {
    if (stored.cursor === page.cursor && stored.key === page.key) return token;
  }
  const token = randomBytes(16).toString('base64url');
  const kept = Object.entries(pages)
    .sort(([, a], [, b]) => a.createdAt - b.createdAt)
    .slice(-(MAX_PAGE_TOKENS - 1));
  kept.push([token, { ...page, createdAt: now }]);
  // Reassigned, not mutated: the session store notices the change.
  store.userPages = Object.fromEntries(kept);
  return token;
}

/** The page a token stands for, or why it cannot be used. */
export function findPage(
  store: PageTokenStore,
  token: string,
  key: string,
): { page: StoredPage } | { refused: 'unknown' | 'other-query' } {
  const pages = store.userPages;
  const page = pages && Object.hasOwn(pages, token) ? pages[token] : undefined;
  if (!page) return { refused: 'unknown' };
  if (page.key !== key) return { refused: 'other-query' };
  return { page };
}
