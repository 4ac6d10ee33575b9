/**
 * Okta admin roles as the sandbox models them. In Okta a scoped token is only as strong as the signed-in
 * user's admin role: effective permission = scope granted to the app ∩ permission of the user's role
 * ("Silent downscoping", developer.okta.com/docs/guides/implement-oauth-for-okta).
 */
export type AdminRole = 'SUPER_ADMIN' | 'READ_ONLY_ADMIN' | 'REPORT_ADMIN' | 'HELP_DESK_ADMIN';

export interface AdminRoleInfo {
  label: string;
  /** The `okta.*` read scopes whose endpoints this role may use. */
  readable: readonly string[];
}

const ALL_READ = ['okta.logs.read', 'okta.users.read', 'okta.groups.read', 'okta.apps.read', 'okta.factors.read'];

export const ADMIN_ROLES: Readonly<Record<AdminRole, AdminRoleInfo>> = {
  SUPER_ADMIN: { label: 'Super Administrator', readable: ALL_READ },
  READ_ONLY_ADMIN: { label: 'Read-only Administrator', readable: ALL_READ },
  REPORT_ADMIN: { label: 'Report Administrator', readable: ['okta.logs.read'] },
  HELP_DESK_ADMIN: { label: 'Help Desk Administrator', readable: ['okta.users.read', 'okta.groups.read'] },
};

export function isAdminRole(value: string): value is AdminRole {
  return Object.hasOwn(ADMIN_ROLES, value);
}

/** Whether someone holding `roles` may use an endpoint that needs `scope`. */
export function rolesAllow(roles: readonly AdminRole[], scope: string): boolean {
  return roles.some((role) => ADMIN_ROLES[role].readable.includes(scope));
}
