import type { LoginTransaction, SignedInUser, TokenSet } from './session-types.ts';

declare module 'fastify' {
  interface Session {
    /** Sign-ins started in this browser and not finished yet, keyed by their `state`. */
    pendingLogins?: Record<string, LoginTransaction>;
    tokens?: TokenSet;
    user?: SignedInUser;
    /** Epoch ms of the sign-in, for the absolute session timeout. */
    signedInAt?: number;
  }
}

/** A sign-in transaction lives at most this long (Okta's own authorization code lives 5 minutes). */
export const LOGIN_TRANSACTION_TTL_MS = 10 * 60 * 1000;
/** Several tabs may sign in at once; more pending sign-ins than this and the oldest is forgotten. */
export const MAX_PENDING_LOGINS = 5;

/** Session cookie name: `__Host-` (Secure, Path=/, no Domain) whenever the app is served over https. */
export function sessionCookieName(appBaseUrl: URL): string {
  return appBaseUrl.protocol === 'https:' ? '__Host-sid' : 'sid';
}
