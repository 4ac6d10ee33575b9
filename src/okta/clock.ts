/**
 * Time as the client sees it. Injected so tests can run rate-limit and backoff waits without sleeping for real;
 * the default is the wall clock and a timer that an AbortSignal cancels.
 */

/** The clock a client uses: the current time, an abortable sleep and a source of jitter. */
export interface OktaClock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason if it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** A number in [0, 1), for retry jitter. */
  random(): number;
}

/** Sleeps on a real timer, cancelled (and rejected) when the signal aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The wall clock. */
export const systemClock: OktaClock = {
  now: () => Date.now(),
  sleep: abortableSleep,
  random: () => Math.random(),
};
