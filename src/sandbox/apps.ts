import type { JWK } from 'jose';
import type { AdminRole } from './admin-roles.ts';

/** The OIDC scopes every app may request; `okta.*` scopes additionally need a grant. */
export const OIDC_SCOPES = ['openid', 'profile', 'email', 'address', 'phone', 'offline_access', 'groups'] as const;

/** The Okta API scopes the sandbox knows, with the endpoint each one opens (the console's "Okta API Scopes" tab). */
export const OKTA_API_SCOPES = [
  'okta.logs.read',
  'okta.users.read',
  'okta.users.manage',
  'okta.groups.read',
  'okta.apps.read',
  'okta.factors.read',
] as const;

export function isOktaApiScope(scope: string): boolean {
  return scope.startsWith('okta.');
}

/** The demo OIDC Web app: what the Okta console would show for it. */
export interface WebApp {
  readonly label: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUris: readonly string[];
  readonly postLogoutRedirectUris: readonly string[];
  /** Granted Okta API scopes ("Okta API Scopes" tab → Grant). Mutable: the sandbox console changes it. */
  readonly grants: Set<string>;
  /** Users assigned to the app ("Assignments" tab). Unassigned users are refused at sign-in. */
  readonly assignedUserIds: Set<string>;
  /** "Require Demonstrating Proof of Possession (DPoP) header in token requests" (`dpop_bound_access_tokens`). */
  requireDpop: boolean;
}

/** A service app: client_credentials with private_key_jwt, acting with its own admin roles. */
export interface ServiceApp {
  readonly label: string;
  readonly clientId: string;
  readonly publicJwk: JWK;
  /** The private key, so tests and local tools can sign client assertions. Sandbox only. */
  readonly privateJwk: JWK;
  readonly grants: Set<string>;
  readonly adminRoles: AdminRole[];
  /** "Require Demonstrating Proof of Possession (DPoP) header in token requests" (`dpop_bound_access_tokens`). */
  requireDpop: boolean;
}

/** Whether the app with `clientId` has "Require DPoP" ticked; false for a client the org does not know. */
export function requiresDpop(apps: { webApp: WebApp; serviceApp: ServiceApp }, clientId: string | undefined): boolean {
  if (clientId === apps.webApp.clientId) return apps.webApp.requireDpop;
  if (clientId === apps.serviceApp.clientId) return apps.serviceApp.requireDpop;
  return false;
}
