import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, afterEach, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRedisStore, type RedisStore } from '../../../src/store/redis-store.ts';
import { type StoreFailure, StoreUnavailableError } from '../../../src/store/store-errors.ts';
import { freePort } from '../../helpers/app-harness.ts';
import { type RunningRedis, startRedisServer } from '../../helpers/redis-server.ts';

const COMMAND_TIMEOUT_MS = 500;
const CONNECT_TIMEOUT_MS = 500;
const LIMITS = { commandTimeoutMs: COMMAND_TIMEOUT_MS, connectTimeoutMs: CONNECT_TIMEOUT_MS };
/** No call may take longer than a connection attempt and a command, plus scheduling slack. */
const BOUND_MS = CONNECT_TIMEOUT_MS + COMMAND_TIMEOUT_MS + 500;

/** The StoreUnavailableError a call failed with, and how long it took. */
async function failure(call: () => Promise<unknown>): Promise<{ error: StoreUnavailableError; ms: number }> {
  const started = performance.now();
  try {
    await call();
  } catch (error) {
    assert.ok(error instanceof StoreUnavailableError, `expected StoreUnavailableError, got ${String(error)}`);
    return { error, ms: performance.now() - started };
  }
  return assert.fail('expected the call to fail');
}

function assertFailure(error: StoreUnavailableError, expected: StoreFailure): void {
  assert.equal(error.failure, expected, `failure of "${error.details?.Problem}"`);
  assert.equal(error.status, 503);
  assert.equal(error.code, 'STORE_UNAVAILABLE');
  assert.match(error.whatToDo, /REDIS_URL/);
}

/** Every call of the store, each of which must fail the same way. */
const calls = (store: RedisStore) => [
  () => store.get('k'),
  () => store.set('k', 'v', 1000),
  () => store.setIfAbsent('k', 'v', 1000),
  () => store.extendIfEquals('k', 'v', 1000),
  () => store.deleteIfEquals('k', 'v'),
  () => store.delete('k'),
  () => store.update('k', 1000, () => ({ value: 'v', result: 1 })),
  () => store.check(),
];

/** Polls `call` until it resolves, failing after `withinMs`. */
async function eventually<T>(call: () => Promise<T>, withinMs: number): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(50);
    }
  }
}

describe('RedisStore when Redis fails', { timeout: 60_000 }, () => {
  const stores: RedisStore[] = [];
  const servers: RunningRedis[] = [];
  const unexpected: unknown[] = [];
  const record = (error: unknown) => unexpected.push(error);
  const open = (url: string) => {
    const store = createRedisStore(url, LIMITS);
    stores.push(store);
    return store;
  };

  before(() => {
    process.on('unhandledRejection', record);
    process.on('uncaughtException', record);
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    await Promise.all(servers.splice(0).map((server) => server.stop()));
    assert.deepEqual(unexpected, [], 'no unhandled rejection or exception');
  });
  after(() => {
    process.off('unhandledRejection', record);
    process.off('uncaughtException', record);
  });

  test('nothing listening: created at once, then every call fails as unreachable, quickly', async () => {
    const port = await freePort();
    const created = performance.now();
    const store = open(`redis://127.0.0.1:${port}`);
    assert.ok(performance.now() - created < 50, 'construction does not wait for Redis');
    const first = await failure(() => store.get('k'));
    assertFailure(first.error, 'unreachable');
    assert.ok(first.ms < BOUND_MS, `first call failed after ${first.ms} ms`);
    for (const call of calls(store)) {
      const { error, ms } = await failure(call);
      assertFailure(error, 'unreachable');
      assert.ok(ms < 50, `a call while disconnected fails at once (took ${ms} ms)`);
    }
    assert.notEqual(store.status, 'ready');
    assert.match(store.lastError ?? '', /ECONNREFUSED/);
  });

  test('a host name that does not resolve fails as unreachable', async () => {
    const store = open('redis://no-such-host.invalid:6379');
    const { error, ms } = await failure(() => store.get('k'));
    assertFailure(error, 'unreachable');
    assert.ok(ms < BOUND_MS, `failed after ${ms} ms`);
  });

  test('a wrong password fails as auth, and the password appears nowhere', async () => {
    const server = await startRedisServer({ password: 'right-Pa55word' });
    servers.push(server);
    const secret = 'wrong-Pa55word-4f9c';
    const store = open(`redis://:${secret}@127.0.0.1:${server.port}`);
    for (const call of calls(store)) {
      const { error, ms } = await failure(call);
      assertFailure(error, 'auth');
      assert.ok(ms < BOUND_MS, `failed after ${ms} ms`);
      const shown = [error.message, JSON.stringify(error.details), String(error.cause), error.stack, store.lastError];
      for (const text of shown) assert.ok(!String(text).includes(secret), `password leaked in ${text}`);
    }
    assert.match(store.lastError ?? '', /WRONGPASS|NOAUTH/);
  });

  test('no password where one is required fails as auth', async () => {
    const server = await startRedisServer({ password: 'right-Pa55word' });
    servers.push(server);
    const store = open(`redis://127.0.0.1:${server.port}`);
    assertFailure((await failure(() => store.get('k'))).error, 'auth');
  });

  test('the right password works', async () => {
    const server = await startRedisServer({ password: 'right-Pa55word' });
    servers.push(server);
    const store = open(server.url);
    await store.set('k', 'v', 10_000);
    assert.equal(await store.get('k'), 'v');
  });

  test('server stopped mid-use: calls in flight and after fail within the bound; nothing crashes', async () => {
    const server = await startRedisServer();
    servers.push(server);
    const store = open(server.url);
    await store.set('k', '0', 10_000);
    const started = performance.now();
    const inFlight = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0 ? store.update('k', 10_000, (v) => ({ value: `${v}+`, result: i })) : store.get('k'),
    );
    await server.stop();
    const settled = await Promise.allSettled(inFlight);
    assert.ok(performance.now() - started < BOUND_MS + 1000, 'every call in flight settled in bounded time');
    for (const outcome of settled) {
      if (outcome.status === 'rejected') assert.ok(outcome.reason instanceof StoreUnavailableError, outcome.reason);
    }
    for (const call of calls(store)) {
      const { error, ms } = await failure(call);
      assertFailure(error, 'unreachable');
      assert.ok(ms < BOUND_MS, `failed after ${ms} ms`);
    }
    assert.equal(store.status, 'reconnecting');
  });

  test('server restarted: the same store works again by itself, scripts and updates included', async () => {
    const server = await startRedisServer();
    servers.push(server);
    const store = open(server.url);
    await store.setIfAbsent('lease', 'me', 10_000);
    await server.stop();
    await failure(() => store.get('lease'));
    await server.restart();
    const back = performance.now();
    await eventually(() => store.check(), 5000);
    const recoveredMs = performance.now() - back;
    assert.ok(recoveredMs < 3000, `back after ${recoveredMs} ms (reconnect backoff is capped at 2 s)`);
    assert.equal(store.status, 'ready');
    assert.equal(store.lastError, undefined);
    // The restarted server lost its data and its script cache.
    assert.equal(await store.setIfAbsent('lease', 'me', 10_000), true);
    assert.equal(await store.extendIfEquals('lease', 'me', 10_000), true);
    assert.equal(await store.deleteIfEquals('lease', 'me'), true);
    assert.equal(await eventually(() => store.update('n', 10_000, () => ({ value: '1', result: 'ok' })), 5000), 'ok');
  });

  test('a server that stops answering mid-use: calls fail as timeout after about commandTimeoutMs', async () => {
    const server = await startRedisServer();
    servers.push(server);
    const store = open(server.url);
    await store.check();
    const sleeping = server.command('DEBUG', 'SLEEP', '3');
    await sleep(50);
    const results = await Promise.all([failure(() => store.get('k')), failure(() => store.check())]);
    for (const { error, ms } of results) {
      assertFailure(error, 'timeout');
      assert.ok(ms >= COMMAND_TIMEOUT_MS - 50 && ms < COMMAND_TIMEOUT_MS + 500, `failed after ${ms} ms`);
    }
    await sleeping;
    await eventually(() => store.check(), 5000);
  });

  test('updates queued behind one that timed out fail at once instead of a timeout each', async () => {
    const server = await startRedisServer();
    servers.push(server);
    const store = open(server.url);
    await store.update('n', 10_000, () => ({ value: '1', result: 1 }));
    const sleeping = server.command('DEBUG', 'SLEEP', '3');
    await sleep(50);
    const started = performance.now();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => store.update('n', 10_000, () => ({ value: '2', result: 2 }))),
    );
    const ms = performance.now() - started;
    for (const outcome of results) {
      assert.equal(outcome.status, 'rejected');
      assert.ok(outcome.reason instanceof StoreUnavailableError);
      assert.equal(outcome.reason.failure, 'timeout');
    }
    assert.ok(ms < COMMAND_TIMEOUT_MS + 500, `ten queued updates failed after ${ms} ms`);
    await sleeping;
  });

  describe('a server that accepts connections and never answers', () => {
    let silent: Server;
    const sockets = new Set<Socket>();
    before(async () => {
      silent = createServer((socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    });
    after(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });

    test('fails as timeout, within the bound, first call and later ones', async () => {
      const address = silent.address();
      assert.ok(typeof address === 'object' && address);
      const store = open(`redis://127.0.0.1:${address.port}`);
      for (let i = 0; i < 3; i++) {
        const { error, ms } = await failure(() => store.get('k'));
        assertFailure(error, 'timeout');
        assert.ok(ms < BOUND_MS, `failed after ${ms} ms`);
      }
    });
  });

  test('close is bounded when Redis is gone', async () => {
    const server = await startRedisServer();
    servers.push(server);
    const store = createRedisStore(server.url, LIMITS);
    await store.check();
    await server.stop();
    const started = performance.now();
    await store.close();
    assert.ok(performance.now() - started < COMMAND_TIMEOUT_MS + 200);
    assert.equal(store.status, 'end');
    assertFailure((await failure(() => store.get('k'))).error, 'unreachable');
  });

  test('rediss:// means TLS, in any case: a plain-text server is not talked to in clear', async () => {
    const server = await startRedisServer();
    servers.push(server);
    for (const scheme of ['rediss', 'REDISS']) {
      const store = open(`${scheme}://127.0.0.1:${server.port}`);
      const { ms } = await failure(() => store.get('k'));
      assert.ok(ms < BOUND_MS, `failed after ${ms} ms`);
    }
    const plain = open(`REDIS://127.0.0.1:${server.port}`);
    await plain.check();
  });

  test('a URL that is not redis:// or rediss:// is refused at creation, without echoing it', () => {
    assert.throws(
      () => createRedisStore('http://user:hunter2@example.com:6379'),
      (error: unknown) => {
        assert.ok(error instanceof TypeError);
        assert.match(error.message, /REDIS_URL/);
        assert.ok(!error.message.includes('hunter2'));
        return true;
      },
    );
  });
});
