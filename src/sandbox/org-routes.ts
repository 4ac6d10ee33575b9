/** The org authorization server's endpoints, at Okta's paths. */
export const ORG_ROUTES = {
  authorization: '/oauth2/v1/authorize',
  token: '/oauth2/v1/token',
  jwks: '/oauth2/v1/keys',
  userinfo: '/oauth2/v1/userinfo',
  revocation: '/oauth2/v1/revoke',
  introspection: '/oauth2/v1/introspect',
  end_session: '/oauth2/v1/logout',
} as const;
