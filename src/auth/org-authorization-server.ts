import * as oidc from 'openid-client';
import type { LoginTransaction, SignedInUser, TokenSet } from '../session/session-types.ts';

/** What the app needs to know to talk to the org authorization server. */
export interface OrgAuthSettings {
  orgUrl: URL;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  scopes: readonly string[];
  /** Allow http for a loopback org (the sandbox). */
  allowInsecureHttp: boolean;
  /** Seconds for each request to the authorization server. */
  timeoutSeconds?: number;
  /** Replaces fetch (tests, proxies). */
  fetch?: oidc.CustomFetch;
}

/**
 * The app's only door to openid-client: discovery of the Okta *org* authorization server (issuer = org URL,
 * no path), the authorization-code flow with PKCE S256, state and nonce, refresh, revocation and end-session.
 * Discovery happens on first use and is retried after a failure, so the app starts even when Okta is down.
 */
export class OrgAuthorizationServer {
  #configuration: Promise<oidc.Configuration> | undefined;

  constructor(readonly settings: OrgAuthSettings) {}

  /** The discovered configuration; throws what discovery threw (and forgets it, so the next call retries). */
  configuration(): Promise<oidc.Configuration> {
    if (!this.#configuration) {
      const { settings } = this;
      const options: oidc.DiscoveryRequestOptions = {
        timeout: settings.timeoutSeconds ?? 10,
        ...(settings.allowInsecureHttp ? { execute: [oidc.allowInsecureRequests] } : {}),
        ...(settings.fetch ? { [oidc.customFetch]: settings.fetch } : {}),
      };
      // Okta web apps default to client_secret_basic; openid-client would otherwise send client_secret_post.
      this.#configuration = oidc
        .discovery(
          settings.orgUrl,
          settings.clientId,
          undefined,
          oidc.ClientSecretBasic(settings.clientSecret),
          options,
        )
        .catch((error: unknown) => {
          this.#configuration = undefined;
          throw error;
        });
    }
    return this.#configuration;
  }

  async startLogin(returnTo: string): Promise<{ url: URL; transaction: LoginTransaction }> {
    const configuration = await this.configuration();
    const transaction: LoginTransaction = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
      returnTo,
      createdAt: Date.now(),
    };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scopes.join(' '),
      state: transaction.state,
      nonce: transaction.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(transaction.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, transaction };
  }

  /**
   * Checks the callback (state, iss, error), redeems the code with the PKCE verifier, verifies the ID token
   * (signature, iss, aud, exp, nonce) and reads userinfo.
   */
  async finishLogin(
    callbackUrl: URL,
    transaction: LoginTransaction,
  ): Promise<{ tokens: TokenSet; viewer: SignedInUser }> {
    const configuration = await this.configuration();
    const response = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
      pkceCodeVerifier: transaction.codeVerifier,
      expectedState: transaction.state,
      expectedNonce: transaction.nonce,
      idTokenExpected: true,
    });
    const claims = response.claims();
    if (!claims) throw new oidc.ClientError('the token response has no ID token');
    const tokens = toTokenSet(response, undefined);
    let userinfo: oidc.UserInfoResponse | undefined;
    if (tokens.grantedScopes.some((scope) => scope === 'profile' || scope === 'email')) {
      userinfo = await oidc.fetchUserInfo(configuration, tokens.accessToken, claims.sub);
    }
    const login = String(userinfo?.preferred_username ?? claims.preferred_username ?? claims.email ?? claims.sub);
    const viewer: SignedInUser = {
      sub: claims.sub,
      name: String(userinfo?.name ?? claims.name ?? login),
      login,
      ...(typeof (userinfo?.email ?? claims.email) === 'string'
        ? { email: String(userinfo?.email ?? claims.email) }
        : {}),
      idTokenClaims: { ...claims },
    };
    return { tokens, viewer };
  }

  /** Redeems a refresh token; Okta may rotate it, so the caller must store the returned set. */
  async refresh(current: TokenSet): Promise<TokenSet> {
    if (!current.refreshToken) throw new Error('no refresh token');
    const configuration = await this.configuration();
    const response = await oidc.refreshTokenGrant(configuration, current.refreshToken);
    return toTokenSet(response, current);
  }

  /** Revokes a token at Okta; failures are the caller's to ignore (logout goes on regardless). */
  async revoke(token: string, hint: 'access_token' | 'refresh_token'): Promise<void> {
    const configuration = await this.configuration();
    await oidc.tokenRevocation(configuration, token, { token_type_hint: hint });
  }

  /** Okta's end-session URL, which signs the user out of the org and comes back to the app. */
  async endSessionUrl(idToken: string): Promise<URL> {
    const configuration = await this.configuration();
    return oidc.buildEndSessionUrl(configuration, {
      id_token_hint: idToken,
      post_logout_redirect_uri: this.settings.postLogoutRedirectUri,
    });
  }
}

function toTokenSet(
  response: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers,
  previous: TokenSet | undefined,
): TokenSet {
  const expiresIn = response.expiresIn() ?? 3600;
  const grantedScopes = response.scope ? response.scope.split(' ').filter(Boolean) : (previous?.grantedScopes ?? []);
  const refreshToken = response.refresh_token ?? previous?.refreshToken;
  const idToken = response.id_token ?? previous?.idToken ?? '';
  return {
    accessToken: response.access_token,
    ...(refreshToken ? { refreshToken } : {}),
    idToken,
    tokenType: response.token_type,
    expiresAt: Date.now() + expiresIn * 1000,
    grantedScopes,
  };
}
