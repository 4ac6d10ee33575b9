import type { FastifyRequest } from 'fastify';
import type { Dispatcher } from 'undici';
import type { AppConfig } from '../config.ts';
import type { AppError } from '../errors.ts';
import {
  BUCKET_PATHS,
  type BucketName,
  type CallPriority,
  type Coalescer,
  createOktaClient,
  type DpopProofSigner,
  InvalidTokenError,
  namedBucket,
  type OktaClient,
  OktaClientError,
  type RateGate,
} from '../okta/index.ts';
import { SignInRequiredError } from '../session/sign-in-required.ts';
import { StoreCoalescer } from '../store/store-coalescer.ts';
import { StoreRateGate } from '../store/store-rate-gate.ts';
import { headNotSupportedError, oktaErrorPage, scopeNotGrantedError } from '../teaching/okta-error-pages.ts';
import { unencapsulated } from './unencapsulated.ts';
import '../session/session-data.ts';

declare module 'fastify' {
  interface FastifyInstance {
    okta: OktaAccess;
  }
}

/** Options of one call made for a page. */
export interface OktaCallOptions {
  /** The Okta API scope the endpoint needs; checked against the session's granted scopes before any call. */
  scope: string;
  /**
   * `interactive` (default): a person waits for this page, and it may spend the budget's last call.
   * `background` (live tail, export): stops at the reserve the rate brake keeps for page views.
   */
  priority?: CallPriority;
}

/** The shared budget of one bucket, as the budget line shows it (`resetAt` an ISO instant). */
export interface SharedBudget {
  limit: number;
  remaining: number;
  resetAt: string;
}

/** What every client of the app shares: the rate brake and the coalescing of identical reads. */
export interface OktaSharing {
  gate: RateGate;
  coalescer: Coalescer;
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
    private readonly sharing: OktaSharing,
    /** The session's DPoP proof signer when its token is DPoP-bound; undefined for a Bearer token. */
    private readonly dpop: (request: FastifyRequest) => DpopProofSigner | undefined = () => undefined,
  ) {}

  /**
   * The deadline of each Okta call made for a page (`OKTA_CALL_TIMEOUT_SECONDS`): headers and the whole body,
   * retries and waits included. Every client made here applies it to calls that bring no earlier deadline.
   */
  get callTimeoutMs(): number {
    return this.config.oktaCallTimeoutMs;
  }

  /**
   * A client acting with this request's scoped token, braked by the app's shared rate budget and sharing identical
   * reads with every other client of the app (and instances sharing its store).
   */
  clientFor(request: FastifyRequest, priority: CallPriority = 'interactive'): OktaClient {
    return createOktaClient({
      orgUrl: this.config.okta.orgUrl.origin,
      dispatcher: this.dispatcher,
      callTimeoutMs: this.callTimeoutMs,
      getAccessToken: (signal) => this.accessToken(request, signal),
      dpop: this.dpop(request),
      rateGate: this.sharing.gate,
      coalescer: this.sharing.coalescer,
      priority,
    });
  }

  /**
   * The shared budget of one of the org's buckets, as the app's last answers from Okta and its own admissions
   * left it; undefined before any call. No call is made to learn it.
   */
  async budget(name: BucketName): Promise<SharedBudget | undefined> {
    const reading = await this.sharing.gate.reading(namedBucket(this.config.okta.orgUrl.origin, name));
    if (!reading) return undefined;
    return { limit: reading.limit, remaining: reading.remaining, resetAt: new Date(reading.resetAt).toISOString() };
  }

  /**
   * Forgets the shared budget of every bucket the app reads, as if Okta had not answered yet: for when the org's
   * counters were reset behind the app's back (the sandbox console), so that the brake does not hold back calls
   * Okta would now accept. The next answer teaches the brake the budget again.
   */
  async forgetBudgets(): Promise<void> {
    const origin = this.config.okta.orgUrl.origin;
    for (const name of Object.keys(BUCKET_PATHS) as BucketName[])
      await this.sharing.gate.forget(namedBucket(origin, name));
  }

  /**
   * A client acting with an SSWS API token (the guide's side-by-side demonstration). Okta gives an API token its
   * own share of each bucket, so it stays out of the app's shared budget.
   */
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
    const context = this.#pageContext(request);
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
        const client = this.clientFor(request, options.priority);
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
        }
      }
    } finally {
      socket.off('close', abort);
    }
  }

  /**
   * The teaching page of a client error met after `call` returned: a body a route parses only where it uses it
   * (see `LogsApi.unparsed`) can still turn out malformed.
   */
  errorPage(request: FastifyRequest, error: OktaClientError): AppError {
    return oktaErrorPage(error, this.#pageContext(request));
  }

  #pageContext(request: FastifyRequest) {
    return { returnTo: request.url, sandbox: this.config.okta.sandbox, callTimeoutMs: this.callTimeoutMs };
  }
}

/**
 * Decorates `app.okta` (needs the auth and shared-store plugins registered first). The rate brake and the
 * coalescing live in `app.store`, so instances sharing a store share them.
 */
export const oktaAccessPlugin = unencapsulated<{ config: AppConfig }>('app-okta-access', async (app, { config }) => {
  const access = new OktaAccess(
    config,
    app.outbound,
    (request, signal) => app.auth.accessToken(request, signal),
    (request, signal) => app.auth.refresh(request, signal),
    { gate: new StoreRateGate(app.store), coalescer: new StoreCoalescer(app.store) },
    (request) => app.auth.dpopSigner(request),
  );
  app.decorate('okta', access);
});
