/**
 * One line for a failure after the configuration was accepted (exit code 1): what Okta said and what to do.
 */

import {
  InsufficientScopeError,
  InvalidQueryError,
  InvalidTokenError,
  OktaClientError,
  OktaUnavailableError,
  PermissionDeniedError,
  RateLimitedError,
} from '../okta/index.ts';
import { StoreUnavailableError } from '../store/store-errors.ts';
import { utcClock } from '../text/reset-time.ts';
import { TokenRequestError } from './service-token.ts';

function reference(error: OktaClientError): string {
  return error.requestId ? ` (X-Okta-Request-Id ${error.requestId})` : '';
}

function tokenFailure(error: TokenRequestError): string {
  const said = `Okta's token endpoint refused: ${error.error ?? 'no answer'}${error.description ? ` "${error.description}"` : ''}`;
  switch (error.error) {
    case 'invalid_client':
      return `${said}. Fix: check the client id, that the app's public key matches the private key (and keyId), and that the app authenticates with private_key_jwt.`;
    case 'invalid_scope':
    case 'consent_required':
      return `${said}. Fix: grant the scopes on the app's Okta API Scopes tab, or ask only for granted ones (scopes).`;
    case 'unauthorized_client':
      return `${said}. Fix: allow the Client Credentials grant on the app (an API Services app).`;
    case 'invalid_dpop_proof':
    case 'use_dpop_nonce':
      return `${said}. Fix: run with --dpop, or turn off "Require DPoP" on the app.`;
    case undefined:
      return `${error.message}. Fix: check orgUrl and the proxy settings, and that the org answers.`;
    default:
      return `${said}.`;
  }
}

/** The line to print for `error`. */
export function failureMessage(error: unknown): string {
  if (error instanceof TokenRequestError) return tokenFailure(error);
  if (error instanceof StoreUnavailableError) {
    const problem = error.details?.Problem ?? error.failure;
    return `Redis at REDIS_URL, where the rate budget is shared, does not answer (${problem}); Okta was not called. Fix: start Redis or correct REDIS_URL, or unset it to keep the budget in this process.`;
  }
  if (error instanceof InsufficientScopeError) {
    const scopes = error.requiredScopes.join(' ') || 'a scope';
    return `Okta refused: the token lacks ${scopes}${reference(error)}. Fix: grant ${scopes} on the app's Okta API Scopes tab and add it to scopes.`;
  }
  if (error instanceof PermissionDeniedError) {
    return `Okta refused: E0000006 ${error.errorSummary ?? 'You do not have permission to perform the requested action'}${reference(error)}. Fix: assign an admin role to the service app (e.g. Read-only Administrator) under Security → Administrators; a granted scope alone is not enough.`;
  }
  if (error instanceof InvalidTokenError) {
    return `Okta refused the access token (401)${reference(error)}. Fix: check that the token's app is active and try again.`;
  }
  if (error instanceof RateLimitedError) {
    const when = error.resetAt ? ` until ${utcClock(error.resetAt)}` : '';
    return `Okta's rate limit stayed spent${when} after the waits allowed${reference(error)}. Fix: try again later, or allow more waits with OKTA_CLIENT_RATELIMIT_MAXRETRIES (okta.client.rateLimit.maxRetries).`;
  }
  if (error instanceof InvalidQueryError) {
    const causes = error.errorCauses?.map((cause) => cause.errorSummary).join('; ');
    const what = error.parameter ? ` (${error.parameter})` : '';
    return `The query was refused${what}: ${error.errorSummary ?? error.message}${causes ? ` — ${causes}` : ''}${reference(error)}. Fix: correct the query.`;
  }
  if (error instanceof OktaUnavailableError) {
    return `Okta could not be used: ${error.message}. Fix: check orgUrl, the network or proxy, and try again.`;
  }
  if (error instanceof OktaClientError) {
    return `Okta answered something unexpected: ${error.message}${reference(error)}.`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `Failed: ${message}`;
}
