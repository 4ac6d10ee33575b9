import { type AdminRole, rolesAllow } from '../admin-roles.ts';
import type { SandboxOrg } from '../org.ts';

/** What the sandbox authorization server knows about an access token. */
export interface BearerPrincipal {
  clientId: string;
  /** The signed-in user; absent for a service app's client_credentials token. */
  userId?: string;
  scopes: readonly string[];
  /** The thumbprint of the key a DPoP-bound token is bound to (`cnf.jkt`); absent for a Bearer token. */
  jkt?: string;
}

/** How an OAuth access token was presented, for the DPoP checks. */
export interface PresentedToken {
  /** The Authorization scheme, lower case. */
  scheme: 'bearer' | 'dpop';
  token: string;
  /** Set when the token is DPoP-bound. */
  jkt?: string;
}

/** Who is calling: an OAuth client (user or service token) or the SSWS API token. */
export interface Caller {
  kind: 'oauth' | 'ssws';
  /** The OAuth app whose token this is; null for the SSWS API token. */
  clientId: string | null;
  /** Rate-limit identity: each OAuth app and each API token has its own share of a bucket. */
  appKey: string;
  userId?: string;
  /** Every scope for SSWS; the token's scopes otherwise. */
  scopes: readonly string[] | 'all';
  roles: readonly AdminRole[];
  /** The access token as presented; absent for the SSWS API token. */
  presented?: PresentedToken;
}

/** The scheme of an Authorization header as sent (`Bearer`, `SSWS`, …), or null. */
export function authScheme(header: string | undefined): string | null {
  if (!header) return null;
  const scheme = header.trim().split(/\s+/, 1)[0];
  return scheme || null;
}

/** Resolves the Authorization header to a caller; undefined means 401 E0000011. */
export async function resolveCaller(
  header: string | undefined,
  org: SandboxOrg,
  resolveBearerToken: (token: string) => Promise<BearerPrincipal | undefined>,
): Promise<Caller | undefined> {
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(header ?? '');
  if (!match) return undefined;
  const scheme = (match[1] as string).toLowerCase();
  const token = match[2] as string;
  if (scheme === 'ssws') {
    if (token !== org.apiToken.token) return undefined;
    return {
      kind: 'ssws',
      clientId: null,
      appKey: 'ssws',
      userId: org.apiToken.userId,
      scopes: 'all',
      roles: org.directory.account(org.apiToken.userId)?.adminRoles ?? ['SUPER_ADMIN'],
    };
  }
  if (scheme !== 'bearer' && scheme !== 'dpop') return undefined;
  const principal = await resolveBearerToken(token);
  if (!principal) return undefined;
  const roles = principal.userId
    ? (org.directory.account(principal.userId)?.adminRoles ?? [])
    : principal.clientId === org.serviceApp.clientId
      ? org.serviceApp.adminRoles
      : [];
  return {
    kind: 'oauth',
    clientId: principal.clientId,
    appKey: `client:${principal.clientId}`,
    ...(principal.userId ? { userId: principal.userId } : {}),
    scopes: principal.scopes,
    roles,
    presented: { scheme, token, ...(principal.jkt ? { jkt: principal.jkt } : {}) },
  };
}

/** Whether the caller's token carries `scope`; a `.manage` scope includes its `.read`. */
export function hasScope(caller: Caller, scope: string): boolean {
  if (!scope || caller.scopes === 'all') return true;
  return caller.scopes.includes(scope) || caller.scopes.includes(scope.replace(/\.read$/, '.manage'));
}

/** Whether the caller's admin roles permit what `scope` opens (scope ∩ role, "silent downscoping"). */
export function rolesPermit(caller: Caller, scope: string): boolean {
  if (!scope || caller.roles.includes('SUPER_ADMIN')) return true;
  return rolesAllow(caller.roles, scope.replace(/\.manage$/, '.read'));
}
