/**
 * The System Log table's rows as HTML, each rendered once per session and query and then reused. Okta never
 * changes a stored event (its `uuid` names one event for good), and a row's HTML depends only on the event and on
 * the page's query and page token (its detail link carries them), so a row is cached under the session, the query
 * with its page token, the `uuid` and the `published` time. Per session, like the page cache: a row is only ever
 * reused for the session whose Okta response held that event, and how fast a page comes back tells nobody what
 * another session looked at. Bounded by size across all sessions, least recently used first.
 */
import { LRUCache } from 'lru-cache';
import type { LogEvent } from '../okta/index.ts';
import type { Html } from '../text/html.ts';
import type { DetailHref } from './event-view.ts';

/** Bounds of the row cache. */
export interface RowCacheOptions {
  /**
   * Memory the cached rows may take across all sessions, roughly, in bytes: each row's HTML, its UTF-8 bytes
   * (kept once sent) and its key (default 16 MB, about 8,000 rows of about 1 KB).
   */
  maxBytes: number;
}

/** The defaults of RowCacheOptions. */
export const ROW_CACHE_DEFAULTS: Readonly<RowCacheOptions> = { maxBytes: 16_000_000 };

/** Whose rows, and where the rows of one page view link to. */
export interface RowContext {
  /** The session the rows are rendered for. */
  owner: string;
  /** Identifies the page's query and page token: rows rendered for the same key have the same links. */
  key: string;
  detailHref: DetailHref;
}

/** Renders one event's row with its detail link (`eventRowHtml` in row-html.ts). */
export type RenderRow = (event: LogEvent, detailHref: DetailHref) => Html;

/** Renders rows, from the cache when the same session saw the same event under the same query before. */
export class EventRows {
  readonly #cache: LRUCache<string, Html> | undefined;

  /** `options` false: no cache, every row is rendered (tests and benchmarks compare with it). */
  constructor(
    private readonly render: RenderRow,
    options: Partial<RowCacheOptions> | false = {},
  ) {
    if (options === false) return;
    const { maxBytes } = { ...ROW_CACHE_DEFAULTS, ...options };
    this.#cache = new LRUCache<string, Html>({
      maxSize: maxBytes,
      // Its string and its encoded bytes (about the same size for mostly-ASCII HTML), and the key.
      sizeCalculation: (html, key) => 2 * html.length + key.length,
    });
  }

  /** The rows of `events`, in order. */
  rows(events: readonly LogEvent[], context: RowContext): Html[] {
    const prefix = `${context.owner}\n${context.key}\n`;
    return events.map((event) => this.#row(event, prefix, context.detailHref));
  }

  /** Rows held (tests, diagnostics). */
  get size(): number {
    return this.#cache?.size ?? 0;
  }

  #row(event: LogEvent, prefix: string, href: DetailHref): Html {
    const { uuid, published } = event;
    // An event without an id cannot be told apart from another one: it is rendered every time.
    if (this.#cache === undefined || typeof uuid !== 'string' || uuid === '') return this.render(event, href);
    // The session id and the query link hold no newline; the uuid's length says where it ends, so no two keys
    // collide (a `published` that is not text is quoted as JSON after a mark of its own).
    const time = typeof published === 'string' ? `s${published}` : `j${JSON.stringify(published ?? null)}`;
    const key = `${prefix}${uuid.length}:${uuid}${time}`;
    const cached = this.#cache.get(key);
    if (cached !== undefined) return cached;
    const html = this.render(event, href);
    // Encoded now, once: a cached row is sent as these bytes (see html-slots.ts); a row rendered for one view only
    // is encoded with the page instead.
    html.encode();
    this.#cache.set(key, html);
    return html;
  }
}
