import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CursorStore } from '../../../src/logs/cursor-store.ts';

function clock(start = 0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

test('a token is an opaque random 22-character string', () => {
  const store = new CursorStore<string>();
  const a = store.put('s1', 'q', 'x');
  const b = store.put('s1', 'q', 'x');
  assert.match(a, /^[A-Za-z0-9_-]{22}$/);
  assert.notEqual(a, b);
});

test('only the owning session and the same query get the value back', () => {
  const store = new CursorStore<string>();
  const token = store.put('s1', 'range=1h', 'cursor');
  assert.equal(store.get(token, 's1', 'range=1h'), 'cursor');
  assert.equal(store.get(token, 's2', 'range=1h'), undefined, 'another session');
  assert.equal(store.get(token, 's1', 'range=24h'), undefined, 'another query');
  assert.equal(store.get('AAAAAAAAAAAAAAAAAAAAAA', 's1', 'range=1h'), undefined, 'an unknown token');
  assert.equal(store.get(token, 's1', 'range=1h'), 'cursor', 'refusals do not spend the token');
});

test('tokens expire', () => {
  const time = clock();
  const store = new CursorStore<string>({ ttlMs: 1000, now: time.now });
  const token = store.put('s1', 'q', 'x');
  time.advance(999);
  assert.equal(store.get(token, 's1', 'q'), 'x');
  time.advance(1);
  assert.equal(store.get(token, 's1', 'q'), undefined);
  assert.equal(store.size, 0);
});

test('each session keeps at most maxPerOwner tokens, oldest dropped first', () => {
  const store = new CursorStore<number>({ maxPerOwner: 2 });
  const [a, b, c] = [1, 2, 3].map((n) => store.put('s1', 'q', n));
  const other = store.put('s2', 'q', 9);
  assert.equal(store.get(a ?? '', 's1', 'q'), undefined);
  assert.equal(store.get(b ?? '', 's1', 'q'), 2);
  assert.equal(store.get(c ?? '', 's1', 'q'), 3);
  assert.equal(store.get(other, 's2', 'q'), 9, "another session's tokens are untouched");
});

test('the store never holds more than maxEntries tokens in all', () => {
  const store = new CursorStore<number>({ maxEntries: 3 });
  const tokens = [1, 2, 3, 4, 5].map((n) => store.put(`s${n}`, 'q', n));
  assert.equal(store.size, 3);
  assert.equal(store.get(tokens[0] ?? '', 's1', 'q'), undefined);
  assert.equal(store.get(tokens[4] ?? '', 's5', 'q'), 5);
});
