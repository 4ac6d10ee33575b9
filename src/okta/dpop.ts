/**
 * DPoP (RFC 9449) for management-API calls: every request carries `Authorization: DPoP <token>` and a fresh proof
 * bound to the method, the URL and the token (`ath`); a server nonce is remembered and, when the server asks for
 * one (`use_dpop_nonce`), the request is sent once more with it.
 */
import { randomUUID, type webcrypto } from 'node:crypto';
import { base64url, calculateJwkThumbprint, exportJWK, type JWK, SignJWT } from 'jose';
import type { ResponseHeaders } from './rate-limit.ts';
import { firstHeader } from './response-body.ts';
import { findChallengeError, parseWwwAuthenticate } from './www-authenticate.ts';

/** What src/okta needs of a DPoP key: `createDpopSigner` makes one. */
export interface DpopProofSigner {
  /** Sets a `dpop` header on `headers`: a proof for `htm` at `url`, with `ath` when an access token is given. */
  addProof(url: URL, headers: Headers, htm: string, accessToken?: string): Promise<void>;
  /** Remembers the `DPoP-Nonce` a response carried, for the next proof to the same origin. */
  cacheNonce(response: { headers: Headers }, url: URL): void;
}

/** A DPoP key ready to sign proofs, with the thumbprint a DPoP-bound token's `cnf.jkt` names. */
export interface DpopSigner extends DpopProofSigner {
  /** RFC 7638 SHA-256 thumbprint of the public key, base64url. */
  readonly thumbprint: string;
  readonly publicJwk: JWK;
}

function signingAlgorithm(key: webcrypto.CryptoKey): string {
  const algorithm = key.algorithm as { name: string; namedCurve?: string; hash?: { name: string } };
  if (algorithm.name === 'ECDSA') {
    const byCurve: Record<string, string> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' };
    const alg = algorithm.namedCurve ? byCurve[algorithm.namedCurve] : undefined;
    if (alg) return alg;
  }
  if (algorithm.name === 'RSASSA-PKCS1-v1_5' || algorithm.name === 'RSA-PSS') {
    const bits = algorithm.hash?.name.replace('SHA-', '') ?? '256';
    return `${algorithm.name === 'RSA-PSS' ? 'PS' : 'RS'}${bits}`;
  }
  if (algorithm.name === 'Ed25519') return 'EdDSA';
  throw new TypeError(`a DPoP key must be ECDSA, RSA or Ed25519, not ${algorithm.name}`);
}

/**
 * A DPoP signer for one key pair (e.g. openid-client's `randomDPoPKeyPair()`, the same pair its `getDPoPHandle`
 * uses at the token endpoint). Proofs are JWTs signed by jose; nonces are kept per origin, the latest one wins.
 */
export async function createDpopSigner(keyPair: webcrypto.CryptoKeyPair): Promise<DpopSigner> {
  const alg = signingAlgorithm(keyPair.privateKey);
  const { kty, crv, x, y, n, e } = await exportJWK(keyPair.publicKey);
  const publicJwk = Object.fromEntries(Object.entries({ kty, crv, x, y, n, e }).filter(([, v]) => v !== undefined));
  const thumbprint = await calculateJwkThumbprint(publicJwk);
  const nonces = new Map<string, string>();
  return {
    thumbprint,
    publicJwk,
    async addProof(url, headers, htm, accessToken) {
      const nonce = nonces.get(url.origin);
      const claims: Record<string, string> = { htm, htu: `${url.origin}${url.pathname}` };
      if (accessToken !== undefined) {
        const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(accessToken));
        claims.ath = base64url.encode(new Uint8Array(digest));
      }
      if (nonce !== undefined) claims.nonce = nonce;
      const proof = await new SignJWT(claims)
        .setProtectedHeader({ alg, typ: 'dpop+jwt', jwk: publicJwk })
        .setIssuedAt()
        .setJti(randomUUID())
        .sign(keyPair.privateKey);
      headers.set('dpop', proof);
    },
    cacheNonce(response, url) {
      const nonce = response.headers.get('dpop-nonce');
      if (nonce) nonces.set(url.origin, nonce);
    },
  };
}

/** The proof header for one request. */
export async function dpopProof(signer: DpopProofSigner, url: URL, accessToken: string): Promise<string> {
  const headers = new Headers();
  await signer.addProof(url, headers, 'GET', accessToken);
  const proof = headers.get('dpop');
  if (proof === null) throw new TypeError('the DPoP signer set no dpop header');
  return proof;
}

/** Tells the signer the nonce a response carried, if any. */
export function rememberNonce(signer: DpopProofSigner, responseHeaders: ResponseHeaders, url: URL): void {
  const nonce = firstHeader(responseHeaders['dpop-nonce']);
  if (nonce === undefined || nonce === '') return;
  signer.cacheNonce({ headers: new Headers({ 'dpop-nonce': nonce }) }, url);
}

/** True when a resource server refused the request because the proof lacked its current nonce. */
export function asksForNonce(status: number, responseHeaders: ResponseHeaders): boolean {
  if (status !== 401 && status !== 400) return false;
  const challenges = parseWwwAuthenticate(responseHeaders['www-authenticate']);
  return findChallengeError(challenges, 'use_dpop_nonce')?.scheme === 'dpop';
}
