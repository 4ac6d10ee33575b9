/**
 * Which steps of the setup guide the app can vouch for. The config doctor checks what configuration and discovery
 * show; a finished sign-in proves more (Okta accepted the client, the redirect URI and the user's assignment).
 * Admin roles can only be seen by calling Okta, which the token page does.
 */
import type { DoctorCheck } from '../auth/config-doctor.ts';

/** How far a step is known to be done. */
export type StepStatus = 'verified' | 'failed' | 'unchecked';

/** The steps of the guide, in order. */
export const GUIDE_STEP_IDS = [
  'create-app',
  'redirect-uris',
  'grant-scopes',
  'assign-users',
  'admin-roles',
  'env',
  'org-authorization-server',
] as const;
/** One step of the guide. */
export type GuideStepId = (typeof GUIDE_STEP_IDS)[number];

/** A step's status and why. */
export interface StepVerdict {
  status: StepStatus;
  /** What was checked, or what a reader can do to check it. */
  evidence: string;
  /** The fix, for a failed step. */
  fix: string | null;
}

function find(checks: readonly DoctorCheck[], id: string): DoctorCheck | undefined {
  return checks.find((check) => check.id === id);
}

function fromChecks(checks: readonly DoctorCheck[], ids: readonly string[], passed: string): StepVerdict | undefined {
  const relevant = ids.map((id) => find(checks, id)).filter((check): check is DoctorCheck => check !== undefined);
  const failed = relevant.find((check) => check.status === 'fail');
  if (failed) return { status: 'failed', evidence: failed.detail, fix: failed.fix ?? null };
  if (relevant.length === ids.length && relevant.every((check) => check.status === 'pass')) {
    return { status: 'verified', evidence: passed, fix: null };
  }
  return undefined;
}

function failedCheck(checks: readonly DoctorCheck[], id: string): StepVerdict | undefined {
  const check = find(checks, id);
  return check?.status === 'fail' ? { status: 'failed', evidence: check.detail, fix: check.fix ?? null } : undefined;
}

const UNCHECKED = (evidence: string): StepVerdict => ({ status: 'unchecked', evidence, fix: null });

/** The verdict for every step, from the config doctor's checks and whether this visitor is signed in. */
export function guideVerdicts(
  checks: readonly DoctorCheck[],
  signedIn: boolean,
  redirectUri: string,
): Record<GuideStepId, StepVerdict> {
  const signedInProves = (what: string): StepVerdict =>
    signedIn ? { status: 'verified', evidence: what, fix: null } : UNCHECKED('Sign in to verify this step.');
  const issuer = find(checks, 'issuer-matches');
  return {
    'org-authorization-server':
      fromChecks(
        checks,
        ['org-authorization-server', 'discovery', 'issuer-matches', 'pkce-s256'],
        issuer?.detail ?? 'Discovery names the org itself as the issuer.',
      ) ?? UNCHECKED('Discovery has not answered yet.'),
    'create-app':
      failedCheck(checks, 'client-credentials') ??
      signedInProves('You signed in, so Okta accepted the client id and client secret.'),
    'redirect-uris':
      failedCheck(checks, 'redirect-uri-https') ??
      signedInProves(`You signed in, so Okta knows ${redirectUri} as a sign-in redirect URI.`),
    'grant-scopes':
      fromChecks(
        checks,
        ['requested-scopes', 'granted-scopes'],
        find(checks, 'granted-scopes')?.detail ?? 'Okta granted the scopes.',
      ) ?? UNCHECKED('Sign in to see which scopes Okta grants.'),
    'assign-users': signedInProves('You signed in, so you are assigned to the app.'),
    'admin-roles': UNCHECKED(
      'Only a call to Okta shows what your admin role allows: use "Try it" on the Token page, or open the Users page.',
    ),
    env:
      fromChecks(
        checks,
        ['org-authorization-server', 'client-credentials', 'requested-scopes'],
        'The settings the app started with are complete and consistent.',
      ) ?? UNCHECKED('The settings have not been checked.'),
  };
}
