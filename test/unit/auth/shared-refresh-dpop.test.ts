import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { newSessionDpopKey } from '../../../src/auth/dpop-keys.ts';
import { SharedRefresh } from '../../../src/auth/shared-refresh.ts';
import type { TokenSet } from '../../../src/session/session-types.ts';
import { MemoryStore } from '../../../src/store/memory-store.ts';
import { SessionCipher } from '../../../src/store/session-cipher.ts';

describe('the shared refresh of a DPoP-bound session', () => {
  test("an instance that finds another's refresh result gets the session's key with the tokens", async () => {
    const store = new MemoryStore();
    const cipher = new SessionCipher(['s'.repeat(32)]);
    const { stored: dpopKey } = await newSessionDpopKey();
    const old: TokenSet = {
      accessToken: 'at-1',
      refreshToken: 'rt-1',
      idToken: 'id',
      tokenType: 'dpop',
      expiresAt: Date.now() + 1000,
      grantedScopes: ['okta.logs.read'],
      dpopKey,
    };
    const seen: (TokenSet['dpopKey'] | undefined)[] = [];
    const redeem = async (current: TokenSet): Promise<TokenSet> => {
      seen.push(current.dpopKey);
      return { ...current, accessToken: 'at-2', refreshToken: 'rt-2', expiresAt: Date.now() + 3_600_000 };
    };
    const first = await new SharedRefresh({ store, cipher, pollMs: 5 }).once(old, redeem);
    const second = await new SharedRefresh({ store, cipher, pollMs: 5 }).once(old, async () => {
      throw new Error('the second instance must not redeem the refresh token again');
    });
    assert.deepEqual(seen, [dpopKey], 'the redeem was given the key to sign its proof with');
    assert.equal(first.accessToken, 'at-2');
    assert.deepEqual(second, first);
    assert.deepEqual(second.dpopKey, dpopKey);
  });
});
