/**
 * The System Log page's query as it lives in the URL, parsed and validated explicitly: every problem becomes a
 * message next to its form field, and nothing is sent to Okta. query-url.ts writes a query back into a URL.
 */
import { isIP } from 'node:net';
import { InvalidQueryError, LOG_OUTCOMES, LOG_SEVERITIES, type LogOutcome, validateKeywords } from '../okta/index.ts';
import { rawFilterProblem } from './raw-filter.ts';
import { isRangePreset, parseDateTime, type RangeChoice, type RangePreset } from './time-range.ts';

/** Free-text filters: each matches any of its attributes exactly (SCIM `eq`, or-ed). */
export const TEXT_FILTERS = [
  { name: 'eventType', label: 'Event type', placeholder: 'user.session.start', attributes: ['eventType'] },
  { name: 'actor', label: 'Actor', placeholder: 'ID or login', attributes: ['actor.id', 'actor.alternateId'] },
  {
    name: 'target',
    label: 'Target',
    placeholder: 'ID or alternate ID',
    attributes: ['target.id', 'target.alternateId'],
  },
  { name: 'ip', label: 'Client IP', placeholder: '203.0.113.7', attributes: ['client.ipAddress'] },
  { name: 'transaction', label: 'Transaction ID', placeholder: '', attributes: ['transaction.id'] },
  {
    name: 'session',
    label: 'Session ID',
    placeholder: 'externalSessionId',
    attributes: ['authenticationContext.externalSessionId'],
  },
] as const;

/** The name of a free-text filter. */
export type TextFilterName = (typeof TEXT_FILTERS)[number]['name'];

/** Page sizes offered by the form; any whole number in [PAGE_SIZE_MIN, PAGE_SIZE_MAX] is accepted. */
export const PAGE_SIZES = [25, 50, 100, 200, 500, 1000] as const;
export const PAGE_SIZE_MIN = 25;
export const PAGE_SIZE_MAX = 1000;
export const DEFAULTS = { range: '7d', sortOrder: 'DESCENDING', limit: 100 } as const;

/** A validated query. */
export interface LogsQuery {
  range: RangePreset | 'custom';
  /** For `custom`: the bounds as given (either may be open). */
  since: Date | undefined;
  until: Date | undefined;
  q: string | undefined;
  filters: Partial<Record<TextFilterName, string>>;
  outcome: LogOutcome | undefined;
  severity: string | undefined;
  /** The advanced filter, sent as written (in parentheses). */
  filter: string | undefined;
  sortOrder: 'ASCENDING' | 'DESCENDING';
  limit: number;
}

/** Field name → message. `form` is for problems that belong to no single field. */
export type FieldErrors = Partial<Record<string, string>>;

/** The outcome of parsing: a usable query (when `errors` is empty), the page token, and what to redisplay. */
export interface ParsedLogsQuery {
  query: LogsQuery;
  page: string | undefined;
  errors: FieldErrors;
  /** The values to put back into the form, as typed. */
  form: Record<string, string>;
}

const VALUE_MAX = 512;
const CONTROL = /\p{Cc}/u;

/** The choice of range the query stands for. */
export function rangeChoice(query: LogsQuery): RangeChoice {
  return query.range === 'custom' ? { since: query.since, until: query.until } : { preset: query.range };
}

/** Parses the page's query parameters (as Fastify hands them over). Never throws on user input. */
export function parseLogsQuery(raw: unknown): ParsedLogsQuery {
  const source = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const errors: FieldErrors = {};
  const form: Record<string, string> = {};
  const read = (name: string, max = VALUE_MAX): string | undefined => {
    const value = source[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      errors[name] = 'Give this parameter once.';
      return undefined;
    }
    form[name] = value;
    const trimmed = value.trim();
    if (trimmed.length > max) {
      errors[name] = `At most ${max} characters.`;
      return undefined;
    }
    return trimmed === '' ? undefined : trimmed;
  };

  const filters: Partial<Record<TextFilterName, string>> = {};
  for (const { name } of TEXT_FILTERS) {
    const value = read(name);
    if (value !== undefined) filters[name] = value;
  }
  if (filters.ip !== undefined && isIP(filters.ip) === 0) {
    errors.ip = 'Enter an IPv4 or IPv6 address, such as 203.0.113.7.';
  }
  for (const name of ['eventType', 'transaction', 'session'] as const) {
    if (filters[name] !== undefined && CONTROL.test(filters[name]))
      errors[name] = 'Control characters are not allowed.';
  }

  const outcome = upper(read('outcome'));
  if (outcome !== undefined && !(LOG_OUTCOMES as readonly string[]).includes(outcome)) {
    errors.outcome = `Choose one of ${LOG_OUTCOMES.join(', ')}.`;
  }
  const severity = upper(read('severity'));
  if (severity !== undefined && !(LOG_SEVERITIES as readonly string[]).includes(severity)) {
    errors.severity = `Choose one of ${LOG_SEVERITIES.join(', ')}.`;
  }

  let q: string | undefined;
  try {
    q = validateKeywords(read('q', 1000));
  } catch (error) {
    if (!(error instanceof InvalidQueryError)) throw error;
    errors.q = error.message;
  }

  const filter = read('filter', 4000);
  const filterProblem = filter === undefined ? undefined : rawFilterProblem(filter);
  if (filterProblem) errors.filter = filterProblem;

  const sortText = upper(read('sortOrder'));
  if (sortText !== undefined && sortText !== 'ASCENDING' && sortText !== 'DESCENDING') {
    errors.sortOrder = 'Choose newest first or oldest first.';
  }
  const limit = parsePageSize(read('limit'), errors);
  const { range, since, until } = parseRange(read, errors);

  // A token of the wrong shape is simply not found in the cursor store: the page says so like for any other.
  const pageText = read('page', 64);

  return {
    query: {
      range,
      since,
      until,
      q,
      filters,
      outcome: errors.outcome ? undefined : (outcome as LogOutcome | undefined),
      severity: errors.severity ? undefined : severity,
      filter: errors.filter ? undefined : filter,
      sortOrder: sortText === 'ASCENDING' ? 'ASCENDING' : 'DESCENDING',
      limit,
    },
    page: pageText,
    errors,
    form,
  };
}

function upper(value: string | undefined): string | undefined {
  return value?.toUpperCase();
}

function parsePageSize(text: string | undefined, errors: FieldErrors): number {
  if (text === undefined) return DEFAULTS.limit;
  const value = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value < PAGE_SIZE_MIN || value > PAGE_SIZE_MAX) {
    errors.limit = `Choose a page size from ${PAGE_SIZE_MIN} to ${PAGE_SIZE_MAX}.`;
    return DEFAULTS.limit;
  }
  return value;
}

function parseRange(
  read: (name: string) => string | undefined,
  errors: FieldErrors,
): { range: RangePreset | 'custom'; since: Date | undefined; until: Date | undefined } {
  const rangeText = read('range');
  const sinceText = read('since');
  const untilText = read('until');
  const dates: { since?: Date; until?: Date } = {};
  for (const [name, text] of [
    ['since', sinceText],
    ['until', untilText],
  ] as const) {
    if (text === undefined) continue;
    const date = parseDateTime(text);
    if (date) dates[name] = date;
    else errors[name] = 'Enter a date and time such as 2024-08-13T15:58 (UTC).';
  }
  // A hand-made link with only since/until means a custom range; the form always sends `range`.
  const custom = rangeText === 'custom' || (rangeText === undefined && (sinceText ?? untilText) !== undefined);
  if (custom) return { range: 'custom', since: dates.since, until: dates.until };
  if (rangeText !== undefined && !isRangePreset(rangeText)) {
    errors.range = 'Choose one of the ranges offered, or a custom range.';
    return { range: DEFAULTS.range, since: undefined, until: undefined };
  }
  return { range: rangeText ?? DEFAULTS.range, since: undefined, until: undefined };
}
