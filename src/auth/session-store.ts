import type { Session } from 'fastify';
import { LRUCache } from 'lru-cache';
import { type AppSessionStore, isUnchanged, type StoreCallback } from '../session/app-session-store.ts';

export interface BoundedSessionStoreOptions {
  /** An entry not written for this long is dropped (the idle timeout). */
  ttlMs: number;
  /** At most this many sessions; the least recently used ones go first. */
  maxEntries: number;
}

/**
 * Server-side session storage that cannot grow without bound: entries expire after the idle timeout (each write
 * starts it again) and the least recently used go past `maxEntries`. (@fastify/session's default store never
 * forgets anything.) One instance of the app only; several instances need a shared store such as Redis.
 */
export class BoundedSessionStore implements AppSessionStore {
  readonly #entries: LRUCache<string, Session>;

  constructor(options: BoundedSessionStoreOptions) {
    this.#entries = new LRUCache<string, Session>({ max: options.maxEntries, ttl: options.ttlMs });
  }

  get(sessionId: string, callback: (error: unknown, session?: Session | null) => void): void {
    callback(null, this.#entries.get(sessionId) ?? null);
  }

  /**
   * Stores `session`, unless it is unchanged: then only a stored copy's cookie (the new expiry) is taken and its
   * idle timeout starts again, and a session ended meanwhile stays ended. @fastify/session saves on every request
   * (rolling sessions), and a request that only read (a stylesheet, a page that did not call Okta) would otherwise
   * write back the copy it loaded over a newer one that a concurrent request stored meanwhile: a sign-in just
   * started, refreshed tokens.
   */
  set(sessionId: string, session: Session, callback: StoreCallback): void {
    const stored = this.#entries.get(sessionId);
    if (!isUnchanged(session)) {
      this.#entries.set(sessionId, session);
    } else if (stored !== undefined) {
      stored.cookie = session.cookie; // reading counts as activity for the idle timeout
      this.#entries.set(sessionId, stored);
    }
    // Unchanged and no longer stored: a concurrent sign-out (or the idle timeout) ended it; it stays ended.
    callback();
  }

  destroy(sessionId: string, callback: StoreCallback): void {
    this.#entries.delete(sessionId);
    callback();
  }

  get size(): number {
    return this.#entries.size;
  }

  async has(sessionId: string): Promise<boolean> {
    return this.#entries.has(sessionId);
  }
}
