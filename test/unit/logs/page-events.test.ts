import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { pageEvents } from '../../../src/logs/page-events.ts';
import { MalformedResponseError } from '../../../src/okta/index.ts';

const request = { method: 'GET' as const, url: 'https://example.okta.com/api/v1/logs?limit=2' };
const items = (json: string, maxItems = 2) => ({ json, maxItems, request, requestId: 'r1' });
const PAGE = JSON.stringify([{ uuid: 'a' }, { uuid: 'b' }]);

describe('pageEvents', () => {
  test('the events of the page, as Okta sent them', () => {
    assert.deepEqual(pageEvents(items(PAGE)), [{ uuid: 'a' }, { uuid: 'b' }]);
  });

  test('views given the same answer in one turn share one parse; the next turn parses anew', async () => {
    await nextTurn();
    const first = pageEvents(items(PAGE));
    // The same text reached another view through the coalescer or the page cache: a copy of the string, even.
    assert.equal(pageEvents(items(`${PAGE} `.trimEnd())), first);
    assert.notEqual(pageEvents(items(JSON.stringify([{ uuid: 'c' }]))), first);
    await nextTurn();
    const later = pageEvents(items(PAGE));
    assert.notEqual(later, first, 'nothing parsed is kept past its turn');
    assert.deepEqual(later, first);
  });

  test('the same text under a smaller limit is checked again, not taken from the last parse', () => {
    pageEvents(items(PAGE, 2));
    assert.throws(() => pageEvents(items(PAGE, 1)), MalformedResponseError);
  });

  test('text that is not a System Log page is a MalformedResponseError, in every turn', async () => {
    for (const json of ['[{"uuid": ', '{"uuid": "a"}', '[1, 2]']) {
      assert.throws(() => pageEvents(items(json)), MalformedResponseError, json);
      assert.throws(() => pageEvents(items(json)), MalformedResponseError, json);
      await nextTurn();
    }
  });
});
