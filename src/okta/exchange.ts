/**
 * One attempt of a GET, as much of it as concurrent identical callers can share: the rate brake's admission, the
 * request, the body, and telling the brake what Okta said. Interpreting the answer is each caller's own (http.ts).
 */
import { type Dispatcher, request } from 'undici';
import type { OktaClock } from './clock.ts';
import { type Coalescer, coalesceKey, type SharedResponse } from './coalescer.ts';
import { RateLimitedError, type RequestDescription } from './errors.ts';
import { rateBucket } from './rate-buckets.ts';
import type { RateGate } from './rate-gate.ts';
import { readingFromHeaders } from './rate-limit.ts';
import { readBody } from './response-body.ts';
import type { CallPriority } from './types.ts';

/** What an attempt needs from the client's settings. */
export interface ExchangeSettings {
  dispatcher: Dispatcher;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  /** The largest 2xx body read; a bigger one is abandoned at this many bytes (ResponseTooLargeError). */
  maxResponseBytes: number;
  clock: OktaClock;
  /** The shared rate brake; without one every request is sent. */
  gate?: RateGate | undefined;
  /** Shares attempts among concurrent identical callers; without one every caller sends its own. */
  coalescer?: Coalescer | undefined;
  /** Whose call this is, for the brake's reserve (default `interactive`). */
  priority?: CallPriority | undefined;
}

/** The request failed on the wire (connection, timeout, abort): the caller decides whether to try again. */
export class TransportFailure extends Error {
  constructor(readonly error: unknown) {
    super('the request failed on the wire', { cause: error });
  }
}

/** What an attempt knows of the call it belongs to. */
export interface AttemptContext {
  request: RequestDescription;
  /** Attempts the call made before this one. */
  attempts: number;
  /** Signs the attempt's DPoP proof (a DPoP-bound token): only when this caller sends the request itself. */
  proof?: (() => Promise<string>) | undefined;
}

/** One attempt, this caller's own or shared with identical concurrent ones (see coalescer.ts). */
export function exchange(
  settings: ExchangeSettings,
  url: URL,
  headers: Record<string, string>,
  signal: AbortSignal,
  before: AttemptContext,
): Promise<SharedResponse> {
  const attempt = (shared: AbortSignal) => sendOnce(settings, url, headers, shared, before);
  if (!settings.coalescer) return attempt(signal);
  return settings.coalescer.run(coalesceKey(headers.authorization ?? '', url.href), signal, attempt);
}

async function sendOnce(
  settings: ExchangeSettings,
  url: URL,
  headers: Record<string, string>,
  signal: AbortSignal,
  before: AttemptContext,
): Promise<SharedResponse> {
  const { gate } = settings;
  const bucket = rateBucket(url);
  if (gate) {
    const admission = await gate.admit(bucket, settings.priority ?? 'interactive');
    if (!admission.admitted) {
      throw new RateLimitedError(
        `the shared rate budget of ${bucket} is spent until ${admission.resetAt.toISOString()}; Okta was not called: GET ${url.href}`,
        {
          request: before.request,
          resetAt: admission.resetAt,
          limit: admission.limit,
          attempts: before.attempts,
          reason: 'budget-spent',
        },
      );
    }
  }
  // Signed after the brake admitted the request, right before it goes out.
  const sent = before.proof ? { ...headers, dpop: await before.proof() } : headers;
  let shared: SharedResponse;
  try {
    const response = await request(url, {
      method: 'GET',
      dispatcher: settings.dispatcher,
      headers: sent,
      signal,
      headersTimeout: settings.headersTimeoutMs,
      bodyTimeout: settings.bodyTimeoutMs,
    });
    // Read under the same signal as the request: undici destroys the body when it fires, so the deadline covers
    // the whole body, not just the headers.
    const content = await readBody(response.body, response.statusCode, response.headers, settings.maxResponseBytes);
    shared = { status: response.statusCode, headers: response.headers, content, receivedAt: settings.clock.now() };
  } catch (error) {
    throw new TransportFailure(error);
  }
  const reading = readingFromHeaders(shared.headers, shared.receivedAt);
  if (gate && reading) await gate.observe(bucket, reading);
  return shared;
}
