import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SharedResponse } from '../../../src/okta/coalescer.ts';
import { InProcessCoalescer } from '../../../src/okta/in-process-coalescer.ts';
import { MemoryStore } from '../../../src/store/memory-store.ts';
import { STORE_KEYS } from '../../../src/store/store.ts';
import { StoreCoalescer } from '../../../src/store/store-coalescer.ts';

const KEY = 'a'.repeat(64);

function answer(value: unknown): SharedResponse {
  const text = JSON.stringify(value);
  return { status: 200, headers: { 'x-okta-request-id': 'r1' }, content: { kind: 'json', text }, receivedAt: 1 };
}

/** A fetch that counts its runs and answers when `release` is called (or fails with `fail`). */
function gatedFetch() {
  let runs = 0;
  const pending: { resolve: (value: SharedResponse) => void; reject: (error: unknown) => void }[] = [];
  const signals: AbortSignal[] = [];
  return {
    get runs() {
      return runs;
    },
    signals,
    fetch: (signal: AbortSignal) =>
      new Promise<SharedResponse>((resolve, reject) => {
        runs++;
        signals.push(signal);
        const entry = { resolve, reject };
        pending.push(entry);
        signal.addEventListener(
          'abort',
          () => {
            pending.splice(pending.indexOf(entry), 1);
            reject(signal.reason);
          },
          { once: true },
        );
      }),
    release: (value: unknown) => pending.shift()?.resolve(answer(value)),
    fail: (error: unknown) => pending.shift()?.reject(error),
  };
}

const never = () => new AbortController().signal;

describe('coalescing in one process', () => {
  test('concurrent callers of one key share one run and one answer', async () => {
    const coalescer = new InProcessCoalescer();
    const gated = gatedFetch();
    const waits = Array.from({ length: 5 }, () => coalescer.run(KEY, never(), gated.fetch));
    await sleep(5);
    gated.release([1]);
    const answers = await Promise.all(waits);
    assert.equal(gated.runs, 1);
    assert.ok(answers.every((item) => item.content.kind === 'json'));
    assert.equal(coalescer.inFlight, 0, 'a finished run is forgotten: the next caller runs again');
  });

  test('different keys run separately', async () => {
    const coalescer = new InProcessCoalescer();
    const gated = gatedFetch();
    const both = [coalescer.run(KEY, never(), gated.fetch), coalescer.run('b'.repeat(64), never(), gated.fetch)];
    await sleep(5);
    gated.release(1);
    gated.release(2);
    await Promise.all(both);
    assert.equal(gated.runs, 2);
  });

  test("a caller's abort ends its own wait only; the run goes on for the others", async () => {
    const coalescer = new InProcessCoalescer();
    const gated = gatedFetch();
    const first = new AbortController();
    const holder = coalescer.run(KEY, first.signal, gated.fetch);
    const waiter = coalescer.run(KEY, never(), gated.fetch);
    first.abort(new Error('tab closed'));
    await assert.rejects(holder, /tab closed/);
    assert.equal(gated.signals[0]?.aborted, false);
    gated.release('page');
    assert.equal((await waiter).status, 200);
    assert.equal(gated.runs, 1);
  });

  test('when every caller has gone, the run is abandoned', async () => {
    const coalescer = new InProcessCoalescer();
    const gated = gatedFetch();
    const only = new AbortController();
    const wait = coalescer.run(KEY, only.signal, gated.fetch);
    only.abort(new Error('gone'));
    await assert.rejects(wait);
    assert.equal(gated.signals[0]?.aborted, true);
  });

  test("the holder's failure is its own: a waiter then runs the fetch itself", async () => {
    const coalescer = new InProcessCoalescer();
    const gated = gatedFetch();
    const holder = coalescer.run(KEY, never(), gated.fetch);
    const waiter = coalescer.run(KEY, never(), gated.fetch);
    await sleep(5);
    gated.fail(new Error('refused for the holder'));
    await assert.rejects(holder, /refused for the holder/);
    await sleep(5);
    assert.equal(gated.runs, 2);
    gated.release('fresh');
    assert.deepEqual((await waiter).content, { kind: 'json', text: '"fresh"' });
  });
});

describe('coalescing across instances sharing a store', () => {
  const timings = { leaseMs: 400, renewMs: 100, resultMs: 1000, pollMs: 5 };

  test('two instances make one request; the waiter gets the holder’s answer through the store', async () => {
    const store = new MemoryStore();
    const one = new StoreCoalescer(store, timings);
    const two = new StoreCoalescer(store, timings);
    const gated = gatedFetch();
    const holder = one.run(KEY, never(), gated.fetch);
    await sleep(5);
    const waiter = two.run(KEY, never(), gated.fetch);
    // Longer than the lease: the holder renews it while its request runs.
    await sleep(600);
    assert.equal(gated.runs, 1);
    gated.release({ events: 3 });
    const [a, b] = await Promise.all([holder, waiter]);
    assert.deepEqual(a.content, b.content);
    assert.equal(gated.runs, 1);
    assert.equal(await store.get(`${STORE_KEYS.coalesce}${KEY}`), undefined, 'the lease ends with the request');
  });

  test('the lease key holds a hash, never the credential', async () => {
    const store = new MemoryStore();
    const seen: string[] = [];
    const spy = Object.assign(Object.create(store) as MemoryStore, {
      setIfAbsent: async (key: string, value: string, ttl: number) => {
        seen.push(key);
        return store.setIfAbsent(key, value, ttl);
      },
    });
    const { coalesceKey } = await import('../../../src/okta/coalescer.ts');
    const key = coalesceKey('Bearer secret-token', 'https://dev-1.okta.com/api/v1/logs');
    await new StoreCoalescer(spy, timings).run(key, never(), async () => answer(1));
    assert.equal(seen.length, 1);
    assert.ok(!seen[0]?.includes('secret-token'));
    assert.match(seen[0] ?? '', /^osv:coalesce:[0-9a-f]{64}$/);
  });

  test('keys differ from those of the version that shared parsed bodies, so the two never read each other’s', async () => {
    const { createHash } = await import('node:crypto');
    const { coalesceKey } = await import('../../../src/okta/coalescer.ts');
    const [authorization, url] = ['Bearer t', 'https://dev-1.okta.com/api/v1/logs?limit=1'];
    const earlier = createHash('sha256').update(authorization).update('\n').update(url).digest('hex');
    assert.notEqual(coalesceKey(authorization, url), earlier);
    assert.equal(coalesceKey(authorization, url), coalesceKey(authorization, url));
    assert.notEqual(coalesceKey(authorization, url), coalesceKey('Bearer u', url));
  });

  test('a holder that goes away without an answer: the waiter takes over', async () => {
    const store = new MemoryStore();
    const one = new StoreCoalescer(store, timings);
    const two = new StoreCoalescer(store, timings);
    const gated = gatedFetch();
    const gone = new AbortController();
    const holder = one.run(KEY, gone.signal, gated.fetch);
    await sleep(5);
    const waiter = two.run(KEY, never(), gated.fetch);
    await sleep(20);
    gone.abort(new Error('caller left'));
    await assert.rejects(holder);
    await sleep(50);
    assert.equal(gated.runs, 2, 'the waiter sent the request itself');
    gated.release('taken over');
    assert.deepEqual((await waiter).content, { kind: 'json', text: '"taken over"' });
  });

  test('a result an earlier version stored (its body parsed, not text) is not used: the waiter takes over', async () => {
    const store = new MemoryStore();
    const lease = `${STORE_KEYS.coalesce}${KEY}`;
    await store.set(lease, 'old-holder', timings.leaseMs);
    const earlier = { status: 200, headers: {}, content: { kind: 'json', value: [{ uuid: 'a' }] }, receivedAt: 1 };
    await store.set(`${lease}:result:old-holder`, JSON.stringify(earlier), timings.resultMs);
    const waiter = new StoreCoalescer(store, timings).run(KEY, never(), async () => answer('own'));
    // The holder's lease ends: a usable result would have been taken by now.
    await sleep(20);
    await store.delete(lease);
    assert.deepEqual((await waiter).content, { kind: 'json', text: '"own"' });
  });

  test('a crashed holder (its lease never released) blocks a waiter only until the lease expires', async () => {
    const store = new MemoryStore();
    await store.set(`${STORE_KEYS.coalesce}${KEY}`, 'crashed-holder', timings.leaseMs);
    const started = Date.now();
    const result = await new StoreCoalescer(store, timings).run(KEY, never(), async () => answer('mine'));
    assert.deepEqual(result.content, { kind: 'json', text: '"mine"' });
    assert.ok(Date.now() - started >= timings.leaseMs - 50);
  });

  test("a waiter's own abort ends its wait", async () => {
    const store = new MemoryStore();
    await store.set(`${STORE_KEYS.coalesce}${KEY}`, 'slow-holder', 10_000);
    const controller = new AbortController();
    const wait = new StoreCoalescer(store, timings).run(KEY, controller.signal, async () => answer('x'));
    setTimeout(() => controller.abort(new Error('deadline')), 30);
    await assert.rejects(wait, /deadline/);
  });
});
