import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EventRows, type RenderRow } from '../../../src/logs/event-rows.ts';
import { parseLogsQuery } from '../../../src/logs/query-params.ts';
import { logsHref, logsSearchParams } from '../../../src/logs/query-url.ts';
import type { LogEvent } from '../../../src/okta/index.ts';
import { escapeHtml, renderedHtml } from '../../../src/text/html.ts';

/** A row renderer that counts its calls and prints the uuid, the message and the detail link. */
function counting(): { render: RenderRow; calls: () => number } {
  let calls = 0;
  const render: RenderRow = (event, detailHref) => {
    calls++;
    return renderedHtml(
      `<tr>${escapeHtml(event.uuid)} ${escapeHtml(event.displayMessage)} ${escapeHtml(detailHref(event.uuid, undefined))}</tr>`,
    );
  };
  return { render, calls: () => calls };
}

function links(params: Record<string, string>, owner = 'session-a') {
  const { query } = parseLogsQuery(params);
  const search = logsSearchParams(query).toString();
  return {
    owner,
    key: logsHref('/logs', query),
    detailHref: (uuid: unknown) => `/logs/events/${String(uuid)}?${search}`,
  };
}

const event = (uuid: string | undefined, displayMessage = 'User login to Okta'): LogEvent => ({
  uuid,
  published: '2026-11-23T10:00:00.000Z',
  eventType: 'user.session.start',
  displayMessage,
});

describe('EventRows', () => {
  test('an event is rendered once per query, then served from the cache', () => {
    const { render, calls } = counting();
    const rows = new EventRows(render);
    const hour = links({ range: '1h' });
    const first = rows.rows([event('e1'), event('e2')], hour).map(String);
    const again = rows.rows([event('e2'), event('e1')], hour).map(String);
    assert.equal(calls(), 2);
    assert.deepEqual(again, [first[1], first[0]]);
  });

  test('another query renders the row again, with its own links', () => {
    const { render, calls } = counting();
    const rows = new EventRows(render);
    const [hour] = rows.rows([event('e1')], links({ range: '1h' }));
    const [day] = rows.rows([event('e1')], links({ range: '24h' }));
    assert.equal(calls(), 2);
    assert.match(String(hour), /range=1h/);
    assert.doesNotMatch(String(day), /range=1h/);
  });

  test("one session's rows are never reused for another", () => {
    const { render, calls } = counting();
    const rows = new EventRows(render);
    rows.rows([event('e1')], links({}, 'session-a'));
    rows.rows([event('e1')], links({}, 'session-b'));
    assert.equal(calls(), 2);
    rows.rows([event('e1')], links({}, 'session-b'));
    assert.equal(calls(), 2);
  });

  test('an event published at another time under the same uuid is rendered anew', () => {
    const { render, calls } = counting();
    const rows = new EventRows(render);
    rows.rows([event('e1')], links({}));
    rows.rows([{ ...event('e1'), published: '2026-11-23T10:00:01.000Z' }], links({}));
    assert.equal(calls(), 2);
  });

  test('events without a uuid are rendered every time', () => {
    const { render, calls } = counting();
    const rows = new EventRows(render);
    const view = links({});
    rows.rows([event(undefined, 'first'), event('', 'second')], view);
    const again = rows.rows([event(undefined, 'third')], view).map(String);
    assert.equal(calls(), 3);
    assert.match(again[0] ?? '', /third/);
  });

  test('with the cache off every row is rendered on every view', () => {
    const { render, calls } = counting();
    const rows = new EventRows(render, false);
    const view = links({});
    rows.rows([event('e1')], view);
    rows.rows([event('e1')], view);
    assert.equal(calls(), 2);
    assert.equal(rows.size, 0);
  });

  test('the cache holds at most maxBytes (row HTML, its bytes and its key), least recently used first out', () => {
    const view = links({});
    const probe = new EventRows(counting().render);
    probe.rows([event('e0'), event('e1')], view);
    assert.equal(probe.size, 2);
    const { render, calls } = counting();
    // Room for three of these rows: each weighs twice its HTML plus its key (same lengths for e0 to e3).
    const one =
      2 * String(probe.rows([event('e0')], view)[0]).length +
      `${view.owner}\n${view.key}\n2:e0s2026-11-23T10:00:00.000Z`.length;
    const rows = new EventRows(render, { maxBytes: one * 3 });
    rows.rows([event('e0'), event('e1'), event('e2')], view);
    rows.rows([event('e0')], view);
    rows.rows([event('e3')], view);
    assert.equal(rows.size, 3);
    assert.equal(calls(), 4);
    rows.rows([event('e0'), event('e2'), event('e3')], view);
    assert.equal(calls(), 4, 'e0, e2 and e3 stayed');
    rows.rows([event('e1')], view);
    assert.equal(calls(), 5, 'e1, the least recently used, had been dropped');
  });
});
