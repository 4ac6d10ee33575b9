import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { requireSignIn } from '../auth/require-sign-in.ts';
import { AppError } from '../errors.ts';
import { InvalidQueryError, type Page, type PageCursor, type User } from '../okta/index.ts';
import { PageTokenStore, type PageTokenStoreOptions, type TokenRefusal } from '../paging/page-token-store.ts';
import { oktaRequestView, plannedRequestView } from '../users/okta-request.ts';
import { userRow } from '../users/user-view.ts';
import {
  PAGE_SIZES,
  planUsersQuery,
  SORT_FIELDS,
  USER_STATUSES,
  USERS_QUERYSTRING_SCHEMA,
  type UsersPlan,
  type UsersQuerystring,
  usersHref,
} from '../users/users-query.ts';

/** Okta's refusal of a query, shown next to the form instead of an error page. */
interface QueryProblem {
  summary: string;
  causes: string[];
  code: string | null;
}

function queryProblem(error: unknown): QueryProblem | undefined {
  if (!(error instanceof AppError) || !(error.cause instanceof InvalidQueryError)) return undefined;
  const cause = error.cause;
  return {
    summary: cause.errorSummary ?? cause.message,
    causes: cause.errorCauses.map((item) => item.errorSummary),
    code: cause.errorCode ?? null,
  };
}

/** One remembered page of a users listing, behind a page token bound to the session and the query's key. */
export interface UserPage {
  /** The validated `next` URL from Okta (a PageCursor of src/okta). */
  cursor: string;
  /** 1-based page number, for "page N" and the previous link. */
  number: number;
  /** The token of the page before, or null when that is the first page. */
  previous: string | null;
}

/** A session keeps at most this many users page tokens; the oldest go first. */
export const MAX_USER_PAGE_TOKENS = 50;

/** The users listing's page tokens: few per session, and a reload hands out the same token for the same cursor. */
export const USER_PAGE_TOKENS: PageTokenStoreOptions<UserPage> = {
  maxPerOwner: MAX_USER_PAGE_TOKENS,
  sameValue: (page) => page.cursor,
};

function unknownPage(plan: UsersPlan, why: TokenRefusal): AppError {
  return new AppError({
    status: 400,
    code: 'USERS_PAGE_UNKNOWN',
    title: 'This page link no longer works',
    whatHappened:
      why === 'unknown'
        ? "Page links carry only a token; Okta's paging cursor stays on the server, bound to your session. This token is not known for your session: it expired, came from another browser, or is from before you signed in again."
        : 'This page token belongs to a different search. A cursor from one query cannot continue another.',
    whatToDo: 'Start again from the first page of the list.',
    action: { label: 'First page', href: usersHref(plan.params) },
  });
}

async function storedPage(
  pages: PageTokenStore<UserPage>,
  request: FastifyRequest<{ Querystring: UsersQuerystring }>,
  plan: UsersPlan,
): Promise<{ token: string; page: UserPage } | undefined> {
  const token = request.query.page;
  if (!token) return undefined;
  const found = await pages.find(token, request.session.sessionId, plan.key);
  if ('refused' in found) throw unknownPage(plan, found.refused);
  return { token, page: found.value };
}

/** `GET /users`: search, filter, sort and page through the org's users with the scoped token (okta.users.read). */
export const usersRoutes: FastifyPluginAsync = async (app) => {
  const pages = new PageTokenStore<UserPage>(app.store, USER_PAGE_TOKENS);
  app.get<{ Querystring: UsersQuerystring }>(
    '/users',
    { preHandler: requireSignIn, schema: { querystring: USERS_QUERYSTRING_SCHEMA } },
    async (request, reply) => {
      const plan = planUsersQuery(request.query);
      const current = await storedPage(pages, request, plan);
      let page: Page<User> | undefined;
      let problem: QueryProblem | undefined;
      try {
        page = await app.okta.call(request, { scope: 'okta.users.read' }, (client, signal) =>
          current
            ? client.users.next(current.page.cursor as PageCursor, { signal })
            : client.users.list(plan.query, { signal }),
        );
      } catch (error) {
        problem = queryProblem(error);
        if (!problem) throw error;
      }
      const number = current?.page.number ?? 1;
      const nextToken = page?.next
        ? await pages.put(request.session.sessionId, plan.key, {
            cursor: page.next,
            number: number + 1,
            previous: current?.token ?? null,
          })
        : undefined;
      const previous = current?.page.previous;
      return reply.render(
        'users',
        {
          title: 'Users',
          stylesheet: 'teach',
          skipTo: problem ? undefined : { href: '#users-results', label: 'Skip to results' },
          form: plan.form,
          mode: plan.mode,
          notes: plan.notes,
          statuses: USER_STATUSES,
          sortFields: SORT_FIELDS,
          pageSizes: PAGE_SIZES,
          rows: (page?.items ?? []).map(userRow),
          pageNumber: number,
          firstHref: number > 1 ? usersHref(plan.params) : null,
          previousHref: number > 1 ? usersHref(plan.params, previous ?? undefined) : null,
          nextHref: nextToken ? usersHref(plan.params, nextToken) : null,
          oktaRequest: page ? oktaRequestView(page.self) : plannedRequestView(plan.query),
          problem: problem ?? null,
        },
        problem ? 400 : 200,
      );
    },
  );
};
