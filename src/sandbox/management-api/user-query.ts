import type { OktaUser } from '../okta-types.ts';
import {
  compileScimFilter,
  forEachAttributeExpression,
  parseScimFilter,
  pathReader,
  type ScimFilter,
  ScimFilterSyntaxError,
} from '../scim/index.ts';
import { OktaApiError } from './okta-error.ts';

const DEFAULT_LIMIT = 200;
const DEFAULT_LIMIT_WITH_Q = 10;
const MAX_LIMIT = 200;

/** A validated `GET /api/v1/users` request. */
export interface UserQuery {
  matches: (user: OktaUser) => boolean;
  /** DEPROVISIONED users are left out unless a filter or search asks for them (listUsers). */
  includeDeprovisioned: boolean;
  limit: number;
  /** `q` lists do not page. */
  pages: boolean;
  after?: string;
  sort?: { by: string; descending: boolean };
}

// `filter` supports only these properties, and only `eq` except lastUpdated (listUsers, Okta's OpenAPI spec).
const FILTER_PROPERTIES = new Set([
  'status',
  'lastUpdated',
  'id',
  'profile.login',
  'profile.email',
  'profile.firstName',
  'profile.lastName',
]);
const SEARCH_TOP_LEVEL = new Set([
  'id',
  'status',
  'created',
  'activated',
  'statusChanged',
  'lastUpdated',
  'lastLogin',
  'passwordChanged',
  'type.id',
]);

/** Validates listUsers parameters: `search`, `filter`, `q`, `limit`, `after`, `sortBy`/`sortOrder` (search only). */
export function parseUserQuery(params: URLSearchParams): UserQuery {
  const predicates: ((user: OktaUser) => boolean)[] = [];
  const search = params.get('search');
  const filter = params.get('filter');
  const q = params.get('q');
  if (search?.trim()) predicates.push(compileUserExpression(search, 'search'));
  if (filter?.trim()) predicates.push(compileUserExpression(filter, 'filter'));
  if (q?.trim()) {
    const prefix = q.trim().toLowerCase();
    predicates.push((user) =>
      [user.profile.firstName, user.profile.lastName, user.profile.email].some(
        (value) => typeof value === 'string' && value.toLowerCase().startsWith(prefix),
      ),
    );
  }
  const usesQ = Boolean(q?.trim()) && !search?.trim() && !filter?.trim();
  const sortBy = params.get('sortBy');
  const sortOrder = (params.get('sortOrder') ?? 'asc').toLowerCase();
  if (sortOrder !== 'asc' && sortOrder !== 'desc') {
    throw new OktaApiError(400, 'E0000001', "Api validation failed: 'sortOrder': must be asc or desc.", [
      'sortOrder: must be asc or desc.',
    ]);
  }
  const after = params.get('after');
  return {
    matches: (user) => predicates.every((predicate) => predicate(user)),
    includeDeprovisioned: Boolean(search?.trim() || filter?.trim()),
    limit: parseLimit(params.get('limit'), usesQ ? DEFAULT_LIMIT_WITH_Q : DEFAULT_LIMIT),
    pages: !usesQ,
    ...(after ? { after } : {}),
    // sortBy is honoured with search only; without search it is ignored, as in Okta.
    ...(sortBy && search?.trim() ? { sort: { by: sortBy, descending: sortOrder === 'desc' } } : {}),
  };
}

function compileUserExpression(expression: string, kind: 'search' | 'filter'): (user: OktaUser) => boolean {
  let parsed: ScimFilter;
  try {
    parsed = parseScimFilter(expression);
  } catch (error) {
    if (error instanceof ScimFilterSyntaxError) throw invalidSearch(error.message);
    throw error;
  }
  if (kind === 'filter') checkFilter(parsed);
  else checkSearch(parsed);
  // filter is case-sensitive for values; search is not (listUsers).
  return compileScimFilter<OktaUser>(parsed, { reader: pathReader, caseInsensitive: kind === 'search' });
}

function checkFilter(filter: ScimFilter): void {
  const visit = (node: ScimFilter): void => {
    if (node.kind === 'not') throw invalidSearch("The 'not' operator isn't supported in filter; use search.");
    if (node.kind === 'and' || node.kind === 'or') {
      visit(node.left);
      visit(node.right);
      return;
    }
    if (!FILTER_PROPERTIES.has(node.path))
      throw invalidSearch(`Filtering on '${node.path}' isn't supported; use search.`);
    const op = node.kind === 'present' ? 'pr' : node.op;
    const allowed = node.path === 'lastUpdated' ? ['eq', 'gt', 'ge', 'lt', 'le'] : ['eq'];
    if (!allowed.includes(op))
      throw invalidSearch(`The '${op}' operator isn't supported for '${node.path}' in filter.`);
  };
  visit(filter);
}

function checkSearch(filter: ScimFilter): void {
  forEachAttributeExpression(filter, (node) => {
    if (!SEARCH_TOP_LEVEL.has(node.path) && !/^profile\.[A-Za-z0-9_$]+$/.test(node.path)) {
      throw invalidSearch(`Searching on '${node.path}' isn't supported.`);
    }
    if (node.kind === 'compare' && (node.op === 'ne' || node.op === 'ew')) {
      throw invalidSearch(`The '${node.op}' operator isn't supported in search.`);
    }
  });
}

function invalidSearch(cause: string): OktaApiError {
  return new OktaApiError(400, 'E0000031', 'Invalid search criteria.', [cause]);
}

function parseLimit(raw: string | null, fallback: number): number {
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    throw new OktaApiError(400, 'E0000001', "Api validation failed: 'limit': must be a positive integer.", [
      'limit: must be a positive integer.',
    ]);
  }
  // Above the documented maximum of 200: capped (Okta's answer here is undocumented).
  return Math.min(Number(raw), MAX_LIMIT);
}
