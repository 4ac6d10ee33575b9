import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import Fastify, { type Session } from 'fastify';
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
    assert.equal(await store.has('a'), false);
  });
});

/**
 * An app with @fastify/session on the bounded store, as the app configures it (rolling, nothing saved until set):
 * POST /start and /advance set `signedInAt` to 1 and 2, POST /logout destroys the session, GET /read shows it,
 * and GET /slow-read loads it, then waits for `release()` before it answers (and saves).
 */
async function sessionApp(cookie: { maxAge?: number } = {}) {
  const app = Fastify();
  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    secret: 'a'.repeat(32),
    store: new BoundedSessionStore({ ttlMs: 60_000, maxEntries: 10 }),
    saveUninitialized: false,
    rolling: true,
    cookie: { secure: false, ...cookie },
  });
  let release: () => void = () => {};
  let loaded: () => void = () => {};
  const slowReadLoaded = new Promise<void>((resolve) => {
    loaded = resolve;
  });
  app.post('/start', async (request) => {
    request.session.set('signedInAt', 1);
    return 'ok';
  });
  app.post('/advance', async (request) => {
    request.session.set('signedInAt', 2);
    return 'ok';
  });
  app.post('/logout', async (request) => {
    await request.session.destroy();
    return 'ok';
  });
  app.get('/read', async (request) => String(request.session.get('signedInAt')));
  app.get('/slow-read', async (request) => {
    const seen = String(request.session.get('signedInAt'));
    loaded();
    await new Promise<void>((resolve) => {
      release = resolve;
    });
    return seen;
  });
  const started = await app.inject({ method: 'POST', url: '/start' });
  const headers = { cookie: `sessionId=${started.cookies.find((c) => c.name === 'sessionId')?.value}` };
  return {
    app,
    headers,
    read: async () => (await app.inject({ method: 'GET', url: '/read', headers })).body,
    /** Starts GET /slow-read and resolves once it has loaded the session; `finish()` lets it answer. */
    async startSlowRead() {
      const answer = app.inject({ method: 'GET', url: '/slow-read', headers });
      await slowReadLoaded;
      return {
        finish: async () => {
          release();
          return (await answer).body;
        },
      };
    },
  };
}

describe('sessions with @fastify/session: concurrent requests', () => {
  test('a request that only read its session does not write back the copy it loaded over a newer one', async () => {
    const { app, headers, read, startSlowRead } = await sessionApp();
    const slowRead = await startSlowRead();
    await app.inject({ method: 'POST', url: '/advance', headers });
    assert.equal(await slowRead.finish(), '1', 'the slow request saw the session as it was when it began');
    assert.equal(await read(), '2');
    await app.close();
  });

  test('a request that only read its session does not bring back a session ended meanwhile', async () => {
    const { app, headers, read, startSlowRead } = await sessionApp();
    const slowRead = await startSlowRead();
    await app.inject({ method: 'POST', url: '/logout', headers });
    assert.equal(await slowRead.finish(), '1');
    assert.equal(await read(), 'undefined');
    await app.close();
  });

  test('a request that only read its session still restarts the idle timeout', async () => {
    const { app, read } = await sessionApp({ maxAge: 400 });
    for (let reads = 1; reads <= 8; reads++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(await read(), '1', `read ${reads}, ${reads * 100} ms after the last change`);
    }
    await app.close();
  });
});
