import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createOktaClient } from '../../../src/okta/client.ts';
import {
  InsufficientScopeError,
  InvalidQueryError,
  InvalidTokenError,
  MalformedResponseError,
  NotFoundError,
  OktaClientError,
  PermissionDeniedError,
  UnexpectedResponseError,
} from '../../../src/okta/errors.ts';
import { FakeOrg, ORIGIN } from './fake-org.ts';

let org: FakeOrg;
beforeEach(() => {
  org = new FakeOrg();
});
afterEach(async () => {
  await org.close();
});

const TOKEN = 'eyJraWQiOiJzZWNyZXQtdG9rZW4ifQ.payload.signature';
const client = () => createOktaClient({ orgUrl: ORIGIN, accessToken: TOKEN, dispatcher: org.agent, maxRetries: 0 });
const anyPath = () => true;

async function failure(run: () => Promise<unknown>): Promise<OktaClientError> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof OktaClientError, `expected an OktaClientError, got ${String(error)}`);
  // No error ever carries the token, whatever its kind.
  assert.ok(!JSON.stringify({ ...error, message: error.message }).includes(TOKEN));
  assert.ok(!error.message.includes(TOKEN));
  return error;
}

// The exact header Okta sends (Okta support article "403 Forbidden error using an Okta connector Action card").
const SCOPE_CHALLENGE =
  'Bearer authorization_uri="http://example.okta.com/oauth2/v1/authorize", realm="http://example.okta.com", scope="okta.logs.read", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="/api/v1/logs"';

describe('responses map to typed errors', () => {
  test('401 E0000011 → InvalidTokenError with status, Okta fields, request id and a redacted request', async () => {
    org.on(anyPath, {
      status: 401,
      body: {
        errorCode: 'E0000011',
        errorSummary: 'Invalid token provided',
        errorLink: 'E0000011',
        errorId: 'oaeQPivGUj',
        errorCauses: [],
      },
      headers: { 'x-okta-request-id': 'reqVy8wsvmBQ', 'www-authenticate': 'Bearer error="invalid_token"' },
    });
    const error = await failure(() => client().logs.list({ limit: 3 }));
    assert.ok(error instanceof InvalidTokenError);
    assert.equal(error.code, 'OKTA_INVALID_TOKEN');
    assert.equal(error.status, 401);
    assert.equal(error.errorCode, 'E0000011');
    assert.equal(error.errorSummary, 'Invalid token provided');
    assert.equal(error.errorId, 'oaeQPivGUj');
    assert.equal(error.requestId, 'reqVy8wsvmBQ');
    assert.equal(error.challenge, 'Bearer error="invalid_token"');
    assert.deepEqual(error.request, { method: 'GET', url: `${ORIGIN}/api/v1/logs?limit=3` });
  });

  test('403 + insufficient_scope challenge (no body) → InsufficientScopeError naming scope and resource', async () => {
    org.on(anyPath, { status: 403, headers: { 'www-authenticate': SCOPE_CHALLENGE, 'content-type': 'text/plain' } });
    const error = await failure(() => client().logs.list());
    assert.ok(error instanceof InsufficientScopeError);
    assert.equal(error.code, 'OKTA_INSUFFICIENT_SCOPE');
    assert.deepEqual(error.requiredScopes, ['okta.logs.read']);
    assert.equal(error.resource, '/api/v1/logs');
    assert.equal(error.description, 'The access token provided does not contain the required scopes.');
    assert.equal(error.challenge, SCOPE_CHALLENGE);
    assert.match(error.message, /okta\.logs\.read/);
  });

  test('403 DPoP-scheme insufficient_scope challenge is recognised too', async () => {
    const challenge =
      'DPoP algs="RS256 RS384 RS512 ES256 ES384 ES512", authorization_uri="http://x.oktapreview.com/oauth2/v1/authorize", realm="http://x.oktapreview.com", scope="okta.users.read", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="/api/v1/users"';
    org.on(anyPath, { status: 403, headers: { 'www-authenticate': challenge } });
    const error = await failure(() => client().users.list());
    assert.ok(error instanceof InsufficientScopeError);
    assert.deepEqual(error.requiredScopes, ['okta.users.read']);
    assert.equal(error.resource, '/api/v1/users');
  });

  test('403 E0000006 → PermissionDeniedError (admin role), distinct from the scope error', async () => {
    org.on(anyPath, {
      status: 403,
      body: {
        errorCode: 'E0000006',
        errorSummary: 'You do not have permission to perform the requested action',
        errorLink: 'E0000006',
        errorId: 'sampleNUSD_8fdkFd8fs8SDBK',
        errorCauses: [],
      },
    });
    const error = await failure(() => client().users.list());
    assert.ok(error instanceof PermissionDeniedError);
    assert.equal(error.code, 'OKTA_PERMISSION_DENIED');
    assert.equal(error.errorId, 'sampleNUSD_8fdkFd8fs8SDBK');
  });

  test('another 403 stays unexpected and keeps Okta code', async () => {
    org.on(anyPath, { status: 403, body: { errorCode: 'E0000005', errorSummary: 'Invalid session' } });
    const error = await failure(() => client().users.list());
    assert.ok(error instanceof UnexpectedResponseError);
    assert.equal(error.errorCode, 'E0000005');
  });

  for (const [description, body] of [
    [
      'E0000053 bad filter',
      {
        errorCode: 'E0000053',
        errorSummary:
          "Invalid filter 'display_message eqq \"Create okta user\"': Unrecognized attribute operator 'eqq' at position 16. Expected: eq,co,sw,pr,gt,ge,lt,le",
        errorId: 'eb83dfe1',
      },
    ],
    [
      'E0000031 operator/field combination',
      {
        errorCode: 'E0000031',
        errorSummary:
          'The supplied combination of operator and field is not currently supported. Operator: co, Field: debugContext.debugData.url',
      },
    ],
    [
      'E0000001 with causes',
      {
        errorCode: 'E0000001',
        errorSummary: "Api validation failed: 'until': The date format in your query is not recognized.",
        errorId: 'dd4998a1',
        errorCauses: [
          { errorSummary: 'until: The date format in your query is not recognized.' },
          { errorSummary: 'until: must be a valid date-time or empty.' },
        ],
      },
    ],
  ] as const) {
    test(`400 ${description} → InvalidQueryError with Okta's message and causes`, async () => {
      org.on(anyPath, { status: 400, body });
      const error = await failure(() => client().logs.list());
      assert.ok(error instanceof InvalidQueryError);
      assert.equal(error.code, 'OKTA_INVALID_QUERY');
      assert.equal(error.status, 400);
      assert.equal(error.message, body.errorSummary);
      assert.equal(error.errorCode, body.errorCode);
      assert.deepEqual(error.errorCauses, 'errorCauses' in body ? body.errorCauses : []);
    });
  }

  test('400 with another code (E0000021) is unexpected, not blamed on the query', async () => {
    org.on(anyPath, { status: 400, body: { errorCode: 'E0000021', errorSummary: 'Bad request.' } });
    assert.ok((await failure(() => client().logs.list())) instanceof UnexpectedResponseError);
  });

  test('404 E0000007 → NotFoundError', async () => {
    org.on(anyPath, {
      status: 404,
      body: { errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: nobody (User)', errorId: 'x' },
    });
    const error = await failure(() => client().users.get('nobody@example.com'));
    assert.ok(error instanceof NotFoundError);
    assert.equal(error.code, 'OKTA_NOT_FOUND');
    assert.equal(error.request?.url, `${ORIGIN}/api/v1/users/nobody%40example.com`);
  });

  test('an SSWS token never appears in an error either', async () => {
    const apiToken = '00SECRETssws';
    org.on(anyPath, { status: 401, body: { errorCode: 'E0000011', errorSummary: 'Invalid token provided' } });
    const c = createOktaClient({ orgUrl: ORIGIN, apiToken, dispatcher: org.agent });
    const error = await c.logs.list().catch((e: unknown) => e);
    assert.ok(error instanceof InvalidTokenError);
    assert.ok(!JSON.stringify({ ...error, message: error.message, stack: error.stack }).includes(apiToken));
  });
});

describe('malformed 2xx responses', () => {
  test('non-JSON body → MalformedResponseError', async () => {
    org.on(anyPath, { status: 200, body: '<html>proxy login</html>', headers: { 'content-type': 'text/html' } });
    const error = await failure(() => client().logs.list());
    assert.ok(error instanceof MalformedResponseError);
    assert.equal(error.code, 'OKTA_MALFORMED_RESPONSE');
  });

  test('invalid JSON labelled as JSON → MalformedResponseError', async () => {
    org.on(anyPath, { status: 200, body: '[{"uuid": ' });
    assert.ok((await failure(() => client().logs.list())) instanceof MalformedResponseError);
  });

  test('a listing that is not an array → MalformedResponseError', async () => {
    org.on(anyPath, { status: 200, body: { uuid: 'x' } });
    assert.ok((await failure(() => client().logs.list())) instanceof MalformedResponseError);
  });

  test('a log item that is not an object → MalformedResponseError', async () => {
    org.on(anyPath, { status: 200, body: [{ uuid: 'a' }, 'b'] });
    assert.ok((await failure(() => client().logs.list())) instanceof MalformedResponseError);
  });

  test('a user without a string id → MalformedResponseError (list and get)', async () => {
    org.on(anyPath, { status: 200, body: [{ id: 'ok' }, { id: 7 }] });
    assert.ok((await failure(() => client().users.list())) instanceof MalformedResponseError);
    org.on(anyPath, { status: 200, body: [{ id: 'ok' }] });
    assert.ok((await failure(() => client().users.get('00u1'))) instanceof MalformedResponseError);
  });
});
