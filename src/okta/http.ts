/**
 * One GET against the management API, with everything around it: credentials per attempt, timeouts, the
 * caller's signal and deadline, rate-limit waits driven by Okta's headers, bounded backoff for 503/504 and
 * connection resets, and typed errors. Nothing else is retried.
 */
import { type Dispatcher, request } from 'undici';
import type { OktaClock } from './clock.ts';
import { errorForResponse, parseErrorBody } from './error-mapping.ts';
import {
  InvalidTokenError,
  MalformedResponseError,
  OktaAbortError,
  OktaUnavailableError,
  RateLimitedError,
  type RateLimitGiveUpReason,
  type RequestDescription,
  type UnavailableReason,
} from './errors.ts';
import { parseRateLimit, type ResponseHeaders, rateLimitDelayMs } from './rate-limit.ts';
import type { CallOptions, RateLimit } from './types.ts';

/** How requests are authorised: an OAuth access token fetched per request, or an SSWS API token. */
export type Credentials =
  | { scheme: 'Bearer'; getToken: (signal?: AbortSignal) => Promise<string> }
  | { scheme: 'SSWS'; token: string };

/** Everything the executor needs, fixed when the client is created. */
export interface HttpSettings {
  dispatcher: Dispatcher;
  credentials: Credentials;
  userAgent: string;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  maxRetries: number;
  retryBudgetMs: number;
  clock: OktaClock;
  /** Called with every rate-limit snapshot seen, errors included. */
  onRateLimit: (rateLimit: RateLimit) => void;
}

/** A successful response with its JSON body parsed. */
export interface JsonResponse {
  body: unknown;
  headers: ResponseHeaders;
  rateLimit: RateLimit | undefined;
  requestId: string | undefined;
}

const MAX_ERROR_BODY_BYTES = 64 * 1024;
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 5000;
const JITTER_MS = 250;
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

function deadlineMs(deadline: CallOptions['deadline']): number | undefined {
  if (deadline === undefined) return undefined;
  return typeof deadline === 'number' ? deadline : deadline.getTime();
}

async function readBoundedText(body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_ERROR_BODY_BYTES) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_ERROR_BODY_BYTES).toString('utf8');
}

function isJsonContentType(value: string | string[] | undefined): boolean {
  const type = (typeof value === 'string' ? value : value?.[0])?.split(';')[0]?.trim().toLowerCase();
  return type === undefined || type === 'application/json' || type.endsWith('+json');
}

/** Per-call state: the combined abort signal and the time limits. */
class Call {
  readonly controller = new AbortController();
  readonly waitLimitMs: number;
  readonly #timer: NodeJS.Timeout | undefined;
  readonly #onCallerAbort = (): void => this.controller.abort();
  deadlineFired = false;

  constructor(
    readonly settings: HttpSettings,
    readonly options: CallOptions,
  ) {
    const now = settings.clock.now();
    const deadline = deadlineMs(options.deadline);
    this.waitLimitMs = Math.min(deadline ?? Number.POSITIVE_INFINITY, now + settings.retryBudgetMs);
    options.signal?.addEventListener('abort', this.#onCallerAbort, { once: true });
    if (deadline !== undefined && deadline <= now) {
      this.deadlineFired = true;
      this.controller.abort();
    } else if (deadline !== undefined) {
      this.#timer = setTimeout(
        () => {
          this.deadlineFired = true;
          this.controller.abort();
        },
        Math.max(0, deadline - now),
      );
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get callerAborted(): boolean {
    return this.options.signal?.aborted === true;
  }

  end(): void {
    clearTimeout(this.#timer);
    this.options.signal?.removeEventListener('abort', this.#onCallerAbort);
  }

  /** True when a wait of `ms` starting now would end within the deadline and the retry budget. */
  fits(ms: number): boolean {
    return this.settings.clock.now() + ms <= this.waitLimitMs;
  }

  backoffMs(retry: number): number {
    const exponential = Math.min(BACKOFF_BASE_MS * 2 ** (retry - 1), BACKOFF_MAX_MS);
    return exponential + Math.floor(this.settings.clock.random() * JITTER_MS);
  }
}

/** The caller's abort or the deadline, as the typed error to throw; undefined when neither happened. */
function interruption(call: Call, request: RequestDescription, attempts: number, cause?: unknown): Error | undefined {
  if (call.callerAborted) return new OktaAbortError(`aborted: ${request.method} ${request.url}`, { request, cause });
  if (call.deadlineFired || call.signal.aborted) {
    return new OktaUnavailableError(`deadline reached before Okta answered: ${request.method} ${request.url}`, {
      request,
      cause,
      reason: 'deadline',
      attempts,
    });
  }
  return undefined;
}

async function authorization(call: Call): Promise<string> {
  const { credentials } = call.settings;
  if (credentials.scheme === 'SSWS') return `SSWS ${credentials.token}`;
  const token = await credentials.getToken(call.signal);
  if (typeof token !== 'string' || token === '' || /[\r\n]/.test(token)) {
    throw new InvalidTokenError('no usable access token: sign in again');
  }
  return `Bearer ${token}`;
}

/**
 * GETs `url` and returns its parsed JSON body, or throws a typed error from src/okta/errors.ts.
 * Retries: 429 waits until Okta's reset (never past the deadline or the retry budget); 503, 504 and connection
 * resets back off exponentially; each kind at most `maxRetries` times. Retries carry `X-Okta-Retry-For` (the
 * request id of the first failed response) and `X-Okta-Retry-Count`.
 */
export async function getJson(settings: HttpSettings, url: URL, options: CallOptions = {}): Promise<JsonResponse> {
  const description: RequestDescription = { method: 'GET', url: url.href };
  const call = new Call(settings, options);
  try {
    return await attemptLoop(call, url, description);
  } finally {
    call.end();
  }
}

async function attemptLoop(call: Call, url: URL, description: RequestDescription): Promise<JsonResponse> {
  const { settings } = call;
  let attempts = 0;
  let retryFor: string | undefined;
  const wait = async (ms: number): Promise<void> => {
    try {
      await settings.clock.sleep(ms, call.signal);
    } catch (error) {
      throw interruption(call, description, attempts, error) ?? error;
    }
  };
  for (;;) {
    const early = interruption(call, description, attempts);
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
    try {
      headers.authorization = await authorization(call);
    } catch (error) {
      // The app's token source owns its errors (e.g. a failed refresh); only an abort is translated.
      throw interruption(call, description, attempts, error) ?? error;
    }
    let status: number;
    let responseHeaders: ResponseHeaders;
    let content: BodyContent;
    try {
      const response = await request(url, {
        method: 'GET',
        dispatcher: settings.dispatcher,
        headers,
        signal: call.signal,
        headersTimeout: settings.headersTimeoutMs,
        bodyTimeout: settings.bodyTimeoutMs,
      });
      status = response.statusCode;
      responseHeaders = response.headers;
      content = await readBody(response.body, status, responseHeaders);
    } catch (error) {
      const interrupted = interruption(call, description, attempts, error);
      if (interrupted) throw interrupted;
      if (!(error instanceof Error) || errorCode(error) === undefined) throw error;
      const code = errorCode(error) ?? '';
      const reason: UnavailableReason = TIMEOUT_CODES.has(code) ? 'timeout' : 'network';
      if (RETRYABLE_NETWORK_CODES.has(code) && attempts <= settings.maxRetries) {
        const delay = call.backoffMs(attempts);
        if (call.fits(delay)) {
          await wait(delay);
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
    const receivedAt = settings.clock.now();
    const requestId = single(responseHeaders['x-okta-request-id']);
    const rateLimit = parseRateLimit(responseHeaders, receivedAt);
    if (rateLimit) settings.onRateLimit(rateLimit);
    if (content.kind === 'json') return { body: content.value, headers: responseHeaders, rateLimit, requestId };
    if (content.kind === 'malformed') {
      throw new MalformedResponseError(`${content.problem}: GET ${url.href}`, {
        status,
        requestId,
        request: description,
        cause: content.cause,
      });
    }
    const body = parseErrorBody(content.text);
    const failed = { status, headers: responseHeaders, body, requestId, request: description, attempts };
    if (status === 429) {
      retryFor ??= requestId;
      const delay = rateLimitDelayMs(responseHeaders, receivedAt);
      let reason: RateLimitGiveUpReason | undefined;
      if (delay === undefined) reason = 'no-reset-header';
      else if (settings.maxRetries === 0) reason = 'retries-disabled';
      else if (attempts > settings.maxRetries) reason = 'retries-exhausted';
      const jittered = (delay ?? 0) + Math.floor(settings.clock.random() * JITTER_MS);
      if (reason === undefined && !call.fits(jittered)) reason = 'deadline';
      if (reason !== undefined) {
        const resetAt = rateLimit?.resetAt ?? (delay === undefined ? undefined : new Date(receivedAt + delay));
        throw new RateLimitedError(
          `Okta rate limit reached (${reason})${resetAt ? `; retry after ${resetAt.toISOString()}` : ''}: GET ${url.href}`,
          { ...body, status, requestId, request: description, resetAt, limit: rateLimit?.limit, attempts, reason },
        );
      }
      await wait(jittered);
      continue;
    }
    if ((status === 503 || status === 504) && attempts <= settings.maxRetries) {
      retryFor ??= requestId;
      const delay = call.backoffMs(attempts);
      if (call.fits(delay)) {
        await wait(delay);
        continue;
      }
    }
    throw errorForResponse(failed);
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : value?.[0];
}

/** What a response body turned out to be. */
type BodyContent =
  | { kind: 'json'; value: unknown }
  | { kind: 'malformed'; problem: string; cause?: unknown }
  | { kind: 'error'; text: string };

/**
 * Reads a 2xx body as JSON (undici's own decoder: no intermediate string copy of a 1000-event page kept around)
 * or an error body as bounded text. A parse failure is a malformed response, not a network error.
 */
async function readBody(
  body: Dispatcher.ResponseData['body'],
  status: number,
  headers: ResponseHeaders,
): Promise<BodyContent> {
  if (status < 200 || status >= 300) return { kind: 'error', text: await readBoundedText(body) };
  if (!isJsonContentType(headers['content-type'])) {
    await body.dump();
    return { kind: 'malformed', problem: `Okta answered ${single(headers['content-type'])}, not JSON` };
  }
  try {
    return { kind: 'json', value: await body.json() };
  } catch (error) {
    if (error instanceof SyntaxError)
      return { kind: 'malformed', problem: "Okta's response is not valid JSON", cause: error };
    throw error;
  }
}
