import { randomBytes, randomUUID } from 'node:crypto';
import type { LogActor, LogEvent, LogSeverity, LogTarget } from './okta-types.ts';

/** What the org knows about the request that caused an event. */
export interface RequestContext {
  ipAddress: string;
  userAgent: string;
}

export interface EventInput {
  eventType: string;
  displayMessage: string;
  actor: LogActor;
  target?: LogTarget[];
  outcome: { result: string; reason?: string | null };
  severity?: LogSeverity;
  request?: RequestContext;
  clientId?: string | null;
  debugData?: Record<string, unknown>;
  sessionId?: string | null;
  published?: Date;
}

/** Builds a LogEvent shaped as Okta's System Log serves it, for events the running sandbox emits. */
export function buildLogEvent(input: EventInput): LogEvent {
  const ip = input.request?.ipAddress ?? '127.0.0.1';
  const version = ip.includes(':') ? 'V6' : 'V4';
  const requestId = randomBytes(16).toString('hex');
  return {
    uuid: randomUUID(),
    published: (input.published ?? new Date()).toISOString(),
    eventType: input.eventType,
    version: '0',
    severity: input.severity ?? (input.outcome.result === 'FAILURE' ? 'WARN' : 'INFO'),
    legacyEventType: null,
    displayMessage: input.displayMessage,
    actor: input.actor,
    client: {
      userAgent: input.request ? { rawUserAgent: input.request.userAgent, os: 'Unknown', browser: 'UNKNOWN' } : null,
      zone: 'null',
      device: 'Computer',
      id: input.clientId ?? null,
      ipAddress: ip,
      geographicalContext: null,
    },
    outcome: { result: input.outcome.result, reason: input.outcome.reason ?? null },
    target: input.target ?? [],
    transaction: { type: 'WEB', id: requestId.slice(0, 27), detail: {} },
    debugContext: { debugData: { requestId, ...input.debugData } },
    authenticationContext: {
      authenticationProvider: null,
      credentialProvider: null,
      credentialType: null,
      issuer: null,
      interface: null,
      authenticationStep: 0,
      externalSessionId: input.sessionId ?? null,
      rootSessionId: input.sessionId ?? null,
    },
    securityContext: { asNumber: null, asOrg: null, isp: null, domain: null, isProxy: null },
    request: { ipChain: [{ ip, geographicalContext: null, version, source: null }] },
  };
}
