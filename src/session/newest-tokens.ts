import type { Session } from 'fastify';
import type { TokenSet } from './session-types.ts';
import './session-data.ts';

/**
 * Tokens only move forward. A request that changed something else in its session (a CSRF secret made for its form,
 * a sign-in started in another tab) while a concurrent request, on this instance or another, refreshed the tokens
 * still holds the tokens from before the refresh. Storing its copy as it is would bring back a rotated refresh
 * token that Okta no longer accepts, and the next refresh would sign the person out. So when the stored copy holds
 * other tokens of the same person that expire later, they are a refresh finished meanwhile and are kept: this
 * returns them. Undefined keeps the incoming session's own tokens.
 */
export function newerStoredTokens(incoming: Session, stored: Session | null | undefined): TokenSet | undefined {
  const mine = incoming.tokens;
  const theirs = stored?.tokens;
  if (!mine || !theirs || !incoming.user || incoming.user.sub !== stored?.user?.sub) return undefined;
  if (theirs.accessToken === mine.accessToken || theirs.expiresAt <= mine.expiresAt) return undefined;
  return theirs;
}
