/**
 * The sandbox side of the app's sandbox console: changes an admin would make in the Okta Admin Console, applied to
 * the running sandbox org. It imports nothing from the app; its shape matches the app's `SandboxControls` port
 * structurally, and server.ts (or a test) hands it over.
 */
import { ADMIN_ROLES, type AdminRole, isAdminRole } from './admin-roles.ts';
import { OKTA_API_SCOPES } from './apps.ts';
import type { FaultRule } from './management-api/index.ts';
import { requestJson } from './requests-list.ts';
import type { RunningSandbox } from './sandbox.ts';

type Endpoint = 'logs' | 'users';
const KINDS = ['rate-limit', 'unavailable', 'slow', 'slow-body', 'oversized'] as const;
type Kind = (typeof KINDS)[number];

/** How long a `slow` fault holds each answer: long enough to notice, under the app's default 20 s deadline (OKTA_CALL_TIMEOUT_SECONDS). */
export const SLOW_FAULT_MS = 5000;
/** How long a `slow-body` fault takes to send a body: past the app's default 20 s deadline, as a hostile Okta might. */
export const SLOW_BODY_FAULT_MS = 60_000;
/** The size of an `oversized` fault's body: 64 MiB, eight times the app's cap (generated as it is sent). */
export const OVERSIZED_FAULT_BYTES = 64 * 1024 * 1024;

const PATHS: Readonly<Record<Endpoint, string>> = {
  logs: '/api/v1/logs',
  // The list and the single-user endpoints: a broken Users API breaks both pages.
  users: '/api/v1/users*',
};

function ruleFor(endpoint: Endpoint, kind: Kind): FaultRule {
  const path = PATHS[endpoint];
  if (kind === 'rate-limit') return { path, status: 429 };
  if (kind === 'unavailable') return { path, status: 503 };
  if (kind === 'slow-body') return { path, slowBody: { durationMs: SLOW_BODY_FAULT_MS } };
  if (kind === 'oversized') return { path, oversizedBody: { bytes: OVERSIZED_FAULT_BYTES } };
  return { path, latencyMs: SLOW_FAULT_MS };
}

function setGranted(grants: Set<string>, scope: string, granted: boolean): void {
  if (!(OKTA_API_SCOPES as readonly string[]).includes(scope)) {
    throw new RangeError(`the sandbox does not know the scope ${scope}`);
  }
  if (granted) grants.add(scope);
  else grants.delete(scope);
}

/** One admin role, or none for null: the console gives one role at a time, as its forms do. */
function rolesOf(role: string | null): AdminRole[] {
  if (role !== null && !isAdminRole(role)) throw new RangeError(`the sandbox does not know the role ${role}`);
  return role === null ? [] : [role];
}

/** The operations and the state view of the sandbox console over one running sandbox org. */
export function createConsoleControls(running: RunningSandbox) {
  const { org, managementApi } = running;
  const switched = new Map<Endpoint, { kind: Kind; rule: FaultRule; remove: () => void }>();

  const account = (userId: string) => {
    const found = org.directory.accounts().find((candidate) => candidate.userId === userId);
    if (!found) throw new RangeError(`the sandbox has no account with user id ${userId}`);
    return found;
  };
  const liveFaults = () => {
    // A test may clear the switch board directly; only rules still on it count.
    for (const [endpoint, entry] of switched) {
      if (!managementApi.faults.rules.includes(entry.rule)) switched.delete(endpoint);
    }
    return [...switched].map(([endpoint, entry]) => ({ endpoint, kind: entry.kind }));
  };

  return {
    state() {
      const limiter = managementApi.rateLimiter;
      const settings = limiter.settings;
      return {
        orgUrl: org.orgUrl,
        app: {
          label: org.webApp.label,
          clientId: org.webApp.clientId,
          redirectUris: [...org.webApp.redirectUris],
          postLogoutRedirectUris: [...org.webApp.postLogoutRedirectUris],
          requireDpop: org.webApp.requireDpop,
        },
        scopes: OKTA_API_SCOPES.map((scope) => ({ scope, granted: org.webApp.grants.has(scope) })),
        serviceApp: {
          label: org.serviceApp.label,
          clientId: org.serviceApp.clientId,
          keyId: String(org.serviceApp.publicJwk.kid),
          scopes: OKTA_API_SCOPES.map((scope) => ({ scope, granted: org.serviceApp.grants.has(scope) })),
          adminRoles: [...org.serviceApp.adminRoles],
          requireDpop: org.serviceApp.requireDpop,
        },
        roles: Object.entries(ADMIN_ROLES).map(([id, info]) => ({
          id,
          label: info.label,
          readable: [...info.readable],
        })),
        accounts: org.directory.accounts().map((entry) => {
          const user = org.directory.find(entry.userId);
          const name = [user?.profile.firstName, user?.profile.lastName].filter(Boolean).join(' ');
          return {
            userId: entry.userId,
            login: entry.login,
            name: name || entry.login,
            purpose: entry.purpose,
            adminRoles: [...entry.adminRoles],
            assigned: org.webApp.assignedUserIds.has(entry.userId),
          };
        }),
        faults: liveFaults(),
        slowMs: SLOW_FAULT_MS,
        slowBodyMs: SLOW_BODY_FAULT_MS,
        oversizedBytes: OVERSIZED_FAULT_BYTES,
        rateLimits: {
          enabled: settings.enabled,
          windowSeconds: Math.round(settings.windowMs / 1000),
          perAppShare: settings.perAppShare,
          buckets: (['logs', 'users', 'userById', 'other'] as const).map((bucket) => ({
            bucket,
            orgLimit: settings[bucket],
            appLimit: limiter.appLimit(bucket),
          })),
        },
      };
    },
    setScopeGranted(scope: string, granted: boolean): void {
      setGranted(org.webApp.grants, scope, granted);
    },
    setAdminRole(userId: string, role: string | null): void {
      // The management API reads an account's roles on every request, so this applies to the next call.
      account(userId).adminRoles = rolesOf(role);
    },
    setRequireDpop(app: 'web' | 'service', required: boolean): void {
      if (app !== 'web' && app !== 'service') throw new RangeError(`the sandbox has no app ${String(app)}`);
      // Read on every token request (token-endpoint-dpop.ts); tokens already issued keep their binding or lack of it.
      (app === 'web' ? org.webApp : org.serviceApp).requireDpop = required;
    },
    setServiceAppScopeGranted(scope: string, granted: boolean): void {
      setGranted(org.serviceApp.grants, scope, granted);
    },
    setServiceAppRole(role: string | null): void {
      // Read on every management-API request, like an account's roles.
      org.serviceApp.adminRoles.splice(0, org.serviceApp.adminRoles.length, ...rolesOf(role));
    },
    setAssigned(userId: string, assigned: boolean): void {
      account(userId);
      if (assigned) org.webApp.assignedUserIds.add(userId);
      else org.webApp.assignedUserIds.delete(userId);
    },
    resetRateLimits(): void {
      managementApi.rateLimiter.reset();
    },
    setFault(endpoint: Endpoint, kind: Kind | null): void {
      if (!Object.hasOwn(PATHS, endpoint)) throw new RangeError(`the console cannot break ${endpoint}`);
      switched.get(endpoint)?.remove();
      switched.delete(endpoint);
      if (kind === null) return;
      if (!KINDS.includes(kind)) {
        throw new RangeError(`the console has no fault ${kind}`);
      }
      const rule = ruleFor(endpoint, kind);
      switched.set(endpoint, { kind, rule, remove: managementApi.faults.set(rule) });
    },
    recentRequests(count: number) {
      const all = managementApi.received.all();
      return {
        requests: all
          .slice(Math.max(0, all.length - count))
          .reverse()
          .map(requestJson),
        latest: managementApi.received.latest,
        url: running.requestsUrl,
      };
    },
    apiToken(): string {
      return org.apiToken.token;
    },
  };
}
