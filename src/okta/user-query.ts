/**
 * Users queries (`GET /api/v1/users`, Okta's OpenAPI spec operation listUsers): validation before anything is
 * sent. `search` is the recommended parameter; `filter` takes only a few attributes with `eq`; `q` is a
 * startsWith match on first name, last name or email.
 */
import { InvalidQueryError } from './errors.ts';
import { validateLimit } from './log-query.ts';
import { assertAttributePath, type ScimFilter } from './scim.ts';

/** A users listing query. */
export interface UserQuery {
  /** A SCIM expression over any profile attribute and the top-level fields (includes DEPROVISIONED users). */
  search?: ScimFilter | undefined;
  /** A SCIM filter over status, lastUpdated, id, profile.login/email/firstName/lastName. */
  filter?: ScimFilter | undefined;
  /** startsWith text on firstName, lastName or email. */
  q?: string | undefined;
  /** Page size, 1–200 (Okta's default is 200, or 10 with `q`). */
  limit?: number | undefined;
  /** Sort attribute, only with `search` (e.g. `profile.lastName`). */
  sortBy?: string | undefined;
  sortOrder?: 'asc' | 'desc' | undefined;
}

export const USER_LIMIT_MAX = 200;

/** Validates a users query and returns its URL parameters, in a stable order. Sends nothing. */
export function userSearchParams(query: UserQuery): URLSearchParams {
  const limit = validateLimit(query.limit, 1, USER_LIMIT_MAX);
  if (query.sortBy !== undefined) {
    if (!query.search) {
      throw new InvalidQueryError('sortBy only works together with search', { parameter: 'sortBy' });
    }
    assertAttributePath(query.sortBy, 'sortBy');
  }
  if (query.sortOrder !== undefined && query.sortOrder !== 'asc' && query.sortOrder !== 'desc') {
    throw new InvalidQueryError('sortOrder must be asc or desc', { parameter: 'sortOrder' });
  }
  const q = query.q?.trim() ?? '';
  const params = new URLSearchParams();
  if (query.search) params.set('search', query.search.expression);
  if (query.filter) params.set('filter', query.filter.expression);
  if (q !== '') params.set('q', q);
  if (limit !== undefined) params.set('limit', String(limit));
  if (query.sortBy !== undefined) params.set('sortBy', query.sortBy);
  if (query.sortOrder !== undefined) params.set('sortOrder', query.sortOrder);
  return params;
}

/** The path segment for `GET /api/v1/users/{idOrLogin}`; refuses values that would change the path. */
export function userPathSegment(idOrLogin: string): string {
  const trimmed = idOrLogin.trim();
  // '.' and '..' survive encodeURIComponent and URL resolution would turn them into another endpoint.
  if (trimmed === '' || trimmed === '.' || trimmed === '..') {
    throw new InvalidQueryError('a user id or login is required', { parameter: 'idOrLogin' });
  }
  return encodeURIComponent(trimmed);
}
