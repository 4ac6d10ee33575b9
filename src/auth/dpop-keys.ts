/**
 * The DPoP keys of signed-in sessions (RFC 9449). Each session that Okta binds to a key gets its own ES256 key pair,
 * kept with its tokens in the server-side session (encrypted at rest in the shared store) as a private JWK, never
 * sent to the browser or logged. A key is imported again when a request needs it; the imported key, openid-client's
 * handle (token endpoint, userinfo) and the management-API signer are kept per key for a while, so that the nonces
 * Okta hands out are remembered between a session's requests instead of being asked for again each time.
 */
import { webcrypto } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { LRUCache } from 'lru-cache';
import * as oidc from 'openid-client';
import { createDpopSigner, type DpopSigner } from '../okta/index.ts';
import type { SessionDpopKey } from '../session/session-types.ts';

const ES256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/** A new key pair for one session, as the session keeps it. */
export async function newSessionDpopKey(): Promise<{ stored: SessionDpopKey }> {
  // Extractable once, to be written into the session; the copy imported later for signing is not.
  const keyPair = await oidc.randomDPoPKeyPair('ES256', { extractable: true });
  const { kty, crv, x, y, d } = await webcrypto.subtle.exportKey('jwk', keyPair.privateKey);
  if (kty !== 'EC' || crv !== 'P-256' || !x || !y || !d) throw new TypeError('randomDPoPKeyPair made no P-256 key');
  const thumbprint = await calculateJwkThumbprint({ kty, crv, x, y });
  return { stored: { privateJwk: { kty, crv, x, y, d }, thumbprint } };
}

/** The key pair a session keeps, imported for signing (the private half cannot be exported again). */
export async function importSessionDpopKey(stored: SessionDpopKey): Promise<webcrypto.CryptoKeyPair> {
  const { kty, crv, x, y, d } = stored.privateJwk;
  const [privateKey, publicKey] = await Promise.all([
    webcrypto.subtle.importKey('jwk', { kty, crv, x, y, d }, ES256, false, ['sign']),
    // openid-client puts the public key into every proof, so it must be extractable.
    webcrypto.subtle.importKey('jwk', { kty, crv, x, y }, ES256, true, ['verify']),
  ]);
  return { privateKey, publicKey };
}

/** One key, ready for the token endpoint (openid-client) and for the management API (src/okta). */
export interface DpopKeyInUse {
  /** For `authorizationCodeGrant`, `refreshTokenGrant` and `fetchUserInfo`. */
  handle: oidc.DPoPHandle;
  /** For `createOktaClient({ dpop })`. */
  signer: DpopSigner;
}

/** Keys in use, by thumbprint, for the sessions active lately (bounded: an evicted key is imported again). */
export class DpopKeys {
  readonly #inUse = new LRUCache<string, Promise<DpopKeyInUse>>({ max: 2000 });

  /**
   * The session's stored key, ready to sign for `configuration`'s server. Imported from the JWK even right after
   * sign-in, so the copy kept here cannot be exported.
   */
  use(configuration: oidc.Configuration, stored: SessionDpopKey): Promise<DpopKeyInUse> {
    const cached = this.#inUse.get(stored.thumbprint);
    if (cached) return cached;
    const made = (async () => {
      const pair = await importSessionDpopKey(stored);
      return {
        handle: oidc.getDPoPHandle(configuration, pair),
        signer: await createDpopSigner(pair),
      };
    })();
    made.catch(() => this.#inUse.delete(stored.thumbprint));
    this.#inUse.set(stored.thumbprint, made);
    return made;
  }
}
