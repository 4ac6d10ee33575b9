/**
 * One GET against the management API, with everything around it: credentials per attempt, timeouts, the
 * caller's signal and deadline, rate-limit waits driven by Okta's headers, bounded backoff for 503/504 and
 * connection resets, and typed errors. Nothing else is retried.
 */
import { Call } from './call.ts';
import type { SharedResponse } from './coalescer.ts';
import { asksForNonce, type DpopProofSigner, dpopProof, rememberNonce } from './dpop.ts';
import { errorForResponse, parseErrorBody } from './error-mapping.ts';
import {
  InvalidTokenError,
  MalformedResponseError,
  OktaUnavailableError,
  RateLimitedError,
  type RateLimitGiveUpReason,
  type RequestDescription,
  ResponseTooLargeError,
  type UnavailableReason,
} from './errors.ts';
import { type ExchangeSettings, exchange, TransportFailure } from './exchange.ts';
import { isConcurrencyLimit } from './rate-brake.ts';
import { type ResponseHeaders, rateLimitDelayMs, rateLimitOf, readingFromHeaders } from './rate-limit.ts';
import { firstHeader } from './response-body.ts';
import type { CallOptions, RateLimit } from './types.ts';

/**
 * How requests are authorised: an OAuth access token fetched per request (sent as `Bearer`, or as `DPoP` with a
 * fresh proof when the token is bound to a key), or an SSWS API token.
 */
export type Credentials =
  | { scheme: 'Bearer'; getToken: (signal?: AbortSignal) => Promise<string> }
  | { scheme: 'DPoP'; getToken: (signal?: AbortSignal) => Promise<string>; signer: DpopProofSigner }
  | { scheme: 'SSWS'; token: string };

/** Everything the executor needs, fixed when the client is created. */
export interface HttpSettings extends ExchangeSettings {
  credentials: Credentials;
  userAgent: string;
  /**
   * The deadline of a call that brings none of its own, in ms from its start: headers, the whole body, retries and
   * waits together (per-chunk timeouts alone let a body that trickles in hold a call for as long as it trickles).
   */
  callTimeoutMs: number | undefined;
  maxRetries: number;
  retryBudgetMs: number;
  /** Called with every rate-limit snapshot seen, errors included. */
  onRateLimit: (rateLimit: RateLimit) => void;
}

/**
 * A successful response with its body as JSON text, not yet parsed: a caller that holds the answer across awaits
 * (a page view waiting for the store) parses it only where it uses it, so that a page's thousands of parsed objects
 * do not outlive the turn that uses them. `parseJsonText` parses it.
 */
export interface JsonTextResponse {
  text: string;
  headers: ResponseHeaders;
  rateLimit: RateLimit | undefined;
  requestId: string | undefined;
  /** The request it answered (the last attempt's), for errors about the body. */
  request: RequestDescription;
}

/** A successful response with its JSON body parsed. */
export interface JsonResponse extends JsonTextResponse {
  body: unknown;
}

/** Errors after which a GET can safely be sent again: the connection broke before or while answering. */
const RETRYABLE_NETWORK_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);
const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Sets `authorization` on one attempt's headers. For a DPoP-bound token it returns how to sign the attempt's proof:
 * signed only by the caller that sends the request, not by those that join an identical one (coalescer.ts).
 */
async function authorize(
  credentials: Credentials,
  call: Call,
  url: URL,
  headers: Record<string, string>,
): Promise<(() => Promise<string>) | undefined> {
  if (credentials.scheme === 'SSWS') {
    headers.authorization = `SSWS ${credentials.token}`;
    return undefined;
  }
  const token = await credentials.getToken(call.signal);
  if (typeof token !== 'string' || token === '' || /[\r\n]/.test(token)) {
    throw new InvalidTokenError('no usable access token: sign in again');
  }
  headers.authorization = `${credentials.scheme} ${token}`;
  if (credentials.scheme !== 'DPoP') return undefined;
  return () => dpopProof(credentials.signer, url, token);
}

/** GETs `url` (as `getJsonText`) and parses its JSON body. */
export async function getJson(settings: HttpSettings, url: URL, options: CallOptions = {}): Promise<JsonResponse> {
  const response = await getJsonText(settings, url, options);
  return { ...response, body: parseJsonText(response) };
}

/** The value of a response's JSON text; text that is not JSON is a MalformedResponseError naming the request. */
export function parseJsonText(response: Pick<JsonTextResponse, 'text' | 'requestId' | 'request'>): unknown {
  try {
    return JSON.parse(response.text);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const { request, requestId } = response;
    throw new MalformedResponseError(`Okta's response is not valid JSON: ${request.method} ${request.url}`, {
      status: 200,
      requestId,
      request,
      cause: error,
    });
  }
}

/**
 * GETs `url` and returns its JSON body as text, or throws a typed error from src/okta/errors.ts.
 * Retries: 429 waits until Okta's reset (never past the deadline or the retry budget); 503, 504 and connection
 * resets back off exponentially; at most `maxRetries` retries in all. Retries carry `X-Okta-Retry-For` (the
 * request id of the first failed response) and `X-Okta-Retry-Count`.
 */
export async function getJsonText(
  settings: HttpSettings,
  url: URL,
  options: CallOptions = {},
): Promise<JsonTextResponse> {
  const request = { method: 'GET' as const, url: url.href };
  const call = new Call(settings.clock, settings.retryBudgetMs, options, request, settings.callTimeoutMs);
  try {
    return await attemptLoop(settings, call, url);
  } finally {
    call.end();
  }
}

async function attemptLoop(settings: HttpSettings, call: Call, url: URL): Promise<JsonTextResponse> {
  const description = call.request;
  let attempts = 0;
  let retryFor: string | undefined;
  // A resource server may ask for a DPoP nonce once per call; that resend is not one of the retries.
  let nonceResent = false;
  for (;;) {
    const early = call.interruption(attempts);
    if (early) throw early;
    attempts++;
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': settings.userAgent,
    };
    if (attempts > 1) {
      headers['x-okta-retry-count'] = String(attempts - 1);
      if (retryFor !== undefined) headers['x-okta-retry-for'] = retryFor;
    }
    let proof: (() => Promise<string>) | undefined;
    try {
      proof = await authorize(settings.credentials, call, url, headers);
    } catch (error) {
      // The app's token source owns its errors (e.g. a failed refresh); only an abort is translated.
      throw call.interruption(attempts, error) ?? error;
    }
    let shared: SharedResponse;
    try {
      shared = await exchange(settings, url, headers, call.signal, {
        request: description,
        attempts: attempts - 1,
        proof,
      });
    } catch (failure) {
      const error = failure instanceof TransportFailure ? failure.error : failure;
      const interrupted = call.interruption(attempts, error);
      if (interrupted) throw interrupted;
      // The brake's refusal, or the shared store failing: not the network's doing, never retried here.
      if (!(failure instanceof TransportFailure)) throw error;
      if (!(error instanceof Error) || errorCode(error) === undefined) throw error;
      const code = errorCode(error) ?? '';
      const reason: UnavailableReason = TIMEOUT_CODES.has(code) ? 'timeout' : 'network';
      if (RETRYABLE_NETWORK_CODES.has(code) && attempts <= settings.maxRetries) {
        const delay = call.backoffMs(attempts);
        if (call.fits(delay)) {
          await call.wait(delay, attempts);
          continue;
        }
      }
      throw new OktaUnavailableError(`Okta could not be reached (${code}): GET ${url.href}`, {
        request: description,
        cause: error,
        reason,
        attempts,
      });
    }
    const { status, headers: responseHeaders, content, receivedAt } = shared;
    const { credentials } = settings;
    if (credentials.scheme === 'DPoP') {
      rememberNonce(credentials.signer, responseHeaders, url);
      if (!nonceResent && asksForNonce(status, responseHeaders)) {
        nonceResent = true;
        attempts--;
        continue;
      }
    }
    const requestId = firstHeader(responseHeaders['x-okta-request-id']);
    const reading = readingFromHeaders(responseHeaders, receivedAt);
    const rateLimit = reading && rateLimitOf(reading);
    if (rateLimit) settings.onRateLimit(rateLimit);
    if (content.kind === 'json') {
      return { text: content.text, headers: responseHeaders, rateLimit, requestId, request: description };
    }
    if (content.kind === 'too-large') {
      throw new ResponseTooLargeError(
        `Okta's response was larger than ${settings.maxResponseBytes} bytes and was abandoned: GET ${url.href}`,
        { status, requestId, request: description, limitBytes: settings.maxResponseBytes, ...content },
      );
    }
    if (content.kind === 'malformed') {
      throw new MalformedResponseError(`${content.problem}: GET ${url.href}`, {
        status,
        requestId,
        request: description,
      });
    }
    const body = parseErrorBody(content.text);
    const failed = { status, headers: responseHeaders, body, requestId, request: description, attempts };
    if (status === 429) {
      retryFor ??= requestId;
      // A concurrent-limit 429 frees up as soon as other requests finish; its reset is only Okta's estimate.
      const concurrent = reading !== undefined && isConcurrencyLimit(reading);
      const delay = concurrent ? call.backoffMs(attempts) : rateLimitDelayMs(responseHeaders, receivedAt);
      let reason: RateLimitGiveUpReason | undefined;
      if (delay === undefined) reason = 'no-reset-header';
      else if (settings.maxRetries === 0) reason = 'retries-disabled';
      else if (attempts > settings.maxRetries) reason = 'retries-exhausted';
      const jittered = (delay ?? 0) + call.jitterMs();
      if (reason === undefined && !call.fits(jittered)) reason = 'deadline';
      if (reason !== undefined) {
        const estimated = delay === undefined ? undefined : new Date(receivedAt + delay);
        const resetAt = concurrent ? estimated : (rateLimit?.resetAt ?? estimated);
        throw new RateLimitedError(
          `Okta rate limit reached (${reason})${resetAt ? `; retry after ${resetAt.toISOString()}` : ''}: GET ${url.href}`,
          { ...body, status, requestId, request: description, resetAt, limit: rateLimit?.limit, attempts, reason },
        );
      }
      await call.wait(jittered, attempts);
      continue;
    }
    if ((status === 503 || status === 504) && attempts <= settings.maxRetries) {
      retryFor ??= requestId;
      const delay = call.backoffMs(attempts);
      if (call.fits(delay)) {
        await call.wait(delay, attempts);
        continue;
      }
    }
    throw errorForResponse(failed);
  }
}
