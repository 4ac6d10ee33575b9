/**
 * The management API as a DPoP resource server (RFC 9449 §7–9), answering in Okta's words (error catalogue):
 * - a DPoP-bound token must come with the `DPoP` scheme (else 400 `invalid_request`) and a proof (else 400
 *   `invalid_request`) that is well formed, signed by the key the token is bound to, for this method and URL, for this
 *   token (`ath`), recent, and never seen before (else 400 `invalid_dpop_proof`);
 * - the proof must carry the org's current nonce, else 401 `use_dpop_nonce` with a `DPoP-Nonce` header (the client
 *   retries once with it);
 * - a Bearer token presented with the `DPoP` scheme is refused with 401 `invalid_token`.
 * Okta answers these with no body and the reason in `WWW-Authenticate` (okta/okta-sdk-dotnet#852: "400 and an empty
 * body"; terraform-provider-okta#2392 for the header).
 */
import type { DpopNonces } from '../dpop-nonces.ts';
import { checkProof, PROOF_ERRORS, PROOF_MAX_AGE_SECONDS, PROOF_MAX_SKEW_SECONDS } from '../dpop-proof.ts';
import type { Caller } from './caller.ts';

/** Okta's texts for the resource-side refusals that are not about the proof itself. */
export const RESOURCE_DPOP_ERRORS = {
  proofRequired: 'The resource request requires a DPoP proof.',
  schemeRequired: 'The resource request must use the DPoP authentication scheme when using a DPoP bound token.',
  notBound: 'The presented access_token is not DPoP bound.',
  nonce: 'Resource server requires nonce in DPoP proof.',
} as const;

export interface DpopRefusal {
  status: 400 | 401;
  error: 'invalid_request' | 'invalid_dpop_proof' | 'invalid_token' | 'use_dpop_nonce';
  description: string;
  /** The nonce to send in `DPoP-Nonce`. */
  nonce?: string;
}

export interface DpopRequest {
  method: string;
  /** The request URL on the org (query and fragment are ignored). */
  url: string;
  /** The `DPoP` header as received (Node joins repeated ones with ", "). */
  proof: string | undefined;
}

/** Checks DPoP for management-API calls; remembers the proofs it accepted, to refuse them if replayed. */
export class ResourceDpop {
  readonly #nonces: DpopNonces;
  readonly #now: () => number;
  /** `jkt jti` → when it may be forgotten (ms): after that its `iat` is too old to pass anyway. */
  readonly #seen = new Map<string, number>();

  constructor(nonces: DpopNonces, now: () => number = Date.now) {
    this.#nonces = nonces;
    this.#now = now;
  }

  /** Why the request is refused, or undefined when DPoP has nothing against it. */
  async check(caller: Caller, request: DpopRequest): Promise<DpopRefusal | undefined> {
    const presented = caller.presented;
    if (!presented) return undefined;
    if (!presented.jkt) {
      if (presented.scheme === 'dpop') {
        return { status: 401, error: 'invalid_token', description: RESOURCE_DPOP_ERRORS.notBound };
      }
      return undefined;
    }
    if (presented.scheme !== 'dpop') {
      return { status: 400, error: 'invalid_request', description: RESOURCE_DPOP_ERRORS.schemeRequired };
    }
    if (!request.proof)
      return { status: 400, error: 'invalid_request', description: RESOURCE_DPOP_ERRORS.proofRequired };

    const nowMs = this.#now();
    const result = await checkProof(request.proof, {
      htm: request.method,
      htu: request.url,
      accessToken: presented.token,
      nowSeconds: nowMs / 1000,
    });
    if (!result.ok) return { status: 400, error: 'invalid_dpop_proof', description: result.description };
    if (result.jkt !== presented.jkt) {
      return { status: 400, error: 'invalid_dpop_proof', description: PROOF_ERRORS.notBound };
    }
    if (!result.nonce || !this.#nonces.accepts(result.nonce, nowMs / 1000)) {
      return {
        status: 401,
        error: 'use_dpop_nonce',
        description: RESOURCE_DPOP_ERRORS.nonce,
        nonce: this.#nonces.next(nowMs / 1000),
      };
    }
    this.#forgetOld(nowMs);
    const key = `${result.jkt} ${result.jti}`;
    if (this.#seen.has(key)) return { status: 400, error: 'invalid_dpop_proof', description: PROOF_ERRORS.replayed };
    this.#seen.set(key, nowMs + (PROOF_MAX_AGE_SECONDS + PROOF_MAX_SKEW_SECONDS + 60) * 1000);
    return undefined;
  }

  #forgetOld(nowMs: number): void {
    // Entries are added with a fixed lifetime, so the oldest come first.
    for (const [key, until] of this.#seen) {
      if (until > nowMs) break;
      this.#seen.delete(key);
    }
  }
}
