import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { MemoryStore } from '../../../src/store/memory-store.ts';
import { createRedisStore } from '../../../src/store/redis-store.ts';
import type { SharedStore, StoreChange } from '../../../src/store/store.ts';
import { type RunningRedis, startRedisServer } from '../../helpers/redis-server.ts';

/** Two handles on one shared state: two app instances (Redis), or the one process (memory). */
interface Backend {
  store: SharedStore;
  other: SharedStore;
}

interface Behaviour {
  description: string;
  run(backend: Backend, key: (name: string) => string): Promise<void>;
}

const increment = (current: string | undefined): StoreChange<number> => {
  const next = Number(current ?? '0') + 1;
  return { value: String(next), result: next };
};

const behaviours: Behaviour[] = [
  {
    description: 'get of a key never set is undefined',
    async run({ store }, key) {
      assert.equal(await store.get(key('absent')), undefined);
    },
  },
  {
    description: 'set then get returns the value, to every instance; set again replaces it',
    async run({ store, other }, key) {
      await store.set(key('a'), 'first', 10_000);
      assert.equal(await other.get(key('a')), 'first');
      await other.set(key('a'), 'second', 10_000);
      assert.equal(await store.get(key('a')), 'second');
    },
  },
  {
    description: 'values round-trip exactly (unicode, newlines, JSON, empty string)',
    async run({ store }, key) {
      for (const value of [
        '',
        'ünïcødé ✓ 日本',
        'line\r\nbreak',
        JSON.stringify({ a: [1, 'b'] }),
        'x'.repeat(100_000),
      ]) {
        await store.set(key('v'), value, 10_000);
        assert.equal(await store.get(key('v')), value);
      }
    },
  },
  {
    description: 'a key expires after its ttl',
    async run({ store }, key) {
      await store.set(key('short'), 'v', 60);
      await store.set(key('long'), 'v', 10_000);
      await sleep(150);
      assert.equal(await store.get(key('short')), undefined);
      assert.equal(await store.get(key('long')), 'v');
    },
  },
  {
    description: 'delete removes a key; deleting an absent key is fine',
    async run({ store, other }, key) {
      await store.set(key('d'), 'v', 10_000);
      await other.delete(key('d'));
      assert.equal(await store.get(key('d')), undefined);
      await store.delete(key('never-set'));
    },
  },
  {
    description: 'setIfAbsent is a lease: the first taker wins, others are refused until it expires',
    async run({ store, other }, key) {
      assert.equal(await store.setIfAbsent(key('lease'), 'holder-a', 80), true);
      assert.equal(await other.setIfAbsent(key('lease'), 'holder-b', 80), false);
      assert.equal(await other.get(key('lease')), 'holder-a');
      await sleep(150);
      assert.equal(await other.setIfAbsent(key('lease'), 'holder-b', 10_000), true);
      assert.equal(await store.get(key('lease')), 'holder-b');
    },
  },
  {
    description: 'extendIfEquals renews the lease for its holder only',
    async run({ store, other }, key) {
      await store.setIfAbsent(key('lease'), 'holder-a', 100);
      assert.equal(await other.extendIfEquals(key('lease'), 'holder-b', 10_000), false);
      assert.equal(await store.extendIfEquals(key('lease'), 'holder-a', 400), true);
      await sleep(200);
      assert.equal(await other.get(key('lease')), 'holder-a', 'renewed past its first expiry');
      await sleep(350);
      assert.equal(await other.get(key('lease')), undefined, 'the renewed lease expires too');
      assert.equal(await store.extendIfEquals(key('lease'), 'holder-a', 10_000), false, 'nothing to renew');
      assert.equal(await store.get(key('lease')), undefined);
    },
  },
  {
    description: 'extendIfEquals by a non-holder does not extend the lease',
    async run({ store, other }, key) {
      await store.setIfAbsent(key('lease'), 'holder-a', 100);
      assert.equal(await other.extendIfEquals(key('lease'), 'holder-b', 10_000), false);
      await sleep(200);
      assert.equal(await store.get(key('lease')), undefined);
    },
  },
  {
    description: 'deleteIfEquals ends the lease for its holder only',
    async run({ store, other }, key) {
      await store.setIfAbsent(key('lease'), 'holder-a', 10_000);
      assert.equal(await other.deleteIfEquals(key('lease'), 'holder-b'), false);
      assert.equal(await store.get(key('lease')), 'holder-a');
      assert.equal(await store.deleteIfEquals(key('lease'), 'holder-a'), true);
      assert.equal(await other.get(key('lease')), undefined);
      assert.equal(await store.deleteIfEquals(key('lease'), 'holder-a'), false, 'already gone');
      assert.equal(await other.setIfAbsent(key('lease'), 'holder-b', 10_000), true, 'free to take again');
    },
  },
  {
    description: 'update sees undefined for an absent key, stores its value and returns its result',
    async run({ store, other }, key) {
      const seen: Array<string | undefined> = [];
      const result = await store.update(key('u'), 10_000, (current) => {
        seen.push(current);
        return { value: 'created', result: 'made' };
      });
      assert.equal(result, 'made');
      assert.deepEqual(seen, [undefined]);
      assert.equal(await other.get(key('u')), 'created');
    },
  },
  {
    description: 'update with value undefined deletes the key',
    async run({ store, other }, key) {
      await store.set(key('u'), 'there', 10_000);
      const result = await other.update(key('u'), 10_000, (current) => ({ value: undefined, result: current }));
      assert.equal(result, 'there');
      assert.equal(await store.get(key('u')), undefined);
    },
  },
  {
    description: "the value written by update expires after update's ttl",
    async run({ store }, key) {
      await store.update(key('u'), 60, increment);
      assert.equal(await store.get(key('u')), '1');
      await sleep(150);
      assert.equal(await store.get(key('u')), undefined);
    },
  },
  {
    description: '50 concurrent increments through update, from two instances, end at exactly 50',
    async run({ store, other }, key) {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? store : other).update(key('counter'), 10_000, increment)),
      );
      assert.equal(await store.get(key('counter')), '50');
      assert.deepEqual(
        [...results].sort((a, b) => a - b),
        Array.from({ length: 50 }, (_, i) => i + 1),
        'each update saw a distinct value',
      );
    },
  },
  {
    description: 'update interleaved with plain writes loses none of the increments',
    async run({ store, other }, key) {
      await store.set(key('mixed'), '0', 10_000);
      await Promise.all([
        ...Array.from({ length: 20 }, () => store.update(key('mixed'), 10_000, increment)),
        ...Array.from({ length: 20 }, () => other.update(key('mixed'), 10_000, increment)),
        ...Array.from({ length: 20 }, (_, i) => other.set(key(`noise-${i}`), 'x', 10_000)),
      ]);
      assert.equal(await other.get(key('mixed')), '40');
    },
  },
  {
    description: 'an error thrown by the change reaches the caller as it is, and the key is unchanged',
    async run({ store }, key) {
      await store.set(key('u'), 'kept', 10_000);
      const mistake = new RangeError('caller bug');
      await assert.rejects(
        store.update(key('u'), 10_000, () => {
          throw mistake;
        }),
        (error) => error === mistake,
      );
      assert.equal(await store.get(key('u')), 'kept');
      assert.equal(await store.update(key('u'), 10_000, () => ({ value: 'next', result: 1 })), 1, 'still usable');
    },
  },
  {
    description: 'check resolves while the store answers',
    async run({ store }) {
      await store.check();
    },
  },
];

function conformance(name: string, open: () => Promise<Backend & { close(): Promise<void> }>): void {
  describe(`SharedStore conformance: ${name}`, { timeout: 60_000 }, () => {
    let backend: Backend & { close(): Promise<void> };
    before(async () => {
      backend = await open();
    });
    after(async () => {
      await backend?.close();
    });
    for (const behaviour of behaviours) {
      test(behaviour.description, async () => {
        const prefix = `osv:test:${randomUUID()}:`;
        await behaviour.run(backend, (name) => prefix + name);
      });
    }
  });
}

conformance('MemoryStore', async () => {
  const store = new MemoryStore();
  return { store, other: store, close: () => store.close() };
});

let redis: RunningRedis | undefined;
conformance('RedisStore on a real redis-server', async () => {
  redis = await startRedisServer();
  const store = createRedisStore(redis.url);
  const other = createRedisStore(redis.url);
  return {
    store,
    other,
    async close() {
      await Promise.all([store.close(), other.close()]);
      await redis?.stop();
    },
  };
});

describe('RedisStore keeps its data in Redis', { timeout: 30_000 }, () => {
  test('what is set is in Redis itself (the snapshot holds it), under the key given', async () => {
    const server = await startRedisServer();
    const store = createRedisStore(server.url);
    try {
      const marker = `marker-${randomUUID()}`;
      await store.set('osv:test:snapshot', marker, 10_000);
      assert.match(await server.command('GET', 'osv:test:snapshot'), new RegExp(marker));
      assert.ok((await server.dump()).includes(marker));
      assert.equal(store.status, 'ready');
      assert.equal(store.lastError, undefined);
    } finally {
      await store.close();
      await server.stop();
    }
  });
});
