/**
 * The pages of a bounded System Log query for an export: follows Okta's `next` links (never since/until by hand,
 * as Okta advises), one page at a time, and after the first page waits out a 429 until Okta's reset instead of
 * failing half-way through a download. Every wait and the page count are bounded; an abort ends it at once.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type LogEvent,
  type LogQuery,
  type LogsApi,
  type Page,
  type PageCursor,
  PaginationLoopError,
  RateLimitedError,
} from '../okta/index.ts';

/** Bounds of an export. */
export interface ExportLimits {
  /** Rate-limit waits allowed in one export (default 30). */
  maxRateLimitWaits: number;
  /** Longest single wait for a reset (default 120 s); a later reset ends the export. */
  maxWaitMs: number;
  /** Pages in one export (default 10,000: ten million events at 1000 a page). */
  maxPages: number;
}

/** The defaults of ExportLimits. */
export const EXPORT_LIMITS: Readonly<ExportLimits> = { maxRateLimitWaits: 30, maxWaitMs: 120_000, maxPages: 10_000 };

/** Options of exportPages. */
export interface ExportPagesOptions extends Partial<ExportLimits> {
  signal: AbortSignal;
  /** Told before each wait for a rate-limit reset. */
  onWait?: (resetAt: Date) => void;
  now?: () => number;
}

/** The export stopped at its page bound (the file is incomplete). */
export class ExportTooLargeError extends Error {
  readonly code = 'EXPORT_TOO_LARGE';
}

/** Yields every page of `query` (which must be bounded), first to last. */
export async function* exportPages(
  logs: LogsApi,
  query: LogQuery,
  options: ExportPagesOptions,
): AsyncGenerator<Page<LogEvent>, void, undefined> {
  const limits = { ...EXPORT_LIMITS, ...options };
  const now = options.now ?? Date.now;
  const seen = new Set<string>();
  let cursor: PageCursor | undefined;
  let waits = 0;
  for (let count = 0; count < limits.maxPages; count++) {
    let page: Page<LogEvent> | undefined;
    while (page === undefined) {
      try {
        page = cursor
          ? await logs.next(cursor, { signal: options.signal })
          : await logs.list(query, { signal: options.signal });
      } catch (error) {
        // Before the first page nothing was sent yet: the caller shows the rate-limit page instead of waiting.
        const resetAt = error instanceof RateLimitedError && count > 0 ? error.resetAt : undefined;
        const waitMs = resetAt === undefined ? Number.POSITIVE_INFINITY : resetAt.getTime() - now() + 250;
        if (waits >= limits.maxRateLimitWaits || waitMs > limits.maxWaitMs || resetAt === undefined) throw error;
        waits++;
        options.onWait?.(resetAt);
        await sleep(Math.max(0, waitMs), undefined, { signal: options.signal });
      }
    }
    yield page;
    if (page.next === undefined) return;
    if (seen.has(page.next)) throw new PaginationLoopError('Okta repeated a next link during the export');
    seen.add(page.next);
    cursor = page.next;
  }
  throw new ExportTooLargeError(`the export stopped after ${limits.maxPages} pages`);
}
