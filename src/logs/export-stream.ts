/**
 * Writing an export to the HTTP response as the pages arrive: one page in memory at a time, each page written as
 * one chunk, and no further page asked for until the socket has taken the last one (backpressure). A closed
 * download aborts the signal, which stops the Okta calls; a failure half-way destroys the response so the browser
 * marks the download as failed instead of keeping a file that looks complete.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { LogEvent, Page } from '../okta/index.ts';
import { csvHeader, csvRows, ndjsonRows } from './csv.ts';

/** The export formats. */
export type ExportFormat = 'csv' | 'ndjson';

/** Content types and file extensions of the formats. */
export const EXPORT_FORMATS: Readonly<Record<ExportFormat, { contentType: string; extension: string }>> = {
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
  ndjson: { contentType: 'application/x-ndjson; charset=utf-8', extension: 'ndjson' },
};

/** How an export ended. */
export interface ExportResult {
  format: ExportFormat;
  pages: number;
  events: number;
  outcome: 'complete' | 'client-closed' | 'failed';
  error?: unknown;
}

/** `system-log_20240813T155820Z_20240814T155820Z.csv`: only safe characters, for Content-Disposition. */
export function exportFileName(since: Date, until: Date, format: ExportFormat): string {
  const stamp = (date: Date) =>
    date
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z')
      .replace(/[-:]/g, '');
  return `system-log_${stamp(since)}_${stamp(until)}.${EXPORT_FORMATS[format].extension}`;
}

async function write(out: Writable, chunk: string, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  if (chunk === '') return;
  if (!out.write(chunk)) await once(out, 'drain', { signal });
}

/** An AbortSignal that fires when `response` closes before it finished. */
export function closedSignal(response: Writable): AbortSignal {
  const controller = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) controller.abort(new Error('the client closed the connection'));
  });
  return controller.signal;
}

/**
 * Writes `first` and the remaining `pages` to `out` in `format`, then ends it. Never throws: the result says how
 * it ended. `signal` must fire when the client goes away.
 */
export async function writeExport(
  first: Page<LogEvent>,
  pages: AsyncGenerator<Page<LogEvent>, void, undefined>,
  format: ExportFormat,
  out: Writable,
  signal: AbortSignal,
): Promise<ExportResult> {
  const result: ExportResult = { format, pages: 0, events: 0, outcome: 'complete' };
  const rows = format === 'csv' ? csvRows : ndjsonRows;
  try {
    if (format === 'csv') await write(out, csvHeader(), signal);
    let page: Page<LogEvent> | undefined = first;
    while (page !== undefined) {
      await write(out, rows(page.items), signal);
      result.pages++;
      result.events += page.items.length;
      page = undefined;
      const next = await pages.next();
      page = next.done ? undefined : next.value;
    }
    out.end();
    return result;
  } catch (error) {
    // destroy() without an error: there is nobody left to report it to on this socket.
    out.destroy();
    return signal.aborted ? { ...result, outcome: 'client-closed' } : { ...result, outcome: 'failed', error };
  } finally {
    await pages.return(undefined).catch(() => undefined);
  }
}
