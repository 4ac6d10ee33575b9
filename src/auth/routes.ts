import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config.ts';
import { LOGIN_TRANSACTION_TTL_MS, MAX_PENDING_LOGINS } from '../session/session-data.ts';
import type { LoginTransaction } from '../session/session-types.ts';
import { LogoutNeedsPostError } from './auth-errors.ts';
import {
  discoveryFailure,
  LoginExpiredError,
  loginFailure,
  SIGN_IN_AGAIN,
  UnknownLoginStateError,
} from './login-errors.ts';
import { safeReturnTo } from './return-to.ts';

const SIGN_IN_RATE_LIMIT = { rateLimit: { max: 30, timeWindow: '1 minute' } };

function noStore(reply: FastifyReply): void {
  reply.header('cache-control', 'no-store');
}

/** Keeps the pending sign-ins of this browser that are still young enough, plus the new one, newest last. */
function rememberLogin(request: FastifyRequest, transaction: LoginTransaction): void {
  const now = Date.now();
  const pending = Object.values(request.session.pendingLogins ?? {})
    .filter((login) => now - login.createdAt < LOGIN_TRANSACTION_TTL_MS)
    .slice(-(MAX_PENDING_LOGINS - 1));
  pending.push(transaction);
  request.session.pendingLogins = Object.fromEntries(pending.map((login) => [login.state, login]));
}

/** Removes and returns the pending sign-in with this state: a transaction can be used once only. */
function takeLogin(request: FastifyRequest, state: string): LoginTransaction | undefined {
  const pending = request.session.pendingLogins;
  if (!pending || !Object.hasOwn(pending, state)) return undefined;
  const transaction = pending[state];
  const { [state]: _used, ...rest } = pending;
  request.session.pendingLogins = rest;
  return transaction;
}

/** GET /login, GET /authorization-code/callback, POST /logout. */
export interface AuthRoutesOptions {
  config: AppConfig;
  cookie: { name: string; secure: boolean };
}

export async function authRoutes(app: FastifyInstance, { config, cookie }: AuthRoutesOptions): Promise<void> {
  const org = app.auth.org;

  app.get<{ Querystring: { returnTo?: string } }>('/login', { config: SIGN_IN_RATE_LIMIT }, async (request, reply) => {
    noStore(reply);
    let started: Awaited<ReturnType<typeof org.startLogin>>;
    try {
      started = await org.startLogin(safeReturnTo(request.query.returnTo));
    } catch (error) {
      throw discoveryFailure(error, config.okta.orgUrl);
    }
    rememberLogin(request, started.transaction);
    return reply.redirect(started.url.href, 303);
  });

  app.get<{ Querystring: Record<string, string | undefined> }>(
    new URL(config.redirectUri).pathname,
    { config: SIGN_IN_RATE_LIMIT },
    async (request, reply) => {
      noStore(reply);
      const state = typeof request.query.state === 'string' ? request.query.state : '';
      const transaction = state ? takeLogin(request, state) : undefined;
      if (!transaction) {
        throw new UnknownLoginStateError({
          status: 400,
          code: 'LOGIN_STATE_UNKNOWN',
          title: 'This sign-in cannot be finished here',
          whatHappened:
            'The answer from Okta does not belong to a sign-in started in this browser, or it was already used. Nothing was signed in.',
          whatToDo: 'Start a new sign-in from this browser.',
          action: SIGN_IN_AGAIN,
        });
      }
      if (Date.now() - transaction.createdAt > LOGIN_TRANSACTION_TTL_MS) {
        throw new LoginExpiredError({
          status: 400,
          code: 'LOGIN_EXPIRED',
          title: 'The sign-in took too long',
          whatHappened: 'This sign-in was started more than 10 minutes ago, so it is no longer accepted.',
          whatToDo: 'Sign in again.',
          action: SIGN_IN_AGAIN,
        });
      }
      // Build the URL from the configured redirect URI, not from the Host header: it must match what Okta knows.
      const callbackUrl = new URL(config.redirectUri);
      callbackUrl.search = new URL(request.url, config.appBaseUrl).search;
      let result: Awaited<ReturnType<typeof org.finishLogin>>;
      try {
        result = await org.finishLogin(callbackUrl, transaction);
      } catch (error) {
        throw loginFailure(error, config.okta.orgUrl);
      }
      // A new session id at sign-in: a session id planted before sign-in is worthless afterwards.
      // Sign-ins still pending in other tabs survive it.
      await request.session.regenerate(['pendingLogins']);
      request.session.tokens = result.tokens;
      request.session.user = result.viewer;
      request.session.signedInAt = Date.now();
      request.log.info(
        { sub: result.viewer.sub, scopes: result.tokens.grantedScopes, tokenType: result.tokens.tokenType },
        'signed in',
      );
      return reply.redirect(transaction.returnTo, 303);
    },
  );

  app.get('/logout', async () => {
    throw new LogoutNeedsPostError();
  });

  app.post('/logout', { preHandler: app.csrfProtection }, async (request, reply) => {
    noStore(reply);
    const tokens = request.session.tokens;
    let endSession: URL | undefined;
    if (tokens) {
      // Revoke at Okta first; a failure must not keep the user signed in here.
      const revocations = [org.revoke(tokens.accessToken, 'access_token')];
      if (tokens.refreshToken) revocations.push(org.revoke(tokens.refreshToken, 'refresh_token'));
      for (const outcome of await Promise.allSettled(revocations)) {
        if (outcome.status === 'rejected') request.log.warn({ err: outcome.reason }, 'token revocation failed');
      }
      if (tokens.idToken) endSession = await org.endSessionUrl(tokens.idToken).catch(() => undefined);
    }
    await request.session.destroy();
    reply.clearCookie(cookie.name, { path: '/', httpOnly: true, secure: cookie.secure, sameSite: 'lax' });
    if (endSession) {
      endSession.searchParams.set('state', 'signed-out');
      return reply.redirect(endSession.href, 303);
    }
    return reply.redirect('/?state=signed-out', 303);
  });
}
