import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AppSessionStore } from '../../../src/session/app-session-store.ts';
import { sessionLiveness } from '../../../src/session/session-liveness.ts';

/** A store whose `has` answers from `answers` in turn (an Error rejects); counts its lookups. */
function storeAnswering(answers: (boolean | Error)[]) {
  let lookups = 0;
  const store: AppSessionStore = {
    get: (_id, callback) => callback(null, null),
    set: (_id, _session, callback) => callback(),
    destroy: (_id, callback) => callback(),
    has: async () => {
      const answer = answers[lookups++] ?? true;
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
  return { store, lookups: () => lookups };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('sessionLiveness', () => {
  test('answers what the previous lookup found: a sign-out is noticed one question late, and stays noticed', async () => {
    const { store, lookups } = storeAnswering([true, false, true]);
    const alive = sessionLiveness(store, 'sid');
    assert.equal(alive(), true, 'loaded when the response began');
    await settle();
    assert.equal(alive(), true, 'the first lookup found it');
    await settle();
    assert.equal(alive(), false, 'the second lookup found it gone');
    await settle();
    assert.equal(alive(), false, 'an ended session does not come back');
    assert.equal(lookups(), 4);
  });

  test('a failed lookup is not a sign-out; one lookup at a time', async () => {
    const { store, lookups } = storeAnswering([new Error('store down'), false]);
    const alive = sessionLiveness(store, 'sid');
    assert.equal(alive(), true);
    assert.equal(alive(), true);
    assert.equal(lookups(), 1, 'no second lookup while the first is pending');
    await settle();
    assert.equal(alive(), true, 'the failed lookup changed nothing');
    await settle();
    assert.equal(alive(), false);
  });
});
