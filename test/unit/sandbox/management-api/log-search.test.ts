import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildLogEvent } from '../../../../src/sandbox/log-event-factory.ts';
import type { LogCursor } from '../../../../src/sandbox/management-api/log-cursor.ts';
import type { LogQuery } from '../../../../src/sandbox/management-api/log-query.ts';
import { searchLogs } from '../../../../src/sandbox/management-api/log-search.ts';
import { SystemLogStore } from '../../../../src/sandbox/system-log-store.ts';

const NOW = Date.parse('2026-06-15T12:00:00.000Z');
const actor = { id: '00u1', type: 'User', alternateId: 'a@example.com', displayName: 'A', detailEntry: null };

function storeWith(publishedOffsets: number[]): SystemLogStore {
  const store = new SystemLogStore();
  publishedOffsets.forEach((offset, i) => {
    const published = new Date(NOW - offset);
    store.append(
      buildLogEvent({ eventType: `t.${i}`, displayMessage: 'x', actor, outcome: { result: 'SUCCESS' }, published }),
      {
        persistedAt: published,
      },
    );
  });
  return store;
}

function pageAll(store: SystemLogStore, first: LogQuery['start'], limit: number, maxPages: number): string[][] {
  const pages: string[][] = [];
  let start: LogQuery['start'] | undefined = first;
  while (start && pages.length < maxPages) {
    const page = searchLogs(store, { start, limit }, NOW);
    pages.push(page.events.map((e) => e.eventType));
    start = page.next as LogCursor | undefined;
  }
  assert.equal(start, undefined, 'reached the end');
  return pages;
}

describe('searchLogs, bounded', () => {
  test('events with the same published time are split across pages without loss or repeat (ties by persistence order)', () => {
    const store = storeWith(Array.from({ length: 10 }, () => 1000));
    const bounds = { mode: 'bounded' as const, sinceMs: NOW - 5000, untilMs: NOW };
    const ascending = pageAll(store, { ...bounds, order: 'ASCENDING' }, 3, 10);
    assert.deepEqual(ascending, [['t.0', 't.1', 't.2'], ['t.3', 't.4', 't.5'], ['t.6', 't.7', 't.8'], ['t.9']]);
    const descending = pageAll(store, { ...bounds, order: 'DESCENDING' }, 4, 10);
    assert.deepEqual(descending.flat(), ['t.9', 't.8', 't.7', 't.6', 't.5', 't.4', 't.3', 't.2', 't.1', 't.0']);
  });

  test('since is inclusive, until exclusive; out-of-order appends are served in published order', () => {
    const store = storeWith([3000, 1000, 2000, 0]);
    const pages = pageAll(store, { mode: 'bounded', order: 'ASCENDING', sinceMs: NOW - 3000, untilMs: NOW }, 10, 3);
    assert.deepEqual(pages, [['t.0', 't.2', 't.1']]);
  });

  test('a full last page has no next when nothing else matches', () => {
    const store = storeWith([3000, 2000, 1000]);
    const page = searchLogs(
      store,
      { start: { mode: 'bounded', order: 'ASCENDING', sinceMs: NOW - 5000, untilMs: NOW }, limit: 3 },
      NOW,
    );
    assert.equal(page.events.length, 3);
    assert.equal(page.next, undefined);
  });

  test('limit 0 returns nothing and a next cursor that resumes where it started', () => {
    const store = storeWith([3000, 2000]);
    const start = { mode: 'bounded' as const, order: 'ASCENDING' as const, sinceMs: NOW - 5000, untilMs: NOW };
    const empty = searchLogs(store, { start, limit: 0 }, NOW);
    assert.deepEqual(empty.events, []);
    assert.ok(empty.next);
    const resumed = searchLogs(store, { start: empty.next, limit: 5 }, NOW);
    assert.deepEqual(
      resumed.events.map((e) => e.eventType),
      ['t.0', 't.1'],
    );
  });

  test('retention: nothing older than 90 days, whatever since says', () => {
    const day = 864e5;
    const store = storeWith([91 * day, 89 * day]);
    const pages = pageAll(
      store,
      { mode: 'bounded', order: 'ASCENDING', sinceMs: NOW - 100 * day, untilMs: NOW },
      10,
      3,
    );
    assert.deepEqual(pages, [['t.1']]);
  });
});

describe('searchLogs, polling', () => {
  test('follows persistence order, bounds since by persistence time, and always returns a next cursor', () => {
    const store = storeWith([1000, 5000, 2000]);
    const first = searchLogs(store, { start: { mode: 'polling', sinceMs: NOW - 3000 }, limit: 10 }, NOW);
    assert.deepEqual(
      first.events.map((e) => e.eventType),
      ['t.0', 't.2'],
    );
    assert.deepEqual(first.next, { mode: 'polling', sinceMs: NOW - 3000, sequence: 2 });
    const empty = searchLogs(store, { start: first.next as LogCursor, limit: 10 }, NOW);
    assert.deepEqual(empty, { events: [], next: first.next });
    store.append(
      buildLogEvent({
        eventType: 'late',
        displayMessage: 'x',
        actor,
        outcome: { result: 'SUCCESS' },
        published: new Date(NOW - 60_000),
      }),
    );
    const later = searchLogs(store, { start: empty.next as LogCursor, limit: 10 }, NOW);
    assert.deepEqual(
      later.events.map((e) => e.eventType),
      ['late'],
    );
  });

  test('a full page resumes after its last event', () => {
    const store = storeWith([5, 4, 3, 2, 1]);
    const page = searchLogs(store, { start: { mode: 'polling', sinceMs: 0 }, limit: 2 }, NOW);
    assert.deepEqual(page.next, { mode: 'polling', sinceMs: 0, sequence: 1 });
  });
});
