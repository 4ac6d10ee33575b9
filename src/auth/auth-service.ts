import type { FastifyRequest } from 'fastify';
import * as oidc from 'openid-client';
import type { DpopProofSigner } from '../okta/index.ts';
import type { TokenSet } from '../session/session-types.ts';
import { SignInRequiredError } from '../session/sign-in-required.ts';
import { refusedForMissingDpop } from './dpop-required.ts';
import { loginFailure } from './login-errors.ts';
import type { OrgAuthorizationServer } from './org-authorization-server.ts';
import { SharedRefresh, type SharedRefreshOptions } from './shared-refresh.ts';
import { TokenRefresher } from './token-refresher.ts';
import '../session/session-data.ts';

/** Gives route handlers a usable access token for the signed-in session, refreshing it when due. */
export class AuthService {
  readonly #refresher: TokenRefresher;

  /** `shared`: where instances of the app agree on who refreshes a session's tokens (the shared store). */
  constructor(
    readonly org: OrgAuthorizationServer,
    shared: SharedRefreshOptions,
  ) {
    this.#refresher = new TokenRefresher((tokens) => org.refresh(tokens), new SharedRefresh(shared));
  }

  /**
   * A valid access token for this request's session, or SignInRequiredError. Never leaves the server. `signal`
   * (the Okta call's deadline) bounds the wait for a refresh that is due.
   */
  async accessToken(request: FastifyRequest, signal?: AbortSignal): Promise<string> {
    const tokens = request.session.tokens;
    if (!tokens || !request.session.user) throw new SignInRequiredError(request.url, 'signed_out');
    if (!TokenRefresher.isDue(tokens)) return tokens.accessToken;
    return (await this.refresh(request, signal)).accessToken;
  }

  /** The session's credentials for one call to the management API: its access token, and its DPoP key if bound. */
  oktaCredentials(request: FastifyRequest): {
    getAccessToken: (signal?: AbortSignal) => Promise<string>;
    dpop: DpopProofSigner | undefined;
  } {
    return { getAccessToken: (signal) => this.accessToken(request, signal), dpop: this.dpopSigner(request) };
  }

  /**
   * How this request's session proves possession of its key on management-API calls, or undefined when its token is
   * a Bearer token. The key is imported on the first proof, so asking costs nothing for a call that never goes out.
   */
  dpopSigner(request: FastifyRequest): DpopProofSigner | undefined {
    const key = request.session.tokens?.dpopKey;
    if (!key) return undefined;
    let signer: DpopProofSigner | undefined;
    return {
      addProof: async (url, headers, htm, accessToken) => {
        signer ??= await this.org.managementSigner(key);
        await signer.addProof(url, headers, htm, accessToken);
      },
      cacheNonce: (response, url) => signer?.cacheNonce(response, url),
    };
  }

  /**
   * Refreshes now (the token inspector's button, or after Okta said the token is invalid). An abort of `signal`
   * ends this request's wait, not the refresh: it is shared with the session's other requests, and a refresh
   * cut off after Okta rotated the refresh token would lose the new one. Whoever asks next gets its result.
   */
  async refresh(request: FastifyRequest, signal?: AbortSignal): Promise<TokenSet> {
    const tokens = request.session.tokens;
    if (!tokens || !request.session.user) throw new SignInRequiredError(request.url, 'signed_out');
    if (!tokens.refreshToken) {
      if (tokens.expiresAt > Date.now()) return tokens;
      await request.session.regenerate();
      throw new SignInRequiredError(request.url, 'expired');
    }
    try {
      const renewed = await untilAborted(this.#refresher.refresh(tokens), signal);
      request.session.tokens = renewed;
      return renewed;
    } catch (error) {
      // invalid_grant: revoked or expired. A missing DPoP proof: "Require DPoP" was ticked after this Bearer session
      // began, and its refresh token cannot be bound to a key now; a new sign-in gets DPoP-bound tokens.
      const refused = error instanceof oidc.ResponseBodyError && error.error === 'invalid_grant';
      if (refused || (!tokens.dpopKey && refusedForMissingDpop(error))) {
        await request.session.regenerate();
        throw new SignInRequiredError(request.url, 'refresh_refused', error);
      }
      throw loginFailure(error, this.org.settings.orgUrl);
    }
  }
}

/** `work`'s result, or the abort reason as soon as `signal` aborts (the work itself goes on). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return work;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
