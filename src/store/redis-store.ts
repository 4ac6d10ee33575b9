import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { RedisConnection, type RedisConnectionStatus } from './redis-connection.ts';
import { scrubberFor } from './redis-failure.ts';
import { DELETE_IF_EQUALS, EXTEND_IF_EQUALS, runScript } from './redis-scripts.ts';
import type { SharedStore, StoreChange } from './store.ts';
import { StoreUnavailableError } from './store-errors.ts';

/** Time limits of the Redis store; a call never waits much longer than these. */
export interface RedisStoreOptions {
  /** How long one command may take before it fails with a timeout (default 2000 ms). */
  commandTimeoutMs?: number;
  /** How long opening a connection may take (default 2000 ms). */
  connectTimeoutMs?: number;
}

/** How many times `update` runs its change when other writers keep changing the key. */
const MAX_UPDATE_ATTEMPTS = 20;
/** The longest pause before running a change again after a conflict. */
const MAX_CONFLICT_PAUSE_MS = 50;
/** Reconnection backoff never exceeds this, so the store works again soon after Redis is back. */
const MAX_RECONNECT_DELAY_MS = 2000;

type Attempt<R> = { done: true; result: R } | { done: false } | { failed: unknown };

/** The shared store on Redis: every instance of the app that uses the same Redis sees the same state. */
export class RedisStore implements SharedStore {
  readonly kind = 'redis';
  readonly #main: RedisConnection;
  // WATCH and MULTI belong to a connection, so transactions get their own, one at a time.
  readonly #transactions: RedisConnection;
  readonly #commandTimeoutMs: number;
  #queue: Promise<unknown> = Promise.resolve();
  #lastTimeoutAt = 0;

  constructor(main: RedisConnection, transactions: RedisConnection, commandTimeoutMs: number) {
    this.#main = main;
    this.#transactions = transactions;
    this.#commandTimeoutMs = commandTimeoutMs;
  }

  /** The state of the connection, for /healthz. */
  get status(): RedisConnectionStatus {
    return this.#main.status;
  }

  /** Why the store last failed to connect, with the password removed; undefined once connected. */
  get lastError(): string | undefined {
    return this.#main.lastError ?? this.#transactions.lastError;
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.#main.run((client) => client.get(key))) ?? undefined;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.#main.run((client) => client.set(key, value, 'PX', px(ttlMs)));
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.#main.run((client) => client.set(key, value, 'PX', px(ttlMs), 'NX'))) === 'OK';
  }

  async extendIfEquals(key: string, value: string, ttlMs: number): Promise<boolean> {
    const reply = await this.#main.run((client) => runScript(client, EXTEND_IF_EQUALS, key, value, String(px(ttlMs))));
    return reply === 1;
  }

  async deleteIfEquals(key: string, value: string): Promise<boolean> {
    return (await this.#main.run((client) => runScript(client, DELETE_IF_EQUALS, key, value))) === 1;
  }

  async delete(key: string): Promise<void> {
    await this.#main.run((client) => client.del(key));
  }

  async update<R>(key: string, ttlMs: number, change: (current: string | undefined) => StoreChange<R>): Promise<R> {
    const queuedAt = Date.now();
    return this.#serially(async () => {
      // Behind an update that timed out, Redis is not answering: fail now rather than wait a timeout per update.
      if (this.#lastTimeoutAt >= queuedAt) {
        throw new StoreUnavailableError('timeout', 'Redis did not answer an earlier update in time');
      }
      const startedAt = Date.now();
      for (let attempt = 1; attempt <= MAX_UPDATE_ATTEMPTS; attempt++) {
        // Each command has its own timeout; this keeps a slow but answering Redis from multiplying it by retries.
        if (attempt > 1 && Date.now() - startedAt > this.#commandTimeoutMs) {
          throw new StoreUnavailableError('timeout', `An update of ${key} took over ${this.#commandTimeoutMs} ms`);
        }
        const outcome = await this.#attemptUpdate(key, px(ttlMs), change);
        if ('failed' in outcome) throw outcome.failed;
        if (outcome.done) return outcome.result;
        // Writers that retry in step keep aborting each other; a random pause lets one of them through.
        await sleep(Math.random() * Math.min(2 ** attempt, MAX_CONFLICT_PAUSE_MS));
      }
      throw new StoreUnavailableError(
        'error',
        `Other writers kept changing ${key}; gave up after ${MAX_UPDATE_ATTEMPTS} attempts`,
      );
    });
  }

  async check(): Promise<void> {
    await this.#main.run((client) => client.ping());
  }

  async close(): Promise<void> {
    await Promise.all([this.#main.close(this.#commandTimeoutMs), this.#transactions.close(this.#commandTimeoutMs)]);
  }

  /** WATCH → GET → change → MULTI SET/DEL EXEC; `done: false` when another writer changed the key meanwhile. */
  async #attemptUpdate<R>(
    key: string,
    ttl: number,
    change: (current: string | undefined) => StoreChange<R>,
  ): Promise<Attempt<R>> {
    try {
      return await this.#transactions.run(async (client): Promise<Attempt<R>> => {
        try {
          await client.watch(key);
          const current = (await client.get(key)) ?? undefined;
          let outcome: StoreChange<R>;
          try {
            outcome = change(current);
          } catch (error) {
            // The caller's own error, passed on as it is.
            void client.unwatch().catch(() => undefined);
            return { failed: error };
          }
          const transaction = client.multi();
          if (outcome.value === undefined) transaction.del(key);
          else transaction.set(key, outcome.value, 'PX', ttl);
          const replies = await transaction.exec();
          if (replies === null) return { done: false };
          const failed = replies.find(([error]) => error !== null);
          if (failed) throw failed[0];
          return { done: true, result: outcome.result };
        } catch (error) {
          // Leaves no WATCH behind for the next update on this connection (sent before it, so no need to wait).
          void client.unwatch().catch(() => undefined);
          throw error;
        }
      });
    } catch (error) {
      if (error instanceof StoreUnavailableError && error.failure === 'timeout') this.#lastTimeoutAt = Date.now();
      throw error;
    }
  }

  #serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

function px(ttlMs: number): number {
  return Math.max(1, Math.ceil(ttlMs));
}

/**
 * A RedisStore for `url` (`redis://[user:password@]host:port[/db]`, or `rediss://` for TLS). Connects in the
 * background: it neither waits nor throws when Redis is down, and reconnects by itself for as long as it runs.
 */
export function createRedisStore(url: string, options: RedisStoreOptions = {}): RedisStore {
  const scrub = scrubberFor(url);
  const scheme = /^([a-z]+):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (scheme !== 'redis' && scheme !== 'rediss') {
    throw new TypeError(`REDIS_URL must start with redis:// or rediss:// (it starts with ${scheme ?? 'no scheme'})`);
  }
  // ioredis turns TLS on only for a lower-case rediss://; REDISS:// would silently connect in clear.
  const normalised = scheme + url.slice(scheme.length);
  const commandTimeout = options.commandTimeoutMs ?? 2000;
  const connectTimeout = options.connectTimeoutMs ?? 2000;
  const client = new Redis(normalised, {
    lazyConnect: false,
    // A command while disconnected fails at once instead of waiting in a queue for a Redis that may never return.
    enableOfflineQueue: false,
    commandTimeout,
    connectTimeout,
    // A connection that stops answering (but stays open) is dropped and opened again rather than kept forever.
    socketTimeout: Math.max(2 * commandTimeout, 1000),
    maxRetriesPerRequest: 1,
    // A write lost with its connection is not sent again: the caller already got a failure and may retry.
    autoResendUnfulfilledCommands: false,
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times - 1, 5), MAX_RECONNECT_DELAY_MS),
    connectionName: 'okta-scoped-viewer',
  });
  const firstAttemptMs = connectTimeout + commandTimeout;
  const main = new RedisConnection(client, scrub, firstAttemptMs);
  const transactions = new RedisConnection(client.duplicate(), scrub, firstAttemptMs);
  return new RedisStore(main, transactions, commandTimeout);
}
