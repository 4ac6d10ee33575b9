import type { Redis } from 'ioredis';
import { type Scrub, toStoreError } from './redis-failure.ts';
import { StoreUnavailableError } from './store-errors.ts';

/** The state of a connection to Redis, as /healthz reports it. */
export type RedisConnectionStatus = 'connecting' | 'ready' | 'reconnecting' | 'end';

/**
 * One ioredis client that never hangs a caller and never lets an error escape unhandled: it records why it is not
 * connected, and turns every failure into a StoreUnavailableError.
 */
export class RedisConnection {
  readonly client: Redis;
  readonly #scrub: Scrub;
  readonly #firstAttemptMs: number;
  #lastError: unknown;
  #closed = false;
  // Settles at the end of the first connection attempt, so that commands sent right after start-up wait for it
  // (bounded) instead of failing because the socket is not open yet.
  #firstAttempt: Promise<void> | undefined;

  constructor(client: Redis, scrub: Scrub, firstAttemptMs: number) {
    this.client = client;
    this.#scrub = scrub;
    this.#firstAttemptMs = firstAttemptMs;
    this.#firstAttempt = new Promise<void>((resolve) => {
      const settle = () => {
        client.off('ready', settle);
        client.off('error', settle);
        client.off('end', settle);
        client.off('close', settle);
        this.#firstAttempt = undefined;
        resolve();
      };
      client.once('ready', settle);
      client.once('error', settle);
      client.once('end', settle);
      client.once('close', settle);
    });
    // Without an 'error' listener, ioredis errors would be emitted as unhandled and end the process.
    client.on('error', (error: unknown) => {
      this.#lastError = error;
    });
    client.on('ready', () => {
      this.#lastError = undefined;
    });
  }

  get status(): RedisConnectionStatus {
    // ioredis stays 'reconnecting' when closed between two attempts.
    if (this.#closed) return 'end';
    switch (this.client.status) {
      case 'ready':
        return 'ready';
      case 'end':
        return 'end';
      case 'reconnecting':
      case 'close':
        return 'reconnecting';
      default:
        return this.#lastError === undefined ? 'connecting' : 'reconnecting';
    }
  }

  /** Why the connection last failed (password removed), until it is ready again. */
  get lastError(): string | undefined {
    const error = this.#lastError;
    if (error === undefined) return undefined;
    return this.#scrub(error instanceof Error ? error.message : String(error));
  }

  /** Runs `command` on the client; any failure becomes a StoreUnavailableError. */
  async run<T>(command: (client: Redis) => Promise<T>): Promise<T> {
    if (this.#closed) throw new StoreUnavailableError('unreachable', 'The connection to Redis is closed');
    const attempt = this.#firstAttempt;
    if (attempt && !(await this.#settlesInTime(attempt)) && this.client.status !== 'ready') {
      throw new StoreUnavailableError('timeout', `No connection to Redis within ${this.#firstAttemptMs} ms`);
    }
    try {
      return await command(this.client);
    } catch (error) {
      throw toStoreError(error, this.#scrub, this.#lastError);
    }
  }

  /** Quits, waiting at most `withinMs` for Redis to confirm, then drops the socket. */
  async close(withinMs: number): Promise<void> {
    this.#closed = true;
    if (this.client.status === 'ready') {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.client.quit().catch(() => undefined),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, withinMs);
        }),
      ]);
      clearTimeout(timer);
    }
    this.client.disconnect();
  }

  async #settlesInTime(attempt: Promise<void>): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const settled = await Promise.race([
      attempt.then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), this.#firstAttemptMs);
      }),
    ]);
    clearTimeout(timer);
    return settled;
  }
}
