/**
 * With REDIS_URL the spawned CLI spends from the team's shared rate budget, the one the app's instances keep in
 * Redis (src/store/store-rate-gate.ts): what Okta told the CLI is there for the app to see, and a budget the app has
 * seen spent keeps the CLI from calling Okta until the reset. A Redis that does not answer is one clear line, exit 1.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { namedBucket } from '../../../src/okta/index.ts';
import { type RunningSandbox, startSandbox } from '../../../src/sandbox/sandbox.ts';
import { createRedisStore, type RedisStore } from '../../../src/store/redis-store.ts';
import { StoreRateGate } from '../../../src/store/store-rate-gate.ts';
import { type RunningRedis, startRedisServer } from '../../helpers/redis-server.ts';
import { type CliPlace, cliPlace, runCli, serviceAppFlags } from './cli-process.ts';

let sandbox: RunningSandbox;
let redis: RunningRedis;
let store: RedisStore;
let gate: StoreRateGate;
let place: CliPlace;

before(async () => {
  sandbox = await startSandbox({ appBaseUrl: 'http://localhost:3000', seed: { users: 5, events: 50 } });
  redis = await startRedisServer();
  store = createRedisStore(redis.url);
  gate = new StoreRateGate(store);
  place = await cliPlace();
});
after(async () => {
  await store?.close();
  await redis?.stop();
  await sandbox?.close();
  await place?.remove();
});

const logsBucket = () => namedBucket(sandbox.issuer, 'logs');
const oneDay = () => ['--since', new Date(Date.now() - 24 * 3600_000).toISOString()];

test("the CLI's calls land in the shared budget the app reads", async () => {
  await gate.forget(logsBucket());
  const result = await runCli(['logs', 'export', ...oneDay(), ...serviceAppFlags(sandbox)], place, {
    REDIS_URL: redis.url,
  });
  assert.equal(result.code, 0, result.stderr);
  const reading = await gate.reading(logsBucket());
  assert.ok(reading, 'a reading of /api/v1/logs in Redis');
  assert.equal(reading.limit, sandbox.managementApi.rateLimiter.appLimit('logs'));
  assert.ok(reading.remaining < reading.limit);
});

test('a budget the team has spent keeps the CLI from calling Okta until the reset', async () => {
  const now = Date.now();
  const resetAt = now + 3000;
  await gate.forget(logsBucket());
  await gate.observe(logsBucket(), { limit: 10, remaining: 0, resetAt, observedAt: now });
  const first = sandbox.managementApi.received.latest;
  const result = await runCli(['logs', 'export', ...oneDay(), ...serviceAppFlags(sandbox)], place, {
    REDIS_URL: redis.url,
  });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /the rate budget is kept for others \(shared brake\): waiting \d+ s for the reset/);
  const calls = sandbox.managementApi.received.since(first);
  assert.ok(calls.length > 0);
  assert.ok(
    calls.every((call) => call.receivedAt >= resetAt),
    'no call reached Okta before the reset',
  );
});

test('a Redis that does not answer: exit 1, naming REDIS_URL', async () => {
  const result = await runCli(['logs', 'export', ...oneDay(), ...serviceAppFlags(sandbox)], place, {
    REDIS_URL: 'redis://127.0.0.1:9',
  });
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /^Redis at REDIS_URL, where the rate budget is shared, does not answer .*Fix: /m);
});

test('a REDIS_URL that is not a Redis URL: exit 2, naming REDIS_URL and the fix, Okta not called', async () => {
  const first = sandbox.managementApi.received.latest;
  for (const [value, said] of [
    [
      'http://redis.internal:6379',
      /^Configuration: REDIS_URL \(env\) uses http:\/\/ but must use redis:\/\/ \(or rediss:\/\/ for TLS\)\. Fix: Use e\.g\. redis:\/\//m,
    ],
    [
      'redis://:secret@redis.internal/db',
      /^Configuration: REDIS_URL \(env\) has the path "\/db", which is not a database number\. Fix: End the URL with \/0/m,
    ],
  ] as const) {
    const result = await runCli(['logs', 'export', ...oneDay(), ...serviceAppFlags(sandbox)], place, {
      REDIS_URL: value,
    });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, said);
    assert.doesNotMatch(result.stderr, /secret/, 'the password is never echoed');
  }
  assert.deepEqual(sandbox.managementApi.received.since(first), [], 'nothing reached the management API');
});
