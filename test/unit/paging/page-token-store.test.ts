import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PageTokenStore } from '../../../src/paging/page-token-store.ts';

function clock(start = 0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

test('a token is an opaque random 22-character string (128 bits)', () => {
  const store = new PageTokenStore<string>();
  const a = store.put('s1', 'q', 'https://org.example/api/v1/logs?after=123');
  const b = store.put('s1', 'q', 'https://org.example/api/v1/logs?after=123');
  assert.match(a, /^[A-Za-z0-9_-]{22}$/);
  assert.ok(!a.includes('123'));
  assert.notEqual(a, b, 'without sameValue every put makes a new token');
});

test('only the owning session and the same query get the value back, and refusals say why', () => {
  const store = new PageTokenStore<string>();
  const token = store.put('s1', 'range=1h', 'cursor');
  assert.deepEqual(store.find(token, 's1', 'range=1h'), { value: 'cursor' });
  assert.deepEqual(store.find(token, 's2', 'range=1h'), { refused: 'unknown' }, 'another session');
  assert.deepEqual(store.find(token, 's2', 'range=24h'), { refused: 'unknown' }, 'a foreign token tells nothing');
  assert.deepEqual(store.find(token, 's1', 'range=24h'), { refused: 'other-query' }, 'another query');
  assert.deepEqual(store.find('AAAAAAAAAAAAAAAAAAAAAA', 's1', 'range=1h'), { refused: 'unknown' }, 'an unknown token');
  assert.deepEqual(store.find(token, 's1', 'range=1h'), { value: 'cursor' }, 'refusals do not spend the token');
});

test('names such as __proto__ are never looked up on the prototype', () => {
  const store = new PageTokenStore<string>();
  store.put('s1', 'q', 'c');
  assert.deepEqual(store.find('__proto__', 's1', 'q'), { refused: 'unknown' });
  assert.deepEqual(store.find('constructor', 's1', 'q'), { refused: 'unknown' });
});

test('tokens expire', () => {
  const time = clock();
  const store = new PageTokenStore<string>({ ttlMs: 1000, now: time.now });
  const token = store.put('s1', 'q', 'x');
  time.advance(999);
  assert.deepEqual(store.find(token, 's1', 'q'), { value: 'x' });
  time.advance(1);
  assert.deepEqual(store.find(token, 's1', 'q'), { refused: 'unknown' });
  assert.equal(store.size, 0);
});

test('each session keeps at most maxPerOwner tokens, oldest dropped first', () => {
  const store = new PageTokenStore<number>({ maxPerOwner: 2 });
  const [a, b, c] = [1, 2, 3].map((n) => store.put('s1', 'q', n));
  const other = store.put('s2', 'q', 9);
  assert.deepEqual(store.find(a ?? '', 's1', 'q'), { refused: 'unknown' });
  assert.deepEqual(store.find(b ?? '', 's1', 'q'), { value: 2 });
  assert.deepEqual(store.find(c ?? '', 's1', 'q'), { value: 3 });
  assert.deepEqual(store.find(other, 's2', 'q'), { value: 9 }, "another session's tokens are untouched");
});

test('the store never holds more than maxEntries tokens in all', () => {
  const store = new PageTokenStore<number>({ maxEntries: 3 });
  const tokens = [1, 2, 3, 4, 5].map((n) => store.put(`s${n}`, 'q', n));
  assert.equal(store.size, 3);
  assert.deepEqual(store.find(tokens[0] ?? '', 's1', 'q'), { refused: 'unknown' });
  assert.deepEqual(store.find(tokens[4] ?? '', 's5', 'q'), { value: 5 });
});

test('with sameValue, the same value for the same session and query gets the same token', () => {
  const time = clock();
  const store = new PageTokenStore<string>({ ttlMs: 1000, now: time.now, sameValue: (a, b) => a === b });
  const first = store.put('s1', 'q=a', 'c1');
  assert.equal(store.put('s1', 'q=a', 'c1'), first);
  assert.equal(store.size, 1, 'reloads do not add tokens');
  assert.notEqual(store.put('s1', 'q=other', 'c1'), first, 'another query');
  assert.notEqual(store.put('s2', 'q=a', 'c1'), first, 'another session');
  assert.notEqual(store.put('s1', 'q=a', 'c2'), first, 'another value');
  time.advance(900);
  assert.equal(store.put('s1', 'q=a', 'c1'), first, 'handing it out again renews it');
  time.advance(900);
  assert.deepEqual(store.find(first, 's1', 'q=a'), { value: 'c1' });
  time.advance(100);
  assert.notEqual(store.put('s1', 'q=a', 'c1'), first, 'an expired token is never handed out again');
});
