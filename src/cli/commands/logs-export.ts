/**
 * `logs export`: a bounded System Log query read to its end, following Okta's `next` links at limit=1000, one
 * page in memory at a time, written as NDJSON or CSV (the app's formula-safe CSV) as the pages arrive. A 429 waits
 * for the reset and asks for the same page again. An abort stops the calls and leaves whole lines only.
 *
 * `exportLogs` is the importable core: a client, a query and a stream in, counts out.
 */

import type { Writable } from 'node:stream';
import { csvHeader, csvRows, ndjsonRows } from '../../logs/csv.ts';
import type { ExportFormat } from '../../logs/export-stream.ts';
import { type LogEvent, type LogQuery, MAX_LOGS_LIMIT, type OktaClient } from '../../okta/index.ts';
import { DEFAULT_MAX_RETRIES } from '../config.ts';
import { writeChunk } from '../output.ts';
import { eachPage, type Listing } from '../page-loop.ts';
import { count, describeBudget, Progress } from '../progress.ts';

/** What exportLogs needs besides the client. */
export interface ExportLogsOptions {
  /** A bounded query (with `until`); its `limit` defaults to 1000. */
  query: LogQuery;
  format: ExportFormat;
  out: Writable;
  signal: AbortSignal;
  /** Rate-limit waits allowed per page (default 2). */
  maxRetries?: number;
  /** Where progress and countdowns go (default: nowhere). */
  progress?: Progress;
}

/** How far an export got. */
export interface ExportLogsResult {
  outcome: 'complete' | 'interrupted';
  pages: number;
  events: number;
  /** The `published` time of the last event written. */
  lastPublished: string | undefined;
}

/** Exports `query` to `out` (which is left open: the caller ends it). */
export async function exportLogs(client: OktaClient, options: ExportLogsOptions): Promise<ExportLogsResult> {
  const { signal } = options;
  const progress = options.progress ?? new Progress({ write: () => true });
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const query: LogQuery = { ...options.query, limit: options.query.limit ?? MAX_LOGS_LIMIT };
  const result: ExportLogsResult = { outcome: 'complete', pages: 0, events: 0, lastPublished: undefined };
  const rows = options.format === 'csv' ? csvRows : ndjsonRows;
  if (options.format === 'csv') await writeChunk(options.out, csvHeader());
  const listing: Listing<LogEvent> = {
    first: (signal) => client.logs.list(query, { signal }),
    next: (cursor, signal) => client.logs.next(cursor, { signal }),
  };
  try {
    await eachPage(listing, { maxRetries, signal, progress, what: 'GET /api/v1/logs' }, async (page) => {
      await writeChunk(options.out, rows(page.items));
      result.pages++;
      result.events += page.items.length;
      const last = page.items.at(-1)?.published;
      if (typeof last === 'string') result.lastPublished = last;
      progress.status(
        `System Log export: ${count(result.events, 'event')} in ${count(result.pages, 'page')}; ${describeBudget(client.lastRateLimit)}`,
      );
    });
    return result;
  } catch (error) {
    if (signal.aborted) return { ...result, outcome: 'interrupted' };
    throw error;
  }
}
