/**
 * How big an answer from Okta can honestly be. Okta never returns more items than the `limit` asked for, and
 * `limit` itself is bounded per endpoint, so a page has a natural ceiling in items and in bytes; anything past it
 * is a broken or hostile upstream, and reading it would only cost memory.
 */

/** Okta's largest `limit` for `GET /api/v1/logs` ("Integer between 0 and 1000"). */
export const MAX_LOGS_LIMIT = 1000;
/** Okta's largest `limit` for `GET /api/v1/users` ("maximum 200", also its default). */
export const MAX_USERS_LIMIT = 200;

/**
 * The largest 2xx body the client reads: 8 MiB. Sized from the biggest real page, a System Log page at
 * `limit=1000`. Okta's documented sample event is about 2 KB of JSON; the sandbox's seeded events average 1.8 KB
 * and the largest (hostile values, a 1 KB user agent) is 3.9 KB. A thousand events at twice that largest one is
 * 7.8 MB, still under the cap. A users page (`limit=200`, about 1 KB per seeded user) is about 200 KB, so the
 * cap leaves room for profiles with many custom attributes too. Parsed JSON takes several times its size in
 * memory, which is why the cap is not larger: a 50 MB body once took the process to 528 MB.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/** The items a page may hold: the `limit` in its URL, or the endpoint's largest when the URL carries none. */
export function itemCeiling(url: URL, endpointMax: number): number {
  const raw = url.searchParams.get('limit');
  const limit = raw !== null && /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  return Number.isSafeInteger(limit) ? Math.min(limit, endpointMax) : endpointMax;
}
