/**
 * The /users form → one Okta users query. Okta's listUsers has three ways to narrow a list that do not mix freely:
 * `q` (a startsWith match on first name, last name or email; no paging), `search` (a SCIM expression; pages,
 * includes DEPROVISIONED users, the only one that sorts) and `filter`. The page offers a name prefix, a status and an
 * advanced search expression, and turns them into the one query Okta can answer.
 */
import { allOf, anyOf, compare, filterEq, rawFilter, type ScimFilter, type UserQuery } from '../okta/index.ts';

/** Okta's documented user statuses, in lifecycle order. */
export const USER_STATUSES = [
  'ACTIVE',
  'STAGED',
  'PROVISIONED',
  'RECOVERY',
  'PASSWORD_EXPIRED',
  'LOCKED_OUT',
  'SUSPENDED',
  'DEPROVISIONED',
] as const;

/** Attributes the page offers to sort by (Okta sorts `search` results by any single property). */
export const SORT_FIELDS: readonly { value: string; label: string }[] = [
  { value: 'profile.lastName', label: 'Last name' },
  { value: 'profile.firstName', label: 'First name' },
  { value: 'profile.login', label: 'Login' },
  { value: 'status', label: 'Status' },
  { value: 'created', label: 'Created' },
  { value: 'lastLogin', label: 'Last sign-in' },
];

/** The page sizes the form offers (Okta's maximum is 200). */
export const PAGE_SIZES = [10, 20, 50, 100, 200] as const;
/** The page size when the URL names none. */
export const DEFAULT_PAGE_SIZE = 20;
/** Longest name prefix accepted. */
export const MAX_Q_LENGTH = 100;
/** Longest search expression accepted (Okta refuses overly long ones too). */
export const MAX_SEARCH_LENGTH = 1000;

/** The /users query string, as validated by the route's schema. */
export interface UsersQuerystring {
  q?: string;
  search?: string;
  status?: string;
  sortBy?: string;
  sortOrder?: 'asc' | 'desc';
  limit?: number;
  page?: string;
}

/** The form as the page shows it again (normalised). */
export interface UsersForm {
  q: string;
  search: string;
  status: string;
  sortBy: string;
  sortOrder: 'asc' | 'desc';
  limit: number;
}

/** What to ask Okta, and what to tell the reader about it. */
export interface UsersPlan {
  form: UsersForm;
  query: UserQuery;
  /** Which Okta parameter carries the narrowing: the search field's errors are shown next to it. */
  mode: 'list' | 'q' | 'search';
  /** Identifies the query, so a page cursor is only used with the query it belongs to. */
  key: string;
  /** The page's own URL parameters for this query (no page token). */
  params: URLSearchParams;
  /** Short explanations of how the form was turned into Okta's query. */
  notes: string[];
}

/** The Fastify schema of the /users query string. */
export const USERS_QUERYSTRING_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    q: { type: 'string', maxLength: MAX_Q_LENGTH },
    search: { type: 'string', maxLength: MAX_SEARCH_LENGTH },
    status: { type: 'string', enum: ['', ...USER_STATUSES] },
    sortBy: { type: 'string', enum: ['', ...SORT_FIELDS.map((field) => field.value)] },
    sortOrder: { type: 'string', enum: ['asc', 'desc'] },
    limit: { type: 'integer', minimum: 1, maximum: 200 },
    page: { type: 'string', pattern: '^[A-Za-z0-9_-]{16,64}$' },
  },
} as const;

function normalise(raw: UsersQuerystring): UsersForm {
  return {
    q: raw.q?.trim() ?? '',
    search: raw.search?.trim() ?? '',
    status: raw.status ?? '',
    sortBy: raw.sortBy ?? '',
    sortOrder: raw.sortOrder ?? 'asc',
    limit: raw.limit ?? DEFAULT_PAGE_SIZE,
  };
}

function namePrefix(q: string): ScimFilter | undefined {
  return anyOf(['profile.firstName', 'profile.lastName', 'profile.email'].map((field) => compare(field, 'sw', q)));
}

function pageParams(form: UsersForm): URLSearchParams {
  const params = new URLSearchParams();
  if (form.q) params.set('q', form.q);
  if (form.search) params.set('search', form.search);
  if (form.status) params.set('status', form.status);
  if (form.sortBy) {
    params.set('sortBy', form.sortBy);
    params.set('sortOrder', form.sortOrder);
  }
  if (form.limit !== DEFAULT_PAGE_SIZE) params.set('limit', String(form.limit));
  return params;
}

/** Turns the form into the one users query Okta can answer, with notes on what was combined or ignored. */
export function planUsersQuery(raw: UsersQuerystring): UsersPlan {
  const form = normalise(raw);
  const notes: string[] = [];
  const query: UserQuery = { limit: form.limit };
  let mode: UsersPlan['mode'] = 'list';
  if (form.search || form.status) {
    mode = 'search';
    // The advanced expression is the reader's own query, run with their own token: it is sent as written, in
    // parentheses so that the status and name parts combine with it as a whole.
    query.search = allOf([
      form.search ? rawFilter(form.search) : undefined,
      form.status ? filterEq('status', form.status) : undefined,
      form.q ? namePrefix(form.q) : undefined,
    ]);
    if (form.q) notes.push('With a status or search expression, the name prefix becomes part of the search (sw).');
    if (form.sortBy) {
      query.sortBy = form.sortBy;
      query.sortOrder = form.sortOrder;
    }
  } else {
    if (form.q) {
      mode = 'q';
      query.q = form.q;
      notes.push(
        "A name prefix alone uses Okta's q parameter: it matches the start of first name, last name or email, leaves out deactivated users and does not page.",
      );
    }
    if (form.sortBy) notes.push('Okta sorts only search results: pick a status or write a search expression to sort.');
  }
  if (!form.search && !form.status && !form.q) {
    notes.push('Without a status or search, Okta lists every user except DEPROVISIONED ones, in id order.');
  }
  const params = pageParams(form);
  return { form, query, mode, key: params.toString(), params, notes };
}

/** `/users` with these parameters. */
export function usersHref(params: URLSearchParams, page?: string): string {
  const all = new URLSearchParams(params);
  if (page) all.set('page', page);
  const text = all.toString();
  return text ? `/users?${text}` : '/users';
}
