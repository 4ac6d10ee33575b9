/**
 * The shapes of Okta objects the sandbox serves, written from Okta's OpenAPI spec
 * (components.schemas.LogEvent, User, Error). The sandbox keeps its own copy on purpose: it must not share
 * code with the app's client in src/okta, or a bug in one would hide in the other.
 */
export interface LogActor {
  id: string;
  type: string;
  alternateId: string | null;
  displayName: string | null;
  detailEntry: Record<string, unknown> | null;
}

export type LogTarget = LogActor & { changeDetails?: Record<string, unknown> | null };

export interface GeographicalContext {
  city: string | null;
  state: string | null;
  country: string | null;
  postalCode: string | null;
  geolocation: { lat: number; lon: number } | null;
}

export interface LogClient {
  userAgent: { rawUserAgent: string | null; os: string | null; browser: string | null } | null;
  zone: string | null;
  device: string | null;
  id: string | null;
  ipAddress: string | null;
  geographicalContext: GeographicalContext | null;
}

export type LogSeverity = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface LogEvent {
  uuid: string;
  published: string;
  eventType: string;
  version: string;
  severity: LogSeverity;
  legacyEventType: string | null;
  displayMessage: string | null;
  actor: LogActor;
  client: LogClient;
  outcome: { result: string; reason: string | null };
  target: LogTarget[];
  transaction: { type: 'WEB' | 'JOB'; id: string; detail: Record<string, unknown> | null };
  debugContext: { debugData: Record<string, unknown> };
  authenticationContext: {
    authenticationProvider: string | null;
    credentialProvider: string | null;
    credentialType: string | null;
    issuer: { id: string | null; type: string | null } | null;
    interface: string | null;
    authenticationStep: number;
    externalSessionId: string | null;
    rootSessionId?: string | null;
  };
  securityContext: {
    asNumber: number | null;
    asOrg: string | null;
    isp: string | null;
    domain: string | null;
    isProxy: boolean | null;
  };
  request: {
    ipChain: {
      ip: string;
      geographicalContext: GeographicalContext | null;
      version: 'V4' | 'V6';
      source: string | null;
    }[];
  };
}

export type UserStatus =
  | 'ACTIVE'
  | 'DEPROVISIONED'
  | 'LOCKED_OUT'
  | 'PASSWORD_EXPIRED'
  | 'PROVISIONED'
  | 'RECOVERY'
  | 'STAGED'
  | 'SUSPENDED';

export interface UserProfile {
  login: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  [attribute: string]: string | number | boolean | null;
}

export interface OktaUser {
  id: string;
  status: UserStatus;
  created: string;
  activated: string | null;
  statusChanged: string | null;
  lastLogin: string | null;
  lastUpdated: string;
  passwordChanged: string | null;
  type: { id: string };
  profile: UserProfile;
  credentials: { password?: Record<string, never>; provider: { type: 'OKTA'; name: 'OKTA' } };
  _links: { self: { href: string } };
}

export interface OktaError {
  errorCode: string;
  errorSummary: string;
  errorLink: string;
  errorId: string;
  errorCauses: { errorSummary: string }[];
}
