import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resetTime } from '../../../src/text/reset-time.ts';

describe('resetTime', () => {
  const now = Date.parse('2026-12-02T16:14:00Z');
  for (const c of [
    { description: 'two minutes in the past', at: '2026-12-02T16:12:00Z', kind: 'due', text: 'now' },
    { description: 'a millisecond in the past', at: '2026-12-02T16:13:59.999Z', kind: 'due', text: 'now' },
    { description: 'exactly now', at: '2026-12-02T16:14:00Z', kind: 'due', text: 'now' },
    { description: 'in five seconds', at: '2026-12-02T16:14:05Z', kind: 'soon', text: 'in a few seconds' },
    { description: 'in ten seconds', at: '2026-12-02T16:14:10Z', kind: 'later', text: 'at 16:14:10 UTC' },
    { description: 'in a minute', at: '2026-12-02T16:15:00Z', kind: 'later', text: 'at 16:15:00 UTC' },
  ] as const) {
    test(`a reset ${c.description} reads "${c.text}"`, () => {
      const reset = resetTime(new Date(c.at), now);
      assert.equal(reset.kind, c.kind);
      assert.equal(reset.text, c.text);
      assert.equal(reset.iso, new Date(c.at).toISOString());
    });
  }

  test('accepts epoch ms as well as a Date', () => {
    assert.deepEqual(resetTime(now + 60_000, now), resetTime(new Date(now + 60_000), now));
  });
});
