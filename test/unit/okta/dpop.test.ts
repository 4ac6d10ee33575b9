import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, test } from 'node:test';
import { calculateJwkThumbprint, decodeProtectedHeader, EmbeddedJWK, type JWK, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { createOktaClient } from '../../../src/okta/client.ts';
import { createDpopSigner, type DpopProofSigner, type DpopSigner } from '../../../src/okta/dpop.ts';
import { InvalidTokenError } from '../../../src/okta/errors.ts';
import { InProcessCoalescer } from '../../../src/okta/in-process-coalescer.ts';
import { FakeClock, FakeOrg, logEvents, ORIGIN, type RecordedRequest } from './fake-org.ts';

const TOKEN = 'dpop-bound-access-token';
const LOGS = (path: string) => path.startsWith('/api/v1/logs');

let org: FakeOrg;
let signer: DpopSigner;
let thumbprint: string;

beforeEach(async () => {
  org = new FakeOrg();
  const keyPair = await oidc.randomDPoPKeyPair('ES256');
  signer = await createDpopSigner(keyPair);
  // The thumbprint openid-client computes for the token endpoint's binding is the one the signer reports.
  const handle = oidc.getDPoPHandle(new oidc.Configuration({ issuer: ORIGIN }, 'app'), keyPair);
  thumbprint = await handle.calculateThumbprint();
  assert.equal(signer.thumbprint, thumbprint);
});
afterEach(async () => {
  await org.close();
});

function client() {
  return createOktaClient({
    orgUrl: ORIGIN,
    accessToken: TOKEN,
    dpop: signer,
    dispatcher: org.agent,
    clock: new FakeClock(),
  });
}

/** The proof a request carried, verified against the key it embeds, as a resource server checks it. */
async function verifiedProof(request: RecordedRequest) {
  const proof = request.headers.dpop;
  assert.ok(proof, 'the request carries a DPoP proof');
  const { payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt' });
  assert.equal(await calculateJwkThumbprint(decodeProtectedHeader(proof).jwk as JWK), thumbprint);
  return { payload, protectedHeader };
}

const ok = { status: 200, body: logEvents(1), headers: { 'x-rate-limit-limit': '20' } };

test('a DPoP-bound token goes out as Authorization: DPoP with a proof bound to the method, URL and token', async () => {
  org.on(LOGS, ok);
  const okta = client();
  await okta.logs.list({ since: '2026-01-01T00:00:00.000Z', limit: 5 });
  const [request] = org.requests;
  assert.ok(request);
  assert.equal(request.headers.authorization, `DPoP ${TOKEN}`);
  const { payload } = await verifiedProof(request);
  assert.equal(payload.htm, 'GET');
  assert.equal(payload.htu, `${ORIGIN}/api/v1/logs`, 'htu has no query string (RFC 9449 §4.2)');
  assert.equal(payload.ath, createHash('sha256').update(TOKEN).digest('base64url'));
  assert.equal(typeof payload.jti, 'string');
  await okta.close();
});

test('every request has its own proof (a fresh jti)', async () => {
  org.on(LOGS, ok, 2);
  const okta = client();
  await okta.logs.list({ since: '2026-01-01T00:00:00.000Z' });
  await okta.logs.list({ since: '2026-01-02T00:00:00.000Z' });
  const [first, second] = await Promise.all(org.requests.map(verifiedProof));
  assert.notEqual(first?.payload.jti, second?.payload.jti);
  await okta.close();
});

test('a resource server asking for a nonce gets the request once more, with its nonce in the proof', async () => {
  org.on(LOGS, {
    status: 401,
    headers: {
      'www-authenticate':
        'DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof."',
      'dpop-nonce': 'nonce-from-okta',
    },
  });
  org.on(LOGS, ok);
  const okta = client();
  const page = await okta.logs.list({ since: '2026-01-01T00:00:00.000Z' });
  assert.equal(page.items.length, 1);
  assert.equal(org.requests.length, 2);
  const retried = org.requests[1];
  assert.ok(retried);
  assert.equal((await verifiedProof(retried)).payload.nonce, 'nonce-from-okta');
  assert.equal(retried.headers['x-okta-retry-count'], undefined, 'the nonce resend is not a retry');
  await okta.close();
});

test('a nonce the server sends with any answer is used by the next proof', async () => {
  org.on(LOGS, { ...ok, headers: { ...ok.headers, 'dpop-nonce': 'rotated-nonce' } });
  org.on(LOGS, ok);
  const okta = client();
  await okta.logs.list({ since: '2026-01-01T00:00:00.000Z' });
  await okta.logs.list({ since: '2026-01-01T00:00:00.000Z' });
  const second = org.requests[1];
  assert.ok(second);
  assert.equal((await verifiedProof(second)).payload.nonce, 'rotated-nonce');
  await okta.close();
});

test('a second nonce demand in one call is not resent again: the call fails as an invalid token', async () => {
  const challenge = {
    status: 401,
    headers: { 'www-authenticate': 'DPoP error="use_dpop_nonce"', 'dpop-nonce': 'n' },
  };
  org.on(LOGS, challenge, 2);
  const okta = client();
  await assert.rejects(okta.logs.list({ since: '2026-01-01T00:00:00.000Z' }), InvalidTokenError);
  assert.equal(org.requests.length, 2);
  await okta.close();
});

test('identical concurrent reads share one request and sign one proof: a caller that joins signs none', async () => {
  org.on(LOGS, ok);
  let proofs = 0;
  const counting: DpopProofSigner = {
    addProof: (url, headers, htm, accessToken) => {
      proofs++;
      return signer.addProof(url, headers, htm, accessToken);
    },
    cacheNonce: (response, url) => signer.cacheNonce(response, url),
  };
  const okta = createOktaClient({
    orgUrl: ORIGIN,
    accessToken: TOKEN,
    dpop: counting,
    dispatcher: org.agent,
    clock: new FakeClock(),
    coalescer: new InProcessCoalescer(),
  });
  const query = { since: '2026-01-01T00:00:00.000Z' };
  const pages = await Promise.all([okta.logs.list(query), okta.logs.list(query), okta.logs.list(query)]);
  assert.deepEqual(
    pages.map((page) => page.items.length),
    [1, 1, 1],
  );
  assert.equal(org.requests.length, 1);
  assert.equal(proofs, 1);
  const [request] = org.requests;
  assert.ok(request);
  await verifiedProof(request);
  await okta.close();
});

test('an RSA key signs RS256 proofs', async () => {
  const rsa = await createDpopSigner(await oidc.randomDPoPKeyPair('RS256'));
  org.on(LOGS, ok);
  const okta = createOktaClient({
    orgUrl: ORIGIN,
    accessToken: TOKEN,
    dpop: rsa,
    dispatcher: org.agent,
    clock: new FakeClock(),
  });
  await okta.logs.list({ since: '2026-01-01T00:00:00.000Z' });
  const proof = org.requests[0]?.headers.dpop ?? '';
  assert.equal(decodeProtectedHeader(proof).alg, 'RS256');
  await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt' });
  await okta.close();
});

test('without a DPoP signer the token is sent as Bearer with no proof', async () => {
  org.on(LOGS, ok);
  const okta = createOktaClient({ orgUrl: ORIGIN, accessToken: TOKEN, dispatcher: org.agent, clock: new FakeClock() });
  await okta.logs.list({ since: '2026-01-01T00:00:00.000Z' });
  assert.equal(org.requests[0]?.headers.authorization, `Bearer ${TOKEN}`);
  assert.equal(org.requests[0]?.headers.dpop, undefined);
  await okta.close();
});
