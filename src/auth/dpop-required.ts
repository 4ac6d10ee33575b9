import * as oidc from 'openid-client';

/**
 * True when the token endpoint refused a request because it carried no DPoP proof: the app's client has "Require
 * Demonstrating Proof of Possession (DPoP) header in token requests" ticked (`dpop_bound_access_tokens: true`).
 * Okta answers `400 invalid_dpop_proof` "The DPoP proof JWT header is missing."; other servers say
 * `invalid_request` with a description naming DPoP. Only meaningful for a request sent without a proof.
 */
export function refusedForMissingDpop(error: unknown): boolean {
  if (!(error instanceof oidc.ResponseBodyError)) return false;
  if (error.error === 'invalid_dpop_proof') return true;
  return error.error === 'invalid_request' && /dpop/i.test(error.error_description ?? '');
}
