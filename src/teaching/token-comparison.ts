/**
 * The guide's side-by-side of an SSWS API token and a scoped OAuth token: how they differ on paper, and (in the
 * sandbox) what each one actually gets from the same endpoints.
 */

/** One line of the paper comparison. */
export interface ComparisonFact {
  aspect: string;
  ssws: string;
  scoped: string;
}

/** How the two kinds of token differ (Okta's documentation on API tokens and OAuth 2.0 for Okta APIs). */
export const COMPARISON_FACTS: readonly ComparisonFact[] = [
  {
    aspect: 'Header',
    ssws: 'Authorization: SSWS 00…',
    scoped: 'Authorization: Bearer …',
  },
  {
    aspect: 'Acts as',
    ssws: 'The admin who created it, with every permission of that admin.',
    scoped: 'The signed-in user, through this app.',
  },
  {
    aspect: 'What it can reach',
    ssws: 'Every management API the admin may use, reading and writing.',
    scoped:
      'Only the Okta API scopes granted to the app and present in the token, and within them only what the user’s admin role allows.',
  },
  {
    aspect: 'Lifetime',
    ssws: 'No fixed end: it stays valid while used, and Okta revokes it after 30 days without use.',
    scoped: 'One hour, fixed by the org authorization server; a refresh token (offline_access) lasts up to 90 days.',
  },
  {
    aspect: 'Revocation',
    ssws: 'Security → API → Tokens → Revoke, or deactivating the admin who created it.',
    scoped: 'POST /oauth2/v1/revoke (this app does it at sign-out), or it simply expires within the hour.',
  },
  {
    aspect: 'Where it lives',
    ssws: 'A long-lived secret in a configuration file or vault, usable from anywhere.',
    scoped: 'In this app’s server-side session, never in the browser.',
  },
];

/** The endpoints the live comparison calls with each token. */
export const COMPARISON_ENDPOINTS: readonly { id: string; path: string; scope: string }[] = [
  { id: 'logs', path: '/api/v1/logs?limit=1', scope: 'okta.logs.read' },
  { id: 'users', path: '/api/v1/users?limit=1', scope: 'okta.users.read' },
  { id: 'groups', path: '/api/v1/groups?limit=1', scope: 'okta.groups.read' },
  { id: 'apps', path: '/api/v1/apps?limit=1', scope: 'okta.apps.read' },
];

/** A token shown masked: its first four characters, dots, and its length. Never the whole token. */
export function maskToken(token: string): string {
  const shown = token.length > 12 ? token.slice(0, 4) : '';
  return `${shown}${'•'.repeat(12)} (${token.length} characters, masked)`;
}

/** One cell of the live comparison. */
export interface ComparisonCell {
  status: number | null;
  errorCode: string | null;
  /** Okta named a missing scope in `WWW-Authenticate`. */
  missingScope: boolean;
  text: string;
}

/** A probe outcome as a cell. */
export function comparisonCell(
  result: { status: number; errorCode: string | undefined; wwwAuthenticate: string | undefined } | null,
): ComparisonCell {
  if (!result) return { status: null, errorCode: null, missingScope: false, text: 'no answer' };
  const missingScope = result.status === 403 && /insufficient_scope/.test(result.wwwAuthenticate ?? '');
  const text =
    result.status === 200
      ? 'allowed'
      : missingScope
        ? 'scope not in token'
        : result.errorCode === 'E0000006'
          ? 'admin role may not'
          : `refused${result.errorCode ? ` (${result.errorCode})` : ''}`;
  return { status: result.status, errorCode: result.errorCode ?? null, missingScope, text };
}
