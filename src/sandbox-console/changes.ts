/**
 * The changes the sandbox console makes, checked against what the sandbox knows, applied through the controls, and
 * explained: after each one the console says what the learner should do next and why (a scope needs a new token, a
 * role applies at once, an assignment is checked at sign-in).
 */
import type { ConsoleApp, FaultEndpoint, FaultKind, SandboxControls, SandboxState } from './controls.ts';

/** One change an admin would make in the Okta Admin Console. */
export type ConsoleChange =
  | { kind: 'scope'; scope: string; granted: boolean }
  | { kind: 'role'; userId: string; role: string | null }
  | { kind: 'assignment'; userId: string; assigned: boolean }
  | { kind: 'rate-limits' }
  | { kind: 'require-dpop'; app: ConsoleApp; required: boolean }
  | { kind: 'service-scope'; scope: string; granted: boolean }
  | { kind: 'service-role'; role: string | null }
  | { kind: 'fault'; endpoint: FaultEndpoint; fault: FaultKind | null };

/** What the console says after a change. */
export interface ConsoleNotice {
  title: string;
  steps: string[];
  /** The button to offer: a new sign-in (scopes), going back to the page (roles, faults), or nothing. */
  next: 'sign-in-again' | 'go-back' | 'none';
}

/** The viewer as the console needs it: who is signed in and what their token carries. */
export interface ConsoleViewer {
  login: string;
  grantedScopes: readonly string[];
}

const ENDPOINT_PATHS: Readonly<Record<FaultEndpoint, string>> = {
  logs: 'GET /api/v1/logs',
  users: 'GET /api/v1/users (and /api/v1/users/{id})',
};
const ENDPOINT_PAGES: Readonly<Record<FaultEndpoint, string>> = { logs: 'System Log', users: 'Users' };

/** Why the change cannot be made, or null when the sandbox knows everything it names. */
export function refusal(change: ConsoleChange, state: SandboxState): string | null {
  const account = (userId: string) => state.accounts.some((candidate) => candidate.userId === userId);
  switch (change.kind) {
    case 'scope':
      return state.scopes.some((item) => item.scope === change.scope) ? null : 'The sandbox does not know that scope.';
    case 'role':
      if (!account(change.userId)) return 'The sandbox has no such account.';
      return change.role === null || state.roles.some((role) => role.id === change.role)
        ? null
        : 'The sandbox does not know that admin role.';
    case 'assignment':
      return account(change.userId) ? null : 'The sandbox has no such account.';
    case 'service-scope':
      return state.serviceApp.scopes.some((item) => item.scope === change.scope)
        ? null
        : 'The sandbox does not know that scope.';
    case 'service-role':
      return change.role === null || state.roles.some((role) => role.id === change.role)
        ? null
        : 'The sandbox does not know that admin role.';
    default:
      return null;
  }
}

/** Applies a change that passed {@link refusal}. */
export function applyChange(controls: SandboxControls, change: ConsoleChange): void {
  switch (change.kind) {
    case 'scope':
      controls.setScopeGranted(change.scope, change.granted);
      break;
    case 'role':
      controls.setAdminRole(change.userId, change.role);
      break;
    case 'assignment':
      controls.setAssigned(change.userId, change.assigned);
      break;
    case 'rate-limits':
      controls.resetRateLimits();
      break;
    case 'fault':
      controls.setFault(change.endpoint, change.fault);
      break;
    case 'require-dpop':
      controls.setRequireDpop(change.app, change.required);
      break;
    case 'service-scope':
      controls.setServiceAppScopeGranted(change.scope, change.granted);
      break;
    case 'service-role':
      controls.setServiceAppRole(change.role);
      break;
  }
}

function loginOf(state: SandboxState, userId: string): string {
  return state.accounts.find((account) => account.userId === userId)?.login ?? userId;
}

function explainScope(scope: string, granted: boolean, viewer: ConsoleViewer | null): ConsoleNotice {
  const carries = viewer?.grantedScopes.includes(scope) ?? false;
  const steps = [
    `Scopes are fixed when Okta issues a token. ${
      viewer
        ? `Your current token ${carries ? 'still carries' : 'does not carry'} ${scope}; in this sandbox, tokens already issued keep their scopes until they expire.`
        : 'Tokens already issued keep their scopes until they expire.'
    }`,
    `Sign in again to get a token ${granted ? `with ${scope}` : `without ${scope}`}, then open the page that needs it.`,
  ];
  if (!granted) {
    steps.push(
      'Okta leaves an ungranted scope out of the token without an error; if no requested okta.* scope is granted at all, it refuses the sign-in with consent_required.',
    );
  }
  return { title: `${granted ? 'Granted' : 'Revoked'} ${scope} on the web app`, steps, next: 'sign-in-again' };
}

function explainRole(state: SandboxState, userId: string, roleId: string | null): ConsoleNotice {
  const login = loginOf(state, userId);
  const role = state.roles.find((candidate) => candidate.id === roleId);
  const readable = role?.readable ?? [];
  const apiScopes = state.scopes.map((item) => item.scope).filter((scope) => scope.endsWith('.read'));
  const allowed = apiScopes.filter((scope) => roleId === 'SUPER_ADMIN' || readable.includes(scope));
  const denied = apiScopes.filter((scope) => !allowed.includes(scope));
  return {
    title: role ? `${login} is now a ${role.label}` : `${login} has no admin role now`,
    steps: [
      'Okta checks admin roles on every API call, so this applies to the next page you open: no new sign-in needed.',
      allowed.length > 0
        ? `With this role, a token's ${allowed.join(', ')} can be used.`
        : 'With no admin role, a scoped token reads nothing: every management call answers 403 E0000006.',
      ...(denied.length > 0 && allowed.length > 0
        ? [`${denied.join(', ')} answer 403 E0000006 even when the token carries them.`]
        : []),
    ],
    next: 'go-back',
  };
}

/** Okta's refusal of a token request without a proof, from an app that requires DPoP. */
const NO_PROOF_REFUSAL = 'invalid_dpop_proof "The DPoP proof JWT header is missing."';

function explainRequireDpop(state: SandboxState, app: ConsoleApp, required: boolean): ConsoleNotice {
  const label = app === 'web' ? state.app.label : state.serviceApp.label;
  if (!required) {
    return {
      title: `${label} no longer requires DPoP`,
      steps: [
        'Its next token is a plain Bearer token, even if the request carries a DPoP proof (Okta ignores the proof then).',
        'Tokens already issued keep their binding: a DPoP-bound token still needs a DPoP proof with every API call.',
      ],
      next: app === 'web' ? 'sign-in-again' : 'none',
    };
  }
  return {
    title: `${label} now requires DPoP`,
    steps: [
      `Its token requests must carry a DPoP proof: one without is refused with ${NO_PROOF_REFUSAL}`,
      "The first request with a proof is answered 400 use_dpop_nonce with a DPoP-Nonce header; the retry with that nonce gets token_type DPoP, bound to the proof's key (cnf.jkt).",
      'API calls with that token then use "Authorization: DPoP" and a fresh proof each time; tokens already issued keep working as they are until they expire.',
    ],
    next: app === 'web' ? 'sign-in-again' : 'none',
  };
}

function explainServiceScope(state: SandboxState, scope: string, granted: boolean): ConsoleNotice {
  const label = state.serviceApp.label;
  return {
    title: `${granted ? 'Granted' : 'Revoked'} ${scope} on the service app`,
    steps: [
      'Scopes are fixed when Okta issues a token: tokens the service app already holds keep theirs until they expire.',
      granted
        ? `${label}'s next client_credentials token can carry ${scope} when it asks for it.`
        : `${label}'s next client_credentials token leaves ${scope} out without an error when another requested scope is granted; if none is, the request is refused with consent_required.`,
    ],
    next: 'none',
  };
}

function explainServiceRole(state: SandboxState, roleId: string | null): ConsoleNotice {
  const role = state.roles.find((candidate) => candidate.id === roleId);
  const readable = role?.readable ?? [];
  const allowed = state.serviceApp.scopes
    .map((item) => item.scope)
    .filter((scope) => scope.endsWith('.read') && (roleId === 'SUPER_ADMIN' || readable.includes(scope)));
  return {
    title: role ? `The service app is now a ${role.label}` : 'The service app has no admin role now',
    steps: [
      "Okta checks a service app's admin roles on every API call, so this applies to its next call: no new token needed.",
      allowed.length > 0
        ? `With this role, its token's ${allowed.join(', ')} can be used.`
        : 'With no admin role, its token reads nothing: every management call answers 403 E0000006.',
    ],
    next: 'none',
  };
}

/** What an endpoint does with `fault` on, as words after "now". */
function faultEffect(state: SandboxState, fault: FaultKind): string {
  switch (fault) {
    case 'rate-limit':
      return 'answers 429 E0000047 (rate limit) every time';
    case 'unavailable':
      return 'answers 503 (Okta unavailable) every time';
    case 'slow':
      return `waits ${Math.round(state.slowMs / 1000)} seconds before every answer`;
    case 'slow-body':
      return `answers 200 at once but trickles the body out over ${Math.round(state.slowBodyMs / 1000)} seconds`;
    case 'oversized':
      return `answers 200 with a ${Math.round(state.oversizedBytes / (1024 * 1024))} MiB body, far larger than any real page`;
  }
}

function explainFault(state: SandboxState, endpoint: FaultEndpoint, fault: FaultKind | null): ConsoleNotice {
  const path = ENDPOINT_PATHS[endpoint];
  const page = ENDPOINT_PAGES[endpoint];
  if (fault === null) {
    return { title: `${path} answers normally again`, steps: [`Reload ${page} to see it work.`], next: 'go-back' };
  }
  const what = faultEffect(state, fault);
  return {
    title: `${path} now ${what}`,
    steps: [
      `Open ${page} to see how the app explains it${fault === 'unavailable' ? ' (it retries twice with a short backoff first)' : ''}.`,
      'Switch the fault off here when you are done.',
    ],
    next: 'go-back',
  };
}

/** What to tell the learner after `change`, given the sandbox state after it and who is signed in. */
export function explainChange(change: ConsoleChange, state: SandboxState, viewer: ConsoleViewer | null): ConsoleNotice {
  switch (change.kind) {
    case 'scope':
      return explainScope(change.scope, change.granted, viewer);
    case 'role':
      return explainRole(state, change.userId, change.role);
    case 'assignment': {
      const login = loginOf(state, change.userId);
      return change.assigned
        ? {
            title: `${login} is assigned to the web app`,
            steps: ['Assignments are checked at sign-in: this account can sign in to the app again.'],
            next: 'none',
          }
        : {
            title: `${login} is no longer assigned to the web app`,
            steps: [
              `Assignments are checked at sign-in: the next sign-in as ${login} is refused with access_denied "User is not assigned to the client application."`,
              'Sessions that are already signed in keep working until their token expires. Sign out and sign in as this account to see the refusal.',
            ],
            next: 'none',
          };
    }
    case 'rate-limits':
      return {
        title: 'Rate-limit counters reset',
        steps: [
          'Every bucket starts a fresh one-minute window: the next call has the full budget again, and the app forgets the budget it remembered.',
        ],
        next: 'go-back',
      };
    case 'fault':
      return explainFault(state, change.endpoint, change.fault);
    case 'require-dpop':
      return explainRequireDpop(state, change.app, change.required);
    case 'service-scope':
      return explainServiceScope(state, change.scope, change.granted);
    case 'service-role':
      return explainServiceRole(state, change.role);
  }
}
