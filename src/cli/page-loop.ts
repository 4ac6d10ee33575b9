/**
 * Reading a listing to its end the CLI's way: each page through withRateWaits (a 429 waits for the reset and the
 * same page is asked again, the cursor being kept here), each page handed over before the next is asked for, and
 * a stop when Okta repeats a `next` link (a listing that would never end).
 */
import type { Page, PageCursor } from '../okta/index.ts';
import { type RateWaitOptions, withRateWaits } from './rate-waits.ts';

/** How to ask for the first page, and for the page a cursor points at. */
export interface Listing<T> {
  first(signal: AbortSignal): Promise<Page<T>>;
  next(cursor: PageCursor, signal: AbortSignal): Promise<Page<T>>;
}

/** Calls `onPage` for every page from the first to the last, in order; an abort rejects between pages. */
export async function eachPage<T>(
  listing: Listing<T>,
  waits: RateWaitOptions,
  onPage: (page: Page<T>) => Promise<void>,
): Promise<void> {
  const { signal } = waits;
  const seen = new Set<string>();
  let cursor: PageCursor | undefined;
  for (;;) {
    const from = cursor;
    const page = await withRateWaits(() => (from ? listing.next(from, signal) : listing.first(signal)), waits);
    await onPage(page);
    if (page.next === undefined) return;
    if (seen.has(page.next)) throw new Error(`Okta repeated a next link during ${waits.what}: stopped`);
    seen.add(page.next);
    cursor = page.next;
  }
}
