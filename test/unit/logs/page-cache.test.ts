import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PageCache, type PageCacheOptions } from '../../../src/logs/page-cache.ts';
import { MemoryStore } from '../../../src/store/memory-store.ts';

function cache(options: Partial<PageCacheOptions> = {}, store = new MemoryStore()) {
  let now = 0;
  const instance = new PageCache<number[]>(store, options, () => now);
  return { instance, store, advance: (ms: number) => (now += ms) };
}

test('a page is fresh for ttlMs, per session and key, with when it was stored', async () => {
  const { instance, advance } = cache({ ttlMs: 60_000 });
  await instance.set('s1', 'k', [1]);
  advance(59_999);
  assert.deepEqual(await instance.getFresh('s1', 'k'), { value: [1], storedAt: 0, fresh: true });
  assert.equal(await instance.get('s2', 'k'), undefined, 'another session');
  assert.equal(await instance.get('s1', 'other'), undefined);
  advance(1);
  assert.equal(await instance.getFresh('s1', 'k'), undefined, 'no longer fresh');
});

test('a page that is no longer fresh is kept until keepMs, marked as not fresh', async () => {
  const { instance, advance } = cache({ ttlMs: 1000, keepMs: 5000 });
  await instance.set('s1', 'k', [1, 2]);
  advance(4999);
  assert.deepEqual(await instance.get('s1', 'k'), { value: [1, 2], storedAt: 0, fresh: false });
  advance(1);
  assert.equal(await instance.get('s1', 'k'), undefined, 'gone after keepMs');
});

test('storing the same key again replaces it', async () => {
  const { instance, advance } = cache();
  await instance.set('s', 'a', [1, 2]);
  advance(10);
  await instance.set('s', 'a', [1]);
  assert.deepEqual(await instance.get('s', 'a'), { value: [1], storedAt: 10, fresh: true });
});

test('a page stored by one instance is read by another on the same shared store, under a key without the session id', async () => {
  const store = new MemoryStore();
  const written: string[] = [];
  const set = store.set.bind(store);
  store.set = (key, value, ttlMs) => {
    written.push(key);
    return set(key, value, ttlMs);
  };
  await cache({}, store).instance.set('session-id-123', 'range=1h', [7]);
  assert.deepEqual((await cache({}, store).instance.get('session-id-123', 'range=1h'))?.value, [7]);
  assert.equal(written.length, 1);
  assert.ok(!written[0]?.includes('session-id-123'), 'the key does not name the session');
});
