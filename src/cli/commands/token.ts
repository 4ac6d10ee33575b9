/**
 * `token`: what the service app's token is, never the token: the type (Bearer or DPoP), the granted scopes, the
 * expiry and the key thumbprints.
 */
import type { TokenFacts } from '../service-token.ts';

/** The lines `token` prints. */
export function describeToken(facts: TokenFacts, now = Date.now()): string {
  const minutes = Math.max(0, Math.round((facts.expiresAt.getTime() - now) / 60_000));
  const lines = [
    `Token type:            ${facts.tokenType}`,
    `Granted scopes:        ${facts.grantedScopes.join(' ') || '(none)'}`,
    `Expires:               ${facts.expiresAt.toISOString()} (in ${minutes} min)`,
    `Client key thumbprint: ${facts.clientKeyThumbprint} (RFC 7638, SHA-256)`,
    facts.dpopKeyThumbprint
      ? `DPoP key thumbprint:   ${facts.dpopKeyThumbprint} (the token's cnf.jkt)`
      : 'DPoP key thumbprint:   none (the token is not bound to a key)',
  ];
  return `${lines.join('\n')}\n`;
}

/** What `token` prints in SSWS mode, where there is no OAuth token. */
export const SSWS_TOKEN_DESCRIPTION =
  "Token type:            SSWS (an API token: no scopes, no expiry while used; it acts with all of its admin's rights)\n";
