import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { comparisonCell, maskToken } from '../../../src/teaching/token-comparison.ts';
import { remaining, tokenFacts } from '../../../src/teaching/token-facts.ts';

describe('maskToken', () => {
  test('shows four characters and the length, never more', () => {
    const token = `00${'A1b2C3d4E5'.repeat(4)}`;
    const masked = maskToken(token);
    assert.equal(masked, `00A1•••••••••••• (${token.length} characters, masked)`);
    for (let start = 1; start + 4 <= token.length; start++) {
      assert.ok(!masked.includes(token.slice(start, start + 4)), 'no other part of the token');
    }
  });

  test('a short token is not shown at all', () => {
    assert.equal(maskToken('00abc'), '•••••••••••• (5 characters, masked)');
  });
});

describe('comparisonCell', () => {
  test('names what each answer means', () => {
    const none = { errorCode: undefined, wwwAuthenticate: undefined };
    assert.equal(comparisonCell({ status: 200, ...none }).text, 'allowed');
    assert.equal(
      comparisonCell({ status: 403, errorCode: undefined, wwwAuthenticate: 'Bearer error="insufficient_scope"' }).text,
      'scope not in token',
    );
    assert.equal(
      comparisonCell({ status: 403, errorCode: 'E0000006', wwwAuthenticate: undefined }).text,
      'admin role may not',
    );
    assert.equal(
      comparisonCell({ status: 429, errorCode: 'E0000047', wwwAuthenticate: undefined }).text,
      'refused (E0000047)',
    );
    assert.deepEqual(comparisonCell(null), { status: null, errorCode: null, missingScope: false, text: 'no answer' });
  });
});

describe('token facts', () => {
  test('remaining time in words', () => {
    assert.equal(remaining(0), 'expired');
    assert.equal(remaining(42), '42 s');
    assert.equal(remaining(3599), '59 min 59 s');
    assert.equal(remaining(7260), '2 h 1 min');
  });

  test('requested vs granted, expiry, refresh token, and claims with times spelled out', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    const facts = tokenFacts(
      ['openid', 'okta.logs.read', 'okta.users.read'],
      {
        accessToken: 'secret-access',
        idToken: 'secret-id',
        tokenType: 'bearer',
        expiresAt: now + 3_540_000,
        grantedScopes: ['openid', 'okta.logs.read'],
      },
      {
        sub: '00u1',
        name: 'Ada',
        login: 'ada@example.com',
        idTokenClaims: { sub: '00u1', iat: 1767268800, amr: ['pwd'], zz: 'a\u202Eb' },
      },
      now,
    );
    assert.deepEqual(
      facts.scopes.map((scope) => [scope.scope, scope.granted, scope.api]),
      [
        ['openid', true, false],
        ['okta.logs.read', true, true],
        ['okta.users.read', false, true],
      ],
    );
    assert.equal(facts.expiresAtText, '12:59:00 UTC');
    assert.equal(facts.secondsLeft, 3540);
    assert.equal(facts.remainingText, '59 min 0 s');
    assert.equal(facts.hasRefreshToken, false);
    const claims = Object.fromEntries(facts.claims.map((claim) => [claim.name, claim.value]));
    assert.equal(claims.iat, '1767268800 (2026-01-01 12:00:00 UTC)');
    assert.equal(claims.amr, '["pwd"]');
    assert.equal(claims.zz, 'a\\u202Eb');
    assert.ok(!JSON.stringify(facts).includes('secret-'), 'no token in the facts');
  });
});
