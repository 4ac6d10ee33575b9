import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
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

test('past maxPerOwner, every further put drops exactly the oldest token, from the index and from the store', async () => {
  const shared = new MemoryStore();
  const store = tokens<number>({ maxPerOwner: 3 }, shared);
  const made: string[] = [];
  for (let value = 0; value < 10; value++) made.push(await store.put('s1', `q=${value}`, value));
  for (const [value, token] of made.entries()) {
    const kept = value >= 7;
    assert.deepEqual(
      await store.find(token, 's1', `q=${value}`),
      kept ? { value } : { refused: 'unknown' },
      `token ${value}`,
    );
    assert.equal((await shared.get(`osv:page-token:${token}`)) !== undefined, kept, `token ${value} in the store`);
  }
});

test('expired tokens do not count towards maxPerOwner', async () => {
  const time = clock();
  const shared = new MemoryStore();
  const store = tokens<number>({ ttlMs: 1000, maxPerOwner: 2, now: time.now }, shared);
  await store.put('s1', 'q', 1);
  await store.put('s1', 'q', 2);
  time.advance(1000);
  const [c, d] = [await store.put('s1', 'q', 3), await store.put('s1', 'q', 4)];
  assert.deepEqual(await store.find(c, 's1', 'q'), { value: 3 }, 'the expired ones made room, not the new one');
  assert.deepEqual(await store.find(d, 's1', 'q'), { value: 4 });
  const e = await store.put('s1', 'q', 5);
  assert.deepEqual(await store.find(c, 's1', 'q'), { refused: 'unknown' }, 'the oldest live one goes next');
  assert.deepEqual(await store.find(e, 's1', 'q'), { value: 5 });
});

test('the limit holds when two store objects (two instances of the app) put tokens for the same session', async () => {
  const shared = new MemoryStore();
  const [one, two] = [tokens<number>({ maxPerOwner: 3 }, shared), tokens<number>({ maxPerOwner: 3 }, shared)];
  const made: string[] = [];
  for (let value = 0; value < 8; value++) made.push(await (value % 2 === 0 ? one : two).put('s1', 'q', value));
  const live = [];
  for (const token of made) live.push('value' in (await one.find(token, 's1', 'q')));
  assert.deepEqual(live, [false, false, false, false, false, true, true, true]);
});

test('a token handed out again counts as the newest: the limit then drops the ones older than it', async () => {
  const store = tokens<string>({ maxPerOwner: 2, sameValue: (value) => value });
  const a = await store.put('s1', 'q', 'c1');
  const b = await store.put('s1', 'q', 'c2');
  assert.equal(await store.put('s1', 'q', 'c1'), a);
  const c = await store.put('s1', 'q', 'c3');
  assert.deepEqual(await store.find(b, 's1', 'q'), { refused: 'unknown' });
  assert.deepEqual(await store.find(a, 's1', 'q'), { value: 'c1' });
  assert.deepEqual(await store.find(c, 's1', 'q'), { value: 'c3' });
  assert.equal(await store.put('s1', 'q', 'c1'), a, 'still handed out again');
});

test('an index stored by an earlier version of the app (a JSON array) is read: its tokens count and are dropped', async () => {
  const shared = new MemoryStore();
  const expiresAt = Date.now() + 60_000;
  const ownerKey = `osv:page-token:owner:${createHash('sha256').update('s1').digest('base64url')}`;
  const old = ['A'.repeat(22), 'B'.repeat(22)];
  await shared.set(ownerKey, JSON.stringify(old.map((token) => ({ token, binding: 'q', expiresAt }))), 60_000);
  for (const token of old) {
    await shared.set(
      `osv:page-token:${token}`,
      JSON.stringify({ owner: 's1', binding: 'q', value: 0, expiresAt }),
      60_000,
    );
  }
  const replacing = new PageTokenStore<number>(shared, { maxPerOwner: 2 });
  const made = await replacing.put('s1', 'q', 1);
  assert.deepEqual(await replacing.find(old[0] as string, 's1', 'q'), { refused: 'unknown' }, 'the oldest went');
  assert.deepEqual(await replacing.find(old[1] as string, 's1', 'q'), { value: 0 });
  assert.deepEqual(await replacing.find(made, 's1', 'q'), { value: 1 });
});
