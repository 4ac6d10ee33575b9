import { randomInt } from 'node:crypto';
import type { OktaError } from '../okta-types.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random Okta-looking identifier such as `oae5F52UwRnQsOUuKlNn7nhkw` (errorId) or a request id. */
export function randomOktaToken(prefix: string, length = 25): string {
  let token = prefix;
  while (token.length < length) token += ALPHABET[randomInt(ALPHABET.length)];
  return token;
}

/** Okta's `Error` object (errorLink "is currently the same value as the errorCode"). */
export function oktaErrorBody(errorCode: string, errorSummary: string, causes: readonly string[] = []): OktaError {
  return {
    errorCode,
    errorSummary,
    errorLink: errorCode,
    errorId: randomOktaToken('oae'),
    errorCauses: causes.map((cause) => ({ errorSummary: cause })),
  };
}

/** A request the API refuses with an Okta error body; handlers throw it, the dispatcher answers with it. */
export class OktaApiError extends Error {
  readonly code = 'OKTA_API_ERROR';

  constructor(
    readonly status: number,
    readonly errorCode: string,
    readonly errorSummary: string,
    readonly causes: readonly string[] = [],
  ) {
    super(`${status} ${errorCode} ${errorSummary}`);
    this.name = 'OktaApiError';
  }

  body(): OktaError {
    return oktaErrorBody(this.errorCode, this.errorSummary, this.causes);
  }
}

/** 400 E0000001: `Api validation failed: 'param': detail …`, one cause per detail (the System Log's shape). */
export function validationFailed(parameter: string, details: readonly string[]): OktaApiError {
  const summary = `Api validation failed: ${details.map((detail) => `'${parameter}': ${detail}`).join(' ')}`;
  return new OktaApiError(
    400,
    'E0000001',
    summary,
    details.map((detail) => `${parameter}: ${detail}`),
  );
}

/** 404 E0000007 for a resource that does not exist, e.g. `Not found: Resource not found: 00u… (User)`. */
export function resourceNotFound(id: string, type: string): OktaApiError {
  return new OktaApiError(404, 'E0000007', `Not found: Resource not found: ${id} (${type})`);
}
