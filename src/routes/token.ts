import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { requireSignIn } from '../auth/require-sign-in.ts';
import type { AppConfig } from '../config.ts';
import { AppError } from '../errors.ts';
import { OktaClientError, probeOkta } from '../okta/index.ts';
import { SignInRequiredError } from '../session/sign-in-required.ts';
import { PROBE_IDS, PROBE_ROWS, probeLesson, type StoredProbe } from '../teaching/probe-rows.ts';
import { tokenFacts } from '../teaching/token-facts.ts';

/** A message at the top of the token page after a button was used. */
type Notice =
  | { kind: 'refreshed'; before: string; after: string }
  | { kind: 'no-refresh-token' }
  | { kind: 'tried'; row: string };

const TRY_SCHEMA = {
  type: 'object',
  required: ['probe'],
  properties: { probe: { type: 'string', enum: PROBE_IDS }, _csrf: { type: 'string' } },
} as const;

function unknownRow(): AppError {
  return new AppError({
    status: 400,
    code: 'TOKEN_PROBE_UNKNOWN',
    title: 'No such endpoint to try',
    whatHappened: 'The form asked to try an endpoint that is not in the table.',
    whatToDo: 'Use the "Try it" buttons of the token page.',
    action: { label: 'Token page', href: '/token' },
  });
}

/**
 * `/token`, the token inspector: what the app holds for this session (never the token), a "try it" row per
 * management endpoint showing Okta's own answer, and a refresh button.
 */
export const tokenRoutes: FastifyPluginAsync<{ config: AppConfig }> = async (app, { config }) => {
  function render(request: FastifyRequest, reply: FastifyReply, notice: Notice | null) {
    const { tokens, user } = request.session;
    if (!tokens || !user) throw new SignInRequiredError('/token', 'signed_out');
    const probes = request.session.tokenProbes ?? {};
    const facts = tokenFacts(config.scopes, tokens, user);
    const rows = PROBE_ROWS.map((row) => {
      const result = Object.hasOwn(probes, row.id) ? probes[row.id] : undefined;
      return {
        ...row,
        inToken: tokens.grantedScopes.includes(row.scope),
        requested: config.scopes.includes(row.scope),
        result: result ?? null,
        lesson: result ? probeLesson(row, result, config.scopes, tokens.grantedScopes) : null,
      };
    });
    return reply.render('token', {
      title: 'Token',
      stylesheet: 'teach',
      facts,
      rows,
      notice,
      formToken: reply.generateCsrf(),
    });
  }

  app.get('/token', { preHandler: requireSignIn }, async (request, reply) => render(request, reply, null));

  app.post<{ Body: { probe: string } }>(
    '/token/try',
    { preHandler: [requireSignIn, app.csrfProtection], schema: { body: TRY_SCHEMA } },
    async (request, reply) => {
      const row = PROBE_ROWS.find((candidate) => candidate.id === request.body.probe);
      if (!row) throw unknownRow();
      let stored: StoredProbe;
      try {
        const result = await probeOkta({
          orgUrl: config.okta.orgUrl.origin,
          path: row.path,
          dispatcher: app.outbound,
          credentials: app.auth.oktaCredentials(request),
          timeoutMs: config.oktaCallTimeoutMs,
        });
        stored = { ...result, at: new Date().toISOString() };
      } catch (error) {
        if (!(error instanceof OktaClientError)) throw error;
        stored = {
          status: 0,
          requestId: error.requestId,
          wwwAuthenticate: undefined,
          errorCode: undefined,
          errorSummary: undefined,
          itemCount: undefined,
          at: new Date().toISOString(),
          failure: error.code === 'OKTA_UNAVAILABLE' ? 'the connection failed or timed out' : 'the request failed',
        };
      }
      request.session.tokenProbes = { ...request.session.tokenProbes, [row.id]: stored };
      return render(request, reply, { kind: 'tried', row: row.id });
    },
  );

  app.post('/token/refresh', { preHandler: [requireSignIn, app.csrfProtection] }, async (request, reply) => {
    const tokens = request.session.tokens;
    if (!tokens?.refreshToken) return render(request, reply, { kind: 'no-refresh-token' });
    const before = new Date(tokens.expiresAt).toISOString();
    const renewed = await app.auth.refresh(request);
    return render(request, reply, { kind: 'refreshed', before, after: new Date(renewed.expiresAt).toISOString() });
  });
};
