import { DPOP_ALGORITHMS } from '../dpop-proof.ts';
/**
 * `WWW-Authenticate` values in Okta's wording. The insufficient-scope text and parameter order are copied from
 * Okta's answers (support.okta.com "403 Forbidden error using an Okta connector Action card", okta-sdk-golang#145);
 * realm and authorization_uri carry the org URL as-is.
 */
export function insufficientScopeChallenge(
  orgUrl: string,
  scope: string,
  resource: string,
  scheme: 'bearer' | 'dpop' = 'bearer',
): string {
  if (scheme === 'dpop') {
    return dpopChallenge(orgUrl, {
      scope,
      error: 'insufficient_scope',
      description: 'The access token provided does not contain the required scopes.',
      resource,
    });
  }
  return (
    `Bearer authorization_uri="${orgUrl}/oauth2/v1/authorize", realm="${orgUrl}", scope="${scope}", ` +
    `error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", ` +
    `resource="${resource}"`
  );
}

/** The challenge sent with 401 E0000011 (catalogue description "The access token is invalid."). */
export function invalidTokenChallenge(orgUrl: string, scheme: string | null = 'bearer'): string {
  if (scheme?.toLowerCase() === 'dpop') {
    return dpopChallenge(orgUrl, { error: 'invalid_token', description: 'The access token is invalid.' });
  }
  return (
    `Bearer authorization_uri="${orgUrl}/oauth2/v1/authorize", realm="${orgUrl}", ` +
    `error="invalid_token", error_description="The access token is invalid."`
  );
}

/** The algorithms Okta's DPoP challenges advertise. */
const DPOP_ALGS = DPOP_ALGORITHMS.join(' ');

/**
 * A `DPoP` challenge in Okta's form, as captured from the management API (okta/terraform-provider-okta#2375 for
 * insufficient_scope, #2392 and okta/okta-sdk-nodejs#453 for invalid_dpop_proof): algs, authorization_uri, realm,
 * the endpoint's scope, error, error_description, resource (the path).
 */
export function dpopChallenge(
  orgUrl: string,
  fields: { error: string; description: string; scope?: string; resource?: string },
): string {
  return [
    `DPoP algs="${DPOP_ALGS}"`,
    `authorization_uri="${orgUrl}/oauth2/v1/authorize"`,
    `realm="${orgUrl}"`,
    ...(fields.scope ? [`scope="${fields.scope}"`] : []),
    `error="${fields.error}"`,
    `error_description="${fields.description}"`,
    ...(fields.resource ? [`resource="${fields.resource}"`] : []),
  ].join(', ');
}
