/**
 * The page's query written back into a URL: one fixed order of parameters, defaults left out, so that the same
 * query always makes the same link, cache key and cursor binding.
 */
import { DEFAULTS, type LogsQuery, TEXT_FILTERS, type TextFilterName } from './query-params.ts';

/** Changes applied to a query when building a link from it. */
export type QueryChanges = Partial<Omit<LogsQuery, 'filters'>> & { filters?: Partial<Record<TextFilterName, string>> };

/**
 * The query as URL parameters in a fixed order, defaults left out, `page` last when given. Links, cache keys and
 * cursor bindings all use it.
 */
export function logsSearchParams(query: LogsQuery, page?: string): URLSearchParams {
  const params = new URLSearchParams();
  if (query.range === 'custom') {
    params.set('range', 'custom');
    if (query.since) params.set('since', query.since.toISOString());
    if (query.until) params.set('until', query.until.toISOString());
  } else if (query.range !== DEFAULTS.range) {
    params.set('range', query.range);
  }
  if (query.q) params.set('q', query.q);
  for (const { name } of TEXT_FILTERS) {
    const value = query.filters[name];
    if (value) params.set(name, value);
  }
  if (query.outcome) params.set('outcome', query.outcome);
  if (query.severity) params.set('severity', query.severity);
  if (query.filter) params.set('filter', query.filter);
  if (query.sortOrder !== DEFAULTS.sortOrder) params.set('sortOrder', query.sortOrder);
  if (query.limit !== DEFAULTS.limit) params.set('limit', String(query.limit));
  if (page) params.set('page', page);
  return params;
}

/** `path` with the query's parameters (after `changes`), as an app-internal link. */
export function logsHref(path: string, query: LogsQuery, changes: QueryChanges = {}, page?: string): string {
  const merged: LogsQuery = { ...query, ...changes, filters: { ...query.filters, ...changes.filters } };
  const search = logsSearchParams(merged, page).toString();
  return search === '' ? path : `${path}?${search}`;
}
