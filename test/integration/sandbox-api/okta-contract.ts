import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';

// ajv-formats is CommonJS: under nodenext the default import is module.exports, whose `default` is the plugin.
const addFormats = ajvFormats.default;

interface Validators {
  logEvent: ValidateFunction;
  user: ValidateFunction;
  error: ValidateFunction;
}

let validators: Validators | undefined;

/** Validators for Okta's `LogEvent`, `User` and `Error` schemas (OpenAPI 3.0: `nullable` understood, x-okta-* ignored). */
export function oktaValidators(): Validators {
  if (validators) return validators;
  const document = JSON.parse(
    readFileSync(new URL('../../fixtures/okta-openapi/schemas.json', import.meta.url), 'utf8'),
  ) as object;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...document, $id: 'okta' });
  const compile = (name: string) => ajv.compile({ $ref: `okta#/components/schemas/${name}` });
  validators = { logEvent: compile('LogEvent'), user: compile('User'), error: compile('Error') };
  return validators;
}

/** Throws unless `value` validates; the message lists ajv's errors. */
export function assertValid(validate: ValidateFunction, value: unknown, what: string): void {
  if (!validate(value)) {
    assert.fail(
      `${what} does not match Okta's schema: ${JSON.stringify(validate.errors?.slice(0, 5))}\n${JSON.stringify(value).slice(0, 500)}`,
    );
  }
}

/**
 * Checks a management-API response body against Okta's schemas by what the path returns: LogEvent[] for
 * /api/v1/logs, User or User[] for users, Error for any error with a body. Bodies that do not parse (the
 * malformed-JSON fault) are left to the test that asked for them.
 */
export function assertOktaContract(path: string, status: number, body: string): void {
  if (!body) return;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return;
  }
  const { logEvent, user, error } = oktaValidators();
  const pathname = new URL(path, 'http://sandbox.invalid').pathname;
  if (status >= 400) {
    assertValid(error, value, `${status} body of ${pathname}`);
    const body = value as { errorCode: string; errorLink: string; errorId: string; errorCauses: unknown[] };
    assert.equal(body.errorLink, body.errorCode, 'errorLink equals errorCode');
    assert.match(body.errorId, /^oae[A-Za-z0-9]{22}$/);
    assert.ok(Array.isArray(body.errorCauses));
    return;
  }
  if (pathname === '/api/v1/logs') {
    assert.ok(Array.isArray(value), 'logs answer with an array');
    for (const event of value as unknown[]) assertValid(logEvent, event, 'LogEvent');
  } else if (pathname === '/api/v1/users') {
    assert.ok(Array.isArray(value), 'users answer with an array');
    for (const item of value as unknown[]) assertValid(user, item, 'User');
  } else if (/^\/api\/v1\/users\/[^/]+$/.test(pathname)) {
    assertValid(user, value, 'User');
  }
}
