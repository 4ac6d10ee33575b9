import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { calculateJwkThumbprint, decodeProtectedHeader, EmbeddedJWK, type JWK, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { DpopKeys, importSessionDpopKey, newSessionDpopKey } from '../../../src/auth/dpop-keys.ts';
import { refusedForMissingDpop } from '../../../src/auth/dpop-required.ts';
import { createDpopSigner } from '../../../src/okta/index.ts';
import type { SessionDpopKey } from '../../../src/session/session-types.ts';

const ORG = new URL('https://dev-123456.okta.com/api/v1/logs?limit=1');
const configuration = new oidc.Configuration({ issuer: 'https://dev-123456.okta.com' }, 'client');

async function proofWith(sign: (headers: Headers) => Promise<void>) {
  const headers = new Headers();
  await sign(headers);
  const proof = headers.get('dpop');
  assert.ok(proof, 'a dpop header was set');
  const { payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt' });
  return { payload, header: protectedHeader, jwk: decodeProtectedHeader(proof).jwk as JWK };
}

describe('session DPoP keys', () => {
  test('a new key is ES256, kept as a private JWK with the thumbprint of its public half', async () => {
    const { stored } = await newSessionDpopKey();
    assert.deepEqual(Object.keys(stored.privateJwk).sort(), ['crv', 'd', 'kty', 'x', 'y']);
    assert.equal(stored.privateJwk.kty, 'EC');
    assert.equal(stored.privateJwk.crv, 'P-256');
    const { kty, crv, x, y } = stored.privateJwk;
    assert.equal(stored.thumbprint, await calculateJwkThumbprint({ kty, crv, x, y }));
  });

  test('a key stored in the session (as JSON) signs proofs again after import, with the same public key', async () => {
    const { stored } = await newSessionDpopKey();
    const kept = JSON.parse(JSON.stringify(stored)) as SessionDpopKey;
    const signer = await createDpopSigner(await importSessionDpopKey(kept));
    const { payload, header, jwk } = await proofWith((headers) => signer.addProof(ORG, headers, 'GET', 'the-token'));
    assert.equal(header.alg, 'ES256');
    assert.equal(await calculateJwkThumbprint(jwk), stored.thumbprint);
    assert.equal(jwk.d, undefined, 'the proof carries the public key only');
    assert.equal(payload.htm, 'GET');
    assert.equal(payload.htu, 'https://dev-123456.okta.com/api/v1/logs');
    assert.equal(typeof payload.ath, 'string');
    assert.equal(typeof payload.jti, 'string');
    assert.equal(typeof payload.iat, 'number');
  });

  test('the imported private key cannot be exported again', async () => {
    const { stored } = await newSessionDpopKey();
    const pair = await importSessionDpopKey(stored);
    assert.equal(pair.privateKey.extractable, false);
    await assert.rejects(crypto.subtle.exportKey('jwk', pair.privateKey));
  });

  test("one key in use per thumbprint: a nonce Okta sent on one request goes into the session's next proof", async () => {
    const keys = new DpopKeys();
    const { stored } = await newSessionDpopKey();
    const first = await keys.use(configuration, stored);
    first.signer.cacheNonce({ headers: new Headers({ 'dpop-nonce': 'nonce-from-okta' }) }, ORG);
    const again = await keys.use(configuration, JSON.parse(JSON.stringify(stored)) as SessionDpopKey);
    assert.equal(again, first, 'the same key in use');
    const { payload } = await proofWith((headers) => again.signer.addProof(ORG, headers, 'GET', 'the-token'));
    assert.equal(payload.nonce, 'nonce-from-okta');
    assert.equal(await again.handle.calculateThumbprint(), stored.thumbprint);
  });

  test('two sessions never share a key', async () => {
    const [a, b] = await Promise.all([newSessionDpopKey(), newSessionDpopKey()]);
    assert.notEqual(a.stored.thumbprint, b.stored.thumbprint);
  });
});

describe('refusedForMissingDpop', () => {
  const refusal = (error: string, description: string) =>
    new oidc.ResponseBodyError('refused', {
      cause: { error, error_description: description },
      response: new Response('{}', { status: 400 }),
    });

  test("Okta's answer to a token request without a proof from an app that requires DPoP", () => {
    assert.equal(refusedForMissingDpop(refusal('invalid_dpop_proof', 'The DPoP proof JWT header is missing.')), true);
  });

  test('an invalid_request that names DPoP (other servers)', () => {
    assert.equal(refusedForMissingDpop(refusal('invalid_request', 'DPoP proof JWT not provided')), true);
  });

  test('other refusals are not about DPoP', () => {
    assert.equal(
      refusedForMissingDpop(refusal('invalid_grant', 'The authorization code is invalid or has expired.')),
      false,
    );
    assert.equal(refusedForMissingDpop(refusal('invalid_client', 'Client authentication failed.')), false);
    assert.equal(refusedForMissingDpop(new Error('invalid_dpop_proof')), false);
  });
});
