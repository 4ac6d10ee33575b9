/**
 * What a person and a load balancer see when the app's Redis is wrong: a wrong password, a server that accepts
 * connections and never answers. (A Redis that stops and comes back is in several-instances.test.ts.)
 */
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createRedisStore, type RedisStore } from '../../../src/store/redis-store.ts';
import { freePort, type Harness, startHarness } from '../../helpers/app-harness.ts';
import { type RunningRedis, startRedisServer } from '../../helpers/redis-server.ts';

const PASSWORD = 'the-right-redis-password';

async function expectStorePage(h: Harness, pattern: RegExp): Promise<void> {
  const started = Date.now();
  const page = await fetch(`${h.baseUrl}/login`, { redirect: 'manual', headers: { accept: 'text/html' } });
  const body = await page.text();
  assert.equal(page.status, 503);
  assert.match(body, /REDIS_URL/, 'the page names the setting');
  assert.match(body, pattern);
  assert.doesNotMatch(body, /the-wrong-password|the-right-redis-password/, 'no password on the page');
  assert.doesNotMatch(body, /at [\w.<>]+ \(/, 'no stack trace');
  assert.ok(Date.now() - started < 10_000, 'answered within the bounded timeout');
  const health = await fetch(`${h.baseUrl}/healthz`);
  assert.equal(health.status, 503);
  const report = (await health.json()) as { status: string; store: string; problem: string };
  assert.equal(report.status, 'unavailable');
  assert.equal(report.store, 'redis');
  assert.match(report.problem, /REDIS_URL/);
}

describe('pages when Redis refuses the password', () => {
  let redis: RunningRedis;
  let store: RedisStore;
  let h: Harness;
  before(async () => {
    redis = await startRedisServer({ password: PASSWORD });
    store = createRedisStore(`redis://:the-wrong-password@127.0.0.1:${redis.port}`, { commandTimeoutMs: 1000 });
    h = await startHarness({ store });
  });
  after(async () => {
    await h?.close();
    await store?.close();
    await redis?.stop();
  });

  test('503 naming REDIS_URL and its password, and /healthz reports it', async () => {
    await expectStorePage(h, /password/);
    const health = (await (await fetch(`${h.baseUrl}/healthz`)).json()) as { problem: string };
    assert.match(health.problem, /refused the credentials/);
  });

  test('static files, which need no session, are still served', async () => {
    const stylesheet = await fetch(`${h.baseUrl}/public/css/app.css`);
    assert.equal(stylesheet.status, 200);
    await stylesheet.arrayBuffer();
  });
});

describe('pages when Redis accepts connections but never answers', () => {
  let silent: Server;
  const sockets = new Set<Socket>();
  let store: RedisStore;
  let h: Harness;
  before(async () => {
    const port = await freePort();
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', resolve));
    store = createRedisStore(`redis://127.0.0.1:${port}`, { commandTimeoutMs: 1000, connectTimeoutMs: 1000 });
    h = await startHarness({ store });
  });
  after(async () => {
    await h?.close();
    await store?.close();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent?.close(() => resolve()));
  });

  test('503 within the bounded timeout, naming REDIS_URL, and /healthz reports it', async () => {
    await expectStorePage(h, /did not answer in time|cannot be reached/);
  });
});
