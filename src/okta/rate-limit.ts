/**
 * Okta's rate-limit headers (developer.okta.com/docs/reference/rl2-monitor/):
 *   X-Rate-Limit-Limit      the ceiling of the bucket this request counted against
 *   X-Rate-Limit-Remaining  requests left in the current window
 *   X-Rate-Limit-Reset      when the window resets, UTC epoch seconds
 * A duplicated header (undici: string[]) or a comma-joined one has been seen (OKTA-112507); the conservative
 * reading is taken: the latest reset, the smallest remaining and limit.
 */
import type { RateLimit, RateReading } from './types.ts';

/** Response headers as undici gives them. */
export type ResponseHeaders = Record<string, string | string[] | undefined>;

/** Every integer in a possibly duplicated, possibly comma-joined header. */
export function headerIntegers(value: string | string[] | undefined): number[] {
  if (value === undefined) return [];
  const parts = (typeof value === 'string' ? [value] : value).flatMap((line) => line.split(','));
  return parts.map((part) => part.trim()).flatMap((part) => (/^\d+$/.test(part) ? [Number(part)] : []));
}

/** The server's clock minus ours, in ms, from the response `Date` header (0 when absent or unparsable). */
export function serverClockOffsetMs(headers: ResponseHeaders, receivedAtMs: number): number {
  const date = headers.date;
  const text = typeof date === 'string' ? date : date?.[0];
  const serverMs = text === undefined ? Number.NaN : Date.parse(text);
  return Number.isNaN(serverMs) ? 0 : serverMs - receivedAtMs;
}

/** The latest `X-Rate-Limit-Reset`, in epoch ms on the server's clock. */
export function resetEpochMs(headers: ResponseHeaders): number | undefined {
  const resets = headerIntegers(headers['x-rate-limit-reset']);
  return resets.length === 0 ? undefined : Math.max(...resets) * 1000;
}

/**
 * What a response said about its bucket, with `resetAt` moved onto the local clock (epoch ms) and `observedAt` the
 * local time it arrived; undefined when a header is missing. A concurrent-limit 429 reads `limit: 0`.
 */
export function readingFromHeaders(headers: ResponseHeaders, receivedAtMs: number): RateReading | undefined {
  const limits = headerIntegers(headers['x-rate-limit-limit']);
  const remaining = headerIntegers(headers['x-rate-limit-remaining']);
  const reset = resetEpochMs(headers);
  if (limits.length === 0 || remaining.length === 0 || reset === undefined) return undefined;
  return {
    limit: Math.min(...limits),
    remaining: Math.min(...remaining),
    resetAt: reset - serverClockOffsetMs(headers, receivedAtMs),
    observedAt: receivedAtMs,
  };
}

/** A reading as the client reports it to callers (`Page.rateLimit`, `lastRateLimit`). */
export function rateLimitOf(reading: RateReading): RateLimit {
  return { limit: reading.limit, remaining: reading.remaining, resetAt: new Date(reading.resetAt) };
}

/** The budget a response reported, with `resetAt` moved onto the local clock; undefined when a header is missing. */
export function parseRateLimit(headers: ResponseHeaders, receivedAtMs: number): RateLimit | undefined {
  const reading = readingFromHeaders(headers, receivedAtMs);
  return reading && rateLimitOf(reading);
}

/**
 * How long to wait after a 429 before the bucket has reset: `reset*1000 − Date + 1 s`, computed against Okta's
 * own `Date` header so that local clock skew does not matter (the same rule as Okta's SDKs); the extra second
 * covers the header's one-second resolution. Undefined when there is no reset header.
 */
export function rateLimitDelayMs(headers: ResponseHeaders, receivedAtMs: number): number | undefined {
  const reset = resetEpochMs(headers);
  if (reset === undefined) return undefined;
  const serverNow = receivedAtMs + serverClockOffsetMs(headers, receivedAtMs);
  return Math.max(0, reset - serverNow + 1000);
}
