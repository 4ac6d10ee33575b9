/**
 * The app's own management-API client (src/okta) with a DPoP-bound service-app token against the sandbox org: the
 * token comes from openid-client's DPoP handle, and the same handle signs each API call's proof. It answers the
 * resource server's nonce challenge once, as Okta's SDKs do.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { importJWK } from 'jose';
import * as oidc from 'openid-client';
import { createOktaClient } from '../../../src/okta/client.ts';
import type { DpopProofSigner } from '../../../src/okta/dpop.ts';
import { type RunningSandbox, startSandbox } from '../../../src/sandbox/sandbox.ts';

let sandbox: RunningSandbox;
before(async () => {
  sandbox = await startSandbox({ appBaseUrl: 'http://localhost:3000', seed: { users: 3, events: 12 } });
  sandbox.org.serviceApp.requireDpop = true;
});
after(() => sandbox.close());

/**
 * openid-client's handle as src/okta's signer. The handle has `addProof` and `cacheNonce` at run time (oauth4webapi's
 * DPoP handle), but openid-client's published type does not list them, hence the cast.
 */
function signer(handle: oidc.DPoPHandle): DpopProofSigner {
  return handle as unknown as DpopProofSigner;
}

async function dpopConfig() {
  const { serviceApp } = sandbox.org;
  const key = await importJWK(serviceApp.privateJwk, 'RS256');
  if (key instanceof Uint8Array) throw new TypeError('an RSA key, not a secret');
  return oidc.discovery(
    new URL(sandbox.issuer),
    serviceApp.clientId,
    { token_endpoint_auth_method: 'private_key_jwt' },
    oidc.PrivateKeyJwt(key, {
      [oidc.modifyAssertion]: (_header, payload) => {
        payload.aud = `${sandbox.issuer}/oauth2/v1/token`;
      },
    }),
    { execute: [oidc.allowInsecureRequests] },
  );
}

test('src/okta reads the System Log with a DPoP-bound token, through the nonce challenges', async () => {
  const config = await dpopConfig();
  const handle = oidc.getDPoPHandle(config, await oidc.randomDPoPKeyPair('ES256'));
  const tokens = await oidc.clientCredentialsGrant(config, { scope: 'okta.logs.read' }, { DPoP: handle });
  assert.equal(tokens.token_type, 'dpop');
  const client = createOktaClient({ orgUrl: sandbox.issuer, accessToken: tokens.access_token, dpop: signer(handle) });
  try {
    sandbox.managementApi.received.clear();
    const first = await client.logs.list({ limit: 5 });
    assert.ok(first.items.length > 0);
    const second = await client.logs.list({ limit: 5 });
    assert.equal(second.items.length, first.items.length);
    const received = sandbox.managementApi.received.forPath('/api/v1/logs');
    assert.ok(
      received.every((request) => request.authScheme === 'DPoP'),
      'every call uses the DPoP scheme',
    );
    assert.deepEqual(
      received.map((request) => request.status),
      [200, 200],
      'the nonce from the token endpoint serves the API too: no challenge, one request per call',
    );
  } finally {
    await client.close();
  }
});

test('a fresh handle with no nonce yet is challenged once by the API and then succeeds', async () => {
  const config = await dpopConfig();
  const keyPair = await oidc.randomDPoPKeyPair('ES256');
  const tokens = await oidc.clientCredentialsGrant(
    config,
    { scope: 'okta.logs.read' },
    { DPoP: oidc.getDPoPHandle(config, keyPair) },
  );
  // Another handle on the same key: it holds no nonce, as after a restart of the caller.
  const client = createOktaClient({
    orgUrl: sandbox.issuer,
    accessToken: tokens.access_token,
    dpop: signer(oidc.getDPoPHandle(config, keyPair)),
  });
  try {
    sandbox.managementApi.received.clear();
    const page = await client.logs.list({ limit: 2 });
    assert.ok(page.items.length > 0);
    assert.deepEqual(
      sandbox.managementApi.received.forPath('/api/v1/logs').map((request) => request.status),
      [401, 200],
    );
  } finally {
    await client.close();
  }
});
