import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Session } from 'fastify';
import { BoundedSessionStore } from '../../../src/auth/session-store.ts';
import { newerStoredTokens } from '../../../src/session/newest-tokens.ts';
import type { TokenSet } from '../../../src/session/session-types.ts';

const tokens = (accessToken: string, expiresAt: number): TokenSet => ({
  accessToken,
  refreshToken: `rt-${accessToken}`,
  idToken: 'id',
  tokenType: 'Bearer',
  expiresAt,
  grantedScopes: ['okta.logs.read'],
});
const user = (sub: string) => ({ sub, name: sub, login: sub, idTokenClaims: {} });
const session = (sub: string, set: TokenSet | undefined) => ({ user: user(sub), tokens: set }) as unknown as Session;

describe('newerStoredTokens: tokens only move forward', () => {
  const cases: { description: string; incoming: Session; stored: Session | undefined; keeps: boolean }[] = [
    {
      description: 'a refresh stored meanwhile (other tokens of the same person, expiring later) is kept',
      incoming: session('u1', tokens('old', 1000)),
      stored: session('u1', tokens('new', 5000)),
      keeps: true,
    },
    {
      description: "the request's own refresh (its tokens expire later) wins",
      incoming: session('u1', tokens('new', 5000)),
      stored: session('u1', tokens('old', 1000)),
      keeps: false,
    },
    {
      description: 'the same access token: nothing to keep',
      incoming: session('u1', tokens('same', 1000)),
      stored: session('u1', tokens('same', 5000)),
      keeps: false,
    },
    {
      description: "another person's tokens are never taken",
      incoming: session('u1', tokens('old', 1000)),
      stored: session('u2', tokens('new', 5000)),
      keeps: false,
    },
    {
      description: 'nothing stored',
      incoming: session('u1', tokens('old', 1000)),
      stored: undefined,
      keeps: false,
    },
    {
      description: 'a session without tokens (signed out in this request) stays without',
      incoming: session('u1', undefined),
      stored: session('u1', tokens('new', 5000)),
      keeps: false,
    },
  ];
  for (const c of cases) {
    test(c.description, () => {
      const kept = newerStoredTokens(c.incoming, c.stored);
      assert.equal(kept, c.keeps ? c.stored?.tokens : undefined);
    });
  }

  test('the in-memory store keeps a refresh finished meanwhile when a stale changed copy is saved', async () => {
    const store = new BoundedSessionStore({ ttlMs: 60_000, maxEntries: 10 });
    const save = (value: Session) => new Promise<void>((resolve) => store.set('s', value, () => resolve()));
    await save(session('u1', tokens('new', 5000)));
    const stale = { ...session('u1', tokens('old', 1000)), _csrf: 'secret' } as unknown as Session;
    await save(stale);
    const stored = await new Promise<Session | null | undefined>((resolve) => store.get('s', (_e, v) => resolve(v)));
    assert.equal(stored?.tokens?.accessToken, 'new', 'the refreshed tokens stay');
    assert.equal((stored as unknown as { _csrf?: string })._csrf, 'secret', 'the other change is stored too');
  });
});
