/**
 * Which admin roles can use each Okta API scope the app asks for. A granted scope adds no permission: Okta checks the
 * signed-in user's admin role on every call (effective permission = granted scope ∩ admin role).
 */

/** A scope, what it reads, and the standard admin roles whose permissions cover it. */
export interface ScopeRoles {
  scope: string;
  reads: string;
  roles: readonly string[];
  /** Roles that do not cover it, worth naming because they look as if they might. */
  notEnough: string;
}

/** The scopes this app asks for, with the roles that cover them. */
export const SCOPE_ROLES: readonly ScopeRoles[] = [
  {
    scope: 'okta.logs.read',
    reads: 'the System Log (GET /api/v1/logs)',
    roles: ['Super Administrator', 'Read-only Administrator', 'Report Administrator'],
    notEnough: 'Help Desk Administrator, or no admin role at all',
  },
  {
    scope: 'okta.users.read',
    reads: 'users (GET /api/v1/users)',
    roles: [
      'Super Administrator',
      'Read-only Administrator',
      'Help Desk Administrator',
      'Organization Administrator',
      'Group Administrator (users of the groups they manage)',
    ],
    notEnough: 'Report Administrator, or no admin role at all',
  },
];
