/**
 * The typed errors of the management-API client. Branch on `instanceof` or on the stable `code`, never on the
 * message. Every error that came from a response carries Okta's error object fields, the `X-Okta-Request-Id`
 * (quote it to Okta support) and the request it answered, described without its Authorization header.
 */

/** One entry of Okta's `errorCauses` array. */
export interface OktaErrorCause {
  errorSummary: string;
}

/** What was sent, safe to log or show: the method and the URL. The token never appears here. */
export interface RequestDescription {
  method: 'GET';
  url: string;
}

/** The response facts every API-derived error carries. All optional: an error may come from no response at all. */
export interface OktaErrorDetails {
  status?: number | undefined;
  errorCode?: string | undefined;
  errorSummary?: string | undefined;
  errorId?: string | undefined;
  errorCauses?: readonly OktaErrorCause[] | undefined;
  requestId?: string | undefined;
  request?: RequestDescription | undefined;
  cause?: unknown;
}

/** The stable codes of every error this client throws. */
export type OktaErrorCode =
  | 'OKTA_CONFIG'
  | 'OKTA_INVALID_QUERY'
  | 'OKTA_INVALID_TOKEN'
  | 'OKTA_INSUFFICIENT_SCOPE'
  | 'OKTA_PERMISSION_DENIED'
  | 'OKTA_NOT_FOUND'
  | 'OKTA_RATE_LIMITED'
  | 'OKTA_UNAVAILABLE'
  | 'OKTA_MALFORMED_RESPONSE'
  | 'OKTA_RESPONSE_TOO_LARGE'
  | 'OKTA_UNEXPECTED_RESPONSE'
  | 'OKTA_UNSAFE_NEXT_LINK'
  | 'OKTA_PAGINATION_LOOP'
  | 'OKTA_ABORTED';

/** Base class of every error thrown by src/okta. */
export abstract class OktaClientError extends Error {
  abstract readonly code: OktaErrorCode;
  readonly status: number | undefined;
  readonly errorCode: string | undefined;
  readonly errorSummary: string | undefined;
  readonly errorId: string | undefined;
  readonly errorCauses: readonly OktaErrorCause[];
  readonly requestId: string | undefined;
  readonly request: RequestDescription | undefined;

  constructor(message: string, details: OktaErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.status = details.status;
    this.errorCode = details.errorCode;
    this.errorSummary = details.errorSummary;
    this.errorId = details.errorId;
    this.errorCauses = details.errorCauses ?? [];
    this.requestId = details.requestId;
    this.request = details.request;
  }
}

/** The client was created with options that cannot work (no credentials, an org URL with a path, …). */
export class OktaConfigError extends OktaClientError {
  readonly code = 'OKTA_CONFIG';
  /** The option at fault. */
  readonly option: string;
  constructor(option: string, message: string) {
    super(message);
    this.option = option;
  }
}

/**
 * The query is not acceptable: either this client refused it before sending anything (`status` undefined,
 * `parameter` names the field), or Okta answered 400 E0000053 / E0000031 / E0000001 (its summary and causes kept).
 */
export class InvalidQueryError extends OktaClientError {
  readonly code = 'OKTA_INVALID_QUERY';
  /** The query parameter at fault, when known (`q`, `limit`, `filter`, `since`, …). */
  readonly parameter: string | undefined;
  constructor(message: string, details: OktaErrorDetails & { parameter?: string } = {}) {
    super(message, details);
    this.parameter = details.parameter;
  }
}

/** 401: the token is invalid, expired or revoked (or an SSWS token is wrong). Refresh once, then sign in again. */
export class InvalidTokenError extends OktaClientError {
  readonly code = 'OKTA_INVALID_TOKEN';
  /** The raw `WWW-Authenticate` header, when Okta sent one. */
  readonly challenge: string | undefined;
  constructor(message: string, details: OktaErrorDetails & { challenge?: string | undefined } = {}) {
    super(message, details);
    this.challenge = details.challenge;
  }
}

/**
 * 403 with `WWW-Authenticate: Bearer … error="insufficient_scope"`: the token lacks the scope the endpoint needs.
 * The fix is to grant the scope on the app's "Okta API Scopes" tab and sign in again.
 */
export class InsufficientScopeError extends OktaClientError {
  readonly code = 'OKTA_INSUFFICIENT_SCOPE';
  /** The scopes the endpoint requires, from the challenge's `scope` parameter (space-separated there). */
  readonly requiredScopes: readonly string[];
  /** The challenge's `resource` (the request path), when present. */
  readonly resource: string | undefined;
  /** The challenge's `error_description`, when present. */
  readonly description: string | undefined;
  /** The raw `WWW-Authenticate` header text, for display. */
  readonly challenge: string;
  constructor(
    message: string,
    details: OktaErrorDetails & {
      requiredScopes: readonly string[];
      resource?: string | undefined;
      description?: string | undefined;
      challenge: string;
    },
  ) {
    super(message, details);
    this.requiredScopes = details.requiredScopes;
    this.resource = details.resource;
    this.description = details.description;
    this.challenge = details.challenge;
  }
}

/**
 * 403 E0000006: the scope was granted but the signed-in user's admin role does not allow the action
 * (Okta's "silent downscoping": effective permission = granted scopes ∩ the user's admin permissions).
 */
export class PermissionDeniedError extends OktaClientError {
  readonly code = 'OKTA_PERMISSION_DENIED';
}

/** 404 (E0000007): the user or resource does not exist, or is not visible to this admin. */
export class NotFoundError extends OktaClientError {
  readonly code = 'OKTA_NOT_FOUND';
}

/**
 * Why a rate-limited call gave up. `budget-spent`: the shared rate brake refused the call before anything was sent
 * (no request reached Okta; `status` is undefined), because the budget Okta reported is spent until `resetAt`.
 */
export type RateLimitGiveUpReason =
  | 'retries-exhausted'
  | 'retries-disabled'
  | 'deadline'
  | 'no-reset-header'
  | 'budget-spent';

/**
 * 429 (E0000047): the rate-limit bucket is empty, and waiting for it was not allowed or did not help; or, with
 * reason `budget-spent`, the app's own brake kept the call from Okta because the shared budget is spent.
 */
export class RateLimitedError extends OktaClientError {
  readonly code = 'OKTA_RATE_LIMITED';
  /** When the bucket resets, on this machine's clock; undefined when Okta sent no `X-Rate-Limit-Reset`. */
  readonly resetAt: Date | undefined;
  /** The bucket's ceiling (`X-Rate-Limit-Limit`); 0 means the concurrent-request limit was hit. */
  readonly limit: number | undefined;
  /** How many requests were made, the first one included. */
  readonly attempts: number;
  readonly reason: RateLimitGiveUpReason;
  constructor(
    message: string,
    details: OktaErrorDetails & {
      resetAt: Date | undefined;
      limit: number | undefined;
      attempts: number;
      reason: RateLimitGiveUpReason;
    },
  ) {
    super(message, details);
    this.resetAt = details.resetAt;
    this.limit = details.limit;
    this.attempts = details.attempts;
    this.reason = details.reason;
  }
}

/** Why Okta was considered unavailable. */
export type UnavailableReason = 'network' | 'timeout' | 'deadline' | 'server-error';

/** Okta could not be reached or did not answer usefully: a network error, a timeout, the caller's deadline, a 5xx. */
export class OktaUnavailableError extends OktaClientError {
  readonly code = 'OKTA_UNAVAILABLE';
  readonly reason: UnavailableReason;
  /** How many requests were made, the first one included. */
  readonly attempts: number;
  constructor(message: string, details: OktaErrorDetails & { reason: UnavailableReason; attempts: number }) {
    super(message, details);
    this.reason = details.reason;
    this.attempts = details.attempts;
  }
}

/** A 2xx response whose body is not JSON or not the documented shape. */
export class MalformedResponseError extends OktaClientError {
  readonly code = 'OKTA_MALFORMED_RESPONSE';
}

/**
 * A 2xx body larger than the client's `maxResponseBytes`, far above any page Okta sends: the body was abandoned
 * (its connection closed) at the cap, never buffered whole.
 */
export class ResponseTooLargeError extends OktaClientError {
  readonly code = 'OKTA_RESPONSE_TOO_LARGE';
  /** The cap in bytes. */
  readonly limitBytes: number;
  /** The `Content-Length` Okta declared, when it sent one. */
  readonly declaredBytes: number | undefined;
  /** Bytes read before giving up (0 when the declared length alone was over the cap). */
  readonly receivedBytes: number;
  constructor(
    message: string,
    details: OktaErrorDetails & { limitBytes: number; declaredBytes: number | undefined; receivedBytes: number },
  ) {
    super(message, details);
    this.limitBytes = details.limitBytes;
    this.declaredBytes = details.declaredBytes;
    this.receivedBytes = details.receivedBytes;
  }
}

/** A response status this client has no specific meaning for (e.g. 405, or a 403 that is neither scope nor role). */
export class UnexpectedResponseError extends OktaClientError {
  readonly code = 'OKTA_UNEXPECTED_RESPONSE';
}

/**
 * A `Link rel="next"` that leaves the org's origin or the endpoint's path. It is never followed: the request
 * would carry the token to wherever the link points.
 */
export class UnsafeNextLinkError extends OktaClientError {
  readonly code = 'OKTA_UNSAFE_NEXT_LINK';
  /** The refused link's origin and path (its query is left out: it may be long or carry data). */
  readonly refused: string;
  constructor(message: string, details: OktaErrorDetails & { refused: string }) {
    super(message, details);
    this.refused = details.refused;
  }
}

/** A finite listing handed back a `next` link it had already given: following it would loop forever. */
export class PaginationLoopError extends OktaClientError {
  readonly code = 'OKTA_PAGINATION_LOOP';
}

/** The caller aborted (its `AbortSignal` fired). Never retried. `name` is `AbortError`, as for fetch. */
export class OktaAbortError extends OktaClientError {
  readonly code = 'OKTA_ABORTED';
  constructor(message: string, details: OktaErrorDetails = {}) {
    super(message, details);
    this.name = 'AbortError';
  }
}
