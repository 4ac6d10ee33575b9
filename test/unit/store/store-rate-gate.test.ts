import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MemoryStore } from '../../../src/store/memory-store.ts';
import { STORE_KEYS } from '../../../src/store/store.ts';
import { StoreRateGate } from '../../../src/store/store-rate-gate.ts';

const BUCKET = 'https://dev-1.okta.com/api/v1/logs';
const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

function gates() {
  const store = new MemoryStore();
  let now = NOW;
  const clock = { now: () => now, advance: (ms: number) => (now += ms) };
  // Two gates on one store stand in for two instances sharing Redis.
  return { store, clock, a: new StoreRateGate(store, clock.now), b: new StoreRateGate(store, clock.now) };
}

describe('the rate gate on the shared store', () => {
  test('an unknown bucket admits and keeps nothing', async () => {
    const { a, store } = gates();
    assert.deepEqual(await a.admit(BUCKET, 'background'), { admitted: true });
    assert.equal(await store.get(`${STORE_KEYS.budget}${BUCKET}`), undefined);
  });

  test("admissions on two instances draw on one budget, and Okta's late answers never raise it", async () => {
    const { a, b, clock } = gates();
    await a.observe(BUCKET, { limit: 4, remaining: 3, resetAt: NOW + 30_000, observedAt: NOW });
    const answers = [await a.admit(BUCKET, 'interactive'), await b.admit(BUCKET, 'interactive')];
    assert.deepEqual(
      answers.map((answer) => answer.admitted),
      [true, true],
    );
    assert.equal((await b.reading(BUCKET))?.remaining, 1);
    // The first of those calls answers now, saying what Okta counted when it arrived.
    await b.observe(BUCKET, { limit: 4, remaining: 2, resetAt: NOW + 30_000, observedAt: clock.now() });
    assert.equal((await a.reading(BUCKET))?.remaining, 1);
    assert.equal((await a.admit(BUCKET, 'interactive')).admitted, true);
    const refused = await b.admit(BUCKET, 'interactive');
    assert.deepEqual(refused, { admitted: false, resetAt: new Date(NOW + 30_000), limit: 4, remaining: 0 });
  });

  test('background calls stop at the reserve while page views go on', async () => {
    const { a } = gates();
    await a.observe(BUCKET, { limit: 8, remaining: 3, resetAt: NOW + 30_000, observedAt: NOW });
    assert.equal((await a.admit(BUCKET, 'background')).admitted, true);
    assert.equal((await a.admit(BUCKET, 'background')).admitted, false, 'reserve of 2 reached');
    assert.equal((await a.admit(BUCKET, 'interactive')).admitted, true);
    assert.equal((await a.admit(BUCKET, 'interactive')).admitted, true);
    assert.equal((await a.admit(BUCKET, 'interactive')).admitted, false);
  });

  test('after the reset the bucket admits again, counting from the known limit', async () => {
    const { a, b, clock } = gates();
    await a.observe(BUCKET, { limit: 3, remaining: 0, resetAt: NOW + 5_000, observedAt: NOW });
    assert.equal((await a.admit(BUCKET, 'interactive')).admitted, false);
    clock.advance(5_000);
    const admitted = [];
    for (let call = 0; call < 4; call++)
      admitted.push((await (call % 2 ? a : b).admit(BUCKET, 'interactive')).admitted);
    assert.deepEqual(admitted, [true, true, true, false], 'three calls fit a fresh window of three');
  });

  test('a concurrent-limit answer does not brake the bucket', async () => {
    const { a } = gates();
    await a.observe(BUCKET, { limit: 10, remaining: 6, resetAt: NOW + 30_000, observedAt: NOW });
    await a.observe(BUCKET, { limit: 0, remaining: 0, resetAt: NOW + 60_000, observedAt: NOW });
    assert.deepEqual(await a.reading(BUCKET), { limit: 10, remaining: 6, resetAt: NOW + 30_000, observedAt: NOW });
  });

  test('an unreadable stored value counts as no reading', async () => {
    const { a, store } = gates();
    await store.set(`${STORE_KEYS.budget}${BUCKET}`, '{"limit":"x"}', 60_000);
    assert.equal(await a.reading(BUCKET), undefined);
    assert.deepEqual(await a.admit(BUCKET, 'interactive'), { admitted: true });
  });
});
