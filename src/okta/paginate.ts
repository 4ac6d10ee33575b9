/**
 * Pages and cursors. A `Link rel="next"` is followed only when it points at the org's exact origin and the
 * same API path as the listing (a link elsewhere would carry the token there). Iteration is always bounded:
 * polling listings stop at the first empty page or a page cap, finite ones at their end or a ceiling, and a
 * `next` link seen before stops everything with a typed error.
 */
import { InvalidQueryError, MalformedResponseError, PaginationLoopError, UnsafeNextLinkError } from './errors.ts';
import { getJsonText, type HttpSettings, parseJsonText } from './http.ts';
import { findLink } from './link-header.ts';
import { itemCeiling } from './page-limits.ts';
import type { CallOptions, ItemsJson, Page, PageCursor, UnparsedPage } from './types.ts';

/** One listing endpoint of one org. */
export interface Listing<T> {
  settings: HttpSettings;
  /** The org origin, e.g. `https://dev-123.okta.com`. */
  origin: string;
  /** The API path every page must stay on, e.g. `/api/v1/logs`. */
  path: string;
  /** What one item must look like; a page with any other item is a MalformedResponseError. */
  isItem: (item: unknown) => item is T;
  /** The endpoint's largest `limit`: a page never holds more items than its `limit`, or this without one. */
  maxLimit: number;
}

/** How an iteration ends. */
export interface StopPolicy {
  /** Polling listings (System Log without `until`) never run out of `next` links: stop at an empty page. */
  stopOnEmpty: boolean;
  /** Stop quietly after this many pages (the last page's `next` is the place to resume). */
  maxPages: number | undefined;
}

/** Pages a finite listing may take before iteration gives up with PaginationLoopError (10M events at 1000). */
export const FINITE_PAGE_CEILING = 10_000;

function refusedPart(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/** Checks that `raw` (resolved against `base`) stays on the listing's origin and path. */
export function safeListingUrl(listing: Pick<Listing<unknown>, 'origin' | 'path'>, raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch (error) {
    throw new UnsafeNextLinkError('refused a next link that is not a URL', { refused: '(not a URL)', cause: error });
  }
  const sameOrigin = url.origin === listing.origin && url.username === '' && url.password === '';
  if (!sameOrigin || url.pathname !== listing.path || url.hash !== '') {
    throw new UnsafeNextLinkError(
      `refused to follow ${refusedPart(url)}: pages of ${listing.path} must stay on ${listing.origin}${listing.path}`,
      { refused: refusedPart(url) },
    );
  }
  return url;
}

/** The URL a cursor stands for, validated again (a cursor may have round-tripped through storage). */
export function cursorUrl(listing: Pick<Listing<unknown>, 'origin' | 'path'>, cursor: PageCursor | string): URL {
  return safeListingUrl(listing, cursor);
}

/**
 * GETs one page: the validated `next`, `self`, the rate-limit budget and request id, and its items as JSON text
 * (parsed by `parseItems` where they are used).
 */
export async function fetchUnparsedPage<T>(
  listing: Listing<T>,
  url: URL,
  options: CallOptions = {},
): Promise<UnparsedPage> {
  const response = await getJsonText(listing.settings, url, options);
  const { requestId, request } = response;
  const nextRaw = findLink(response.headers.link, 'next');
  const next = nextRaw === undefined ? undefined : (safeListingUrl(listing, nextRaw, url).href as PageCursor);
  return {
    items: { json: response.text, maxItems: itemCeiling(url, listing.maxLimit), request, requestId },
    next,
    self: findLink(response.headers.link, 'self'),
    rateLimit: response.rateLimit,
    requestId,
  };
}

/**
 * A page's items, parsed and checked: a JSON array of at most `maxItems` items of the listing's shape, else a
 * MalformedResponseError naming the request. Each call parses anew.
 */
export function parseItems<T>(items: ItemsJson, isItem: (item: unknown) => item is T): T[] {
  const { request, requestId } = items;
  const body = parseJsonText({ text: items.json, request, requestId });
  // Only an error names the path: a page that is fine costs no URL parsing.
  const malformed = (problem: (path: string) => string) =>
    new MalformedResponseError(problem(new URL(request.url).pathname), { status: 200, requestId, request });
  if (!Array.isArray(body)) throw malformed((path) => `expected a JSON array from ${path}`);
  if (body.length > items.maxItems) {
    throw malformed(
      (path) => `${path} returned ${body.length} items for a page of at most ${items.maxItems} (its limit)`,
    );
  }
  for (const item of body) {
    if (!isItem(item)) throw malformed((path) => `an item from ${path} does not have the documented shape`);
  }
  return body as T[];
}

/** GETs one page (`fetchUnparsedPage`) and parses its items. */
export async function fetchPage<T>(listing: Listing<T>, url: URL, options: CallOptions = {}): Promise<Page<T>> {
  const page = await fetchUnparsedPage(listing, url, options);
  return { ...page, items: parseItems(page.items, listing.isItem) };
}

/**
 * Iterates pages from `start` under `policy`; see the module comment for when it stops. Each page is released
 * before the next one is fetched, so a stream holds one page at a time.
 */
export async function* iteratePages<T>(
  listing: Listing<T>,
  start: URL,
  policy: StopPolicy,
  options: CallOptions = {},
): AsyncGenerator<Page<T>, void, undefined> {
  const seen = new Set<string>([start.href]);
  let url = start;
  for (let count = 1; ; count++) {
    let page: Page<T> | undefined = await fetchPage(listing, url, options);
    const { next, requestId } = page;
    const empty = page.items.length === 0;
    yield page;
    page = undefined;
    if (next === undefined) return;
    if (policy.stopOnEmpty && empty) return;
    if (policy.maxPages !== undefined && count >= policy.maxPages) return;
    if (policy.maxPages === undefined && !policy.stopOnEmpty && count >= FINITE_PAGE_CEILING) {
      throw new PaginationLoopError(
        `${listing.path} still had a next page after ${FINITE_PAGE_CEILING} pages; pass maxPages to read further`,
        { requestId },
      );
    }
    if (seen.has(next)) {
      throw new PaginationLoopError(`${listing.path} repeated a next link it had already given: stopped`, {
        requestId,
        request: { method: 'GET', url: url.href },
      });
    }
    seen.add(next);
    url = new URL(next);
  }
}

/** Validates a per-call page cap. */
export function validMaxPages(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1) {
    throw new InvalidQueryError(`maxPages must be a whole number of at least 1, not ${value}`, {
      parameter: 'maxPages',
    });
  }
  return value;
}
