import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DpopNonces } from '../../../src/sandbox/dpop-nonces.ts';
import { checkProof, PROOF_ERRORS } from '../../../src/sandbox/dpop-proof.ts';
import { dpopKey, dpopProof } from '../../integration/sandbox/dpop-helpers.ts';

describe('the org DPoP nonces', () => {
  test('a nonce handed out is accepted for a few minutes, then no longer', () => {
    const nonces = new DpopNonces();
    const now = 1_800_000_000;
    const nonce = nonces.next(now);
    assert.equal(nonces.accepts(nonce, now), true);
    assert.equal(nonces.accepts(nonce, now + 120), true);
    assert.equal(nonces.accepts(nonce, now + 600), false);
    assert.equal(nonces.accepts('made-up', now), false);
  });

  test('another org (another secret) does not accept it', () => {
    const now = 1_800_000_000;
    assert.equal(new DpopNonces().accepts(new DpopNonces().next(now), now), false);
  });

  test('a secret of the wrong size is refused at once', () => {
    assert.throws(() => new DpopNonces(Buffer.alloc(16)), /32 bytes/);
  });
});

describe('a DPoP proof checked against its request', () => {
  const htu = 'http://127.0.0.1:3001/api/v1/logs';
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  test('a good proof gives its key thumbprint, jti and nonce; the query of htu does not matter', async () => {
    const key = await dpopKey();
    const proof = await dpopProof(key, { htm: 'GET', htu: `${htu}?limit=5`, accessToken: 'token', nonce: 'n' });
    const result = await checkProof(proof, { htm: 'GET', htu, accessToken: 'token', nowSeconds: nowSeconds() });
    assert.equal(result.ok, true);
    assert.ok(result.ok);
    assert.equal(result.jkt, key.jkt);
    assert.equal(result.nonce, 'n');
  });

  test('two proofs in one header (a repeated DPoP header) are refused', async () => {
    const key = await dpopKey();
    const proof = await dpopProof(key, { htm: 'GET', htu });
    const result = await checkProof(`${proof}, ${proof}`, { htm: 'GET', htu, nowSeconds: nowSeconds() });
    assert.deepEqual(result, { ok: false, description: PROOF_ERRORS.multiple });
  });

  test('a proof for another token is refused by its ath', async () => {
    const key = await dpopKey();
    const proof = await dpopProof(key, { htm: 'GET', htu, accessToken: 'another' });
    const result = await checkProof(proof, { htm: 'GET', htu, accessToken: 'token', nowSeconds: nowSeconds() });
    assert.deepEqual(result, { ok: false, description: PROOF_ERRORS.ath });
  });
});
