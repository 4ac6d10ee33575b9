import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SessionCipher } from '../../../src/store/session-cipher.ts';

const OLD = 'the-previous-session-secret-0123456789';
const NEW = 'the-current-session-secret-9876543210';
const KEY = 'osv:session:abc';
const PLAINTEXT = JSON.stringify({ tokens: { accessToken: 'eyJ-access-token-value', refreshToken: 'rt-value-123' } });

/** `sealed` with one base64url character of part `part` changed. */
function altered(sealed: string, part: number): string {
  const parts = sealed.split('.');
  const text = parts[part] ?? '';
  const middle = Math.floor(text.length / 2);
  parts[part] = `${text.slice(0, middle)}${text[middle] === 'A' ? 'B' : 'A'}${text.slice(middle + 1)}`;
  return parts.join('.');
}

describe('SessionCipher', () => {
  test('a sealed value opens to the same text, and two seals of one text differ (a fresh IV each)', () => {
    const cipher = new SessionCipher([NEW]);
    const first = cipher.seal(PLAINTEXT, KEY);
    const second = cipher.seal(PLAINTEXT, KEY);
    assert.notEqual(first, second);
    assert.equal(cipher.open(first, KEY), PLAINTEXT);
    assert.equal(cipher.open(second, KEY), PLAINTEXT);
    assert.equal(cipher.open(cipher.seal('', KEY), KEY), '');
  });

  test('the sealed form is v1.<key id>.<iv>.<ciphertext> in base64url, and contains none of the plaintext', () => {
    const sealed = new SessionCipher([NEW]).seal(PLAINTEXT, KEY);
    assert.match(sealed, /^v1\.[\w-]{8}\.[\w-]{16}\.[\w-]+$/);
    for (const secret of ['eyJ-access-token-value', 'rt-value-123', 'tokens', 'access']) {
      assert.equal(sealed.includes(secret), false, `no "${secret}" in the sealed value`);
      assert.equal(
        Buffer.from(sealed.split('.')[3] ?? '', 'base64url').includes(secret),
        false,
        `no "${secret}" in the ciphertext bytes`,
      );
    }
  });

  test('rotation: a value sealed under the old secret still opens while it is listed second', () => {
    const sealedOld = new SessionCipher([OLD]).seal(PLAINTEXT, KEY);
    const rotated = new SessionCipher([NEW, OLD]);
    assert.equal(rotated.open(sealedOld, KEY), PLAINTEXT);
    const sealedNew = rotated.seal(PLAINTEXT, KEY);
    assert.notEqual(sealedNew.split('.')[1], sealedOld.split('.')[1], 'new values are sealed under the new key');
    assert.equal(new SessionCipher([NEW]).open(sealedNew, KEY), PLAINTEXT);
    assert.equal(new SessionCipher([OLD]).open(sealedNew, KEY), undefined, 'the old secret alone cannot open it');
  });

  test('rotation: once the old secret is removed, its values are absent', () => {
    const sealedOld = new SessionCipher([OLD]).seal(PLAINTEXT, KEY);
    assert.equal(new SessionCipher([NEW]).open(sealedOld, KEY), undefined);
  });

  const cipher = new SessionCipher([NEW]);
  const sealed = cipher.seal(PLAINTEXT, KEY);
  const tampered: { description: string; value: string; context?: string }[] = [
    { description: 'ciphertext changed', value: altered(sealed, 3) },
    { description: 'IV changed', value: altered(sealed, 2) },
    { description: 'key id changed', value: altered(sealed, 1) },
    { description: 'version changed', value: sealed.replace(/^v1/, 'v2') },
    { description: 'tag cut off', value: sealed.slice(0, -4) },
    { description: 'an extra part', value: `${sealed}.AAAA` },
    { description: 'not sealed at all', value: PLAINTEXT },
    { description: 'empty', value: '' },
    { description: 'sealed for another store key', value: sealed, context: 'osv:session:other' },
  ];
  for (const { description, value, context } of tampered) {
    test(`a value that does not open is absent, not an error: ${description}`, () => {
      assert.equal(cipher.open(value, context ?? KEY), undefined);
    });
  }

  test('openJson: the sealed JSON value; undefined when it does not open or is not JSON', () => {
    const json = new SessionCipher([NEW]);
    assert.deepEqual(json.openJson(json.seal(PLAINTEXT, KEY), KEY), JSON.parse(PLAINTEXT));
    assert.equal(json.openJson(json.seal('{not json', KEY), KEY), undefined);
    assert.equal(json.openJson(json.seal(PLAINTEXT, KEY), 'osv:session:other'), undefined);
  });

  test('refuses to start without a secret', () => {
    assert.throws(() => new SessionCipher([]), TypeError);
    assert.throws(() => new SessionCipher(['']), TypeError);
  });
});
