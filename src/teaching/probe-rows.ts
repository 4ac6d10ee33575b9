/**
 * The token inspector's "try it" table: management endpoints, the scope each needs, and the lesson in Okta's answer.
 * Two rows are what the app asked for; the others it did not, so the token cannot reach them whatever the admin role.
 */
import { type ProbeResult, parseWwwAuthenticate } from '../okta/index.ts';

/** One endpoint to try. */
export interface ProbeRow {
  id: string;
  /** Path and query, always under /api/v1/ (probeOkta refuses anything else). */
  path: string;
  /** The scope Okta wants for it. */
  scope: string;
  what: string;
}

/** The rows, in the order the page shows them. */
export const PROBE_ROWS: readonly ProbeRow[] = [
  { id: 'logs', path: '/api/v1/logs?limit=1', scope: 'okta.logs.read', what: 'System Log events' },
  { id: 'users', path: '/api/v1/users?limit=1', scope: 'okta.users.read', what: 'users' },
  { id: 'me', path: '/api/v1/users/me', scope: 'okta.users.read', what: 'your own user' },
  { id: 'groups', path: '/api/v1/groups?limit=1', scope: 'okta.groups.read', what: 'groups' },
  { id: 'apps', path: '/api/v1/apps?limit=1', scope: 'okta.apps.read', what: 'applications' },
  { id: 'factors', path: '/api/v1/users/me/factors', scope: 'okta.factors.read', what: 'your enrolled factors' },
];

/** The ids of {@link PROBE_ROWS}, for a form schema. */
export const PROBE_IDS = PROBE_ROWS.map((row) => row.id);

/** A probe's answer kept in the session until the next sign-in. */
export interface StoredProbe extends ProbeResult {
  /** ISO time of the try. */
  at: string;
  /** Set when Okta gave no answer at all (network, timeout). */
  failure?: string | undefined;
}

declare module 'fastify' {
  interface Session {
    /** The token inspector's latest try per row, keyed by row id. */
    tokenProbes?: Record<string, StoredProbe> | undefined;
  }
}

/** What an answer teaches. */
export interface ProbeLesson {
  tone: 'ok' | 'warn' | 'danger';
  headline: string;
  text: string;
}

function challengedScope(header: string | undefined): string | undefined {
  const challenge = parseWwwAuthenticate(header).find((item) => item.params.error === 'insufficient_scope');
  return challenge?.params.scope;
}

/** The lesson of one answer, given what the app asked for and what Okta granted at sign-in. */
export function probeLesson(
  row: ProbeRow,
  result: StoredProbe,
  requested: readonly string[],
  granted: readonly string[],
): ProbeLesson {
  if (result.failure) {
    return { tone: 'danger', headline: 'No answer', text: `Okta did not answer: ${result.failure}.` };
  }
  const { status } = result;
  if (status >= 200 && status < 300) {
    const count = result.itemCount ?? 0;
    return {
      tone: 'ok',
      headline: 'Allowed',
      text: `The token carries ${row.scope} and your admin role may read ${row.what}. Okta returned ${count} item${count === 1 ? '' : 's'}.`,
    };
  }
  const scope = challengedScope(result.wwwAuthenticate);
  if (status === 403 && scope !== undefined) {
    const why = !requested.includes(scope)
      ? `The app never asked for ${scope}, so Okta could not put it in the token. A scoped token reaches only what it was issued for; an SSWS API token of a super admin would have read this.`
      : !granted.includes(scope)
        ? `The app asked for ${scope}, but Okta did not grant it: it is not granted on the app's "Okta API Scopes" tab. Grant it, then sign in again.`
        : `The token response listed ${scope}, yet Okta says the token lacks it. Sign in again for a fresh token.`;
    return { tone: 'warn', headline: 'Missing scope (insufficient_scope)', text: why };
  }
  if (status === 403 && result.errorCode === 'E0000006') {
    return {
      tone: 'warn',
      headline: 'Admin role too weak (E0000006)',
      text: `The token carries the scope, but your admin role may not read ${row.what}. Effective permission = granted scope ∩ admin role.`,
    };
  }
  if (status === 401) {
    return {
      tone: 'danger',
      headline: 'Token not accepted',
      text: 'Okta did not accept the token: it expired or was revoked. Refresh it or sign in again.',
    };
  }
  if (status === 429) {
    return {
      tone: 'danger',
      headline: 'Rate limited',
      text: "This app used its share of the endpoint's rate limit. The counter resets within a minute.",
    };
  }
  if (status === 404) {
    return { tone: 'warn', headline: 'Not found', text: 'Okta has no such resource, or your role may not see it.' };
  }
  if (status >= 500) {
    return { tone: 'danger', headline: 'Okta failed', text: `Okta answered ${status}: a problem on Okta's side.` };
  }
  return { tone: 'warn', headline: `HTTP ${status}`, text: `Okta answered ${status}.` };
}
