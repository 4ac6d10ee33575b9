import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { decodeLogCursor, encodeLogCursor, type LogCursor } from '../../../../src/sandbox/management-api/log-cursor.ts';
import { OktaApiError } from '../../../../src/sandbox/management-api/okta-error.ts';

describe('log cursors', () => {
  test('round-trip (property)', () => {
    const ms = fc.integer({ min: 0, max: 4_102_444_800_000 });
    const cursor: fc.Arbitrary<LogCursor> = fc.oneof(
      fc.record({ mode: fc.constant('polling' as const), sinceMs: ms, sequence: fc.integer({ min: -1, max: 1e9 }) }),
      fc.record({
        mode: fc.constant('bounded' as const),
        order: fc.constantFrom('ASCENDING' as const, 'DESCENDING' as const),
        sinceMs: ms,
        untilMs: ms,
        publishedMs: ms,
        sequence: fc.integer({ min: -1, max: Number.MAX_SAFE_INTEGER }),
      }),
    );
    fc.assert(
      fc.property(cursor, (c) => {
        const encoded = encodeLogCursor(c);
        assert.match(encoded, /^[A-Za-z0-9_-]+$/, 'safe in a URL without escaping');
        assert.deepEqual(decodeLogCursor(encoded), { ...c });
      }),
    );
  });

  test('values the org never issued are E0000001', () => {
    for (const value of [
      '1627500044869_1',
      'abc',
      '',
      Buffer.from('p.1').toString('base64url'),
      Buffer.from('b.x.1.2.3.4').toString('base64url'),
    ]) {
      assert.throws(
        () => decodeLogCursor(value),
        (error: unknown) => error instanceof OktaApiError && error.errorCode === 'E0000001' && error.status === 400,
        value,
      );
    }
  });
});
