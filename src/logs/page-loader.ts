/**
 * One view of the System Log page: from the cache when the same page was fetched in the last minute (no Okta
 * call), else exactly one Okta call — the first page of the query, or the page a session-bound cursor token
 * points at. Okta's refusal of the query comes back as a value, to be shown next to the form.
 */
import { createHash } from 'node:crypto';
import { InvalidQueryError, RateLimitedError } from '../okta/index.ts';
import type { LoadedPage, LogsState, OktaCall, Position } from './logs-state.ts';
import { boundedLogQuery } from './okta-query.ts';
import type { CacheHit } from './page-cache.ts';
import type { LogsQuery } from './query-params.ts';
import { logsSearchParams } from './query-url.ts';
import type { ResolvedRange } from './time-range.ts';

/** How a view went. */
export type PageOutcome =
  | { kind: 'page'; page: LoadedPage; fromCache: boolean; budgetSpent?: BudgetSpent }
  /** The page token is unknown, expired, or belongs to another session or query. No call was made. */
  | { kind: 'cursor-refused' }
  /** Okta answered 400 (e.g. an advanced filter it cannot parse). */
  | { kind: 'okta-rejected'; error: InvalidQueryError };

/**
 * Why a page that is no longer fresh was shown: Okta's budget is spent (the app's brake, or Okta's own 429) until
 * `resetAt`, and the page as fetched earlier is better than no page.
 */
export interface BudgetSpent {
  resetAt: Date | undefined;
}

/** What a view needs besides the query. */
export interface PageRequest {
  state: LogsState;
  call: OktaCall;
  /** The session the cache entries and cursor tokens belong to. */
  owner: string;
  query: LogsQuery;
  range: ResolvedRange;
  pageToken: string | undefined;
  now?: () => number;
}

/**
 * Forgets the cached page of a view whose events turned out not to be a page (`pageEvents` refused them), so
 * that the next view asks Okta again rather than showing the same error for a minute.
 */
export async function forgetPage(request: Pick<PageRequest, 'state' | 'owner' | 'query' | 'pageToken'>) {
  await request.state.cache?.delete(request.owner, pageCacheKey(request.query, request.pageToken));
}

/**
 * The page cache's key for a page of `query`: the page view's own query string, page token included, after a prefix
 * that names the entry's format (the events as Okta's text), so that the entries an earlier version left in a
 * shared store (its events parsed) are never read as this version's; they expire on their own.
 */
export function pageCacheKey(query: LogsQuery, pageToken: string | undefined): string {
  return `events-text:${logsSearchParams(query, pageToken).toString()}`;
}

/**
 * Loads one page view. Identical views of one session at the same moment, on any instance, cost one Okta call: the
 * first loads the page, the others wait for it in the shared page cache. (The Okta requests of such views differ:
 * a relative range such as "last 24 hours" ends at each view's own now.)
 */
export async function loadPage(request: PageRequest): Promise<PageOutcome> {
  const { state, owner } = request;
  const cacheKey = pageCacheKey(request.query, request.pageToken);
  const cache = state.cache;
  if (!cache) return fetchPage(request, cacheKey, undefined);
  const hit = await cache.get(owner, cacheKey);
  if (hit?.fresh) return { kind: 'page', page: hit.value, fromCache: true };
  return state.flights.run<PageOutcome>(flightKey(owner, cacheKey), {
    settled: async () => {
      const fresh = await cache.getFresh(owner, cacheKey);
      return fresh && { kind: 'page', page: fresh.value, fromCache: true };
    },
    work: () => fetchPage(request, cacheKey, hit),
  });
}

function flightKey(owner: string, cacheKey: string): string {
  return createHash('sha256').update(owner).update('\n').update(cacheKey).digest('base64url');
}

/** One Okta call for the view, and the page stored in the cache; `hit` is the page kept from earlier, if any. */
async function fetchPage(
  request: PageRequest,
  cacheKey: string,
  hit: CacheHit<LoadedPage> | undefined,
): Promise<PageOutcome> {
  const { state, owner, query, range, pageToken } = request;
  const now = request.now ?? Date.now;
  const binding = logsSearchParams(query).toString();

  let position: Extract<Position, { kind: 'page' }> | undefined;
  if (pageToken !== undefined) {
    const found = await state.cursors.find(pageToken, owner, binding);
    if (!('value' in found) || found.value.kind !== 'page') return { kind: 'cursor-refused' };
    position = found.value;
  }

  const deadline = now() + state.callTimeoutMs;
  const result = await request.call(async (client, signal) => {
    try {
      return await client.logs.unparsed(position ? position.cursor : boundedLogQuery(query, range), {
        signal,
        deadline,
      });
    } catch (error) {
      if (error instanceof InvalidQueryError) return error;
      // Only a view that has a page to show is spared the rate-limit page.
      if (error instanceof RateLimitedError && hit) return error;
      throw error;
    }
  });
  if (result instanceof InvalidQueryError) return { kind: 'okta-rejected', error: result };
  if (result instanceof RateLimitedError) {
    const kept = hit as NonNullable<typeof hit>;
    return { kind: 'page', page: kept.value, fromCache: true, budgetSpent: { resetAt: result.resetAt } };
  }

  const bounds = position ?? { page: 1, since: range.since.toISOString(), until: range.until.toISOString() };
  const nextToken =
    result.next === undefined
      ? undefined
      : await state.cursors.put(owner, binding, {
          kind: 'page',
          cursor: result.next,
          page: bounds.page + 1,
          since: bounds.since,
          until: bounds.until,
        });
  const page: LoadedPage = {
    events: result.items,
    page: bounds.page,
    since: bounds.since,
    until: bounds.until,
    nextToken,
    fetchedAt: now(),
  };
  await state.cache?.set(owner, cacheKey, page);
  return { kind: 'page', page, fromCache: false };
}
