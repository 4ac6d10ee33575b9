import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import {
  InsufficientScopeError,
  InvalidQueryError,
  InvalidTokenError,
  MalformedResponseError,
  NotFoundError,
  OktaUnavailableError,
  PermissionDeniedError,
} from '../../../src/okta/errors.ts';
import { rawFilter } from '../../../src/okta/scim.ts';
import { FakeClock } from '../../unit/okta/fake-org.ts';
import { type SandboxApi, startSandboxApi, TOKENS } from './sandbox-org.ts';

const DAY = 24 * 3600 * 1000;

describe("typed errors from the sandbox org's real responses", { timeout: 60_000 }, () => {
  const clock = new FakeClock();
  let sandbox: SandboxApi;
  before(async () => {
    sandbox = await startSandboxApi({ clock, rateLimits: false, seed: { users: 30, events: 800 } });
  });
  after(async () => {
    await sandbox?.close();
  });
  afterEach(() => {
    sandbox.api.faults.clear();
    sandbox.api.received.clear();
  });

  const rejection = (promise: Promise<unknown>) =>
    promise.then(
      () => assert.fail('expected a rejection'),
      (error: unknown) => error,
    );

  test('an unknown token → InvalidTokenError (401 E0000011) with the request id', async () => {
    const error = await rejection(sandbox.client({ accessToken: 'not-a-token' }).logs.list());
    assert.ok(error instanceof InvalidTokenError);
    assert.equal(error.status, 401);
    assert.equal(error.errorCode, 'E0000011');
    assert.equal(error.requestId, sandbox.api.received.last()?.requestId);
  });

  test('a wrong SSWS token → InvalidTokenError, sent with the SSWS scheme', async () => {
    const error = await rejection(sandbox.client({ accessToken: undefined, apiToken: '00wrong' }).users.list());
    assert.ok(error instanceof InvalidTokenError);
    assert.equal(sandbox.api.received.last()?.authScheme, 'SSWS');
  });

  test('a token without okta.logs.read → InsufficientScopeError naming the scope and resource', async () => {
    const error = await rejection(sandbox.client({ accessToken: TOKENS.usersScopeOnly }).logs.list());
    assert.ok(error instanceof InsufficientScopeError);
    assert.deepEqual(error.requiredScopes, ['okta.logs.read']);
    assert.equal(error.resource, '/api/v1/logs');
    assert.match(error.challenge, /error="insufficient_scope"/);
  });

  test('the scope is there but the admin role is not → PermissionDeniedError (E0000006)', async () => {
    const error = await rejection(sandbox.client({ accessToken: TOKENS.reportAdmin }).users.list());
    assert.ok(error instanceof PermissionDeniedError);
    assert.equal(error.errorCode, 'E0000006');
    // The same token reads the System Log: the role allows that.
    const page = await sandbox.client({ accessToken: TOKENS.reportAdmin }).logs.list({ limit: 1 });
    assert.equal(page.items.length, 1);
  });

  test('an invalid filter → InvalidQueryError with Okta E0000053 and its message', async () => {
    const error = await rejection(sandbox.client().logs.list({ filter: rawFilter('eventType eqq "x"') }));
    assert.ok(error instanceof InvalidQueryError);
    assert.equal(error.errorCode, 'E0000053');
    assert.match(error.message, /eqq/);
  });

  test('since more than 180 days back → InvalidQueryError E0000053 from Okta (not refused locally)', async () => {
    const error = await rejection(sandbox.client().logs.list({ since: new Date(clock.now() - 200 * DAY) }));
    assert.ok(error instanceof InvalidQueryError);
    assert.equal(error.errorCode, 'E0000053');
    assert.equal(sandbox.api.received.all().length, 1);
  });

  test('an unknown user → NotFoundError (E0000007)', async () => {
    const error = await rejection(sandbox.client().users.get('nobody@nowhere.example'));
    assert.ok(error instanceof NotFoundError);
    assert.equal(error.errorCode, 'E0000007');
  });

  test('a 503 once → retried with the retry headers, then the page', async () => {
    sandbox.api.faults.set({ path: '/api/v1/logs', status: 503, times: 1 });
    const page = await sandbox.client().logs.list({ limit: 2 });
    assert.equal(page.items.length, 2);
    const [first, second] = sandbox.api.received.all();
    assert.equal(first?.status, 503);
    assert.equal(second?.status, 200);
    assert.equal(second?.retryCount, '1');
    assert.equal(second?.retryFor, first?.requestId);
  });

  test('a 500 → OktaUnavailableError(server-error), not retried', async () => {
    sandbox.api.faults.set({ path: '/api/v1/logs', status: 500 });
    const error = await rejection(sandbox.client().logs.list());
    assert.ok(error instanceof OktaUnavailableError);
    assert.equal(error.reason, 'server-error');
    assert.equal(sandbox.api.received.all().length, 1);
  });

  test('a truncated JSON body → MalformedResponseError', async () => {
    sandbox.api.faults.set({ path: '/api/v1/users', malformedJson: true });
    assert.ok((await rejection(sandbox.client().users.list())) instanceof MalformedResponseError);
  });

  test('a hung request → OktaUnavailableError(timeout) after headersTimeout', async () => {
    sandbox.api.faults.set({ path: '/api/v1/logs', hang: true });
    const error = await rejection(sandbox.client({ timeouts: { headersMs: 200 } }).logs.list());
    assert.ok(error instanceof OktaUnavailableError);
    assert.equal(error.reason, 'timeout');
  });

  test('a connection reset once is retried; resets every time end as OktaUnavailableError(network)', async () => {
    sandbox.api.faults.set({ path: '/api/v1/logs', connectionReset: true, times: 1 });
    const page = await sandbox.client().logs.list({ limit: 1 });
    assert.equal(page.items.length, 1);
    sandbox.api.faults.set({ path: '/api/v1/logs', connectionReset: true });
    const error = await rejection(sandbox.client().logs.list());
    assert.ok(error instanceof OktaUnavailableError);
    assert.equal(error.reason, 'network');
    assert.equal(error.attempts, 3);
  });
});
