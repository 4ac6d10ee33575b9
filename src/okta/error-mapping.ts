/**
 * Turns a non-2xx management-API response into the typed error that says what to do about it
 * (Okta's error catalogue: developer.okta.com/docs/reference/error-codes/). 429 and retryable 5xx are decided by
 * the executor first; this covers what is left when no retry applies.
 */
import {
  InsufficientScopeError,
  InvalidQueryError,
  InvalidTokenError,
  NotFoundError,
  type OktaClientError,
  type OktaErrorCause,
  type OktaErrorDetails,
  OktaUnavailableError,
  PermissionDeniedError,
  type RequestDescription,
  UnexpectedResponseError,
} from './errors.ts';
import type { ResponseHeaders } from './rate-limit.ts';
import { findChallengeError, parseWwwAuthenticate } from './www-authenticate.ts';

/** Okta's error object (Okta's OpenAPI spec, components.schemas.Error), every field optional. */
export interface OktaErrorBody {
  errorCode?: string | undefined;
  errorSummary?: string | undefined;
  errorId?: string | undefined;
  errorCauses?: OktaErrorCause[] | undefined;
}

/** The System Log and Users codes for a query Okta refused. */
const QUERY_ERROR_CODES: ReadonlySet<string> = new Set(['E0000001', 'E0000031', 'E0000053']);

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Reads Okta's error object from a response body; fields that are missing or mistyped come back undefined. */
export function parseErrorBody(text: string): OktaErrorBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  const record = parsed as Record<string, unknown>;
  const causes = Array.isArray(record.errorCauses)
    ? record.errorCauses.flatMap((cause: unknown) => {
        const summary = asString((cause as Record<string, unknown> | null)?.errorSummary);
        return summary === undefined ? [] : [{ errorSummary: summary }];
      })
    : undefined;
  return {
    errorCode: asString(record.errorCode),
    errorSummary: asString(record.errorSummary),
    errorId: asString(record.errorId),
    errorCauses: causes,
  };
}

/** The raw header text as one line (several lines joined as a proxy would). */
export function headerText(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value.join(', ');
}

/** Everything a mapped error is built from. */
export interface FailedResponse {
  status: number;
  headers: ResponseHeaders;
  body: OktaErrorBody;
  requestId: string | undefined;
  request: RequestDescription;
  attempts: number;
}

function describe(response: FailedResponse): string {
  const okta = [response.body.errorCode, response.body.errorSummary].filter((part) => part !== undefined).join(' ');
  const id = response.requestId === undefined ? '' : `, request id ${response.requestId}`;
  return `Okta HTTP ${response.status}${okta === '' ? '' : ` ${okta}`} (${response.request.method} ${response.request.url}${id})`;
}

/** Maps a failed response to its typed error. */
export function errorForResponse(response: FailedResponse): OktaClientError {
  const { status, body } = response;
  const details: OktaErrorDetails = { ...body, status, requestId: response.requestId, request: response.request };
  const challengeText = headerText(response.headers['www-authenticate']);
  if (status === 401) {
    return new InvalidTokenError(`${describe(response)}: the token is invalid, expired or revoked`, {
      ...details,
      challenge: challengeText,
    });
  }
  if (status === 403) {
    const scope = findChallengeError(parseWwwAuthenticate(response.headers['www-authenticate']), 'insufficient_scope');
    if (scope && challengeText !== undefined) {
      const requiredScopes = (scope.params.scope ?? '').split(/\s+/).filter((item) => item !== '');
      const resource = scope.params.resource;
      return new InsufficientScopeError(
        `${describe(response)}: the access token lacks the scope ${requiredScopes.join(' ') || '(unnamed)'} needed for ${resource ?? 'this endpoint'}; grant it on the app's "Okta API Scopes" tab, then sign in again`,
        { ...details, requiredScopes, resource, description: scope.params.error_description, challenge: challengeText },
      );
    }
    if (body.errorCode === 'E0000006') {
      return new PermissionDeniedError(
        `${describe(response)}: the signed-in user's admin role does not allow this, whatever scopes the token has`,
        details,
      );
    }
    return new UnexpectedResponseError(describe(response), details);
  }
  if (status === 400 && body.errorCode !== undefined && QUERY_ERROR_CODES.has(body.errorCode)) {
    return new InvalidQueryError(body.errorSummary ?? describe(response), details);
  }
  if (status === 404) return new NotFoundError(describe(response), details);
  if (status >= 500) {
    return new OktaUnavailableError(describe(response), {
      ...details,
      reason: 'server-error',
      attempts: response.attempts,
    });
  }
  return new UnexpectedResponseError(describe(response), details);
}
