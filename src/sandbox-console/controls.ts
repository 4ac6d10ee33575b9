/**
 * The port between the app's sandbox console (`/sandbox`) and the running sandbox org. The app depends only on
 * this interface; src/sandbox implements it, and server.ts (or a test) passes the implementation in. Plain data
 * in and out, so neither side imports the other.
 */

/** An Okta API scope on the web app's "Okta API Scopes" tab. */
export interface ConsoleScope {
  scope: string;
  granted: boolean;
}

/** An admin role the console can give, with the read scopes whose endpoints it may use. */
export interface ConsoleRole {
  /** Okta's role type, e.g. `READ_ONLY_ADMIN`. */
  id: string;
  label: string;
  readable: string[];
}

/** A seeded account: who can sign in, with which admin roles, and whether it is assigned to the web app. */
export interface ConsoleAccount {
  userId: string;
  login: string;
  name: string;
  purpose: string;
  adminRoles: string[];
  assigned: boolean;
}

/** The endpoints the console can break. */
export const FAULT_ENDPOINTS = ['logs', 'users'] as const;
/** An endpoint the console can break. */
export type FaultEndpoint = (typeof FAULT_ENDPOINTS)[number];

/**
 * The faults the console can switch on: 429 every time, 503 every time, a slow answer, a 200 whose body trickles
 * in, or a 200 whose body is far larger than any real page.
 */
export const FAULT_KINDS = ['rate-limit', 'unavailable', 'slow', 'slow-body', 'oversized'] as const;
/** A fault the console can switch on. */
export type FaultKind = (typeof FAULT_KINDS)[number];
/** How the console's badge names a fault that is on. */
export const FAULT_LABELS: Readonly<Record<FaultKind, string>> = {
  'rate-limit': '429 every time',
  unavailable: '503 every time',
  slow: 'slow',
  'slow-body': 'slow body',
  oversized: 'oversized body',
};

/** A fault the console switched on. */
export interface ConsoleFault {
  endpoint: FaultEndpoint;
  kind: FaultKind;
}

/** One rate-limit bucket: the org-wide limit per window and one app's (or API token's) share of it. */
export interface ConsoleBucket {
  bucket: string;
  orgLimit: number;
  appLimit: number;
}

/** The sandbox's two apps, as the console's forms name them. */
export const CONSOLE_APPS = ['web', 'service'] as const;
/** The web app or the API Services app. */
export type ConsoleApp = (typeof CONSOLE_APPS)[number];

/** The API Services app (client_credentials with private_key_jwt): its grants, its admin role and DPoP. */
export interface ConsoleServiceApp {
  label: string;
  clientId: string;
  /** The `kid` of its key pair. */
  keyId: string;
  scopes: ConsoleScope[];
  /** Okta's role types, e.g. `READ_ONLY_ADMIN`; empty for none. */
  adminRoles: string[];
  /** "Require DPoP" (`dpop_bound_access_tokens`). */
  requireDpop: boolean;
}

/** Everything the console page shows about the sandbox org. */
export interface SandboxState {
  orgUrl: string;
  app: {
    label: string;
    clientId: string;
    redirectUris: string[];
    postLogoutRedirectUris: string[];
    /** "Require DPoP" (`dpop_bound_access_tokens`). */
    requireDpop: boolean;
  };
  /** The web app's Okta API Scopes. */
  scopes: ConsoleScope[];
  serviceApp: ConsoleServiceApp;
  roles: ConsoleRole[];
  accounts: ConsoleAccount[];
  faults: ConsoleFault[];
  /** Milliseconds a `slow` fault waits before answering. */
  slowMs: number;
  /** Milliseconds over which a `slow-body` fault spreads the body. */
  slowBodyMs: number;
  /** Bytes of an `oversized` fault's body. */
  oversizedBytes: number;
  rateLimits: { enabled: boolean; windowSeconds: number; perAppShare: number; buckets: ConsoleBucket[] };
}

/** The `X-Rate-Limit-*` values sent back with an answer; `reset` in UTC epoch seconds. */
export interface ConsoleRateLimit {
  limit: number;
  remaining: number;
  reset: number;
}

/** One management-API request the sandbox org received; the credential is never part of it. */
export interface ConsoleRequest {
  /** 1 for the sandbox's first request, then one more for each. */
  sequence: number;
  /** Arrival, ISO 8601 UTC. */
  time: string;
  method: string;
  /** Path and query exactly as sent (attacker-controlled text). */
  path: string;
  /** `Bearer`, `SSWS`, … or null without an Authorization header. */
  authScheme: string | null;
  /** The OAuth app whose token was used; null for the SSWS API token, no token or one the org does not know. */
  clientId: string | null;
  /** Null while pending, and for a request that hung, was reset or was closed before the answer. */
  status: number | null;
  /** `pending`, `answered`, `hung`, `reset` or `aborted`. */
  outcome: string;
  rateLimit: ConsoleRateLimit | null;
}

/** The most recent requests the sandbox's management API received, newest first. */
export interface ConsoleRequests {
  requests: ConsoleRequest[];
  /** The highest sequence number so far (0 before the first request). */
  latest: number;
  /** Where the sandbox org serves the whole list as JSON (`?since=<sequence>`), to callers on its machine only. */
  url: string;
}

/**
 * What the console can do to the sandbox org, as an Okta admin would in the Admin Console. Methods throw a
 * RangeError for a scope, user, role or fault the sandbox does not know; callers validate against `state()` first.
 */
export interface SandboxControls {
  state(): SandboxState;
  /** Grant or revoke an Okta API scope on the web app. Tokens already issued keep their scopes. */
  setScopeGranted(scope: string, granted: boolean): void;
  /** Replace an account's admin roles with `role` (or none when null). Okta checks roles on every call. */
  setAdminRole(userId: string, role: string | null): void;
  /** Assign or unassign an account to the web app. Checked at sign-in. */
  setAssigned(userId: string, assigned: boolean): void;
  /** Tick or untick "Require DPoP" on an app. Applies to its next token request; tokens issued stay as they are. */
  setRequireDpop(app: ConsoleApp, required: boolean): void;
  /** Grant or revoke an Okta API scope on the service app. Tokens already issued keep their scopes. */
  setServiceAppScopeGranted(scope: string, granted: boolean): void;
  /** Replace the service app's admin roles with `role` (or none when null). Okta checks roles on every call. */
  setServiceAppRole(role: string | null): void;
  /** Forget every rate-limit counter. */
  resetRateLimits(): void;
  /** Switch a fault on for an endpoint (replacing any other on it), or off with null. */
  setFault(endpoint: FaultEndpoint, kind: FaultKind | null): void;
  /** The `count` most recent management-API requests, newest first. */
  recentRequests(count: number): ConsoleRequests;
  /** The sandbox super admin's SSWS API token, for the guide's comparison. Pages show it masked only. */
  apiToken(): string;
}
