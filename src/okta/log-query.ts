/**
 * System Log queries (`GET /api/v1/logs`, developer.okta.com/docs/reference/system-log-query/): validation
 * against Okta's documented limits before anything is sent, and a filter builder for the fields the app offers.
 */
import { isIP } from 'node:net';
import { InvalidQueryError } from './errors.ts';
import { allOf, anyOf, filterEq, type ScimFilter } from './scim.ts';
import type { LogSeverity } from './types.ts';

/** A System Log query. Without `until` and in ASCENDING order it is a polling query (endless pages); else bounded. */
export interface LogQuery {
  /** Lower bound on `published` (ISO 8601 string or Date). Okta refuses values over 180 days back. */
  since?: Date | string | undefined;
  /** Upper bound on `published`. Its presence makes the query bounded (finite pages). */
  until?: Date | string | undefined;
  /** A SCIM filter built with src/okta/scim.ts or `logFilter`. */
  filter?: ScimFilter | undefined;
  /** Keywords, all of which must match: at most 10, each at most 40 characters. */
  q?: string | undefined;
  /** Page size, 0–1000 (Okta's default is 100). */
  limit?: number | undefined;
  sortOrder?: 'ASCENDING' | 'DESCENDING' | undefined;
}

/** The documented `outcome.result` values. */
export const LOG_OUTCOMES = [
  'SUCCESS',
  'FAILURE',
  'SKIPPED',
  'ALLOW',
  'DENY',
  'CHALLENGE',
  'UNKNOWN',
  'RATE_LIMIT',
  'DEFERRED',
  'SCHEDULED',
  'ABANDONED',
  'UNANSWERED',
] as const;

/** One documented `outcome.result` value. */
export type LogOutcome = (typeof LOG_OUTCOMES)[number];

/** The documented severities. */
export const LOG_SEVERITIES: readonly LogSeverity[] = ['DEBUG', 'INFO', 'WARN', 'ERROR'];

/** What the System Log page can filter on; empty strings and empty lists count as "not set". */
export interface LogFilterCriteria {
  /** `eventType eq …`; several values are or-ed. */
  eventType?: string | readonly string[] | undefined;
  /** `outcome.result eq …`; several values are or-ed. */
  outcome?: LogOutcome | readonly LogOutcome[] | undefined;
  /** `severity eq …`; several values are or-ed. */
  severity?: LogSeverity | readonly LogSeverity[] | undefined;
  actorId?: string | undefined;
  actorAlternateId?: string | undefined;
  targetId?: string | undefined;
  /** `client.ipAddress eq …`; must be an IPv4 or IPv6 address. */
  ipAddress?: string | undefined;
}

export const LOG_LIMIT_MAX = 1000;
export const Q_MAX_KEYWORDS = 10;
export const Q_MAX_KEYWORD_LENGTH = 40;

function values<T extends string>(value: T | readonly T[] | undefined): T[] {
  const list: readonly T[] = value === undefined ? [] : typeof value === 'string' ? [value as T] : value;
  return list.filter((item) => item !== '');
}

function oneOf(
  attribute: string,
  list: readonly string[],
  allowed?: readonly string[],
  parameter = attribute,
): ScimFilter | undefined {
  for (const item of list) {
    if (allowed && !allowed.includes(item)) {
      throw new InvalidQueryError(`${parameter} "${item}" is not one of ${allowed.join(', ')}`, { parameter });
    }
  }
  return anyOf(list.map((item) => filterEq(attribute, item)));
}

/** Builds the System Log `filter` for the given criteria (and-ed); undefined when nothing is set. */
export function logFilter(criteria: LogFilterCriteria): ScimFilter | undefined {
  const ip = criteria.ipAddress ?? '';
  if (ip !== '' && isIP(ip) === 0) {
    throw new InvalidQueryError(`"${ip}" is not an IPv4 or IPv6 address`, { parameter: 'ipAddress' });
  }
  return allOf([
    oneOf('eventType', values(criteria.eventType)),
    oneOf('outcome.result', values(criteria.outcome), LOG_OUTCOMES, 'outcome'),
    oneOf('severity', values(criteria.severity), LOG_SEVERITIES, 'severity'),
    oneOf('actor.id', values(criteria.actorId)),
    oneOf('actor.alternateId', values(criteria.actorAlternateId)),
    oneOf('target.id', values(criteria.targetId)),
    oneOf('client.ipAddress', values(ip)),
  ]);
}

/** Checks free-text keywords against Okta's limits; returns the normalised text or undefined when empty. */
export function validateKeywords(q: string | undefined): string | undefined {
  const keywords = (q ?? '').split(/\s+/).filter((keyword) => keyword !== '');
  if (keywords.length === 0) return undefined;
  if (keywords.length > Q_MAX_KEYWORDS) {
    throw new InvalidQueryError(
      `Search text has ${keywords.length} keywords; Okta accepts at most ${Q_MAX_KEYWORDS}. Remove some, or use the filters.`,
      { parameter: 'q' },
    );
  }
  const long = keywords.find((keyword) => keyword.length > Q_MAX_KEYWORD_LENGTH);
  if (long !== undefined) {
    throw new InvalidQueryError(
      `The keyword "${long.slice(0, 20)}…" has ${long.length} characters; Okta accepts at most ${Q_MAX_KEYWORD_LENGTH} per keyword. Shorten it, or use the filters.`,
      { parameter: 'q' },
    );
  }
  return keywords.join(' ');
}

/** Checks a page size is an integer within [min, max]. */
export function validateLimit(limit: number | undefined, min: number, max: number): number | undefined {
  if (limit === undefined) return undefined;
  if (!Number.isInteger(limit) || limit < min || limit > max) {
    throw new InvalidQueryError(`limit must be a whole number from ${min} to ${max}, not ${limit}`, {
      parameter: 'limit',
    });
  }
  return limit;
}

function isoInstant(value: Date | string | undefined, parameter: string): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) {
    throw new InvalidQueryError(`${parameter} must be an ISO 8601 date-time such as 2024-08-13T15:58:20Z`, {
      parameter,
    });
  }
  return date;
}

/** Validates a System Log query and returns its URL parameters, in a stable order. Sends nothing. */
export function logSearchParams(query: LogQuery): URLSearchParams {
  const since = isoInstant(query.since, 'since');
  const until = isoInstant(query.until, 'until');
  if (since && until && since.getTime() > until.getTime()) {
    throw new InvalidQueryError('since must not be later than until', { parameter: 'since' });
  }
  if (query.sortOrder !== undefined && query.sortOrder !== 'ASCENDING' && query.sortOrder !== 'DESCENDING') {
    throw new InvalidQueryError('sortOrder must be ASCENDING or DESCENDING', { parameter: 'sortOrder' });
  }
  const q = validateKeywords(query.q);
  const limit = validateLimit(query.limit, 0, LOG_LIMIT_MAX);
  const params = new URLSearchParams();
  if (since) params.set('since', since.toISOString());
  if (until) params.set('until', until.toISOString());
  if (query.filter) params.set('filter', query.filter.expression);
  if (q !== undefined) params.set('q', q);
  if (limit !== undefined) params.set('limit', String(limit));
  if (query.sortOrder) params.set('sortOrder', query.sortOrder);
  return params;
}

/**
 * True for a bounded query, whose pages end: it has `until`, or sorts DESCENDING (Okta's polling requests are
 * exactly those with no `until` and ASCENDING order). Otherwise pages never end.
 */
export function isBoundedLogUrl(url: URL): boolean {
  return url.searchParams.has('until') || url.searchParams.get('sortOrder')?.toUpperCase() === 'DESCENDING';
}
