import fastifyCookie from '@fastify/cookie';
import csrfProtection from '@fastify/csrf-protection';
import formBody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import fastifySession from '@fastify/session';
import type { FastifyInstance } from 'fastify';
import type { CustomFetch } from 'openid-client';
import { type Dispatcher, fetch as undiciFetch } from 'undici';
import type { AppConfig } from '../config.ts';
import { unencapsulated } from '../plugins/unencapsulated.ts';
import type { AppSessionStore } from '../session/app-session-store.ts';
import { sessionCookieName } from '../session/session-data.ts';
import { SessionCipher } from '../store/session-cipher.ts';
import { SharedSessionStore } from '../store/shared-session-store.ts';
import { StoreUnavailableError } from '../store/store-errors.ts';
import { TooManySignInsError } from './auth-errors.ts';
import { AuthService } from './auth-service.ts';
import { OrgAuthorizationServer } from './org-authorization-server.ts';
import { authRoutes } from './routes.ts';
import { BoundedSessionStore } from './session-store.ts';

declare module 'fastify' {
  interface FastifyInstance {
    auth: AuthService;
    /** Where sessions live (server-side); exposed for tests and diagnostics. */
    sessionStore: AppSessionStore;
  }
}

export type AuthPluginOptions = {
  config: AppConfig;
  /** Replaces the org authorization server client (tests). */
  orgAuthorizationServer?: OrgAuthorizationServer;
  /** The session store; exposed so tests can look inside. */
  sessionStore?: AppSessionStore;
};

/** openid-client's fetch, sent through the app's pool (and proxy) like the management-API calls. */
function viaDispatcher(dispatcher: Dispatcher): CustomFetch {
  // undici's Response is the same class Node's global fetch returns; only the type declarations differ.
  return (url, options) => undiciFetch(url, { ...options, dispatcher }) as unknown as Promise<Response>;
}

/**
 * Sign-in for the whole app: server-side sessions (in a bounded store in this process, or encrypted in the shared
 * store when the app runs as several instances on Redis), CSRF protection for forms,
 * the org authorization-server client, `request.viewer`, and the /login, callback and /logout routes.
 */
export const authPlugin = unencapsulated<AuthPluginOptions>('app-auth', async (app: FastifyInstance, options) => {
  const { config } = options;
  const https = config.appBaseUrl.protocol === 'https:';
  const idleMs = config.session.idleTimeoutMinutes * 60_000;
  const absoluteMs = config.session.absoluteTimeoutHours * 3_600_000;
  // The first secret signs cookies and encrypts; the others still verify and decrypt, so a secret can be rotated.
  const secrets = [config.sessionSecret, ...config.previousSessionSecrets];
  const cipher = new SessionCipher(secrets);
  const store =
    options.sessionStore ??
    (app.store.kind === 'redis'
      ? new SharedSessionStore({ store: app.store, cipher, ttlMs: idleMs })
      : new BoundedSessionStore({ ttlMs: idleMs, maxEntries: 10_000 }));

  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    secret: secrets,
    cookieName: sessionCookieName(config.appBaseUrl),
    store,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, secure: https, sameSite: 'lax', path: '/', maxAge: idleMs },
  });
  await app.register(formBody);
  await app.register(csrfProtection, { sessionPlugin: '@fastify/session' });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => new TooManySignInsError(context.ttl / 1000),
  });

  const orgAuthorizationServer =
    options.orgAuthorizationServer ??
    new OrgAuthorizationServer({
      orgUrl: config.okta.orgUrl,
      clientId: config.okta.clientId,
      clientSecret: config.okta.clientSecret,
      redirectUri: config.redirectUri,
      postLogoutRedirectUri: config.postLogoutRedirectUri,
      scopes: config.scopes,
      allowInsecureHttp: config.okta.orgUrl.protocol === 'http:',
      fetch: viaDispatcher(app.outbound),
    });
  app.decorate('auth', new AuthService(orgAuthorizationServer, { store: app.store, cipher }));
  app.decorate('sessionStore', store);

  app.addHook('onRequest', async (request) => {
    const { session } = request;
    if (!session.user) return;
    if (session.signedInAt === undefined || Date.now() - session.signedInAt > absoluteMs) {
      // Absolute timeout: however active, a session ends this long after sign-in.
      await session.regenerate();
      return;
    }
    request.viewer = {
      name: session.user.name,
      login: session.user.login,
      grantedScopes: session.tokens?.grantedScopes ?? [],
    };
  });

  app.addHook('onError', async (request, _reply, error) => {
    // The error page is sent like any response: @fastify/session would save the session to the store that just
    // failed, fail the same way, and Fastify would then replace the app's 503 page with its own bare error. So the
    // page goes out without the session, and shows no one signed in (its sign-out form would need the session).
    if (!(error instanceof StoreUnavailableError)) return;
    Reflect.set(request, 'session', null); // as @fastify/session's own destroy() does; its types say never null
    request.viewer = null;
  });

  await app.register(authRoutes, { config, cookie: { name: sessionCookieName(config.appBaseUrl), secure: https } });
});
