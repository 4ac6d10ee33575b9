import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { RefreshStillRunningError } from '../../../src/auth/auth-errors.ts';
import { SharedRefresh, type SharedRefreshOptions } from '../../../src/auth/shared-refresh.ts';
import { TokenRefresher } from '../../../src/auth/token-refresher.ts';
import type { TokenSet } from '../../../src/session/session-types.ts';
import { MemoryStore } from '../../../src/store/memory-store.ts';
import { SessionCipher } from '../../../src/store/session-cipher.ts';
import { STORE_KEYS } from '../../../src/store/store.ts';
import { StoreUnavailableError } from '../../../src/store/store-errors.ts';
import { RedisStandIn } from '../../helpers/redis-stand-in.ts';

const SECRET = 's'.repeat(32);

function tokens(refreshToken: string, expiresInMs: number): TokenSet {
  return {
    accessToken: `at-${refreshToken}`,
    refreshToken,
    idToken: `id-${refreshToken}`,
    tokenType: 'Bearer',
    expiresAt: Date.now() + expiresInMs,
    grantedScopes: ['okta.logs.read'],
  };
}

/** A redeem that counts its calls and answers when `release()` is called (or at once when `open`). */
function gatedRedeem(open = false) {
  let release: () => void = () => {};
  const gate = open
    ? Promise.resolve()
    : new Promise<void>((resolve) => {
        release = resolve;
      });
  const calls: string[] = [];
  let started: () => void = () => {};
  const firstStarted = new Promise<void>((resolve) => {
    started = resolve;
  });
  return {
    calls,
    firstStarted,
    release: () => release(),
    redeem: async (current: TokenSet) => {
      calls.push(current.refreshToken ?? '');
      started();
      await gate;
      return tokens(`${current.refreshToken}-next`, 3_600_000);
    },
  };
}

/** One app instance's refresher on the shared `store`, with short timings. */
function instance(
  store: RedisStandIn,
  redeem: (tokens: TokenSet) => Promise<TokenSet>,
  options: Partial<SharedRefreshOptions> = {},
) {
  const shared = new SharedRefresh({
    store,
    cipher: new SessionCipher([SECRET]),
    pollMs: 5,
    leaseMs: 300,
    ...options,
  });
  return new TokenRefresher(redeem, shared);
}

function leaseKey(refreshToken: string): string {
  return `${STORE_KEYS.refresh}lease:${createHash('sha256').update(refreshToken).digest('base64url')}`;
}

describe('SharedRefresh: one refresh across instances', () => {
  test('two instances refreshing one refresh token at once redeem it once and both get the new tokens', async () => {
    const store = new RedisStandIn(new MemoryStore());
    const first = gatedRedeem();
    const second = gatedRedeem(true);
    const a = instance(store, first.redeem);
    const b = instance(store, second.redeem);
    const old = tokens('rt-1', 1000);
    const onA = a.refresh(old);
    await first.firstStarted;
    const onB = b.refresh(old);
    await new Promise((resolve) => setTimeout(resolve, 30)); // B is waiting, polling
    first.release();
    const [fromA, fromB] = await Promise.all([onA, onB]);
    assert.deepEqual(first.calls, ['rt-1']);
    assert.deepEqual(second.calls, [], 'B did not redeem');
    assert.equal(fromA.refreshToken, 'rt-1-next');
    assert.deepEqual(fromB, fromA);
    assert.equal(await store.memory.get(leaseKey('rt-1')), undefined, 'the lease ended');

    // A request on a third instance that still holds the old token gets the result too.
    const late = gatedRedeem(true);
    assert.equal((await instance(store, late.redeem).refresh(old)).refreshToken, 'rt-1-next');
    assert.deepEqual(late.calls, []);
  });

  test('no key names the refresh token, and the kept result is encrypted', async () => {
    const store = new RedisStandIn(new MemoryStore());
    const renewed = await instance(store, gatedRedeem(true).redeem).refresh(tokens('rt-secret-value', 0));
    assert.ok(store.keysWritten.size > 0);
    for (const key of store.keysWritten) {
      assert.ok(key.startsWith(STORE_KEYS.refresh), key);
      assert.equal(key.includes('rt-secret-value'), false, `the refresh token in the key ${key}`);
      const value = (await store.memory.get(key)) ?? '';
      for (const secret of [renewed.accessToken, renewed.refreshToken ?? '', renewed.idToken]) {
        assert.equal(value.includes(secret), false, `a token in clear under ${key}`);
      }
    }
  });

  test('when the holder fails, the lease ends and a waiting instance redeems it itself', async () => {
    const store = new RedisStandIn(new MemoryStore());
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started: () => void = () => {};
    const holding = new Promise<void>((resolve) => {
      started = resolve;
    });
    const a = instance(store, async () => {
      started();
      await gate;
      throw new Error('connection reset');
    });
    const second = gatedRedeem(true);
    const b = instance(store, second.redeem);
    const old = tokens('rt-2', 0);
    const onA = a.refresh(old);
    await holding;
    const onB = b.refresh(old);
    release();
    await assert.rejects(onA, /connection reset/);
    assert.equal((await onB).refreshToken, 'rt-2-next');
    assert.deepEqual(second.calls, ['rt-2']);
  });

  test('when the holder died (its lease ran out without a result), a waiting instance takes over', async () => {
    const store = new RedisStandIn(new MemoryStore());
    await store.memory.setIfAbsent(leaseKey('rt-3'), 'an instance that died', 80);
    const redeem = gatedRedeem(true);
    const started = performance.now();
    const renewed = await instance(store, redeem.redeem).refresh(tokens('rt-3', 0));
    assert.equal(renewed.refreshToken, 'rt-3-next');
    assert.deepEqual(redeem.calls, ['rt-3']);
    assert.ok(performance.now() - started >= 70, 'it waited for the lease to run out');
  });

  test('a holder renews its lease while it redeems, so a slow refresh is not taken over', async () => {
    const store = new RedisStandIn(new MemoryStore());
    const first = gatedRedeem();
    const second = gatedRedeem(true);
    const options = { leaseMs: 60 };
    const onA = instance(store, first.redeem, options).refresh(tokens('rt-4', 0));
    await first.firstStarted;
    const onB = instance(store, second.redeem, options).refresh(tokens('rt-4', 0));
    await new Promise((resolve) => setTimeout(resolve, 250)); // four lease lifetimes
    first.release();
    assert.equal((await onB).refreshToken, 'rt-4-next');
    assert.equal((await onA).refreshToken, 'rt-4-next');
    assert.deepEqual(second.calls, []);
  });

  test('a wait for another instance is bounded', async () => {
    const store = new RedisStandIn(new MemoryStore());
    const first = gatedRedeem();
    const onA = instance(store, first.redeem).refresh(tokens('rt-5', 0));
    await first.firstStarted;
    const second = gatedRedeem(true);
    await assert.rejects(
      instance(store, second.redeem, { maxWaitMs: 50 }).refresh(tokens('rt-5', 0)),
      RefreshStillRunningError,
    );
    assert.deepEqual(second.calls, []);
    first.release();
    await onA;
  });

  test('a store that does not answer: StoreUnavailableError, and nothing is redeemed', async () => {
    const store = new RedisStandIn(new MemoryStore());
    store.fail(true);
    const redeem = gatedRedeem(true);
    await assert.rejects(instance(store, redeem.redeem).refresh(tokens('rt-6', 0)), StoreUnavailableError);
    assert.deepEqual(redeem.calls, []);
  });
});
