import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PageTokenStore, type PageTokenStoreOptions } from '../../../src/paging/page-token-store.ts';
import { MemoryStore } from '../../../src/store/memory-store.ts';

function clock(start = 0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

function tokens<T>(options: PageTokenStoreOptions<T> = {}, store = new MemoryStore()): PageTokenStore<T> {
  return new PageTokenStore<T>(store, options);
}

test('a token is an opaque random 22-character string (128 bits)', async () => {
  const store = tokens<string>();
  const a = await store.put('s1', 'q', 'https://org.example/api/v1/logs?after=123');
  const b = await store.put('s1', 'q', 'https://org.example/api/v1/logs?after=123');
  assert.match(a, /^[A-Za-z0-9_-]{22}$/);
  assert.ok(!a.includes('123'));
  assert.notEqual(a, b, 'without sameValue every put makes a new token');
});

test('only the owning session and the same query get the value back, and refusals say why', async () => {
  const store = tokens<string>();
  const token = await store.put('s1', 'range=1h', 'cursor');
  assert.deepEqual(await store.find(token, 's1', 'range=1h'), { value: 'cursor' });
  assert.deepEqual(await store.find(token, 's2', 'range=1h'), { refused: 'unknown' }, 'another session');
  assert.deepEqual(await store.find(token, 's2', 'range=24h'), { refused: 'unknown' }, 'a foreign token tells nothing');
  assert.deepEqual(await store.find(token, 's1', 'range=24h'), { refused: 'other-query' }, 'another query');
  assert.deepEqual(await store.find('AAAAAAAAAAAAAAAAAAAAAA', 's1', 'range=1h'), { refused: 'unknown' }, 'unknown');
  assert.deepEqual(await store.find(token, 's1', 'range=1h'), { value: 'cursor' }, 'refusals do not spend it');
});

test('names such as __proto__ or other keys of the store are never looked up', async () => {
  const store = tokens<string>();
  await store.put('s1', 'q', 'c');
  for (const name of ['__proto__', 'constructor', 'owner:abc', '../session:x'])
    assert.deepEqual(await store.find(name, 's1', 'q'), { refused: 'unknown' });
});

test('tokens expire', async () => {
  const time = clock();
  const store = tokens<string>({ ttlMs: 1000, now: time.now });
  const token = await store.put('s1', 'q', 'x');
  time.advance(999);
  assert.deepEqual(await store.find(token, 's1', 'q'), { value: 'x' });
  time.advance(1);
  assert.deepEqual(await store.find(token, 's1', 'q'), { refused: 'unknown' });
});

test('each session keeps at most maxPerOwner tokens, oldest dropped first', async () => {
  const shared = new MemoryStore();
  const store = tokens<number>({ maxPerOwner: 2 }, shared);
  const [a, b, c] = [await store.put('s1', 'q', 1), await store.put('s1', 'q', 2), await store.put('s1', 'q', 3)];
  const other = await store.put('s2', 'q', 9);
  assert.deepEqual(await store.find(a, 's1', 'q'), { refused: 'unknown' });
  assert.equal(await shared.get(`osv:page-token:${a}`), undefined, 'the dropped token is gone from the store');
  assert.deepEqual(await store.find(b, 's1', 'q'), { value: 2 });
  assert.deepEqual(await store.find(c, 's1', 'q'), { value: 3 });
  assert.deepEqual(await store.find(other, 's2', 'q'), { value: 9 }, "another session's tokens are untouched");
});

test('a token made through one store object is honoured through another on the same shared store', async () => {
  const shared = new MemoryStore();
  const token = await tokens<string>({}, shared).put('s1', 'q', 'cursor');
  assert.deepEqual(await tokens<string>({}, shared).find(token, 's1', 'q'), { value: 'cursor' });
});

test('with sameValue, the same value for the same session and query gets the same token', async () => {
  const time = clock();
  const store = tokens<string>({ ttlMs: 1000, now: time.now, sameValue: (value) => value });
  const first = await store.put('s1', 'q=a', 'c1');
  assert.equal(await store.put('s1', 'q=a', 'c1'), first, 'reloads do not add tokens');
  assert.notEqual(await store.put('s1', 'q=other', 'c1'), first, 'another query');
  assert.notEqual(await store.put('s2', 'q=a', 'c1'), first, 'another session');
  assert.notEqual(await store.put('s1', 'q=a', 'c2'), first, 'another value');
  time.advance(900);
  assert.equal(await store.put('s1', 'q=a', 'c1'), first, 'handing it out again renews it');
  time.advance(900);
  assert.deepEqual(await store.find(first, 's1', 'q=a'), { value: 'c1' });
  time.advance(100);
  assert.notEqual(await store.put('s1', 'q=a', 'c1'), first, 'an expired token is never handed out again');
});
