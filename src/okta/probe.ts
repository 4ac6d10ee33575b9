/**
 * One GET of a management-API path, reported instead of thrown: the token inspector's "try it" rows and the
 * guide's SSWS-versus-scoped comparison show what Okta answered (status, `WWW-Authenticate`, error code), whatever
 * it was. It goes through the same executor as every other call, but with retries off: a 429 or 503 is the answer
 * to show, not something to wait out.
 */
import type { Dispatcher } from 'undici';
import { orgOrigin } from './client.ts';
import { systemClock } from './clock.ts';
import type { DpopProofSigner } from './dpop.ts';
import { InsufficientScopeError, InvalidQueryError, InvalidTokenError, OktaClientError } from './errors.ts';
import { type Credentials, getJson } from './http.ts';
import { DEFAULT_MAX_RESPONSE_BYTES } from './page-limits.ts';
import { userAgent } from './user-agent.ts';

/** What one probe found out. Safe to show: no token, no body beyond Okta's error fields. */
export interface ProbeResult {
  /** The HTTP status Okta answered with. */
  status: number;
  /** `X-Okta-Request-Id`, when sent. */
  requestId: string | undefined;
  /** The raw `WWW-Authenticate` header (Okta names the missing scope there), when sent. */
  wwwAuthenticate: string | undefined;
  /** Okta's `errorCode` (e.g. `E0000006`), when the answer was an error with a body. */
  errorCode: string | undefined;
  errorSummary: string | undefined;
  /** How many items a 2xx list held (1 for a single object); undefined for errors. */
  itemCount: number | undefined;
}

/** Options of {@link probeOkta}. */
export interface ProbeOptions {
  /** The org origin, as for `createOktaClient`. */
  orgUrl: string;
  /** A management path with its query, starting with `/api/v1/`, e.g. `/api/v1/groups?limit=1`. */
  path: string;
  /** The pool to send through (e.g. the app's shared one); never closed here. */
  dispatcher: Dispatcher;
  /**
   * A scoped access token (asked for when the request is sent; with `dpop`, the signer of the key it is bound to)
   * or an SSWS API token.
   */
  credentials:
    | { getAccessToken: (signal?: AbortSignal) => Promise<string>; dpop?: DpopProofSigner | undefined }
    | { apiToken: string };
  signal?: AbortSignal | undefined;
  /** The whole call's deadline, headers and body together, in ms (default 10000). */
  timeoutMs?: number | undefined;
  /** An earlier deadline (a Date or epoch ms), e.g. one shared by several probes answering one page view. */
  deadline?: Date | number | undefined;
}

const API_PREFIX = '/api/v1/';

/** The absolute URL of an allow-listed path on the org; refuses anything that would leave `/api/v1/` or the org. */
export function probeUrl(orgUrl: string, path: string): URL {
  const origin = orgOrigin(orgUrl);
  const refuse = (why: string) => new InvalidQueryError(`refused probe path: ${why}`, { parameter: 'path' });
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
  if (!path.startsWith(API_PREFIX) || /[\s\\#\u0000-\u001f\u007f]/.test(path)) {
    throw refuse(`it must start with ${API_PREFIX} and hold no spaces, backslashes or fragments`);
  }
  // Joined, not resolved, then checked after parsing: `..` or `%2e%2e` segments are normalised away by the parser.
  const url = new URL(`${origin}${path}`);
  if (url.origin !== origin || !url.pathname.startsWith(API_PREFIX) || url.username !== '' || url.password !== '') {
    throw refuse(`it must stay under ${origin}${API_PREFIX}`);
  }
  return url;
}

function credentialsFor(options: ProbeOptions['credentials']): Credentials {
  if ('apiToken' in options) return { scheme: 'SSWS', token: options.apiToken };
  if (options.dpop) return { scheme: 'DPoP', getToken: options.getAccessToken, signer: options.dpop };
  return { scheme: 'Bearer', getToken: options.getAccessToken };
}

function count(body: unknown): number {
  return Array.isArray(body) ? body.length : 1;
}

/**
 * Sends one GET and reports Okta's answer. Every HTTP answer (2xx, 4xx, 5xx) is returned, a success as 200 (what
 * Okta's GETs answer); only a request that got no answer at all (network failure, timeout, abort) or a refused path
 * throws.
 */
export async function probeOkta(options: ProbeOptions): Promise<ProbeResult> {
  const url = probeUrl(options.orgUrl, options.path);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const settings = {
    dispatcher: options.dispatcher,
    credentials: credentialsFor(options.credentials),
    userAgent: userAgent(),
    headersTimeoutMs: timeoutMs,
    bodyTimeoutMs: timeoutMs,
    callTimeoutMs: timeoutMs,
    maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
    maxRetries: 0,
    retryBudgetMs: 0,
    clock: systemClock,
    onRateLimit: () => {},
  };
  try {
    const response = await getJson(settings, url, { signal: options.signal, deadline: options.deadline });
    return {
      status: 200,
      requestId: response.requestId,
      wwwAuthenticate: undefined,
      errorCode: undefined,
      errorSummary: undefined,
      itemCount: count(response.body),
    };
  } catch (error) {
    if (!(error instanceof OktaClientError) || error.status === undefined) throw error;
    const challenge =
      error instanceof InsufficientScopeError || error instanceof InvalidTokenError ? error.challenge : undefined;
    return {
      status: error.status,
      requestId: error.requestId,
      wwwAuthenticate: challenge,
      errorCode: error.errorCode,
      errorSummary:
        error.errorSummary ?? (error.status < 300 ? 'The answer was not the JSON that Okta documents.' : undefined),
      itemCount: undefined,
    };
  }
}
