import type { TokenSet } from '../session/session-types.ts';
import type { SharedRefresh } from './shared-refresh.ts';

/** Refresh this long before the access token expires, so a request never leaves with a token about to die. */
export const REFRESH_MARGIN_MS = 60_000;
/** How long a finished refresh is remembered, for requests that loaded the session before it finished. */
const REMEMBER_MS = 60_000;

/**
 * At most one refresh per refresh token. With rotation, redeeming the same refresh token twice makes Okta
 * (and the sandbox) revoke the whole grant, so concurrent requests of one session must share one refresh,
 * and a request that still holds the old token must get the result instead of redeeming it again. Requests of
 * this process share one promise; `shared` makes the instances sharing a store share one redeem.
 */
export class TokenRefresher {
  readonly #inFlight = new Map<string, Promise<TokenSet>>();

  constructor(
    private readonly redeem: (tokens: TokenSet) => Promise<TokenSet>,
    private readonly shared: SharedRefresh,
  ) {}

  /** True when the access token should be refreshed before use. */
  static isDue(tokens: TokenSet, now = Date.now()): boolean {
    return tokens.expiresAt - REFRESH_MARGIN_MS <= now;
  }

  refresh(tokens: TokenSet): Promise<TokenSet> {
    const key = tokens.refreshToken;
    if (!key) return Promise.reject(new Error('no refresh token'));
    const existing = this.#inFlight.get(key);
    if (existing) return existing;
    const pending = this.shared.once(tokens, this.redeem);
    this.#inFlight.set(key, pending);
    const forget = () => setTimeout(() => this.#inFlight.delete(key), REMEMBER_MS).unref();
    pending.then(forget, () => this.#inFlight.delete(key));
    return pending;
  }
}
