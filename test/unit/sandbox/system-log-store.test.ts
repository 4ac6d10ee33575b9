import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildLogEvent } from '../../../src/sandbox/log-event-factory.ts';
import { SystemLogStore } from '../../../src/sandbox/system-log-store.ts';

const actor = { id: '00u1', type: 'User', alternateId: 'a@example.com', displayName: 'A', detailEntry: null };
const event = (name: string, published: string) =>
  buildLogEvent({
    eventType: name,
    displayMessage: name,
    actor,
    outcome: { result: 'SUCCESS' },
    published: new Date(published),
  });

describe('SystemLogStore', () => {
  test('keeps persistence order and serves published order, re-sorting after out-of-order appends', () => {
    const store = new SystemLogStore();
    store.append(event('b', '2026-01-02T00:00:00Z'));
    store.append(event('c', '2026-01-03T00:00:00Z'));
    assert.equal(store.inPublishedOrder(), store.inPersistenceOrder(), 'in order: no copy');
    store.append(event('a', '2026-01-01T00:00:00Z'));
    assert.deepEqual(
      store.inPersistenceOrder().map((s) => [s.event.eventType, s.sequence]),
      [
        ['b', 0],
        ['c', 1],
        ['a', 2],
      ],
    );
    assert.deepEqual(
      store.inPublishedOrder().map((s) => s.event.eventType),
      ['a', 'b', 'c'],
    );
    assert.equal(store.inPublishedOrder(), store.inPublishedOrder(), 'cached until the next append');
    store.append(event('d', '2026-01-04T00:00:00Z'));
    assert.deepEqual(
      store.inPublishedOrder().map((s) => s.event.eventType),
      ['a', 'b', 'c', 'd'],
    );
  });

  test('records persistence time: now by default, or the given time', () => {
    const store = new SystemLogStore();
    const before = Date.now();
    const live = store.append(event('live', '2020-01-01T00:00:00Z'));
    assert.ok(live.persistedMs >= before && live.persistedMs <= Date.now());
    const seeded = store.append(event('seeded', '2020-01-01T00:00:00Z'), {
      persistedAt: new Date('2020-01-01T00:00:05Z'),
    });
    assert.equal(seeded.persistedMs, Date.parse('2020-01-01T00:00:05Z'));
    assert.equal(seeded.publishedMs, Date.parse('2020-01-01T00:00:00Z'));
  });

  test('notifies listeners until they unsubscribe', () => {
    const store = new SystemLogStore();
    const seen: string[] = [];
    const stop = store.onAppend((stored) => seen.push(stored.event.eventType));
    store.append(event('one', '2026-01-01T00:00:00Z'));
    stop();
    store.append(event('two', '2026-01-01T00:00:00Z'));
    assert.deepEqual(seen, ['one']);
    assert.equal(store.size, 2);
  });
});
