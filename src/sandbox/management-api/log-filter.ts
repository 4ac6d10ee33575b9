import type { LogEvent } from '../okta-types.ts';
import {
  compileScimFilter,
  forEachAttributeExpression,
  parseScimFilter,
  pathReader,
  ScimFilterSyntaxError,
  type ValueReader,
} from '../scim/index.ts';
import { OktaApiError } from './okta-error.ts';

// LogEvent attribute paths (Okta's OpenAPI spec, components.schemas.LogEvent and its sub-schemas).
// A trailing `*` admits any sub-path (free-form maps such as debugData).
const FIELDS = [
  'uuid',
  'published',
  'eventType',
  'version',
  'severity',
  'legacyEventType',
  'displayMessage',
  'actor',
  'actor.id',
  'actor.type',
  'actor.alternateId',
  'actor.displayName',
  'actor.detailEntry*',
  'client',
  'client.userAgent',
  'client.userAgent.rawUserAgent',
  'client.userAgent.os',
  'client.userAgent.browser',
  'client.zone',
  'client.device',
  'client.id',
  'client.ipAddress',
  'client.geographicalContext*',
  'device*',
  'outcome',
  'outcome.result',
  'outcome.reason',
  'target',
  'target.id',
  'target.type',
  'target.alternateId',
  'target.displayName',
  'target.detailEntry*',
  'target.changeDetails*',
  'transaction',
  'transaction.type',
  'transaction.id',
  'transaction.detail*',
  'debugContext',
  'debugContext.debugData*',
  'authenticationContext',
  'authenticationContext.authenticationProvider',
  'authenticationContext.credentialProvider',
  'authenticationContext.credentialType',
  'authenticationContext.issuer*',
  'authenticationContext.interface',
  'authenticationContext.authenticationStep',
  'authenticationContext.externalSessionId',
  'authenticationContext.rootSessionId',
  'securityContext*',
  'request',
  'request.ipChain*',
];

const EXACT = new Set(FIELDS.filter((field) => !field.endsWith('*')));
const PREFIXES = FIELDS.filter((field) => field.endsWith('*')).map((field) => field.slice(0, -1));

/** Whether `path` names a LogEvent attribute. */
export function isLogEventField(path: string): boolean {
  return EXACT.has(path) || PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}.`));
}

// `co` is refused on these because they hold whole URLs (system-log-query: "co with debugContext.debugData.url").
const NO_CONTAINS = new Set(['debugContext.debugData.url', 'debugContext.debugData.requestUri']);

/**
 * Parses and checks a System Log `filter`, returning a predicate over events. Errors are Okta's:
 * syntax → 400 E0000053 with the parser's detail; unknown attribute → E0000053 `field is not valid: …`;
 * `published` → E0000053 (it would conflict with since/until/after); `co` on a URL field → E0000031.
 */
export function compileLogFilter(filter: string): (event: LogEvent) => boolean {
  let parsed: ReturnType<typeof parseScimFilter>;
  try {
    parsed = parseScimFilter(filter);
  } catch (error) {
    if (error instanceof ScimFilterSyntaxError) throw new OktaApiError(400, 'E0000053', error.message);
    throw error;
  }
  forEachAttributeExpression(parsed, (expression) => {
    if (expression.path === 'published') {
      throw new OktaApiError(
        400,
        'E0000053',
        `Invalid filter '${filter}': The published attribute cannot be filtered; use the since and until parameters instead.`,
      );
    }
    if (!isLogEventField(expression.path)) {
      throw new OktaApiError(400, 'E0000053', `field is not valid: ${expression.path}`);
    }
    if (expression.kind === 'compare' && expression.op === 'co' && NO_CONTAINS.has(expression.path)) {
      throw new OktaApiError(
        400,
        'E0000031',
        `The supplied combination of operator and field is not currently supported. Operator: co, Field: ${expression.path}`,
      );
    }
  });
  return compileScimFilter<LogEvent>(parsed, { reader: (path): ValueReader<LogEvent> => pathReader(path) });
}
