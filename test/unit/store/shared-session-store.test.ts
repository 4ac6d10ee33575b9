import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Session } from 'fastify';
import type { AppSessionStore } from '../../../src/session/app-session-store.ts';
import { MemoryStore } from '../../../src/store/memory-store.ts';
import { SessionCipher } from '../../../src/store/session-cipher.ts';
import { SharedSessionStore } from '../../../src/store/shared-session-store.ts';
import { STORE_KEYS } from '../../../src/store/store.ts';
import { StoreUnavailableError } from '../../../src/store/store-errors.ts';
import { RedisStandIn } from '../../helpers/redis-stand-in.ts';
import { sessionApp } from '../../helpers/session-app.ts';

const SECRET = 'the-current-session-secret-0123456789';
const OLD_SECRET = 'the-previous-session-secret-987654321';
const ACCESS_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.access-token-body';

/** A session as @fastify/session hands it to a store, reduced to plain data (a plain object counts as changed). */
function signedIn(): Session {
  return {
    cookie: { originalMaxAge: 60_000, expires: new Date(Date.now() + 60_000), path: '/', httpOnly: true },
    tokens: { accessToken: ACCESS_TOKEN, refreshToken: 'refresh-token-value', idToken: 'id-token-value' },
    user: { login: 'ada@example.com' },
  } as unknown as Session;
}

function sharedStore(options: { secrets?: string[]; ttlMs?: number; store?: RedisStandIn } = {}) {
  const store = options.store ?? new RedisStandIn(new MemoryStore());
  const sessions = new SharedSessionStore({
    store,
    cipher: new SessionCipher(options.secrets ?? [SECRET]),
    ttlMs: options.ttlMs ?? 60_000,
  });
  return { store, sessions };
}

function get(store: AppSessionStore, id: string): Promise<Session | null | undefined> {
  return new Promise((resolve, reject) => store.get(id, (error, value) => (error ? reject(error) : resolve(value))));
}
function set(store: AppSessionStore, id: string, value: Session): Promise<void> {
  return new Promise((resolve, reject) => store.set(id, value, (error) => (error ? reject(error) : resolve())));
}
function destroy(store: AppSessionStore, id: string): Promise<void> {
  return new Promise((resolve, reject) => store.destroy(id, (error) => (error ? reject(error) : resolve())));
}
/** What a callback of the store receives: its error. */
function errorOf(run: (callback: (error?: unknown) => void) => void): Promise<unknown> {
  return new Promise((resolve) => run((error) => resolve(error)));
}

describe('SharedSessionStore', () => {
  test('keeps a session under osv:session:<id>, encrypted, and gives it back', async () => {
    const { store, sessions } = sharedStore();
    await set(sessions, 'sid-1', signedIn());
    const raw = await store.memory.get(`${STORE_KEYS.session}sid-1`);
    assert.ok(raw);
    assert.match(raw, /^v1\./);
    for (const clear of [ACCESS_TOKEN, 'refresh-token-value', 'id-token-value', 'ada@example.com']) {
      assert.equal(raw.includes(clear), false, `"${clear}" is not stored in clear`);
    }
    const loaded = await get(sessions, 'sid-1');
    assert.deepEqual(loaded?.tokens, signedIn().tokens);
    assert.equal(await sessions.has('sid-1'), true);
    assert.equal(await get(sessions, 'sid-2'), null);
    assert.equal(await sessions.has('sid-2'), false);
  });

  test('another instance with the same secret reads it; a value altered or moved under another id is absent', async () => {
    const { store, sessions } = sharedStore();
    await set(sessions, 'sid-1', signedIn());
    const other = new SharedSessionStore({ store, cipher: new SessionCipher([SECRET]), ttlMs: 60_000 });
    assert.equal((await get(other, 'sid-1'))?.tokens?.accessToken, ACCESS_TOKEN);

    const raw = (await store.memory.get(`${STORE_KEYS.session}sid-1`)) ?? '';
    // Someone who can write to Redis copies a victim's session under their own session id: it does not open.
    await store.memory.set(`${STORE_KEYS.session}sid-mine`, raw, 60_000);
    assert.equal(await get(sessions, 'sid-mine'), null);
    assert.equal(await sessions.has('sid-mine'), false);
    await store.memory.set(`${STORE_KEYS.session}sid-1`, `${raw.slice(0, -2)}AA`, 60_000);
    assert.equal(await get(sessions, 'sid-1'), null, 'altered: absent, not an error');
  });

  test('rotation: sessions stored under the previous secret load while it is listed; after that they are absent', async () => {
    const { store, sessions: before } = sharedStore({ secrets: [OLD_SECRET] });
    await set(before, 'sid-1', signedIn());
    const rotated = sharedStore({ secrets: [SECRET, OLD_SECRET], store }).sessions;
    assert.equal((await get(rotated, 'sid-1'))?.tokens?.accessToken, ACCESS_TOKEN);
    const withoutOld = sharedStore({ secrets: [SECRET], store }).sessions;
    assert.equal(await get(withoutOld, 'sid-1'), null);
  });

  test('a session not written within the TTL is gone; destroy removes one', async () => {
    const { sessions } = sharedStore({ ttlMs: 20 });
    await set(sessions, 'sid-1', signedIn());
    await set(sessions, 'sid-2', signedIn());
    await destroy(sessions, 'sid-2');
    assert.equal(await sessions.has('sid-2'), false);
    await new Promise((resolve) => setTimeout(resolve, 40));
    assert.equal(await get(sessions, 'sid-1'), null);
  });

  test('an unchanged session whose stored copy became unreadable meanwhile is not written back', async () => {
    const { store, sessions } = sharedStore();
    const { sessionId, read, startSlowRead } = await sessionApp(sessions);
    const slowRead = await startSlowRead();
    const key = `${STORE_KEYS.session}${sessionId}`;
    // Written meanwhile under a secret this instance does not have (or altered): to this instance, absent.
    const foreign = new SessionCipher([OLD_SECRET]).seal('{"signedInAt":3}', key);
    await store.memory.set(key, foreign, 60_000);
    assert.equal(await slowRead.finish(), '1');
    assert.equal(await store.memory.get(key), foreign, 'the stale copy did not overwrite it');
    assert.equal(await read(), 'undefined');
  });

  test('when the store fails, every callback gets StoreUnavailableError, and has() rejects with it', async () => {
    const { store, sessions } = sharedStore();
    await set(sessions, 'sid-1', signedIn());
    const { app, headers } = await sessionApp(sessions);
    store.fail(true);
    const changed = signedIn();
    const failures = {
      get: await errorOf((callback) => sessions.get('sid-1', callback)),
      'set (changed)': await errorOf((callback) => sessions.set('sid-1', changed, callback)),
      destroy: await errorOf((callback) => sessions.destroy('sid-1', callback)),
    };
    for (const [operation, error] of Object.entries(failures)) {
      assert.ok(error instanceof StoreUnavailableError, `${operation}: ${String(error)}`);
    }
    await assert.rejects(sessions.has('sid-1'), StoreUnavailableError);

    // Through @fastify/session: loading fails (the request errors with it), and so does renewing an unchanged one.
    const loading = await app.inject({ method: 'GET', url: '/read', headers });
    assert.equal(loading.statusCode, 503);
    assert.equal(JSON.parse(loading.body).code, 'STORE_UNAVAILABLE');
    store.failing.delete('get');
    const renewing = await app.inject({ method: 'GET', url: '/read', headers });
    assert.equal(renewing.statusCode, 503, 'the unchanged session could not be renewed');
    store.fail(false);
    assert.equal((await app.inject({ method: 'GET', url: '/read', headers })).body, '1', 'nothing was lost');
    await app.close();
  });
});
