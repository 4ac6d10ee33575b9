import type { LogEvent } from '../okta-types.ts';
import { decodeLogCursor, type LogCursor } from './log-cursor.ts';
import { compileLogFilter } from './log-filter.ts';
import { keywordMatcher, parseKeywords } from './log-keywords.ts';
import { OktaApiError } from './okta-error.ts';

const DAY_MS = 24 * 3600 * 1000;
/** System Log data older than 90 days isn't returned (system-log-query). */
export const RETENTION_MS = 90 * DAY_MS;
const MAX_SINCE_AGE_MS = 180 * DAY_MS;
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

/** A validated `GET /api/v1/logs` request. */
export interface LogQuery {
  /** Where to start: a fresh query's bounds, or the cursor of a `next` link. */
  start: LogCursor | { mode: 'polling'; sinceMs: number } | FreshBounded;
  limit: number;
  /** filter and q together; undefined when neither is given. */
  matches?: (event: LogEvent) => boolean;
}

interface FreshBounded {
  mode: 'bounded';
  order: 'ASCENDING' | 'DESCENDING';
  sinceMs: number;
  untilMs: number;
}

/**
 * Validates the query string as Okta's listLogEvents does. Polling = no `until` and ASCENDING; bounded otherwise.
 * `since` defaults to 7 days before `until` (or now); `since` and `after` together are refused.
 */
export function parseLogQuery(params: URLSearchParams, now: number): LogQuery {
  const since = params.get('since');
  const until = params.get('until');
  const after = params.get('after');
  const dateDetails: { parameter: string; details: string[] }[] = [];
  const sinceMs = since !== null && since !== '' ? parseIsoDate(since) : undefined;
  const untilMs = until !== null && until !== '' ? parseIsoDate(until) : undefined;
  if (Number.isNaN(sinceMs)) dateDetails.push({ parameter: 'since', details: DATE_DETAILS });
  if (Number.isNaN(untilMs)) dateDetails.push({ parameter: 'until', details: DATE_DETAILS });
  if (dateDetails.length > 0) {
    const pairs = dateDetails.flatMap(({ parameter, details }) => details.map((detail) => ({ parameter, detail })));
    throw new OktaApiError(
      400,
      'E0000001',
      `Api validation failed: ${pairs.map(({ parameter, detail }) => `'${parameter}': ${detail}`).join(' ')}`,
      pairs.map(({ parameter, detail }) => `${parameter}: ${detail}`),
    );
  }
  if (after && since) {
    throw new OktaApiError(
      400,
      'E0000001',
      "Api validation failed: 'since': The since and after parameters cannot be used together.",
      ['since: The since and after parameters cannot be used together.'],
    );
  }
  if (sinceMs !== undefined && sinceMs < now - MAX_SINCE_AGE_MS) {
    throw new OktaApiError(
      400,
      'E0000053',
      'Invalid parameter: The since parameter is over 180 days prior to the current day.',
    );
  }

  const sortOrder = (params.get('sortOrder') || 'ASCENDING').toUpperCase();
  if (sortOrder !== 'ASCENDING' && sortOrder !== 'DESCENDING') {
    throw new OktaApiError(400, 'E0000001', "Api validation failed: 'sortOrder': must be ASCENDING or DESCENDING.", [
      'sortOrder: must be ASCENDING or DESCENDING.',
    ]);
  }
  const limit = parseLimit(params.get('limit'));
  const predicates: ((event: LogEvent) => boolean)[] = [];
  const filter = params.get('filter');
  if (filter?.trim()) predicates.push(compileLogFilter(filter));
  const keywords = parseKeywords(params.get('q') ?? '');
  if (keywords.length > 0) predicates.push(keywordMatcher(keywords));
  const matches = combine(predicates);

  let start: LogQuery['start'];
  if (after) {
    start = decodeLogCursor(after);
  } else if (untilMs === undefined && sortOrder === 'ASCENDING') {
    start = { mode: 'polling', sinceMs: sinceMs ?? now - 7 * DAY_MS };
  } else {
    const upper = untilMs ?? now;
    start = { mode: 'bounded', order: sortOrder, sinceMs: sinceMs ?? upper - 7 * DAY_MS, untilMs: upper };
  }
  return { start, limit, ...(matches ? { matches } : {}) };
}

const DATE_DETAILS = [
  'The date format in your query is not recognized. Please enter dates using ISO8601 string format.',
  'must be a valid date-time or empty.',
];

const ISO_8601 = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Parses an ISO 8601 timestamp (`2017-05-03T16:22:18Z`, with optional fraction and offset); NaN when invalid. */
export function parseIsoDate(value: string): number {
  const match = ISO_8601.exec(value.trim());
  if (!match) return Number.NaN;
  const [, date, hm = '00:00', seconds = '00', fraction = '0', zone = 'Z'] = match;
  const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const ms = `${fraction}00`.slice(0, 3);
  // V8 rolls impossible dates over (02-30 → 03-02), so check the calendar date and the clock separately.
  if (
    Number.isNaN(Date.parse(`${date}T00:00:00.000Z`)) ||
    new Date(`${date}T00:00:00.000Z`).toISOString().slice(0, 10) !== date
  ) {
    return Number.NaN;
  }
  if (Number(hm.slice(0, 2)) > 23 || Number(hm.slice(3)) > 59 || Number(seconds) > 59) return Number.NaN;
  return Date.parse(`${date}T${hm}:${seconds}.${ms}${offset}`);
}

function parseLimit(raw: string | null): number {
  if (raw === null || raw === '') return DEFAULT_LIMIT;
  if (!/^\d+$/.test(raw)) {
    throw new OktaApiError(400, 'E0000001', "Api validation failed: 'limit': must be an integer between 0 and 1000.", [
      'limit: must be an integer between 0 and 1000.',
    ]);
  }
  // Above the documented range: capped (Okta's behaviour here is undocumented).
  return Math.min(Number(raw), MAX_LIMIT);
}

function combine(predicates: ((event: LogEvent) => boolean)[]): ((event: LogEvent) => boolean) | undefined {
  if (predicates.length === 0) return undefined;
  if (predicates.length === 1) return predicates[0];
  return (event) => predicates.every((predicate) => predicate(event));
}
