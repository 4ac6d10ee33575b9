import { createHash } from 'node:crypto';
import type { TokenSet } from '../session/session-types.ts';
import type { SessionCipher } from '../store/session-cipher.ts';
import { onceUnderLease } from '../store/single-flight.ts';
import { type SharedStore, STORE_KEYS } from '../store/store.ts';
import { RefreshStillRunningError } from './auth-errors.ts';

/** How long a finished refresh's tokens stay in the store, for requests that loaded the session before it ended. */
const REFRESH_RESULT_TTL_MS = 60_000;

/** What SharedRefresh is built on, and its timing (tests shorten it). */
export interface SharedRefreshOptions {
  store: SharedStore;
  /** Seals the refreshed tokens kept under the result key. */
  cipher: SessionCipher;
  /** How often a waiting instance looks for the result (default 100 ms). */
  pollMs?: number;
  /** The lease's lifetime; the holder renews it while it redeems, so it runs out only when the holder died. */
  leaseMs?: number;
  /** The longest a request waits for another instance's refresh before it gives up (default 60 s). */
  maxWaitMs?: number;
}

/**
 * One redeem of a refresh token across every instance that shares the store. The first instance to take the lease
 * (keyed by a SHA-256 of the refresh token, never the token itself) redeems it, keeps the new tokens encrypted
 * under the result key for a minute, then ends its lease. An instance holding the same old refresh token meanwhile
 * waits for that result instead of redeeming again (with rotation, a second redeem makes Okta revoke the grant),
 * and takes over only when the lease is gone without a result: the holder failed or died.
 */
export class SharedRefresh {
  readonly #store: SharedStore;
  readonly #cipher: SessionCipher;
  readonly #pollMs: number;
  readonly #leaseMs: number;
  readonly #maxWaitMs: number;

  constructor(options: SharedRefreshOptions) {
    this.#store = options.store;
    this.#cipher = options.cipher;
    this.#pollMs = options.pollMs ?? 100;
    this.#leaseMs = options.leaseMs ?? 30_000;
    this.#maxWaitMs = options.maxWaitMs ?? 60_000;
  }

  /** The tokens that `tokens.refreshToken` was (or is now) redeemed for, by `redeem` here or on another instance. */
  async once(tokens: TokenSet, redeem: (tokens: TokenSet) => Promise<TokenSet>): Promise<TokenSet> {
    const { refreshToken } = tokens;
    if (!refreshToken) throw new Error('no refresh token');
    const id = createHash('sha256').update(refreshToken).digest('base64url');
    const resultKey = `${STORE_KEYS.refresh}result:${id}`;
    const giveUp = AbortSignal.timeout(this.#maxWaitMs);
    const timings = {
      leaseMs: this.#leaseMs,
      renewMs: Math.max(1, Math.floor(this.#leaseMs / 3)),
      pollMs: this.#pollMs,
    };
    try {
      return await onceUnderLease(
        this.#store,
        `${STORE_KEYS.refresh}lease:${id}`,
        {
          settled: () => this.#result(resultKey),
          work: async () => {
            const renewed = await redeem(tokens);
            const sealed = this.#cipher.seal(JSON.stringify(renewed), resultKey);
            // The refresh token has rotated: the new tokens go back to this request even when the store cannot keep
            // them.
            await this.#store.set(resultKey, sealed, REFRESH_RESULT_TTL_MS).catch(() => {});
            return renewed;
          },
          signal: giveUp,
        },
        timings,
      );
    } catch (error) {
      // The wait ends with the timeout's reason, or a sleep's AbortError carrying it.
      const waitEnded = error === giveUp.reason || (error instanceof Error && error.cause === giveUp.reason);
      if (giveUp.aborted && waitEnded) throw new RefreshStillRunningError();
      throw error;
    }
  }

  async #result(key: string): Promise<TokenSet | undefined> {
    const sealed = await this.#store.get(key);
    const value = sealed === undefined ? undefined : this.#cipher.openJson(sealed, key);
    // Sealed by this app, so it is a token set; the check only keeps the type honest.
    return typeof value === 'object' && value !== null && 'accessToken' in value ? (value as TokenSet) : undefined;
  }
}
