/**
 * What the System Log routes keep between requests, and their options: the cursor store, the page cache, the
 * number of live tails per session, and the bounds of calls, exports and tails.
 */
import { DEFAULT_OKTA_CALL_TIMEOUT_SECONDS } from '../config.ts';
import type { ItemsJson, LogEvent, LogQuery, OktaClient, PageCursor } from '../okta/index.ts';
import { PageTokenStore, type PageTokenStoreOptions } from '../paging/page-token-store.ts';
import { SingleFlight } from '../store/single-flight.ts';
import type { SharedStore } from '../store/store.ts';
import type { RowCacheOptions } from './event-rows.ts';
import { EXPORT_LIMITS, type ExportLimits } from './export-pages.ts';
import { FOLLOW_LIMITS, type FollowLimits } from './follow-loop.ts';
import { PageCache, type PageCacheOptions } from './page-cache.ts';

/** Options of the System Log routes (all optional; the defaults suit a real Okta org). */
export interface LogsOptions {
  /**
   * The per-session cache of fetched pages, in the shared store (default: fresh for 60 s, kept 15 minutes for when
   * Okta's budget is spent). `false`
   * turns it off, so that every view calls Okta (the page benchmark uses this to measure rendering).
   */
  pageCache?: Partial<PageCacheOptions> | false;
  /**
   * The per-session cache of rendered table rows (default: about 16 MB across all sessions). `false` renders every
   * row on every view.
   */
  rowCache?: Partial<RowCacheOptions> | false;
  /**
   * The most one page view waits for Okta, rate-limit waits and the whole body included. The routes default it to
   * the app's `OKTA_CALL_TIMEOUT_SECONDS`; set it only to give one mount a shorter deadline (tests): the client's
   * own deadline, `OKTA_CALL_TIMEOUT_SECONDS`, still applies, so a longer one has no effect.
   */
  callTimeoutMs?: number;
  /** Bounds of the live tail, and how many tails one session may run at once (default 2). */
  follow?: Partial<FollowLimits> & { maxStreamsPerSession?: number };
  /** Bounds of an export. */
  export?: Partial<ExportLimits>;
  /** Bounds of the cursor store. */
  cursors?: PageTokenStoreOptions<Position>;
}

/** A place in the System Log a token stands for. */
export type Position =
  /** The next page of a bounded query; `page` is its number, `since`/`until` the query's bounds (ISO). */
  | { kind: 'page'; cursor: PageCursor; page: number; since: string; until: string }
  /** Where the live tail continues. */
  | { kind: 'poll'; start: LogQuery | PageCursor };

/**
 * A fetched page as the cache keeps it. Its events stay JSON text as Okta sent them: a view parses them after its
 * last await and renders them in the same turn (`pageEvents`), so parsed events never wait in memory.
 */
export interface LoadedPage {
  events: ItemsJson;
  page: number;
  since: string;
  until: string;
  nextToken: string | undefined;
  fetchedAt: number;
}

/** What one poll of the live tail without JavaScript brought, as the cache keeps it (newest first). */
export interface PolledPage {
  events: LogEvent[];
  nextToken: string;
  fetchedAt: number;
}

/** Runs `fn` with a client for this request's token (the Okta access plugin's `call`, bound to a scope). */
export type OktaCall = <T>(fn: (client: OktaClient, signal: AbortSignal) => Promise<T>) => Promise<T>;

/** The state shared by the System Log routes of one app. */
export class LogsState {
  readonly cursors: PageTokenStore<Position>;
  readonly cache: PageCache<LoadedPage> | undefined;
  /** The polls of the live tail without JavaScript, cached as pages are (off with the page cache). */
  readonly polls: PageCache<PolledPage> | undefined;
  /** Identical page views at the same moment, on any instance, share one Okta call. */
  readonly flights: SingleFlight;
  readonly callTimeoutMs: number;
  readonly follow: FollowLimits & { maxStreamsPerSession: number };
  readonly exportLimits: ExportLimits;
  readonly #streams = new Map<string, number>();
  readonly #shutdown = new AbortController();

  constructor(store: SharedStore, options: LogsOptions = {}) {
    this.cursors = new PageTokenStore(store, options.cursors);
    this.cache = options.pageCache === false ? undefined : new PageCache(store, options.pageCache ?? {});
    this.polls = options.pageCache === false ? undefined : new PageCache(store, options.pageCache ?? {});
    this.flights = new SingleFlight(store);
    this.callTimeoutMs = options.callTimeoutMs ?? DEFAULT_OKTA_CALL_TIMEOUT_SECONDS * 1000;
    this.follow = { ...FOLLOW_LIMITS, maxStreamsPerSession: 2, ...options.follow };
    this.exportLimits = { ...EXPORT_LIMITS, ...options.export };
  }

  /** Fires when the app shuts down: live tails and exports in progress end, so that their connections close. */
  get shutdownSignal(): AbortSignal {
    return this.#shutdown.signal;
  }

  /** Ends every live tail and export in progress. */
  shutdown(): void {
    this.#shutdown.abort(new Error('the app is shutting down'));
  }

  /** Counts a live tail for `owner`; false when the session already runs the most it may. */
  openStream(owner: string): boolean {
    const open = this.#streams.get(owner) ?? 0;
    if (open >= this.follow.maxStreamsPerSession) return false;
    this.#streams.set(owner, open + 1);
    return true;
  }

  /** Forgets one live tail of `owner`. */
  closeStream(owner: string): void {
    const open = (this.#streams.get(owner) ?? 1) - 1;
    if (open <= 0) this.#streams.delete(owner);
    else this.#streams.set(owner, open);
  }
}
