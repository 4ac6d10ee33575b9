import { MemoryStore } from '../../src/store/memory-store.ts';
import type { SharedStore, StoreChange } from '../../src/store/store.ts';
import { StoreUnavailableError } from '../../src/store/store-errors.ts';

/** The operations of a SharedStore that reach the store. */
export type StoreOperation = 'get' | 'set' | 'setIfAbsent' | 'extendIfEquals' | 'deleteIfEquals' | 'delete' | 'update';

/**
 * Redis as the app instances see it, in this process: one MemoryStore that says it is `redis`, so that every app
 * built with it takes the shared paths (sessions in the store), as several processes on one Redis do. Operations
 * named in `failing` throw StoreUnavailableError, as they do when Redis is unreachable.
 */
export class RedisStandIn implements SharedStore {
  readonly kind = 'redis';
  /** The operations that fail now (empty: none). */
  readonly failing = new Set<StoreOperation>();
  /** Every key a value was written under (to check what keys give away). */
  readonly keysWritten = new Set<string>();

  constructor(readonly memory: MemoryStore = new MemoryStore()) {}

  /** Makes every operation fail (`true`) or none (`false`). */
  fail(all: boolean): void {
    const operations: StoreOperation[] = [
      'get',
      'set',
      'setIfAbsent',
      'extendIfEquals',
      'deleteIfEquals',
      'delete',
      'update',
    ];
    this.failing.clear();
    if (all) for (const operation of operations) this.failing.add(operation);
  }

  get(key: string): Promise<string | undefined> {
    return this.#run('get', () => this.memory.get(key));
  }
  set(key: string, value: string, ttlMs: number): Promise<void> {
    this.keysWritten.add(key);
    return this.#run('set', () => this.memory.set(key, value, ttlMs));
  }
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    this.keysWritten.add(key);
    return this.#run('setIfAbsent', () => this.memory.setIfAbsent(key, value, ttlMs));
  }
  extendIfEquals(key: string, value: string, ttlMs: number): Promise<boolean> {
    return this.#run('extendIfEquals', () => this.memory.extendIfEquals(key, value, ttlMs));
  }
  deleteIfEquals(key: string, value: string): Promise<boolean> {
    return this.#run('deleteIfEquals', () => this.memory.deleteIfEquals(key, value));
  }
  delete(key: string): Promise<void> {
    return this.#run('delete', () => this.memory.delete(key));
  }
  update<R>(key: string, ttlMs: number, change: (current: string | undefined) => StoreChange<R>): Promise<R> {
    this.keysWritten.add(key);
    return this.#run('update', () => this.memory.update(key, ttlMs, change));
  }
  async check(): Promise<void> {
    if (this.failing.size > 0) throw unreachable();
  }
  async close(): Promise<void> {
    await this.memory.close();
  }

  async #run<T>(operation: StoreOperation, work: () => Promise<T>): Promise<T> {
    if (this.failing.has(operation)) throw unreachable();
    return work();
  }
}

function unreachable(): StoreUnavailableError {
  return new StoreUnavailableError('unreachable', 'connect ECONNREFUSED 127.0.0.1:6379 (test stand-in)');
}
