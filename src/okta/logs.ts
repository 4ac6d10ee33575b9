/**
 * The System Log (`GET /api/v1/logs`). Bounded queries (with `until`, or DESCENDING) end when a page has no
 * `next`; polling queries (no `until`, ASCENDING) always have one, so they stop at the first empty page or the page cap; the last
 * `next` is the cursor to keep for the following poll (Okta: "always follow the next links").
 */
import { InvalidQueryError } from './errors.ts';
import type { HttpSettings } from './http.ts';
import { isBoundedLogUrl, type LogQuery, logSearchParams } from './log-query.ts';
import { MAX_LOGS_LIMIT } from './page-limits.ts';
import {
  cursorUrl,
  fetchPage,
  fetchUnparsedPage,
  iteratePages,
  type Listing,
  parseItems,
  type StopPolicy,
  validMaxPages,
} from './paginate.ts';
import type {
  CallOptions,
  ItemsJson,
  IterateOptions,
  LogEvent,
  Page,
  PageCursor,
  RateLimit,
  UnparsedPage,
} from './types.ts';

/** What one poll brought. */
export interface PollResult {
  /** New events, in the order Okta returned them (persistence order, not always `published` order). */
  events: LogEvent[];
  /** Where the next poll starts; keep it server-side. */
  cursor: PageCursor;
  /** True when the last page was empty: nothing more is waiting right now. False when the page cap stopped it. */
  caughtUp: boolean;
  pages: number;
  rateLimit: RateLimit | undefined;
  requestId: string | undefined;
}

/** System Log operations. A start is a query (first page) or a cursor from an earlier page. */
export interface LogsApi {
  /** The first page of a query. */
  list(query?: LogQuery, options?: CallOptions): Promise<Page<LogEvent>>;
  /** The page a cursor points at. */
  next(cursor: PageCursor, options?: CallOptions): Promise<Page<LogEvent>>;
  /**
   * The first page of a query, or the page a cursor points at, with its events still JSON text: for a caller that
   * keeps the page across awaits (the System Log page view); `parseLogEvents` reads them.
   */
  unparsed(start: LogQuery | PageCursor, options?: CallOptions): Promise<UnparsedPage>;
  /** Every page from `start`, bounded as described in the module comment. */
  pages(start?: LogQuery | PageCursor, options?: IterateOptions): AsyncGenerator<Page<LogEvent>, void, undefined>;
  /** Every event of `pages(start)`, streamed page by page. */
  events(start?: LogQuery | PageCursor, options?: IterateOptions): AsyncGenerator<LogEvent, void, undefined>;
  /**
   * Live tail: reads from a polling query or cursor until an empty page (or the page cap), and returns the new
   * events with the cursor for the next call. Refuses bounded starts (`until` or DESCENDING): they have no live end.
   */
  poll(start: LogQuery | PageCursor, options?: IterateOptions): Promise<PollResult>;
}

export const LOGS_PATH = '/api/v1/logs';

function isLogEvent(item: unknown): item is LogEvent {
  return typeof item === 'object' && item !== null && !Array.isArray(item);
}

/** The events of an unparsed System Log page (see `LogsApi.unparsed`), checked as `list` checks them. */
export function parseLogEvents(items: ItemsJson): LogEvent[] {
  return parseItems(items, isLogEvent);
}

/** Creates the System Log operations for one org. */
export function createLogsApi(settings: HttpSettings, origin: string, defaultMaxPages: number): LogsApi {
  const listing: Listing<LogEvent> = {
    settings,
    origin,
    path: LOGS_PATH,
    isItem: isLogEvent,
    maxLimit: MAX_LOGS_LIMIT,
  };

  const startUrl = (start: LogQuery | PageCursor | undefined): URL => {
    if (typeof start === 'string') return cursorUrl(listing, start);
    const url = new URL(LOGS_PATH, origin);
    url.search = logSearchParams(start ?? {}).toString();
    return url;
  };

  const policyFor = (url: URL, options: IterateOptions): StopPolicy => {
    const maxPages = validMaxPages(options.maxPages);
    return isBoundedLogUrl(url)
      ? { stopOnEmpty: false, maxPages }
      : { stopOnEmpty: true, maxPages: maxPages ?? defaultMaxPages };
  };

  async function* pages(start?: LogQuery | PageCursor, options: IterateOptions = {}) {
    const url = startUrl(start);
    yield* iteratePages(listing, url, policyFor(url, options), options);
  }

  return {
    // async so that a refused query or cursor surfaces as a rejected promise, never a synchronous throw
    list: async (query, options) => fetchPage(listing, startUrl(query ?? {}), options),
    next: async (cursor, options) => fetchPage(listing, cursorUrl(listing, cursor), options),
    unparsed: async (start, options) => fetchUnparsedPage(listing, startUrl(start), options),
    pages,
    async *events(start, options) {
      for await (const page of pages(start, options)) yield* page.items;
    },
    async poll(start, options = {}) {
      const url = startUrl(start);
      if (isBoundedLogUrl(url)) {
        throw new InvalidQueryError('a live tail needs a polling query: no until, ASCENDING order', {
          parameter: url.searchParams.has('until') ? 'until' : 'sortOrder',
        });
      }
      const events: LogEvent[] = [];
      let cursor = url.href as PageCursor;
      let caughtUp = false;
      let count = 0;
      let last: Page<LogEvent> | undefined;
      // Pages follow `next` exactly, so the page being read was fetched from the previous page's `next`.
      let current = cursor;
      for await (const page of iteratePages(listing, url, policyFor(url, options), options)) {
        last = page;
        count++;
        events.push(...page.items);
        cursor = page.next ?? current;
        current = cursor;
        caughtUp = page.items.length === 0 || page.next === undefined;
      }
      return { events, cursor, caughtUp, pages: count, rateLimit: last?.rateLimit, requestId: last?.requestId };
    },
  };
}
