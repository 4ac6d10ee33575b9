/**
 * `createOktaClient`: the thin management-API client. It imports undici, jose (DPoP proofs) and node built-ins
 * only, so page handlers, benchmarks and a CLI can all use it.
 */
import { type Dispatcher, EnvHttpProxyAgent } from 'undici';
import { type OktaClock, systemClock } from './clock.ts';
import type { Coalescer } from './coalescer.ts';
import type { DpopProofSigner } from './dpop.ts';
import { OktaConfigError } from './errors.ts';
import type { Credentials, HttpSettings } from './http.ts';
import { createLogsApi, type LogsApi } from './logs.ts';
import { DEFAULT_MAX_RESPONSE_BYTES } from './page-limits.ts';
import type { RateGate } from './rate-gate.ts';
import type { CallPriority, RateLimit } from './types.ts';
import { userAgent as buildUserAgent } from './user-agent.ts';
import { createUsersApi, type UsersApi } from './users.ts';

/** Timeouts in ms; all stay below Okta's 30 s query timeout by default. */
export interface OktaTimeouts {
  /** TCP + TLS connect (default 5000). Applies only to the dispatcher this client creates. */
  connectMs?: number;
  /** Until the response headers arrive (default 25000). */
  headersMs?: number;
  /** Between two body chunks (default 25000). */
  bodyMs?: number;
}

interface CommonOptions {
  /** The org URL, an origin with no path: `https://dev-123456.okta.com` (http only for loopback, e.g. a sandbox). */
  orgUrl: string;
  /**
   * The undici dispatcher to send through, e.g. one Agent shared by all per-request clients. When absent the
   * client creates an `EnvHttpProxyAgent` (keep-alive pool per origin; honours HTTPS_PROXY / NO_PROXY) and
   * `close()` closes it. A passed dispatcher is never closed by the client.
   */
  dispatcher?: Dispatcher | undefined;
  /** A product token put before this client's own `User-Agent`. */
  userAgent?: string | undefined;
  timeouts?: OktaTimeouts | undefined;
  /**
   * How many times one request may be repeated after a 429 (waiting until Okta's reset) or after a 503, 504 or
   * connection reset (exponential backoff). Default 2. **0 means no retries at all**: the first 429 or 503
   * surfaces as an error at once.
   */
  maxRetries?: number | undefined;
  /** Page cap for polling System Log queries (no `until`, ASCENDING); default 10. Finite listings are not capped by it. */
  maxPages?: number | undefined;
  /**
   * The most time one call may spend, counted from its start, for a wait before a retry to still be taken
   * (default 30000 ms). A wait that would end later is skipped and the call fails with RateLimitedError or
   * OktaUnavailableError. A call's own `deadline` can only shorten it.
   */
  retryBudgetMs?: number | undefined;
  /**
   * The deadline of every call that passes none (default 30000 ms, or `retryBudgetMs` when that is longer): the
   * request, the whole body, retries and waits together. At the deadline the connection is closed and the call fails with OktaUnavailableError('deadline').
   * A call's own `deadline` can only shorten it.
   */
  callTimeoutMs?: number | undefined;
  /**
   * The largest 2xx body read, in bytes (default 8 MiB, see page-limits.ts). A bigger body is abandoned at the cap
   * and the call fails with ResponseTooLargeError.
   */
  maxResponseBytes?: number | undefined;
  /**
   * The rate brake shared with the app's other clients (and instances): asked before every request, told every
   * reading. A refused call fails with RateLimitedError reason `budget-spent` without sending anything. Absent:
   * every request is sent.
   */
  rateGate?: RateGate | undefined;
  /** Shares one request among concurrent identical reads (same credential, same URL). Absent: none is shared. */
  coalescer?: Coalescer | undefined;
  /**
   * Whose calls these are, for the brake: `interactive` (default; a person waiting for a page, may spend the
   * budget's last unit) or `background` (live tail, export: stops at the reserve kept for page views).
   */
  priority?: CallPriority | undefined;
  /** @internal Time source for tests and benchmarks: lets rate-limit and backoff waits run without real sleeping. */
  clock?: OktaClock | undefined;
}

/**
 * Exactly one way to authorise. An OAuth access token bound to a key (`token_type: DPoP`) also needs `dpop`, the
 * key's proof signer: every request then carries `Authorization: DPoP …` and a fresh proof.
 */
export type OktaCredentialOptions =
  /** An OAuth access token from the org authorization server, asked for before every request (so it can be refreshed). */
  | {
      getAccessToken: (signal?: AbortSignal) => Promise<string>;
      dpop?: DpopProofSigner | undefined;
      accessToken?: never;
      apiToken?: never;
    }
  /** A fixed OAuth access token (scripts, tests). */
  | { accessToken: string; dpop?: DpopProofSigner | undefined; getAccessToken?: never; apiToken?: never }
  /** An SSWS API token: acts with all of its admin's rights, the contrast to a scoped token. */
  | { apiToken: string; dpop?: never; getAccessToken?: never; accessToken?: never };

/** Options of `createOktaClient`. */
export type OktaClientOptions = CommonOptions & OktaCredentialOptions;

/** The client. */
export interface OktaClient {
  readonly logs: LogsApi;
  readonly users: UsersApi;
  /** The rate-limit budget reported by the most recent response that carried one (errors included). */
  readonly lastRateLimit: RateLimit | undefined;
  /** Closes the dispatcher this client created (a passed one is left open). */
  close(): Promise<void>;
}

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Checks the org URL is a bare origin and returns it (`https://host[:port]`). */
export function orgOrigin(orgUrl: string): string {
  let url: URL;
  try {
    url = new URL(orgUrl);
  } catch {
    throw new OktaConfigError('orgUrl', `orgUrl "${orgUrl}" is not a URL; expected e.g. https://dev-123456.okta.com`);
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new OktaConfigError('orgUrl', 'orgUrl must use https (plain http is allowed only on loopback)');
  }
  if (url.username !== '' || url.password !== '') {
    throw new OktaConfigError('orgUrl', 'orgUrl must not contain a user name or password');
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    throw new OktaConfigError(
      'orgUrl',
      'orgUrl must be the org origin only, with no path: a URL with /oauth2/… names a custom authorization server, which cannot mint Okta API scopes',
    );
  }
  return url.origin;
}

function count(option: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) {
    throw new OktaConfigError(option, `${option} must be a whole number of at least ${min}, not ${value}`);
  }
  return value;
}

function credentials(options: OktaCredentialOptions): Credentials {
  const given = [options.getAccessToken, options.accessToken, options.apiToken].filter((item) => item !== undefined);
  if (given.length !== 1) {
    throw new OktaConfigError('credentials', 'pass exactly one of getAccessToken, accessToken or apiToken');
  }
  const fixed = options.accessToken;
  const getToken = options.getAccessToken ?? (fixed === undefined ? undefined : async () => fixed);
  if (getToken !== undefined) {
    return options.dpop ? { scheme: 'DPoP', getToken, signer: options.dpop } : { scheme: 'Bearer', getToken };
  }
  const token = options.apiToken ?? '';
  if (token === '' || /[\s]/.test(token)) throw new OktaConfigError('apiToken', 'apiToken must be a non-empty token');
  return { scheme: 'SSWS', token };
}

/** Creates a management-API client for one org and one credential. */
export function createOktaClient(options: OktaClientOptions): OktaClient {
  const origin = orgOrigin(options.orgUrl);
  const auth = credentials(options);
  const connectMs = count('timeouts.connectMs', options.timeouts?.connectMs, 5000, 1);
  const headersTimeoutMs = count('timeouts.headersMs', options.timeouts?.headersMs, 25_000, 1);
  const bodyTimeoutMs = count('timeouts.bodyMs', options.timeouts?.bodyMs, 25_000, 1);
  let ua: string;
  try {
    ua = buildUserAgent(options.userAgent);
  } catch (error) {
    throw new OktaConfigError('userAgent', error instanceof Error ? error.message : 'invalid userAgent');
  }
  const maxRetries = count('maxRetries', options.maxRetries, 2, 0);
  const retryBudgetMs = count('retryBudgetMs', options.retryBudgetMs, 30_000, 0);
  const maxPages = count('maxPages', options.maxPages, 10, 1);
  // A client allowed to wait longer for a rate-limit reset gets a default deadline that lets it.
  const callTimeoutMs = count('callTimeoutMs', options.callTimeoutMs, Math.max(30_000, retryBudgetMs), 1);
  const maxResponseBytes = count('maxResponseBytes', options.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES, 1);
  // Created last, once every option is known to be valid, so a bad option leaks nothing.
  const ownsDispatcher = options.dispatcher === undefined;
  const dispatcher: Dispatcher =
    options.dispatcher ??
    new EnvHttpProxyAgent({
      connectTimeout: connectMs,
      headersTimeout: headersTimeoutMs,
      bodyTimeout: bodyTimeoutMs,
      keepAliveTimeout: 10_000,
    });
  let lastRateLimit: RateLimit | undefined;
  const settings: HttpSettings = {
    dispatcher,
    credentials: auth,
    userAgent: ua,
    headersTimeoutMs,
    bodyTimeoutMs,
    callTimeoutMs,
    maxResponseBytes,
    maxRetries,
    retryBudgetMs,
    clock: options.clock ?? systemClock,
    gate: options.rateGate,
    coalescer: options.coalescer,
    priority: options.priority ?? 'interactive',
    onRateLimit: (rateLimit) => {
      lastRateLimit = rateLimit;
    },
  };
  return {
    logs: createLogsApi(settings, origin, maxPages),
    users: createUsersApi(settings, origin),
    get lastRateLimit() {
      return lastRateLimit;
    },
    async close() {
      if (ownsDispatcher) await dispatcher.close();
    },
  };
}
