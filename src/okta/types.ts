/**
 * Hand-written, minimal shapes of what Okta returns, limited to the fields the app renders (Okta's OpenAPI spec,
 * components.schemas.LogEvent and User). Okta may omit or null any property, so every field is optional and
 * nullable; everything else stays reachable as `unknown`.
 */

import type { RequestDescription } from './errors.ts';

type Maybe<T> = T | null | undefined;

/** An actor or a target of a System Log event. */
export interface LogEntity {
  id?: Maybe<string>;
  type?: Maybe<string>;
  alternateId?: Maybe<string>;
  displayName?: Maybe<string>;
  detailEntry?: Maybe<Record<string, unknown>>;
  [field: string]: unknown;
}

/** Where an event came from. */
export interface LogGeographicalContext {
  city?: Maybe<string>;
  state?: Maybe<string>;
  country?: Maybe<string>;
  postalCode?: Maybe<string | number>;
  geolocation?: Maybe<{ lat?: Maybe<number>; lon?: Maybe<number> }>;
  [field: string]: unknown;
}

/** The client that caused an event. */
export interface LogClient {
  userAgent?: Maybe<{ rawUserAgent?: Maybe<string>; os?: Maybe<string>; browser?: Maybe<string> }>;
  zone?: Maybe<string>;
  device?: Maybe<string>;
  id?: Maybe<string>;
  ipAddress?: Maybe<string>;
  geographicalContext?: Maybe<LogGeographicalContext>;
  [field: string]: unknown;
}

/** The documented severities; Okta may add more, hence `string`. */
export type LogSeverity = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** One System Log event. */
export interface LogEvent {
  uuid?: Maybe<string>;
  published?: Maybe<string>;
  eventType?: Maybe<string>;
  version?: Maybe<string>;
  severity?: Maybe<LogSeverity | string>;
  legacyEventType?: Maybe<string>;
  displayMessage?: Maybe<string>;
  actor?: Maybe<LogEntity>;
  client?: Maybe<LogClient>;
  outcome?: Maybe<{ result?: Maybe<string>; reason?: Maybe<string>; [field: string]: unknown }>;
  target?: Maybe<LogEntity[]>;
  transaction?: Maybe<{ type?: Maybe<string>; id?: Maybe<string>; detail?: unknown }>;
  debugContext?: Maybe<{ debugData?: Maybe<Record<string, unknown>> }>;
  authenticationContext?: Maybe<Record<string, unknown>>;
  securityContext?: Maybe<Record<string, unknown>>;
  request?: Maybe<{ ipChain?: Maybe<unknown[]> }>;
  [field: string]: unknown;
}

/** The documented user statuses; Okta may add more, hence `string`. */
export type UserStatus =
  | 'ACTIVE'
  | 'DEPROVISIONED'
  | 'LOCKED_OUT'
  | 'PASSWORD_EXPIRED'
  | 'PROVISIONED'
  | 'RECOVERY'
  | 'STAGED'
  | 'SUSPENDED';

/** A user's profile: the base attributes plus any custom ones. */
export interface UserProfile {
  login?: Maybe<string>;
  email?: Maybe<string>;
  firstName?: Maybe<string>;
  lastName?: Maybe<string>;
  displayName?: Maybe<string>;
  [attribute: string]: unknown;
}

/** One Okta user. `id` is the only field Okta always returns (and the one this client checks). */
export interface User {
  id: string;
  status?: Maybe<UserStatus | string>;
  created?: Maybe<string>;
  activated?: Maybe<string>;
  statusChanged?: Maybe<string>;
  lastLogin?: Maybe<string>;
  lastUpdated?: Maybe<string>;
  passwordChanged?: Maybe<string>;
  type?: Maybe<{ id?: Maybe<string> }>;
  profile?: Maybe<UserProfile>;
  [field: string]: unknown;
}

/**
 * The rate-limit budget a response reported (`X-Rate-Limit-*`). `resetAt` is on this machine's clock: Okta's
 * epoch reset shifted by the difference between its `Date` header and the local time of receipt.
 */
export interface RateLimit {
  limit: number;
  remaining: number;
  resetAt: Date;
}

/**
 * One bucket's budget as the rate brake keeps it (see rate-brake.ts): epoch ms on the local clock. `provisional`
 * marks a window the brake opened itself after a known reset, before Okta's first answer in it.
 */
export interface RateReading {
  limit: number;
  remaining: number;
  /** When the window resets, local clock (Okta's reset moved by the skew its `Date` header shows). */
  resetAt: number;
  /** When the response arrived (or the brake opened the window), local clock. */
  observedAt: number;
  provisional?: true;
}

/** Who a call is for: a person waiting for a page (`interactive`), or the live tail and exports (`background`). */
export type CallPriority = 'interactive' | 'background';

/**
 * Where the next page is: the validated absolute `next` URL (same origin and path as the org endpoint). Opaque to
 * callers; keep it server-side (e.g. in the session) and hand it back. It is validated again when used.
 */
export type PageCursor = string & { readonly __oktaPageCursor: true };

/** One page of a listing. */
export interface Page<T> {
  items: T[];
  /** The next page, or undefined at the end of a finite listing. */
  next: PageCursor | undefined;
  /** The `Link rel="self"` URL, when Okta sent one. */
  self: string | undefined;
  /** The budget this response reported, when it carried the headers. */
  rateLimit: RateLimit | undefined;
  /** `X-Okta-Request-Id` of this response. */
  requestId: string | undefined;
}

/**
 * A page's items as Okta sent them: the body's JSON text, not yet parsed. Plain data (it can be kept in a store);
 * `parseItems` (paginate.ts) parses and checks it. A caller that holds a page across awaits before it uses the items
 * keeps them this way: one string, rather than thousands of objects the garbage collector must copy at every pass.
 */
export interface ItemsJson {
  json: string;
  /** The most items the page may hold: its `limit`, or the endpoint's largest. */
  maxItems: number;
  /** The request the page answered and its `X-Okta-Request-Id`, for the error when the text is not such a page. */
  request: RequestDescription;
  requestId: string | undefined;
}

/** A page whose items are still JSON text (see ItemsJson). */
export interface UnparsedPage extends Omit<Page<never>, 'items'> {
  items: ItemsJson;
}

/** A single resource with the response facts that came with it. */
export interface Fetched<T> {
  item: T;
  rateLimit: RateLimit | undefined;
  requestId: string | undefined;
}

/** Per-call options. */
export interface CallOptions {
  /** Aborts the call, its retries and waits; surfaces as `OktaAbortError`, never retried. */
  signal?: AbortSignal | undefined;
  /**
   * When the caller stops caring (a Date or epoch ms). In-flight requests are cut off then, and a rate-limit or
   * backoff wait that would end later is not started: the call fails at once with a typed error instead.
   */
  deadline?: Date | number | undefined;
}

/** Per-iteration options. */
export interface IterateOptions extends CallOptions {
  /** Page cap for this iteration; overrides the client's `maxPages` (see `OktaClientOptions.maxPages`). */
  maxPages?: number | undefined;
}
