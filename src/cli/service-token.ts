/**
 * The service app's access token: `client_credentials` at the org authorization server, authenticated with
 * `private_key_jwt`, optionally bound to a DPoP key. The token is kept in memory only and fetched again shortly
 * before it expires, so a long export never sends an expired one.
 */
import * as oidc from 'openid-client';
import type { Dispatcher } from 'undici';
import { fetch as undiciFetch } from 'undici';
import { refusedForMissingDpop } from '../auth/dpop-required.ts';
import { createDpopSigner, type DpopSigner } from '../okta/index.ts';
import type { ClientKey } from './private-key.ts';

/** What the service app needs to get a token. */
export interface ServiceTokenSettings {
  orgUrl: string;
  clientId: string;
  scopes: readonly string[];
  key: ClientKey;
  keyId: string | undefined;
  /** Bind the token to a DPoP key from the first request. Okta asking for DPoP switches it on as well. */
  dpop: boolean;
  dispatcher: Dispatcher;
  /** Seconds for each request to the authorization server. */
  timeoutSeconds: number;
  /** @internal Time source for tests (default Date.now): lets a test see the refetch without waiting an hour. */
  now?: (() => number) | undefined;
  /** Told when Okta's answer made the token DPoP-bound although `dpop` was off. */
  onDpopRequired?: ((said: string) => void) | undefined;
}

/** What the `token` command shows: never the token itself. */
export interface TokenFacts {
  /** `Bearer` or `DPoP`, as the token response said. */
  tokenType: 'Bearer' | 'DPoP';
  grantedScopes: readonly string[];
  expiresAt: Date;
  /** RFC 7638 thumbprint of the client key's public half. */
  clientKeyThumbprint: string;
  /** RFC 7638 thumbprint of the DPoP key (the token's `cnf.jkt`), when the token is DPoP-bound. */
  dpopKeyThumbprint: string | undefined;
}

interface HeldToken {
  accessToken: string;
  facts: TokenFacts;
}

/** A failure at the token endpoint, with what Okta said. */
export class TokenRequestError extends Error {
  constructor(
    message: string,
    readonly error: string | undefined,
    readonly description: string | undefined,
    readonly status: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Okta's answers to a proofless request that mean "this app must use DPoP" (Okta's DPoP guide and error catalogue). */
function asksForDpop(error: unknown): boolean {
  return refusedForMissingDpop(error) || (error instanceof oidc.ResponseBodyError && error.error === 'use_dpop_nonce');
}

function toTokenRequestError(error: unknown): TokenRequestError {
  if (error instanceof oidc.ResponseBodyError) {
    return new TokenRequestError(
      `the token endpoint answered ${error.status} ${error.error}${error.error_description ? `: ${error.error_description}` : ''}`,
      error.error,
      error.error_description,
      error.status,
      { cause: error },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  const code = networkCode(error);
  return new TokenRequestError(
    `the org authorization server could not be used: ${message}${code ? ` (${code})` : ''}`,
    undefined,
    undefined,
    undefined,
    { cause: error },
  );
}

/** Why a request failed, from its causes: the first network code (`ECONNREFUSED`, `ENOTFOUND`, …), else the deepest message. */
function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  let deepest: string | undefined;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { code, cause, message } = current as { code?: unknown; cause?: unknown; message?: unknown };
    if (typeof code === 'string' && /^[A-Z_]+$/.test(code) && !code.startsWith('OAUTH_')) return code;
    if (depth > 0 && typeof message === 'string') deepest = message;
    current = cause;
  }
  return deepest;
}

/** Refetch when less than this share of the token's lifetime is left (and at most five minutes early). */
const REFRESH_SHARE = 0.2;
const MAX_EARLY_MS = 5 * 60_000;

/**
 * The service app's token source. `accessToken()` is what src/okta's `getAccessToken` calls; `dpopHandle` is
 * what it signs proofs with when the token is DPoP-bound.
 */
export class ServiceToken {
  #configuration: Promise<oidc.Configuration> | undefined;
  #held: HeldToken | undefined;
  #refreshAt = 0;
  #inFlight: Promise<HeldToken> | undefined;
  #useDpop: boolean;
  #dpop: { handle: oidc.DPoPHandle; signer: DpopSigner } | undefined;

  constructor(private readonly settings: ServiceTokenSettings) {
    this.#useDpop = settings.dpop;
  }

  /** The proof signer for management-API calls, once a DPoP key is in use (the key the token is bound to). */
  get dpopSigner(): DpopSigner | undefined {
    return this.#dpop?.signer;
  }

  /** Facts about the current token (fetching one if needed). */
  async facts(): Promise<TokenFacts> {
    return (await this.#current()).facts;
  }

  /** The current access token, fetched again before it expires. */
  async accessToken(_signal?: AbortSignal): Promise<string> {
    return (await this.#current()).accessToken;
  }

  #now(): number {
    return this.settings.now?.() ?? Date.now();
  }

  #current(): Promise<HeldToken> {
    if (this.#held && this.#now() < this.#refreshAt) return Promise.resolve(this.#held);
    this.#inFlight ??= this.#fetch().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  #fetchFn(): oidc.CustomFetch {
    const { dispatcher } = this.settings;
    // undici's Response is the WHATWG Response openid-client expects; only the type declarations differ.
    return (url, options) =>
      undiciFetch(url, { ...options, dispatcher } as Parameters<typeof undiciFetch>[1]) as unknown as Promise<Response>;
  }

  #config(): Promise<oidc.Configuration> {
    if (!this.#configuration) {
      const { settings } = this;
      const orgUrl = new URL(settings.orgUrl);
      let tokenEndpoint: string | undefined;
      // Okta checks that the assertion's aud is the token endpoint; openid-client puts the issuer there.
      const auth = oidc.PrivateKeyJwt(
        { key: settings.key.key, ...(settings.keyId ? { kid: settings.keyId } : {}) },
        {
          [oidc.modifyAssertion]: (_header, payload) => {
            if (tokenEndpoint) payload.aud = tokenEndpoint;
          },
        },
      );
      const options: oidc.DiscoveryRequestOptions = {
        timeout: settings.timeoutSeconds,
        [oidc.customFetch]: this.#fetchFn(),
        ...(orgUrl.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}),
      };
      this.#configuration = oidc
        .discovery(orgUrl, settings.clientId, { token_endpoint_auth_method: 'private_key_jwt' }, auth, options)
        .then((configuration) => {
          tokenEndpoint = configuration.serverMetadata().token_endpoint;
          return configuration;
        })
        .catch((error: unknown) => {
          this.#configuration = undefined;
          throw error;
        });
    }
    return this.#configuration;
  }

  async #dpopKey(configuration: oidc.Configuration): Promise<{ handle: oidc.DPoPHandle; signer: DpopSigner }> {
    if (!this.#dpop) {
      // One key pair: openid-client's handle proves it at the token endpoint, src/okta's signer at the API.
      const pair = await oidc.randomDPoPKeyPair('ES256');
      this.#dpop = { handle: oidc.getDPoPHandle(configuration, pair), signer: await createDpopSigner(pair) };
    }
    return this.#dpop;
  }

  async #grant(configuration: oidc.Configuration) {
    const parameters = { scope: this.settings.scopes.join(' ') };
    if (!this.#useDpop) return oidc.clientCredentialsGrant(configuration, parameters);
    const { handle } = await this.#dpopKey(configuration);
    // openid-client resends once by itself when the token endpoint asks for a nonce (use_dpop_nonce).
    return oidc.clientCredentialsGrant(configuration, parameters, { DPoP: handle });
  }

  async #fetch(): Promise<HeldToken> {
    let response: Awaited<ReturnType<typeof oidc.clientCredentialsGrant>>;
    try {
      const configuration = await this.#config();
      try {
        response = await this.#grant(configuration);
      } catch (error) {
        if (this.#useDpop || !asksForDpop(error)) throw error;
        this.#useDpop = true;
        const said = error instanceof oidc.ResponseBodyError ? `${error.error} ${error.error_description ?? ''}` : '';
        this.settings.onDpopRequired?.(said.trim());
        response = await this.#grant(configuration);
      }
    } catch (error) {
      throw toTokenRequestError(error);
    }
    const lifetimeMs = (response.expiresIn() ?? 3600) * 1000;
    const tokenType = response.token_type === 'dpop' ? 'DPoP' : 'Bearer';
    const facts: TokenFacts = {
      tokenType,
      grantedScopes: (response.scope ?? this.settings.scopes.join(' ')).split(' ').filter(Boolean),
      expiresAt: new Date(this.#now() + lifetimeMs),
      clientKeyThumbprint: this.settings.key.thumbprint,
      dpopKeyThumbprint: tokenType === 'DPoP' ? this.#dpop?.signer.thumbprint : undefined,
    };
    this.#held = { accessToken: response.access_token, facts };
    this.#refreshAt = this.#now() + lifetimeMs - Math.min(MAX_EARLY_MS, lifetimeMs * REFRESH_SHARE);
    return this.#held;
  }
}
