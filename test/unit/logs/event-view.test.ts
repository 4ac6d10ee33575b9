import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eventDetail, filterHrefs, safeHttpUrl, summarize } from '../../../src/logs/event-view.ts';
import { parseLogsQuery } from '../../../src/logs/query-params.ts';

describe('safeHttpUrl', () => {
  const cases: [unknown, string | undefined][] = [
    ['https://example.com/a?b=c', 'https://example.com/a?b=c'],
    ['http://example.com', 'http://example.com/'],
    ['javascript:alert(1)', undefined],
    ['JaVaScRiPt:alert(document.domain)', undefined],
    ['java\nscript:alert(1)', undefined],
    ['data:text/html;base64,PHNjcmlwdD4=', undefined],
    ['vbscript:msgbox(1)', undefined],
    ['/app/"><img src=x onerror=alert(1)>', undefined],
    ['//evil.example/x', undefined],
    ['', undefined],
    [42, undefined],
  ];
  for (const [value, expected] of cases) {
    test(JSON.stringify(value), () => assert.equal(safeHttpUrl(value), expected));
  }
});

describe('event rows', () => {
  test('a sparse or oddly shaped event still renders', () => {
    const summary = summarize({
      actor: 'not an object' as never,
      target: [null, 'x'] as never,
      published: 'yesterday',
    });
    assert.equal(summary.time, 'yesterday');
    assert.equal(summary.iso, undefined);
    assert.equal(summary.actor.name.text, '');
    assert.equal(summary.targets.length, 2);
  });

  test('time is UTC with the exact instant kept for <time datetime>', () => {
    const summary = summarize({ published: '2024-08-13T15:58:20.353Z' });
    assert.equal(summary.iso, '2024-08-13T15:58:20.353Z');
    assert.equal(summary.time, '2024-08-13 15:58:20 UTC');
  });

  test('badge classes come from a fixed list, never from the data', () => {
    assert.equal(summarize({ severity: 'ERROR', outcome: { result: 'FAILURE' } }).severity.badge, 'badge-danger');
    assert.equal(summarize({ severity: 'x" onmouseover="alert(1)' }).severity.badge, '');
    assert.equal(summarize({ outcome: { result: 'badge-ok' } }).outcome.badge, '');
  });

  test('more than three targets are counted, not listed', () => {
    const target = Array.from({ length: 5 }, (_, i) => ({ id: `t${i}`, displayName: `T${i}` }));
    const summary = summarize({ target });
    assert.equal(summary.targets.length, 3);
    assert.equal(summary.moreTargets, 2);
  });

  test('filter links are app-internal, one per correlatable value, built from the query', () => {
    const { query } = parseLogsQuery({ range: '1h' });
    const row = eventDetail(
      {
        eventType: 'user.session.start',
        actor: { id: '00u1' },
        target: [{ id: 't&1', type: 'User' }],
        client: { ipAddress: '10.0.0.1' },
        transaction: { id: 'tx' },
        authenticationContext: { externalSessionId: '102s' },
        debugContext: { debugData: { url: 'javascript:alert(1)' } },
      },
      filterHrefs('/logs', query),
    );
    assert.deepEqual(
      row.filters.map((link) => [link.label, link.href]),
      [
        ['Event type', '/logs?range=1h&eventType=user.session.start'],
        ['Actor', '/logs?range=1h&actor=00u1'],
        ['Target (User)', '/logs?range=1h&target=t%261'],
        ['Client IP', '/logs?range=1h&ip=10.0.0.1'],
        ['Transaction', '/logs?range=1h&transaction=tx'],
        ['Session', '/logs?range=1h&session=102s'],
      ],
    );
    assert.deepEqual(row.requestUrl, { text: { text: 'javascript:alert(1)' }, href: undefined });
  });
});

test('filter links replace the filter they set and keep the rest, whatever it holds', () => {
  const { query } = parseLogsQuery({ q: 'a b', actor: 'old', outcome: 'SUCCESS' });
  const href = filterHrefs('/x/logs', query)('actor', 'new & "quoted"');
  const back = parseLogsQuery(Object.fromEntries(new URL(href, 'http://app').searchParams));
  assert.deepEqual(back.errors, {});
  assert.equal(back.query.filters.actor, 'new & "quoted"');
  assert.equal(back.query.q, 'a b');
  assert.equal(back.query.outcome, 'SUCCESS');
  assert.ok(href.startsWith('/x/logs?'));
});
