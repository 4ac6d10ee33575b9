/**
 * `WWW-Authenticate` values in Okta's wording. The insufficient-scope text and parameter order are copied from
 * Okta's answers (support.okta.com "403 Forbidden error using an Okta connector Action card", okta-sdk-golang#145);
 * realm and authorization_uri carry the org URL as-is.
 */
export function insufficientScopeChallenge(orgUrl: string, scope: string, resource: string): string {
  return (
    `Bearer authorization_uri="${orgUrl}/oauth2/v1/authorize", realm="${orgUrl}", scope="${scope}", ` +
    `error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", ` +
    `resource="${resource}"`
  );
}

/** The challenge sent with 401 E0000011 (catalogue description "The access token is invalid."). */
export function invalidTokenChallenge(orgUrl: string): string {
  return (
    `Bearer authorization_uri="${orgUrl}/oauth2/v1/authorize", realm="${orgUrl}", ` +
    `error="invalid_token", error_description="The access token is invalid."`
  );
}
