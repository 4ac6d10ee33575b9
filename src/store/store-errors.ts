import { AppError } from '../errors.ts';

/** Why the shared store could not serve a request. */
export type StoreFailure = 'unreachable' | 'timeout' | 'auth' | 'error';

/**
 * The shared store (Redis) did not answer, or refused: a 503 page that names `REDIS_URL` and what to check. The
 * app keeps running and works again by itself once the store answers.
 */
export class StoreUnavailableError extends AppError {
  readonly failure: StoreFailure;

  constructor(failure: StoreFailure, detail: string, cause?: unknown) {
    super({
      status: 503,
      code: 'STORE_UNAVAILABLE',
      title: 'The shared session store is not answering',
      whatHappened: `The app keeps sessions and Okta's rate budget in Redis (REDIS_URL), and Redis ${
        failure === 'auth'
          ? 'refused the password or user name in REDIS_URL'
          : failure === 'timeout'
            ? 'did not answer in time'
            : failure === 'unreachable'
              ? 'cannot be reached'
              : 'answered with an error'
      }. Nothing was lost in this app; try again in a moment.`,
      whatToDo:
        'If this lasts, check that Redis is running and reachable at the host and port in REDIS_URL, and that its password (redis://:password@host:6379) is right. The app reconnects by itself; /healthz reports the state.',
      details: { Problem: detail },
      headers: { 'retry-after': '5' },
      ...(cause === undefined ? {} : { cause }),
    });
    this.failure = failure;
  }
}
