/**
 * From the page's query to the System Log query sent to Okta. Every structured value goes through the client's
 * SCIM builders (quoted, escaped); the advanced filter is parenthesised after its parentheses were checked to
 * balance, so it cannot change how the rest combines.
 */
import { allOf, anyOf, filterEq, type LogQuery, rawFilter, type ScimFilter } from '../okta/index.ts';
import { type LogsQuery, TEXT_FILTERS } from './query-params.ts';
import type { ResolvedRange } from './time-range.ts';

/** The filter the query's fields stand for, or undefined when it has none. */
export function scimFilterFor(query: LogsQuery): ScimFilter | undefined {
  const parts: (ScimFilter | undefined)[] = TEXT_FILTERS.map(({ name, attributes }) => {
    const value = query.filters[name];
    return value === undefined ? undefined : anyOf(attributes.map((attribute) => filterEq(attribute, value)));
  });
  if (query.outcome) parts.push(filterEq('outcome.result', query.outcome));
  if (query.severity) parts.push(filterEq('severity', query.severity));
  if (query.filter) parts.push(rawFilter(query.filter));
  return allOf(parts);
}

/** A bounded query over `range` (it always has `until`, so its pages end). */
export function boundedLogQuery(query: LogsQuery, range: ResolvedRange, limit = query.limit): LogQuery {
  return {
    since: range.since,
    until: range.until,
    filter: scimFilterFor(query),
    q: query.q,
    limit,
    sortOrder: query.sortOrder,
  };
}

/** A polling query (no `until`, ASCENDING) from `since`: the live tail. */
export function pollingLogQuery(query: LogsQuery, since: Date, limit = query.limit): LogQuery {
  return { since, filter: scimFilterFor(query), q: query.q, limit, sortOrder: 'ASCENDING' };
}
