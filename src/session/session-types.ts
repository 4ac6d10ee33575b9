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
