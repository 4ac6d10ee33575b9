import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PageCache } from '../../../src/logs/page-cache.ts';

function cache(options: ConstructorParameters<typeof PageCache<number[]>>[0] = {}) {
  let now = 0;
  const instance = new PageCache<number[]>(
    options,
    (value) => value.length,
    () => now,
  );
  return { instance, advance: (ms: number) => (now += ms) };
}

test('a page is served for ttlMs, per session and key, with when it was stored', () => {
  const { instance, advance } = cache({ ttlMs: 60_000 });
  instance.set('s1', 'k', [1]);
  advance(59_999);
  assert.deepEqual(instance.get('s1', 'k'), { value: [1], storedAt: 0 });
  assert.equal(instance.get('s2', 'k'), undefined, 'another session');
  assert.equal(instance.get('s1', 'other'), undefined);
  advance(1);
  assert.equal(instance.get('s1', 'k'), undefined, 'expired');
  assert.deepEqual(instance.stats, { entries: 0, events: 0 });
});

test('bounded by entries, least recently used first', () => {
  const { instance } = cache({ maxEntries: 2 });
  instance.set('s', 'a', [1]);
  instance.set('s', 'b', [2]);
  instance.get('s', 'a');
  instance.set('s', 'c', [3]);
  assert.ok(instance.get('s', 'a'));
  assert.equal(instance.get('s', 'b'), undefined);
  assert.ok(instance.get('s', 'c'));
});

test('bounded by events held across sessions', () => {
  const { instance } = cache({ maxEvents: 5 });
  instance.set('s1', 'a', [1, 2, 3]);
  instance.set('s2', 'b', [4, 5, 6]);
  assert.deepEqual(instance.stats, { entries: 1, events: 3 });
  assert.equal(instance.get('s1', 'a'), undefined);
  instance.set('s3', 'huge', [1, 2, 3, 4, 5, 6]);
  assert.equal(instance.get('s3', 'huge'), undefined, 'a page larger than the whole cache is not kept');
});

test('storing the same key again replaces it and its weight', () => {
  const { instance } = cache();
  instance.set('s', 'a', [1, 2]);
  instance.set('s', 'a', [1]);
  assert.deepEqual(instance.stats, { entries: 1, events: 1 });
});
