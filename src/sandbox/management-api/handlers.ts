import type { SandboxOrg } from '../org.ts';
import type { Caller } from './caller.ts';
import type { Endpoint } from './endpoints.ts';
import { encodeLogCursor } from './log-cursor.ts';
import { serializeLogEvents } from './log-event-json.ts';
import { parseLogQuery } from './log-query.ts';
import { searchLogs } from './log-search.ts';
import { OktaApiError, resourceNotFound } from './okta-error.ts';
import { listUsers } from './user-list.ts';
import { parseUserQuery } from './user-query.ts';

/** What a handler answers: a JSON body, and for lists the `next` link (the dispatcher adds `self`). */
export interface HandlerResult {
  status: number;
  body: unknown;
  list: boolean;
  next?: string;
  /** The body already serialized (System Log pages; see `serializeLogEvents`). */
  json?: string;
}

export interface HandlerContext {
  org: SandboxOrg;
  /** The org URL without a trailing slash. */
  orgUrl: string;
  url: URL;
  method: string;
  caller: Caller;
  now: number;
}

/** Answers an authorised request for an endpoint. */
export function handleEndpoint(endpoint: Endpoint, context: HandlerContext): HandlerResult {
  const { org, orgUrl, url, method } = context;
  if (method !== 'GET' && method !== 'HEAD') {
    // The sandbox org is read-only: even a token with the manage scope cannot change it.
    throw new OktaApiError(405, 'E0000022', 'The endpoint does not support the provided HTTP method');
  }
  switch (endpoint.kind) {
    case 'logs': {
      const page = searchLogs(org.systemLog, parseLogQuery(url.searchParams, context.now), context.now);
      const next = page.next ? nextUrl(orgUrl, url, encodeLogCursor(page.next), ['since']) : undefined;
      return {
        status: 200,
        body: page.events,
        json: serializeLogEvents(page.events),
        list: true,
        ...(next ? { next } : {}),
      };
    }
    case 'users': {
      const page = listUsers(org.directory, parseUserQuery(url.searchParams));
      const next = page.nextAfter ? nextUrl(orgUrl, url, page.nextAfter, []) : undefined;
      return { status: 200, body: page.users, list: true, ...(next ? { next } : {}) };
    }
    case 'user': {
      return { status: 200, body: findUser(context, endpoint.id ?? ''), list: false };
    }
    case 'user-factors':
    case 'user-collection': {
      findUser(context, endpoint.id ?? '');
      // Deeper than /api/v1/users/{id}/factors: one factor (or role), which the sandbox never has.
      const item = url.pathname.split('/').length > 6;
      if (item) throw new OktaApiError(404, 'E0000007', `Not found: Resource not found: ${url.pathname} (Resource)`);
      return { status: 200, body: [], list: true };
    }
    case 'collection':
      return { status: 200, body: [], list: true };
    case 'item':
      throw resourceNotFound(endpoint.id ?? '', endpoint.resourceType ?? 'Resource');
    case 'unknown':
      throw new OktaApiError(
        404,
        'E0000007',
        `Not found: Resource not found: ${url.pathname} (${endpoint.resourceType ?? 'Resource'})`,
      );
  }
}

function findUser(context: HandlerContext, idOrLogin: string) {
  // `me` is the signed-in user (getUser: "me" for the current user); a service token has none.
  const key = idOrLogin === 'me' ? context.caller.userId : idOrLogin;
  const user = key ? context.org.directory.find(key) : undefined;
  if (!user) throw resourceNotFound(idOrLogin, 'User');
  return user;
}

/** The request's own URL on the org, `after` replaced, some parameters dropped (e.g. `since`, which `after` excludes). */
function nextUrl(orgUrl: string, url: URL, after: string, drop: readonly string[]): string {
  const params = new URLSearchParams(url.searchParams);
  for (const name of drop) params.delete(name);
  params.set('after', after);
  return `${orgUrl}${url.pathname}?${params.toString()}`;
}
