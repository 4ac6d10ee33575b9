import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SharedRefresh } from '../../../src/auth/shared-refresh.ts';
import { TokenRefresher } from '../../../src/auth/token-refresher.ts';
import type { TokenSet } from '../../../src/session/session-types.ts';
import { MemoryStore } from '../../../src/store/memory-store.ts';
import { SessionCipher } from '../../../src/store/session-cipher.ts';

/** The cross-instance part on a store of its own: these cases are about one process. */
const alone = () => new SharedRefresh({ store: new MemoryStore(), cipher: new SessionCipher(['s'.repeat(32)]) });

function tokens(refreshToken: string | undefined, expiresInMs: number): TokenSet {
  return {
    accessToken: `at-${refreshToken}`,
    ...(refreshToken ? { refreshToken } : {}),
    idToken: 'id',
    tokenType: 'Bearer',
    expiresAt: Date.now() + expiresInMs,
    grantedScopes: ['okta.logs.read'],
  };
}

describe('TokenRefresher', () => {
  test('concurrent refreshes of one refresh token redeem it once and share the result', async () => {
    let redeemed = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const refresher = new TokenRefresher(async (current) => {
      redeemed++;
      await gate;
      return tokens(`${current.refreshToken}-next`, 3_600_000);
    }, alone());
    const old = tokens('rt-1', 1000);
    const pending = [refresher.refresh(old), refresher.refresh(old), refresher.refresh(old)];
    release();
    const results = await Promise.all(pending);
    assert.equal(redeemed, 1);
    assert.ok(results.every((result) => result.refreshToken === 'rt-1-next'));
    // A request that still holds the old token after the refresh finished gets the same result.
    assert.equal((await refresher.refresh(old)).refreshToken, 'rt-1-next');
    assert.equal(redeemed, 1);
  });

  test('a failed refresh is not remembered', async () => {
    let calls = 0;
    const refresher = new TokenRefresher(async () => {
      calls++;
      throw new Error('network down');
    }, alone());
    await assert.rejects(refresher.refresh(tokens('rt-2', 0)));
    await assert.rejects(refresher.refresh(tokens('rt-2', 0)));
    assert.equal(calls, 2);
  });

  test('without a refresh token there is nothing to redeem', async () => {
    const refresher = new TokenRefresher(async (current) => current, alone());
    await assert.rejects(refresher.refresh(tokens(undefined, 0)), /no refresh token/);
  });

  test('a token is due for refresh within a minute of expiry', () => {
    assert.equal(TokenRefresher.isDue(tokens('x', 30_000)), true);
    assert.equal(TokenRefresher.isDue(tokens('x', 5 * 60_000)), false);
  });
});
