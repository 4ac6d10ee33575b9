import type { FastifySessionObject } from '@fastify/session';
import type { Session } from 'fastify';

/** What a store calls back with when it is done: nothing, or why it failed (StoreUnavailableError). */
export type StoreCallback = (error?: unknown) => void;

/**
 * Where sessions live, server-side: the store @fastify/session is given (get/set/destroy with callbacks), plus a
 * lookup for long-lived responses that must notice a sign-out elsewhere. In memory for one instance
 * (BoundedSessionStore), in the shared store for several (SharedSessionStore).
 */
export interface AppSessionStore {
  get(sessionId: string, callback: (error: unknown, session?: Session | null) => void): void;
  set(sessionId: string, session: Session, callback: StoreCallback): void;
  destroy(sessionId: string, callback: StoreCallback): void;
  /** Whether the session is still stored (not ended by a sign-out, the idle timeout or eviction). */
  has(sessionId: string): Promise<boolean>;
}

/**
 * True when @fastify/session says this session object was not changed since it was loaded or last saved. The
 * store is handed @fastify/session's live session object, which can tell; a plain object counts as changed.
 */
export function isUnchanged(session: Session): boolean {
  const { isModified } = session as Partial<Pick<FastifySessionObject, 'isModified'>>;
  return typeof isModified === 'function' && !isModified.call(session);
}
