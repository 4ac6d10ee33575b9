import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { requireSignIn } from '../auth/require-sign-in.ts';
import { AppError } from '../errors.ts';
import { SignInRequiredError } from '../session/sign-in-required.ts';
import {
  type ActivityRow,
  type ActivityUnavailable,
  activityQuery,
  activityRows,
  activityUnavailable,
} from '../users/user-activity.ts';
import { displayName, profileAttributes, statusTone, userFacts } from '../users/user-view.ts';

const PARAMS_SCHEMA = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

/** The user page: one user (okta.users.read) and, when the token and role allow it, their System Log events. */
export const usersDetailRoutes: FastifyPluginAsync = async (app) => {
  async function activity(
    request: FastifyRequest,
    userId: string,
    deadline: number,
  ): Promise<{ rows: ActivityRow[]; unavailable: ActivityUnavailable | null }> {
    try {
      const page = await app.okta.call(request, { scope: 'okta.logs.read' }, (client, signal) =>
        client.logs.list(activityQuery(userId), { signal, deadline }),
      );
      return { rows: activityRows(page.items, userId), unavailable: null };
    } catch (error) {
      // The user is shown either way: a missing scope, role or rate-limit budget only empties this section.
      if (error instanceof AppError && !(error instanceof SignInRequiredError)) {
        return { rows: [], unavailable: activityUnavailable(error) };
      }
      throw error;
    }
  }

  app.get<{ Params: { id: string } }>(
    '/users/:id',
    { preHandler: requireSignIn, schema: { params: PARAMS_SCHEMA } },
    async (request, reply) => {
      // The activity needs the user's canonical id, so the two calls run one after the other; they share one
      // deadline so that the page, not each call, answers within OKTA_CALL_TIMEOUT_SECONDS.
      const deadline = Date.now() + app.okta.callTimeoutMs;
      const { item: user } = await app.okta.call(request, { scope: 'okta.users.read' }, (client, signal) =>
        client.users.get(request.params.id, { signal, deadline }),
      );
      const recent = await activity(request, user.id, deadline);
      const name = displayName(user);
      return reply.render('users-detail', {
        title: name,
        stylesheet: 'teach',
        name,
        userId: user.id,
        status: typeof user.status === 'string' ? user.status : '',
        tone: statusTone(typeof user.status === 'string' ? user.status : ''),
        facts: userFacts(user),
        attributes: profileAttributes(user),
        activity: recent.rows,
        activityUnavailable: recent.unavailable,
      });
    },
  );
};
