/**
 * The sandbox's API Services app at the org authorization server: a client assertion Okta would refuse gets
 * `invalid_client` and no token.
 */
import assert from 'node:assert/strict';
import { generateKeyPair } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { importJWK, type JWK, SignJWT } from 'jose';
import { type RunningSandbox, startSandbox } from '../../../src/sandbox/sandbox.ts';

let sandbox: RunningSandbox;
before(async () => {
  sandbox = await startSandbox({ appBaseUrl: 'http://localhost:3000', seed: false });
});
after(async () => {
  await sandbox?.close();
});

interface AssertionOptions {
  audience?: string;
  kid?: string;
  jti?: string;
  /** Seconds from now; negative for an assertion already expired. */
  expiresIn?: number;
  key?: Parameters<SignJWT['sign']>[0];
}

async function assertion(options: AssertionOptions = {}): Promise<string> {
  const { serviceApp } = sandbox.org;
  const key = options.key ?? (await importJWK(serviceApp.privateJwk as JWK, 'RS256'));
  const now = Math.floor(Date.now() / 1000);
  const expiresIn = options.expiresIn ?? 300;
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? String(serviceApp.privateJwk.kid) })
    .setIssuer(serviceApp.clientId)
    .setSubject(serviceApp.clientId)
    .setAudience(options.audience ?? `${sandbox.issuer}/oauth2/v1/token`)
    .setJti(options.jti ?? crypto.randomUUID())
    .setIssuedAt(Math.min(now, now + expiresIn - 60))
    .setExpirationTime(now + expiresIn)
    .sign(key);
}

async function tokenRequest(clientAssertion: string, scope = 'okta.logs.read') {
  const response = await fetch(`${sandbox.issuer}/oauth2/v1/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      scope,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: clientAssertion,
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function assertRefused(result: { status: number; body: Record<string, unknown> }): void {
  assert.equal(result.status, 401);
  assert.equal(result.body.error, 'invalid_client');
  assert.equal(result.body.access_token, undefined, 'no token');
}

describe('client assertions the org authorization server refuses', () => {
  test('a well-formed assertion gets a token (the baseline the refusals differ from)', async () => {
    const { status, body } = await tokenRequest(await assertion());
    assert.equal(status, 200);
    assert.equal(body.token_type, 'Bearer');
  });

  test('the wrong aud (the issuer rather than the token endpoint)', async () => {
    assertRefused(await tokenRequest(await assertion({ audience: sandbox.issuer })));
  });

  test('an expired assertion', async () => {
    assertRefused(await tokenRequest(await assertion({ expiresIn: -120 })));
  });

  test('a jti used before', async () => {
    const jti = crypto.randomUUID();
    assert.equal((await tokenRequest(await assertion({ jti }))).status, 200);
    assertRefused(await tokenRequest(await assertion({ jti })));
  });

  test('a kid the app has not registered', async () => {
    assertRefused(await tokenRequest(await assertion({ kid: 'not-a-registered-key' })));
  });

  test('a signature by another key', async () => {
    const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
    assertRefused(await tokenRequest(await assertion({ key: privateKey })));
  });
});

describe("the service app's own admin role", () => {
  async function serviceToken(): Promise<string> {
    const { status, body } = await tokenRequest(await assertion(), 'okta.logs.read');
    assert.equal(status, 200);
    return String(body.access_token);
  }

  test('with the Read-only Administrator role its token reads the System Log; without any role, E0000006', async () => {
    const token = await serviceToken();
    const read = () =>
      fetch(`${sandbox.issuer}/api/v1/logs?limit=1`, { headers: { authorization: `Bearer ${token}` } });
    const allowed = await read();
    assert.equal(allowed.status, 200);
    await allowed.arrayBuffer();

    const { adminRoles } = sandbox.org.serviceApp;
    const assigned = adminRoles.splice(0, adminRoles.length);
    try {
      const refused = await read();
      assert.equal(refused.status, 403, 'the grant alone is not enough: the app needs an admin role too');
      const body = (await refused.json()) as { errorCode?: string; errorSummary?: string };
      assert.equal(body.errorCode, 'E0000006');
      assert.equal(body.errorSummary, 'You do not have permission to perform the requested action');
    } finally {
      adminRoles.push(...assigned);
    }
  });
});
