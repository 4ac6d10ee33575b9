/**
 * The service app's private key for `private_key_jwt`: PKCS#1 or PKCS#8 PEM, RSA or EC, or a JWK, given inline or
 * as a file path. Everything that cannot sign a client assertion is refused with what it is and what to give
 * instead.
 */
import { createPrivateKey, createPublicKey, type KeyObject, type webcrypto } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { calculateJwkThumbprint, importPKCS8, type JWK } from 'jose';
import { firstLine } from '../text/first-line.ts';

/** The signing algorithms Okta accepts for a client assertion, by key. */
export type ClientKeyAlgorithm = 'RS256' | 'ES256' | 'ES384' | 'ES512';

/** A private key ready to sign client assertions. */
export interface ClientKey {
  /** A WebCrypto key with the `sign` usage (what openid-client's PrivateKeyJwt takes). */
  key: webcrypto.CryptoKey;
  alg: ClientKeyAlgorithm;
  /** The `kid` a JWK carried, if any. */
  kid: string | undefined;
  /** RFC 7638 thumbprint of the public key (SHA-256, base64url): identifies the key without revealing it. */
  thumbprint: string;
  /** `pem` or `jwk`, for messages. */
  format: 'pem' | 'jwk';
}

/** Why a key was refused: `problem` says what it is, `fix` what to give instead. */
export class PrivateKeyProblem extends Error {
  constructor(
    readonly problem: string,
    readonly fix: string,
  ) {
    super(problem);
  }
}

const EC_CURVES: Readonly<Record<string, ClientKeyAlgorithm>> = {
  prime256v1: 'ES256',
  'P-256': 'ES256',
  secp384r1: 'ES384',
  'P-384': 'ES384',
  secp521r1: 'ES512',
  'P-521': 'ES512',
};

const GIVE_PRIVATE =
  'give the private key (PEM "BEGIN PRIVATE KEY" / "BEGIN RSA PRIVATE KEY" / "BEGIN EC PRIVATE KEY", or a JWK with "d") of the pair whose public key is registered on the app';

/** True when the value is the key itself rather than a path to it. */
function isInlineKey(value: string): boolean {
  const text = value.trim();
  return text.startsWith('-----BEGIN') || text.startsWith('{');
}

function algorithmOf(key: KeyObject): ClientKeyAlgorithm {
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve ?? '';
    const alg = EC_CURVES[curve];
    if (alg) return alg;
    throw new PrivateKeyProblem(
      `is an EC key on curve ${curve}`,
      'use an EC key on P-256, P-384 or P-521, or an RSA key',
    );
  }
  throw new PrivateKeyProblem(
    `is an ${key.asymmetricKeyType ?? 'unknown'} key, which Okta does not accept for private_key_jwt`,
    'use an RSA (2048 bits or more) or EC (P-256, P-384, P-521) key',
  );
}

function fromJwk(text: string): KeyObject {
  let jwk: unknown;
  try {
    jwk = JSON.parse(text);
  } catch {
    throw new PrivateKeyProblem('starts with "{" but is not valid JSON', `fix the JSON, or ${GIVE_PRIVATE}`);
  }
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) {
    throw new PrivateKeyProblem('is JSON but not a JWK object', GIVE_PRIVATE);
  }
  const fields = jwk as Record<string, unknown>;
  if (Array.isArray(fields.keys)) {
    throw new PrivateKeyProblem('is a JWK set ({"keys": [...]}), not one key', 'give the single private JWK');
  }
  if (fields.kty !== 'RSA' && fields.kty !== 'EC') {
    throw new PrivateKeyProblem(`is a JWK of kty ${JSON.stringify(fields.kty)}`, 'use an RSA or EC JWK');
  }
  if (fields.d === undefined) {
    throw new PrivateKeyProblem('is a public JWK (it has no "d")', GIVE_PRIVATE);
  }
  try {
    return createPrivateKey({ key: fields as JWK & { kty: string }, format: 'jwk' });
  } catch (error) {
    throw new PrivateKeyProblem(`is a JWK that does not parse (${firstLine(error)})`, GIVE_PRIVATE);
  }
}

function fromPem(text: string): KeyObject {
  if (/-----BEGIN (RSA |EC )?PUBLIC KEY-----/.test(text)) {
    throw new PrivateKeyProblem('is a public key (BEGIN PUBLIC KEY)', GIVE_PRIVATE);
  }
  if (text.includes('-----BEGIN CERTIFICATE-----')) throw new PrivateKeyProblem('is a certificate', GIVE_PRIVATE);
  if (text.includes('ENCRYPTED')) {
    throw new PrivateKeyProblem(
      'is an encrypted private key',
      'decrypt it first, e.g. openssl pkcs8 -in key.pem -out key-plain.pem, and keep that file readable by you only',
    );
  }
  try {
    return createPrivateKey(text);
  } catch (error) {
    throw new PrivateKeyProblem(`does not parse as a PEM private key (${firstLine(error)})`, GIVE_PRIVATE);
  }
}

/** Parses key text (PEM or JWK). */
export async function parsePrivateKey(text: string): Promise<ClientKey> {
  const trimmed = text.trim();
  const format = trimmed.startsWith('{') ? 'jwk' : 'pem';
  if (format === 'pem' && !trimmed.startsWith('-----BEGIN')) {
    throw new PrivateKeyProblem('is neither a PEM key (-----BEGIN …) nor a JWK ({…})', GIVE_PRIVATE);
  }
  const keyObject = format === 'jwk' ? fromJwk(trimmed) : fromPem(trimmed);
  if (keyObject.type !== 'private') throw new PrivateKeyProblem('is not a private key', GIVE_PRIVATE);
  const alg = algorithmOf(keyObject);
  if (alg === 'RS256' && (keyObject.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    throw new PrivateKeyProblem(
      `is an RSA key of ${keyObject.asymmetricKeyDetails?.modulusLength} bits`,
      'use an RSA key of at least 2048 bits',
    );
  }
  // PKCS#1 and SEC1 PEM and JWKs all become PKCS#8, the one form WebCrypto imports.
  const pkcs8 = keyObject.export({ type: 'pkcs8', format: 'pem' }).toString();
  const key = await importPKCS8(pkcs8, alg);
  const publicJwk = createPublicKey(keyObject).export({ format: 'jwk' }) as JWK;
  const kid = format === 'jwk' ? (JSON.parse(trimmed) as { kid?: unknown }).kid : undefined;
  return {
    key,
    alg,
    kid: typeof kid === 'string' && kid !== '' ? kid : undefined,
    thumbprint: await calculateJwkThumbprint(publicJwk, 'sha256'),
    format,
  };
}

/** Loads a key given inline or as a path (relative paths from `cwd`). */
export async function loadPrivateKey(value: string, cwd: string): Promise<ClientKey> {
  if (isInlineKey(value)) return parsePrivateKey(value);
  const path = resolve(cwd, value.trim());
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const what = code === 'ENOENT' ? 'does not exist' : `cannot be read (${String(code ?? firstLine(error))})`;
    throw new PrivateKeyProblem(
      `names the file ${path}, which ${what}`,
      'give the path of the PEM or JWK file, or the key itself',
    );
  }
  try {
    return await parsePrivateKey(text);
  } catch (error) {
    if (error instanceof PrivateKeyProblem) {
      throw new PrivateKeyProblem(`names the file ${path}, which ${error.problem}`, error.fix);
    }
    throw error;
  }
}
