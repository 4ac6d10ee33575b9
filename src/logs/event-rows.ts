/**
 * The System Log table's rows as HTML, each rendered once per query and then reused. Okta never changes a stored
 * event (its `uuid` names one event for good), and a row's HTML depends only on the event and on the page's query
 * (its filter links keep the query's other parameters), so a row is cached under the query, the `uuid` and the
 * `published` time. The cache is shared by all sessions: an entry is only found by a request whose own Okta
 * response held that very event, and it holds nothing about who asked. Bounded by size, least recently used first.
 */
import { LRUCache } from 'lru-cache';
import type { LogEvent } from '../okta/index.ts';
import type { Html } from '../text/html.ts';
import { type EventRow, eventRow, type FilterHref } from './event-view.ts';

/** Bounds of the row cache. */
export interface RowCacheOptions {
  /**
   * Characters of HTML kept across all queries (default 8,000,000: about 2,000 rows; with each row's UTF-8 bytes,
   * kept once it has been sent, about 16 MB).
   */
  maxChars: number;
}

/** The defaults of RowCacheOptions. */
export const ROW_CACHE_DEFAULTS: Readonly<RowCacheOptions> = { maxChars: 8_000_000 };

/** Where the rows of one page view link to. */
export interface RowLinks {
  /** Identifies the page's query: rows rendered for the same key have the same links. */
  key: string;
  href: FilterHref;
}

/** Renders one row (the view plugin's `renderFragment` for the row template). */
export type RenderRow = (row: EventRow) => Html;

/** Renders rows, from the cache when the same event was rendered for the same query before. */
export class EventRows {
  readonly #cache: LRUCache<string, Html> | undefined;

  /** `options` false: no cache, every row is rendered (tests and benchmarks compare with it). */
  constructor(
    private readonly render: RenderRow,
    options: Partial<RowCacheOptions> | false = {},
  ) {
    if (options === false) return;
    const { maxChars } = { ...ROW_CACHE_DEFAULTS, ...options };
    this.#cache = new LRUCache<string, Html>({
      maxSize: maxChars,
      sizeCalculation: (html) => Math.max(1, html.length),
    });
  }

  /** The rows of `events`, in order. */
  rows(events: readonly LogEvent[], links: RowLinks): Html[] {
    return events.map((event) => this.#row(event, links));
  }

  /** Rows held (tests, diagnostics). */
  get size(): number {
    return this.#cache?.size ?? 0;
  }

  #row(event: LogEvent, links: RowLinks): Html {
    const { uuid, published } = event;
    // An event without an id cannot be told apart from another one: it is rendered every time.
    if (this.#cache === undefined || typeof uuid !== 'string' || uuid === '') {
      return this.render(eventRow(event, links.href));
    }
    const key = `${links.key}\n${uuid}\n${String(published)}`;
    const cached = this.#cache.get(key);
    if (cached !== undefined) return cached;
    const html = this.render(eventRow(event, links.href));
    this.#cache.set(key, html);
    return html;
  }
}
