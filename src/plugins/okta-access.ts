import type { FastifyRequest } from 'fastify';
import type { Dispatcher } from 'undici';
import type { AppConfig } from '../config.ts';
import {
  createOktaClient,
  InvalidTokenError,
  type OktaClient,
  OktaClientError,
  type RateLimit,
} from '../okta/index.ts';
import { SignInRequiredError } from '../session/sign-in-required.ts';
import { headNotSupportedError, oktaErrorPage, scopeNotGrantedError } from '../teaching/okta-error-pages.ts';
import { unencapsulated } from './unencapsulated.ts';
import '../session/session-data.ts';

declare module 'fastify' {
  interface FastifyInstance {
    okta: OktaAccess;
  }
  interface Session {
    /** The rate-limit budget Okta reported on this session's most recent call. */
    rateBudget?: { limit: number; remaining: number; resetAt: string };
  }
}

/** Options of one call made for a page. */
export interface OktaCallOptions {
  /** The Okta API scope the endpoint needs; checked against the session's granted scopes before any call. */
  scope: string;
}

/**
 * How pages reach the management API: the app's one keep-alive pool (`app.outbound`), a client per request that
 * asks the session for its (refreshed) access token, a scope check before calling, one retry after Okta calls
 * the token invalid, and typed errors turned into pages that teach.
 */
export class OktaAccess {
  constructor(
    private readonly config: AppConfig,
    private readonly dispatcher: Dispatcher,
    private readonly accessToken: (request: FastifyRequest, signal?: AbortSignal) => Promise<string>,
    private readonly refresh: (request: FastifyRequest, signal?: AbortSignal) => Promise<unknown>,
  ) {}

  /**
   * The deadline of each Okta call made for a page (`OKTA_CALL_TIMEOUT_SECONDS`): headers and the whole body,
   * retries and waits included. Every client made here applies it to calls that bring no earlier deadline.
   */
  get callTimeoutMs(): number {
    return this.config.oktaCallTimeoutMs;
  }

  /** A client acting with this request's scoped token. */
  clientFor(request: FastifyRequest): OktaClient {
    return createOktaClient({
      orgUrl: this.config.okta.orgUrl.origin,
      dispatcher: this.dispatcher,
      callTimeoutMs: this.callTimeoutMs,
      getAccessToken: (signal) => this.accessToken(request, signal),
    });
  }

  /** A client acting with an SSWS API token (the guide's side-by-side demonstration). */
  clientWithApiToken(apiToken: string): OktaClient {
    return createOktaClient({
      orgUrl: this.config.okta.orgUrl.origin,
      dispatcher: this.dispatcher,
      callTimeoutMs: this.callTimeoutMs,
      apiToken,
    });
  }

  /**
   * Runs `call` for this request. Refuses without calling Okta when the token lacks `scope` or the request is a
   * HEAD; when Okta says the token is invalid, refreshes once and tries again; maps client errors to teaching pages.
   */
  async call<T>(
    request: FastifyRequest,
    options: OktaCallOptions,
    call: (client: OktaClient, signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    if (request.method === 'HEAD') throw headNotSupportedError();
    const context = { returnTo: request.url, sandbox: this.config.okta.sandbox, callTimeoutMs: this.callTimeoutMs };
    const granted = request.session.tokens?.grantedScopes ?? [];
    if (!request.session.user) throw new SignInRequiredError(request.url, 'signed_out');
    if (!granted.includes(options.scope)) throw scopeNotGrantedError(options.scope, granted, context);

    // A browser that goes away (closed tab, stopped download) closes its socket: stop calling Okta for it.
    const controller = new AbortController();
    const abort = () => controller.abort();
    const socket = request.raw.socket;
    socket.once('close', abort);
    try {
      for (let attempt = 0; ; attempt++) {
        const client = this.clientFor(request);
        try {
          return await call(client, controller.signal);
        } catch (error) {
          if (error instanceof InvalidTokenError && attempt === 0) {
            if (!request.session.tokens?.refreshToken) throw new SignInRequiredError(request.url, 'expired', error);
            // The failed call's deadline was its own; the refresh in between gets one of the same length.
            await this.refresh(request, AbortSignal.any([controller.signal, AbortSignal.timeout(this.callTimeoutMs)]));
            continue;
          }
          if (error instanceof InvalidTokenError) throw new SignInRequiredError(request.url, 'expired', error);
          if (error instanceof OktaClientError) throw oktaErrorPage(error, context);
          throw error;
        } finally {
          this.#remember(request, client.lastRateLimit);
        }
      }
    } finally {
      socket.off('close', abort);
    }
  }

  #remember(request: FastifyRequest, budget: RateLimit | undefined): void {
    if (!budget || !request.session?.user) return;
    request.session.rateBudget = {
      limit: budget.limit,
      remaining: budget.remaining,
      resetAt: budget.resetAt.toISOString(),
    };
  }
}

/** Decorates `app.okta` (needs the auth plugin registered first). */
export const oktaAccessPlugin = unencapsulated<{ config: AppConfig }>('app-okta-access', async (app, { config }) => {
  const access = new OktaAccess(
    config,
    app.outbound,
    (request, signal) => app.auth.accessToken(request, signal),
    (request, signal) => app.auth.refresh(request, signal),
  );
  app.decorate('okta', access);
});
