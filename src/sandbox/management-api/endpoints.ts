import type { RateLimitBucket } from './rate-limiter.ts';

/** What a request path is: its rate-limit bucket, the scope a GET needs, and how the sandbox answers it. */
export interface Endpoint {
  bucket: RateLimitBucket;
  /** The `okta.*.read` scope of a GET; other methods need the matching `.manage` scope. */
  scope: string;
  kind: 'logs' | 'users' | 'user' | 'user-factors' | 'user-collection' | 'collection' | 'item' | 'unknown';
  /** The resource type named in a 404 (`Not found: Resource not found: {id} (Group)`). */
  resourceType?: string;
  /** Path parameters: the user id or login, or the item id. */
  id?: string;
}

interface Row {
  pattern: RegExp;
  scope: string;
  kind: Endpoint['kind'];
  bucket?: RateLimitBucket;
  resourceType?: string;
}

// Scopes from Okta's OpenAPI spec (operation `security`), except factors: the spec lists okta.users.read for
// GET /users/{id}/factors, but okta.factors.read is the scope the Factors API is granted by in the console, and the
// one the product demonstrates as "not granted".
const TABLE: readonly Row[] = [
  { pattern: /^\/api\/v1\/logs$/, scope: 'okta.logs.read', kind: 'logs', bucket: 'logs' },
  { pattern: /^\/api\/v1\/users$/, scope: 'okta.users.read', kind: 'users', bucket: 'users' },
  {
    pattern: /^\/api\/v1\/users\/([^/]+)\/factors(?:\/.*)?$/,
    scope: 'okta.factors.read',
    kind: 'user-factors',
    bucket: 'userById',
  },
  {
    pattern: /^\/api\/v1\/users\/([^/]+)\/roles(?:\/.*)?$/,
    scope: 'okta.roles.read',
    kind: 'user-collection',
    bucket: 'userById',
  },
  {
    pattern: /^\/api\/v1\/users\/([^/]+)\/(?:groups|appLinks)$/,
    scope: 'okta.users.read',
    kind: 'user-collection',
    bucket: 'userById',
  },
  { pattern: /^\/api\/v1\/users\/([^/]+)$/, scope: 'okta.users.read', kind: 'user', bucket: 'userById' },
  { pattern: /^\/api\/v1\/users\/([^/]+)\/.+$/, scope: 'okta.users.read', kind: 'unknown', bucket: 'userById' },
  ...collection('groups', 'okta.groups.read', 'Group'),
  ...collection('apps', 'okta.apps.read', 'AppInstance'),
  ...collection('authorizationServers', 'okta.authorizationServers.read', 'AuthorizationServer'),
  ...collection('policies', 'okta.policies.read', 'Policy'),
  ...collection('idps', 'okta.idps.read', 'IdentityProvider'),
  ...collection('eventHooks', 'okta.eventHooks.read', 'EventHook'),
  ...collection('inlineHooks', 'okta.inlineHooks.read', 'InlineHook'),
  ...collection('trustedOrigins', 'okta.trustedOrigins.read', 'TrustedOrigin'),
  ...collection('zones', 'okta.networkZones.read', 'NetworkZone'),
  ...collection('domains', 'okta.domains.read', 'Domain'),
  ...collection('brands', 'okta.brands.read', 'Brand'),
  ...collection('authenticators', 'okta.authenticators.read', 'Authenticator'),
  ...collection('devices', 'okta.devices.read', 'Device'),
  ...collection('behaviors', 'okta.behaviors.read', 'Behavior'),
  ...collection('iam/roles', 'okta.roles.read', 'Role'),
  ...collection('mappings', 'okta.profileMappings.read', 'ProfileMapping'),
  ...collection('features', 'okta.features.read', 'Feature'),
  ...collection('templates/sms', 'okta.templates.read', 'SmsTemplate'),
  {
    pattern: /^\/api\/v1\/meta\/schemas(?:\/.*)?$/,
    scope: 'okta.schemas.read',
    kind: 'unknown',
    resourceType: 'Schema',
  },
  { pattern: /^\/api\/v1\/sessions\/([^/]+)$/, scope: 'okta.sessions.read', kind: 'item', resourceType: 'Session' },
  { pattern: /^\/api\/v1\/org(?:\/.*)?$/, scope: 'okta.orgs.read', kind: 'unknown', resourceType: 'Org' },
  { pattern: /^\/api\/v1\/threats(?:\/.*)?$/, scope: 'okta.threatInsights.read', kind: 'unknown' },
];

function collection(name: string, scope: string, resourceType: string): Row[] {
  const base = name.replaceAll('/', '\\/');
  return [
    { pattern: new RegExp(`^\\/api\\/v1\\/${base}$`), scope, kind: 'collection', resourceType },
    { pattern: new RegExp(`^\\/api\\/v1\\/${base}\\/([^/]+)(?:\\/.*)?$`), scope, kind: 'item', resourceType },
  ];
}

/** Classifies an `/api/…` path (already without query); undefined scope-free paths answer 404 after authentication. */
export function endpointFor(path: string): Endpoint {
  for (const row of TABLE) {
    const match = row.pattern.exec(path);
    if (!match) continue;
    const raw = match[1];
    return {
      bucket: row.bucket ?? 'other',
      scope: row.scope,
      kind: row.kind,
      ...(row.resourceType ? { resourceType: row.resourceType } : {}),
      ...(raw !== undefined ? { id: safeDecode(raw) } : {}),
    };
  }
  return { bucket: 'other', scope: '', kind: 'unknown' };
}

/** The scope a method needs on an endpoint: `read` for GET/HEAD, `manage` for anything that changes data. */
export function scopeForMethod(endpoint: Endpoint, method: string): string {
  if (!endpoint.scope || method === 'GET' || method === 'HEAD') return endpoint.scope;
  return endpoint.scope.replace(/\.read$/, '.manage');
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
