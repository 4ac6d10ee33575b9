/**
 * The service app's key in every form the SDKs accept (PKCS#1 and PKCS#8 PEM, RSA and EC, JWK), each able to
 * sign a client assertion the public key verifies; and everything else refused with what it is.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { calculateJwkThumbprint, type JWK, jwtVerify, SignJWT } from 'jose';
import { loadPrivateKey, PrivateKeyProblem, parsePrivateKey } from '../../../src/cli/private-key.ts';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ec384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });

const pem = (key: KeyObject, type: 'pkcs1' | 'pkcs8' | 'sec1') => key.export({ type, format: 'pem' }).toString();
const jwk = (key: KeyObject) => key.export({ format: 'jwk' }) as JWK;

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'osv-key-test-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function assertSignsFor(text: string, pair: { publicKey: KeyObject }, alg: string) {
  const key = await parsePrivateKey(text);
  assert.equal(key.alg, alg);
  assert.equal(key.thumbprint, await calculateJwkThumbprint(jwk(pair.publicKey), 'sha256'));
  const assertion = await new SignJWT({ sub: 'app' }).setProtectedHeader({ alg: key.alg }).sign(key.key);
  const { payload } = await jwtVerify(assertion, pair.publicKey);
  assert.equal(payload.sub, 'app');
  return key;
}

describe('keys that work', () => {
  const cases = [
    {
      description: 'RSA, PKCS#1 PEM (BEGIN RSA PRIVATE KEY)',
      text: pem(rsa.privateKey, 'pkcs1'),
      pair: rsa,
      alg: 'RS256',
    },
    { description: 'RSA, PKCS#8 PEM (BEGIN PRIVATE KEY)', text: pem(rsa.privateKey, 'pkcs8'), pair: rsa, alg: 'RS256' },
    {
      description: 'EC P-256, SEC1 PEM (BEGIN EC PRIVATE KEY)',
      text: pem(ec256.privateKey, 'sec1'),
      pair: ec256,
      alg: 'ES256',
    },
    { description: 'EC P-384, PKCS#8 PEM', text: pem(ec384.privateKey, 'pkcs8'), pair: ec384, alg: 'ES384' },
    { description: 'RSA JWK', text: JSON.stringify(jwk(rsa.privateKey)), pair: rsa, alg: 'RS256' },
    { description: 'EC JWK', text: JSON.stringify(jwk(ec256.privateKey)), pair: ec256, alg: 'ES256' },
  ];
  for (const { description, text, pair, alg } of cases) {
    test(description, async () => {
      await assertSignsFor(text, pair, alg);
    });
  }

  test('a JWK keeps its kid; a PEM has none', async () => {
    const withKid = await parsePrivateKey(JSON.stringify({ ...jwk(rsa.privateKey), kid: 'key-2026' }));
    assert.equal(withKid.kid, 'key-2026');
    assert.equal((await parsePrivateKey(pem(rsa.privateKey, 'pkcs8'))).kid, undefined);
  });

  test('a path to a key file (relative to the working directory)', async () => {
    await writeFile(join(dir, 'app.pem'), pem(rsa.privateKey, 'pkcs1'));
    const key = await loadPrivateKey('app.pem', dir);
    assert.equal(key.thumbprint, await calculateJwkThumbprint(jwk(rsa.publicKey), 'sha256'));
  });
});

describe('keys that are refused, with what they are', () => {
  const small = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const ed = generateKeyPairSync('ed25519');
  const encrypted = rsa.privateKey
    .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' })
    .toString();
  const cases = [
    {
      description: 'a public key PEM',
      text: rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      problem: /is a public key/,
    },
    {
      description: 'a PKCS#1 public key PEM',
      text: rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
      problem: /is a public key/,
    },
    { description: 'a public JWK', text: JSON.stringify(jwk(ec256.publicKey)), problem: /is a public JWK/ },
    { description: 'a JWK set', text: JSON.stringify({ keys: [jwk(rsa.privateKey)] }), problem: /JWK set/ },
    { description: 'JSON that is broken', text: '{"kty": "RSA",', problem: /not valid JSON/ },
    {
      description: 'a PEM with garbage inside',
      text: '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----',
      problem: /does not parse/,
    },
    { description: 'an encrypted key', text: encrypted, problem: /encrypted/ },
    { description: 'an RSA key under 2048 bits', text: pem(small.privateKey, 'pkcs8'), problem: /1024 bits/ },
    {
      description: 'an Ed25519 key',
      text: ed.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      problem: /ed25519 key/,
    },
  ];
  for (const { description, text, problem } of cases) {
    test(description, async () => {
      await assert.rejects(parsePrivateKey(text), (error: unknown) => {
        assert.ok(error instanceof PrivateKeyProblem);
        assert.match(error.problem, problem);
        assert.ok(error.fix.length > 0, 'says what to give instead');
        return true;
      });
    });
  }

  test('a path that does not exist, and a file of garbage', async () => {
    await assert.rejects(loadPrivateKey('missing.pem', dir), /missing\.pem, which does not exist/);
    await writeFile(join(dir, 'garbage.pem'), 'hello');
    await assert.rejects(loadPrivateKey('garbage.pem', dir), /garbage\.pem, which is neither a PEM key/);
  });
});
