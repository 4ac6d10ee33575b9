import type { AppSessionStore } from './app-session-store.ts';

/**
 * A synchronous "is this session still alive?" for a loop that asks once between polls (the live tail), over a
 * store that answers asynchronously: each call answers what the previous lookup found and starts the next one.
 * A sign-out elsewhere is therefore noticed one question late. The session was loaded when the response began, so
 * the first answer is yes; a lookup that fails (the store is down) changes nothing: that is not a sign-out.
 */
export function sessionLiveness(store: AppSessionStore, sessionId: string): () => boolean {
  let alive = true;
  let looking = false;
  return () => {
    if (!looking) {
      looking = true;
      store.has(sessionId).then(
        (found) => {
          alive = alive && found;
          looking = false;
        },
        () => {
          looking = false;
        },
      );
    }
    return alive;
  };
}
