import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { requireSignIn } from '../auth/require-sign-in.ts';
import { AppError } from '../errors.ts';
import { InvalidQueryError, type Page, type PageCursor, type User } from '../okta/index.ts';
import { oktaRequestView, plannedRequestView } from '../users/okta-request.ts';
import { findPage, rememberPage, type StoredPage } from '../users/page-tokens.ts';
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

function unknownPage(plan: UsersPlan, why: 'unknown' | 'other-query'): AppError {
  return new AppError({
    status: 400,
    code: 'USERS_PAGE_UNKNOWN',
    title: 'This page link no longer works',
    whatHappened:
      why === 'unknown'
        ? "Page links carry only a token; Okta's paging cursor stays on the server, in your session. This token is not in your session: it expired, came from another browser, or is from before you signed in again."
        : 'This page token belongs to a different search. A cursor from one query cannot continue another.',
    whatToDo: 'Start again from the first page of the list.',
    action: { label: 'First page', href: usersHref(plan.params) },
  });
}

function storedPage(request: FastifyRequest<{ Querystring: UsersQuerystring }>, plan: UsersPlan) {
  const token = request.query.page;
  if (!token) return undefined;
  const found = findPage(request.session, token, plan.key);
  if ('refused' in found) throw unknownPage(plan, found.refused);
  return { token, page: found.page };
}

/** `GET /users`: search, filter, sort and page through the org's users with the scoped token (okta.users.read). */
export const usersRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: UsersQuerystring }>(
    '/users',
    { preHandler: requireSignIn, schema: { querystring: USERS_QUERYSTRING_SCHEMA } },
    async (request, reply) => {
      const plan = planUsersQuery(request.query);
      const current: { token: string; page: StoredPage } | undefined = storedPage(request, plan);
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
        ? rememberPage(request.session, {
            cursor: page.next,
            key: plan.key,
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
