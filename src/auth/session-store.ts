import type { Session } from 'fastify';

type Callback = (error?: unknown) => void;

interface Entry {
  session: Session;
  expiresAt: number;
}

export interface BoundedSessionStoreOptions {
  /** An entry not written for this long is dropped (the idle timeout). */
  ttlMs: number;
  /** At most this many sessions; the least recently written ones go first. */
  maxEntries: number;
}

/**
 * Server-side session storage that cannot grow without bound: entries expire after the idle timeout and the
 * oldest are evicted past `maxEntries`. (@fastify/session's default store never forgets anything.)
 * One instance of the app only; several instances need a shared store such as Redis.
 */
export class BoundedSessionStore {
  readonly #entries = new Map<string, Entry>();

  constructor(private readonly options: BoundedSessionStoreOptions) {}

  get(sessionId: string, callback: (error: unknown, session?: Session | null) => void): void {
    const entry = this.#entries.get(sessionId);
    if (!entry || entry.expiresAt <= Date.now()) {
      this.#entries.delete(sessionId);
      callback(null, null);
      return;
    }
    callback(null, entry.session);
  }

  set(sessionId: string, session: Session, callback: Callback): void {
    this.#entries.delete(sessionId);
    this.#entries.set(sessionId, { session, expiresAt: Date.now() + this.options.ttlMs });
    this.#evict();
    callback();
  }

  destroy(sessionId: string, callback: Callback): void {
    this.#entries.delete(sessionId);
    callback();
  }

  get size(): number {
    return this.#entries.size;
  }

  has(sessionId: string): boolean {
    return this.#entries.has(sessionId);
  }

  #evict(): void {
    const now = Date.now();
    for (const [id, entry] of this.#entries) {
      if (this.#entries.size <= this.options.maxEntries && entry.expiresAt > now) break;
      this.#entries.delete(id);
    }
  }
}
