import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Session } from 'fastify';
import { BoundedSessionStore } from '../../../src/auth/session-store.ts';
import type { AppSessionStore } from '../../../src/session/app-session-store.ts';
import { MemoryStore } from '../../../src/store/memory-store.ts';
import { SessionCipher } from '../../../src/store/session-cipher.ts';
import { SharedSessionStore } from '../../../src/store/shared-session-store.ts';
import { RedisStandIn } from '../../helpers/redis-stand-in.ts';
import { sessionApp } from '../../helpers/session-app.ts';

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
    assert.equal(await store.has('a'), false);
  });
});

/** Both session stores keep the same rules; these run on each. */
const stores: { name: string; create: () => AppSessionStore }[] = [
  { name: 'BoundedSessionStore', create: () => new BoundedSessionStore({ ttlMs: 60_000, maxEntries: 10 }) },
  {
    name: 'SharedSessionStore',
    create: () =>
      new SharedSessionStore({
        store: new RedisStandIn(new MemoryStore()),
        cipher: new SessionCipher(['s'.repeat(32)]),
        ttlMs: 60_000,
      }),
  },
];

for (const { name, create } of stores)
  describe(`sessions with @fastify/session on ${name}: concurrent requests`, () => {
    test('a request that only read its session does not write back the copy it loaded over a newer one', async () => {
      const { app, headers, read, startSlowRead } = await sessionApp(create());
      const slowRead = await startSlowRead();
      await app.inject({ method: 'POST', url: '/advance', headers });
      assert.equal(await slowRead.finish(), '1', 'the slow request saw the session as it was when it began');
      assert.equal(await read(), '2');
      await app.close();
    });

    test('a request that only read its session does not bring back a session ended meanwhile', async () => {
      const { app, headers, read, startSlowRead } = await sessionApp(create());
      const slowRead = await startSlowRead();
      await app.inject({ method: 'POST', url: '/logout', headers });
      assert.equal(await slowRead.finish(), '1');
      assert.equal(await read(), 'undefined');
      await app.close();
    });

    test('a request that only read its session still restarts the idle timeout', async () => {
      const { app, read } = await sessionApp(create(), { maxAge: 400 });
      for (let reads = 1; reads <= 8; reads++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        assert.equal(await read(), '1', `read ${reads}, ${reads * 100} ms after the last change`);
      }
      await app.close();
    });
  });
