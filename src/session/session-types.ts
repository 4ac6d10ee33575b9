/**
 * The key a DPoP-bound session proves possession of: made for this session at sign-in, kept with its tokens (the
 * refresh token may be bound to it too), server-side only. The private JWK also holds the public part.
 */
export interface SessionDpopKey {
  /** ES256 private key as a JWK (`kty`, `crv`, `x`, `y`, `d`). Never rendered, logged or sent to the browser. */
  privateJwk: { kty: string; crv: string; x: string; y: string; d: string };
  /** RFC 7638 SHA-256 thumbprint of the public key: the `cnf.jkt` of the tokens bound to it. Safe to show. */
  thumbprint: string;
}

/** What the app keeps after sign-in, server-side only. Never rendered, logged or sent to the browser. */
export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  idToken: string;
  tokenType: string;
  /** Epoch ms at which the access token expires (Okta's org AS: one hour after issue). */
  expiresAt: number;
  /** The scopes Okta actually granted, from the token response: the source of truth (org-AS tokens are opaque). */
  grantedScopes: string[];
  /** Present when Okta bound the tokens to a key (`token_type: DPoP`): every use of them needs a proof by it. */
  dpopKey?: SessionDpopKey;
}

/** The signed-in person, from the verified ID token and userinfo. */
export interface SignedInUser {
  sub: string;
  name: string;
  login: string;
  email?: string;
  /** The verified ID-token claims, shown by the token inspector. */
  idTokenClaims: Record<string, unknown>;
}

/** One sign-in in progress: the secrets that bind Okta's answer to this browser. Kept server-side. */
export interface LoginTransaction {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  createdAt: number;
}
