import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Session } from 'fastify';
import { BoundedSessionStore } from '../../../src/auth/session-store.ts';

const session = (name: string) => ({ name }) as unknown as Session;

function get(store: BoundedSessionStore, id: string): Promise<Session | null | undefined> {
  return new Promise((resolve) => store.get(id, (_error, value) => resolve(value)));
}
function set(store: BoundedSessionStore, id: string, value: Session): Promise<void> {
  return new Promise((resolve) => store.set(id, value, () => resolve()));
}

describe('BoundedSessionStore', () => {
  test('keeps at most maxEntries sessions, evicting the least recently written', async () => {
    const store = new BoundedSessionStore({ ttlMs: 60_000, maxEntries: 3 });
    for (const id of ['a', 'b', 'c']) await set(store, id, session(id));
    await set(store, 'a', session('a2'));
    await set(store, 'd', session('d'));
    assert.equal(store.size, 3);
    assert.equal(await get(store, 'b'), null);
    assert.deepEqual(await get(store, 'a'), session('a2'));
    assert.deepEqual(await get(store, 'd'), session('d'));
  });

  test('forgets a session not written within the TTL', async () => {
    const store = new BoundedSessionStore({ ttlMs: 20, maxEntries: 10 });
    await set(store, 'a', session('a'));
    await new Promise((resolve) => setTimeout(resolve, 40));
    assert.equal(await get(store, 'a'), null);
    assert.equal(store.size, 0);
  });

  test('destroy removes the session', async () => {
    const store = new BoundedSessionStore({ ttlMs: 60_000, maxEntries: 10 });
    await set(store, 'a', session('a'));
    await new Promise<void>((resolve) => store.destroy('a', () => resolve()));
    assert.equal(store.has('a'), false);
  });
});
