import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { abortableSleep, systemClock } from '../../../src/okta/clock.ts';

describe('the default clock', () => {
  test('sleep resolves after its timer', async () => {
    assert.equal(await abortableSleep(5), undefined);
  });

  test('an abort during the sleep rejects with the signal reason', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    const sleeping = abortableSleep(60_000, controller.signal);
    controller.abort(reason);
    await assert.rejects(sleeping, (error) => error === reason);
  });

  test('an already aborted signal rejects at once', async () => {
    await assert.rejects(systemClock.sleep(60_000, AbortSignal.abort()), { name: 'AbortError' });
  });

  test('random stays in [0, 1)', () => {
    for (let index = 0; index < 100; index++) {
      const value = systemClock.random();
      assert.ok(value >= 0 && value < 1);
    }
  });
});
