/**
 * What the token inspector shows about the session's tokens: facts, never the tokens. The access token of the org
 * authorization server is opaque by design, so its scopes come from the token response, not from decoding it.
 */
import type { SignedInUser, TokenSet } from '../session/session-types.ts';
import { utcClock } from '../text/reset-time.ts';
import { visible } from '../text/visible-text.ts';

/** A requested scope and whether Okta granted it. */
export interface ScopeFact {
  scope: string;
  granted: boolean;
  /** `okta.*` scopes open management endpoints; the others are OpenID Connect scopes. */
  api: boolean;
}

/** One verified ID-token claim. */
export interface ClaimFact {
  name: string;
  value: string;
  meaning: string;
}

/** Everything the inspector says about the tokens. */
export interface TokenFacts {
  scopes: ScopeFact[];
  /** Granted although not requested (Okta does not do this, but the page would say so). */
  unrequested: string[];
  /** `Bearer` or `DPoP`, as the token response said (openid-client lower-cases it; this is the usual spelling). */
  tokenType: string;
  /** How every management-API call presents the token. */
  scheme: 'Bearer' | 'DPoP';
  /** For a DPoP-bound token: the SHA-256 thumbprint of the session's public key, which the token's `cnf.jkt` names. */
  dpopThumbprint: string | null;
  expiresAt: string;
  /** `HH:MM:SS UTC`. */
  expiresAtText: string;
  secondsLeft: number;
  remainingText: string;
  hasRefreshToken: boolean;
  claims: ClaimFact[];
}

const CLAIM_MEANINGS: Readonly<Record<string, string>> = {
  iss: 'Issuer: the org authorization server (the org URL, no /oauth2/… path).',
  sub: 'Subject: your Okta user id.',
  aud: "Audience: this app's client id. The ID token is for the app; the access token is for Okta.",
  exp: 'Expires: ID tokens of the org authorization server last one hour.',
  iat: 'Issued at.',
  auth_time: 'When you signed in to Okta.',
  nonce: 'The value the app sent at sign-in; checked so a replayed ID token is refused.',
  at_hash: 'A hash of the access token, binding the two together.',
  amr: 'How you authenticated (pwd = password, mfa, …).',
  idp: 'The identity provider that authenticated you.',
  name: 'Your name (profile scope).',
  preferred_username: 'Your Okta login (profile scope).',
  email: 'Your email address (email scope).',
  email_verified: 'Whether Okta verified the email address.',
  ver: 'Token format version.',
  jti: 'Unique id of this ID token.',
};

const TIME_CLAIMS = new Set(['exp', 'iat', 'auth_time', 'updated_at']);

/** `59 min 12 s`, `12 s`, or `expired`. */
export function remaining(seconds: number): string {
  if (seconds <= 0) return 'expired';
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (minutes >= 60) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return minutes > 0 ? `${minutes} min ${rest} s` : `${rest} s`;
}

function claimValue(name: string, value: unknown): string {
  if (TIME_CLAIMS.has(name) && typeof value === 'number') {
    return `${value} (${new Date(value * 1000).toISOString().replace('T', ' ').slice(0, 19)} UTC)`;
  }
  return visible(typeof value === 'string' ? value : JSON.stringify(value));
}

/** `Bearer`, `DPoP`, or another type as Okta wrote it (shown as text). */
export function tokenTypeText(tokenType: string): string {
  const lower = tokenType.toLowerCase();
  if (lower === '' || lower === 'bearer') return 'Bearer';
  if (lower === 'dpop') return 'DPoP';
  return visible(tokenType);
}

/** The facts for the inspector, at `now`. */
export function tokenFacts(
  requested: readonly string[],
  tokens: TokenSet,
  user: SignedInUser,
  now = Date.now(),
): TokenFacts {
  const granted = tokens.grantedScopes;
  const secondsLeft = Math.max(0, Math.floor((tokens.expiresAt - now) / 1000));
  return {
    scopes: requested.map((scope) => ({ scope, granted: granted.includes(scope), api: scope.startsWith('okta.') })),
    unrequested: granted.filter((scope) => !requested.includes(scope)),
    tokenType: tokenTypeText(tokens.tokenType),
    scheme: tokens.dpopKey ? 'DPoP' : 'Bearer',
    dpopThumbprint: tokens.dpopKey?.thumbprint ?? null,
    expiresAt: new Date(tokens.expiresAt).toISOString(),
    expiresAtText: utcClock(tokens.expiresAt),
    secondsLeft,
    remainingText: remaining(secondsLeft),
    hasRefreshToken: Boolean(tokens.refreshToken),
    claims: Object.entries(user.idTokenClaims)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, value]) => ({
        name: visible(name),
        value: claimValue(name, value),
        meaning: CLAIM_MEANINGS[name] ?? '',
      })),
  };
}
