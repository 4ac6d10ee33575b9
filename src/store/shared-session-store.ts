import type { Session } from 'fastify';
import { type AppSessionStore, isUnchanged, type StoreCallback } from '../session/app-session-store.ts';
import type { SessionCipher } from './session-cipher.ts';
import { type SharedStore, STORE_KEYS } from './store.ts';

/** What SharedSessionStore is built on. */
export interface SharedSessionStoreOptions {
  store: SharedStore;
  /** Seals each whole session (tokens, PKCE verifier, nonce and all): nothing in the store is readable in clear. */
  cipher: SessionCipher;
  /** A session not written for this long expires (the idle timeout). */
  ttlMs: number;
}

/**
 * Sessions in the shared store, for several instances of the app: each session is one value under
 * `STORE_KEYS.session` + its id, encrypted, expiring after the idle timeout. A value that does not decrypt (altered,
 * or sealed under a secret no longer configured) is an absent session: the person signs in again. Store failures
 * reach @fastify/session's callbacks as StoreUnavailableError.
 */
export class SharedSessionStore implements AppSessionStore {
  readonly #store: SharedStore;
  readonly #cipher: SessionCipher;
  readonly #ttlMs: number;

  constructor(options: SharedSessionStoreOptions) {
    this.#store = options.store;
    this.#cipher = options.cipher;
    this.#ttlMs = options.ttlMs;
  }

  get(sessionId: string, callback: (error: unknown, session?: Session | null) => void): void {
    const key = keyOf(sessionId);
    this.#store
      .get(key)
      .then((sealed) => (sealed === undefined ? null : (this.#open(key, sealed) ?? null)))
      .then((session) => callback(null, session), callback);
  }

  /**
   * Stores `session`, unless it is unchanged: then only the stored copy's cookie (the new expiry) is taken and its
   * idle timeout starts again, and a session ended meanwhile stays ended. The rule and its reason are
   * BoundedSessionStore.set's; here the read and the write are one atomic update, because the concurrent request
   * that stored a newer copy may run on another instance.
   */
  set(sessionId: string, session: Session, callback: StoreCallback): void {
    const key = keyOf(sessionId);
    const done = (): void => callback();
    if (!isUnchanged(session)) {
      this.#store.set(key, this.#cipher.seal(JSON.stringify(session), key), this.#ttlMs).then(done, callback);
      return;
    }
    this.#store
      .update(key, this.#ttlMs, (current) => {
        // Absent: ended by a sign-out or the idle timeout; it stays ended.
        if (current === undefined) return { value: undefined, result: undefined };
        // Unreadable here (altered, or sealed by an instance that already has a newer secret): left as it is.
        const stored = this.#open(key, current);
        if (stored === undefined) return { value: current, result: undefined };
        const renewed = { ...stored, cookie: session.cookie }; // reading counts as activity for the idle timeout
        return { value: this.#cipher.seal(JSON.stringify(renewed), key), result: undefined };
      })
      .then(done, callback);
  }

  destroy(sessionId: string, callback: StoreCallback): void {
    this.#store.delete(keyOf(sessionId)).then(() => callback(), callback);
  }

  async has(sessionId: string): Promise<boolean> {
    const key = keyOf(sessionId);
    const sealed = await this.#store.get(key);
    return sealed !== undefined && this.#open(key, sealed) !== undefined;
  }

  #open(key: string, sealed: string): Session | undefined {
    const value = this.#cipher.openJson(sealed, key);
    // Sealed by this app, so it is a session object; the check only keeps the type honest.
    return typeof value === 'object' && value !== null ? (value as Session) : undefined;
  }
}

function keyOf(sessionId: string): string {
  return `${STORE_KEYS.session}${sessionId}`;
}
