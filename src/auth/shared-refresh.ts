import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TokenSet } from '../session/session-types.ts';
import type { SessionCipher } from '../store/session-cipher.ts';
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
    const keys = { lease: `${STORE_KEYS.refresh}lease:${id}`, result: `${STORE_KEYS.refresh}result:${id}` };
    const giveUpAt = Date.now() + this.#maxWaitMs;
    for (;;) {
      const done = await this.#result(keys.result);
      if (done) return done;
      const holder = randomUUID();
      if (await this.#store.setIfAbsent(keys.lease, holder, this.#leaseMs)) {
        return this.#redeemHolding(tokens, redeem, keys, holder);
      }
      const waited = await this.#waitWhileHeld(keys, giveUpAt);
      if (waited) return waited;
      // The lease is gone and left no result: the holder failed or died. Take over.
    }
  }

  async #redeemHolding(
    tokens: TokenSet,
    redeem: (tokens: TokenSet) => Promise<TokenSet>,
    keys: { lease: string; result: string },
    holder: string,
  ): Promise<TokenSet> {
    const renew = setInterval(
      () => this.#store.extendIfEquals(keys.lease, holder, this.#leaseMs).catch(() => {}),
      Math.max(1, Math.floor(this.#leaseMs / 3)),
    );
    renew.unref();
    try {
      // A holder that finished between this instance's look for its result and taking the lease.
      const done = await this.#result(keys.result);
      if (done) return done;
      const renewed = await redeem(tokens);
      const sealed = this.#cipher.seal(JSON.stringify(renewed), keys.result);
      // The refresh token has rotated: the new tokens go back to this request even when the store cannot keep them.
      await this.#store.set(keys.result, sealed, REFRESH_RESULT_TTL_MS).catch(() => {});
      return renewed;
    } finally {
      clearInterval(renew);
      // Ended after the result is stored, so a waiter always finds one or the other. If this fails, it runs out.
      await this.#store.deleteIfEquals(keys.lease, holder).catch(() => {});
    }
  }

  /** The result once it appears; undefined when the lease disappears without one. */
  async #waitWhileHeld(keys: { lease: string; result: string }, giveUpAt: number): Promise<TokenSet | undefined> {
    for (;;) {
      if (Date.now() >= giveUpAt) throw new RefreshStillRunningError();
      await sleep(this.#pollMs);
      const done = await this.#result(keys.result);
      if (done) return done;
      if ((await this.#store.get(keys.lease)) === undefined) return undefined;
    }
  }

  async #result(key: string): Promise<TokenSet | undefined> {
    const sealed = await this.#store.get(key);
    const value = sealed === undefined ? undefined : this.#cipher.openJson(sealed, key);
    // Sealed by this app, so it is a token set; the check only keeps the type honest.
    return typeof value === 'object' && value !== null && 'accessToken' in value ? (value as TokenSet) : undefined;
  }
}
