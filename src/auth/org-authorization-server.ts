import * as oidc from 'openid-client';
import type { DpopProofSigner } from '../okta/index.ts';
import type { LoginTransaction, SessionDpopKey, SignedInUser, TokenSet } from '../session/session-types.ts';
import { type DpopKeyInUse, DpopKeys, newSessionDpopKey } from './dpop-keys.ts';
import { refusedForMissingDpop } from './dpop-required.ts';

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
 * When the app's client requires DPoP, the session's tokens are bound to a key of its own (see `finishLogin`).
 */
export class OrgAuthorizationServer {
  #configuration: Promise<oidc.Configuration> | undefined;
  readonly #dpopKeys = new DpopKeys();

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
   *
   * The code is first redeemed without a DPoP proof, exactly as for an app that does not require DPoP, so a Bearer
   * sign-in sends what it always sent. When Okta refuses that because the app requires DPoP ("Require Demonstrating
   * Proof of Possession (DPoP) header in token requests"), the same code is redeemed again with a proof by a new key
   * made for this session. Okta checks the DPoP header before it redeems the code (its own `use_dpop_nonce`
   * round trip reuses the code the same way), so the code is still good. Sending a proof every time instead would
   * rely on what Okta does with a proof from an app that does not require DPoP, which its documentation does not
   * say. The token response's `token_type` decides what the session holds: DPoP keeps the key, Bearer drops it.
   */
  async finishLogin(
    callbackUrl: URL,
    transaction: LoginTransaction,
  ): Promise<{ tokens: TokenSet; viewer: SignedInUser }> {
    const configuration = await this.configuration();
    const checks: oidc.AuthorizationCodeGrantChecks = {
      pkceCodeVerifier: transaction.codeVerifier,
      expectedState: transaction.state,
      expectedNonce: transaction.nonce,
      idTokenExpected: true,
    };
    let response: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    let dpop: { stored: SessionDpopKey; key: DpopKeyInUse } | undefined;
    try {
      response = await oidc.authorizationCodeGrant(configuration, callbackUrl, checks);
    } catch (error) {
      if (!refusedForMissingDpop(error)) throw error;
      const { stored } = await newSessionDpopKey();
      dpop = { stored, key: await this.#dpopKeys.use(configuration, stored) };
      response = await oidc.authorizationCodeGrant(configuration, callbackUrl, checks, undefined, {
        DPoP: dpop.key.handle,
      });
    }
    const claims = response.claims();
    if (!claims) throw new oidc.ClientError('the token response has no ID token');
    const tokens = toTokenSet(response, undefined, dpop?.stored);
    let userinfo: oidc.UserInfoResponse | undefined;
    if (tokens.grantedScopes.some((scope) => scope === 'profile' || scope === 'email')) {
      userinfo = await oidc.fetchUserInfo(
        configuration,
        tokens.accessToken,
        claims.sub,
        tokens.dpopKey && dpop ? { DPoP: dpop.key.handle } : undefined,
      );
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

  /**
   * Redeems a refresh token; Okta may rotate it, so the caller must store the returned set. A DPoP-bound session
   * refreshes with a proof by its own key (for a public client the refresh token is bound to that key too), and the
   * new tokens stay bound to the same key.
   */
  async refresh(current: TokenSet): Promise<TokenSet> {
    if (!current.refreshToken) throw new Error('no refresh token');
    const configuration = await this.configuration();
    const options = current.dpopKey
      ? { DPoP: (await this.#dpopKeys.use(configuration, current.dpopKey)).handle }
      : undefined;
    const response = await oidc.refreshTokenGrant(configuration, current.refreshToken, undefined, options);
    return toTokenSet(response, current, current.dpopKey);
  }

  /**
   * The proof signer for management-API calls with tokens bound to `key`: the same key as the session's token
   * requests, with Okta's nonces remembered between the session's calls.
   */
  async managementSigner(key: SessionDpopKey): Promise<DpopProofSigner> {
    return (await this.#dpopKeys.use(await this.configuration(), key)).signer;
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

/** The session's tokens from a token response; `dpopKey`, the key a proof was sent with, if any. */
function toTokenSet(
  response: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers,
  previous: TokenSet | undefined,
  dpopKey: SessionDpopKey | undefined,
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
    // openid-client lower-cases token_type. Only a DPoP-bound token needs its key; a Bearer answer drops it.
    ...(response.token_type === 'dpop' && dpopKey ? { dpopKey } : {}),
  };
}
