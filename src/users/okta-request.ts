/**
 * "What the app asked Okta": the request a page made, from the `Link rel="self"` Okta sent back (so it shows what
 * went over the wire), as a path and a list of decoded parameters.
 */
import type { UserQuery } from '../okta/index.ts';

/** A request for display. */
export interface OktaRequestView {
  method: 'GET';
  path: string;
  params: { name: string; value: string }[];
}

/** The request the app meant to send for `query`, for when Okta refused it (no self link came back). */
export function plannedRequestView(query: UserQuery): OktaRequestView {
  const params: { name: string; value: string }[] = [];
  if (query.search) params.push({ name: 'search', value: query.search.expression });
  if (query.q) params.push({ name: 'q', value: query.q });
  if (query.limit !== undefined) params.push({ name: 'limit', value: String(query.limit) });
  if (query.sortBy) params.push({ name: 'sortBy', value: query.sortBy });
  if (query.sortBy && query.sortOrder) params.push({ name: 'sortOrder', value: query.sortOrder });
  return { method: 'GET', path: '/api/v1/users', params };
}

/** The request behind `self` (an absolute URL on the org), or null when Okta sent no self link. */
export function oktaRequestView(self: string | undefined): OktaRequestView | null {
  if (!self) return null;
  let url: URL;
  try {
    url = new URL(self);
  } catch {
    return null;
  }
  return {
    method: 'GET',
    path: url.pathname,
    // The cursor is Okta's business and stays on the server: it is not shown.
    params: [...url.searchParams].filter(([name]) => name !== 'after').map(([name, value]) => ({ name, value })),
  };
}
