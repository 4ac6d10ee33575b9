/**
 * DPoP (RFC 9449) for management-API calls: every request carries `Authorization: DPoP <token>` and a fresh proof
 * bound to the method, the URL and the token (`ath`); a server nonce is remembered and, when the server asks for
 * one (`use_dpop_nonce`), the request is sent once more with it.
 */
import { parseWwwAuthenticate } from './www-authenticate.ts';

/**
 * What src/okta needs of a DPoP key. openid-client's `getDPoPHandle(config, keyPair)` returns one as it is, so the
 * token endpoint and the management API share one key and one nonce cache (Okta serves both from the org origin).
 */
export interface DpopProofSigner {
  /** Sets a `dpop` header on `headers`: a proof for `htm` at `url`, with `ath` when an access token is given. */
  addProof(url: URL, headers: Headers, htm: string, accessToken?: string): Promise<void>;
  /** Remembers the `DPoP-Nonce` a response carried, for the next proof to the same origin. */
  cacheNonce(response: { headers: Headers }, url: URL): void;
}

/** The proof header for one request. */
export async function dpopProof(signer: DpopProofSigner, url: URL, accessToken: string): Promise<string> {
  const headers = new Headers();
  await signer.addProof(url, headers, 'GET', accessToken);
  const proof = headers.get('dpop');
  if (proof === null) throw new TypeError('the DPoP signer set no dpop header');
  return proof;
}

function headerValues(headers: Record<string, string | string[] | undefined>, name: string): string[] {
  const value = headers[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Tells the signer the nonce a response carried, if any. */
export function rememberNonce(
  signer: DpopProofSigner,
  responseHeaders: Record<string, string | string[] | undefined>,
  url: URL,
): void {
  const nonce = headerValues(responseHeaders, 'dpop-nonce')[0];
  if (nonce === undefined || nonce === '') return;
  signer.cacheNonce({ headers: new Headers({ 'dpop-nonce': nonce }) }, url);
}

/** True when a resource server refused the request because the proof lacked its current nonce. */
export function asksForNonce(status: number, responseHeaders: Record<string, string | string[] | undefined>): boolean {
  if (status !== 401 && status !== 400) return false;
  const challenges = parseWwwAuthenticate(headerValues(responseHeaders, 'www-authenticate'));
  return challenges.some((challenge) => challenge.scheme === 'dpop' && challenge.params.error === 'use_dpop_nonce');
}
