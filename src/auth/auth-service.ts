import type { FastifyRequest } from 'fastify';
import * as oidc from 'openid-client';
import type { TokenSet } from '../session/session-types.ts';
import { SignInRequiredError } from '../session/sign-in-required.ts';
import { loginFailure } from './login-errors.ts';
import type { OrgAuthorizationServer } from './org-authorization-server.ts';
import { TokenRefresher } from './token-refresher.ts';
import '../session/session-data.ts';

/** Gives route handlers a usable access token for the signed-in session, refreshing it when due. */
export class AuthService {
  readonly #refresher: TokenRefresher;

  constructor(readonly org: OrgAuthorizationServer) {
    this.#refresher = new TokenRefresher((tokens) => org.refresh(tokens));
  }

  /** A valid access token for this request's session, or SignInRequiredError. Never leaves the server. */
  async accessToken(request: FastifyRequest): Promise<string> {
    const tokens = request.session.tokens;
    if (!tokens || !request.session.user) throw new SignInRequiredError(request.url, 'signed_out');
    if (!TokenRefresher.isDue(tokens)) return tokens.accessToken;
    return (await this.refresh(request)).accessToken;
  }

  /** Refreshes now (the token inspector's button, or after Okta said the token is invalid). */
  async refresh(request: FastifyRequest): Promise<TokenSet> {
    const tokens = request.session.tokens;
    if (!tokens || !request.session.user) throw new SignInRequiredError(request.url, 'signed_out');
    if (!tokens.refreshToken) {
      if (tokens.expiresAt > Date.now()) return tokens;
      await request.session.regenerate();
      throw new SignInRequiredError(request.url, 'expired');
    }
    try {
      const renewed = await this.#refresher.refresh(tokens);
      request.session.tokens = renewed;
      return renewed;
    } catch (error) {
      if (error instanceof oidc.ResponseBodyError && error.error === 'invalid_grant') {
        await request.session.regenerate();
        throw new SignInRequiredError(request.url, 'refresh_refused', error);
      }
      throw loginFailure(error, this.org.settings.orgUrl);
    }
  }
}
