import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseLogsQuery, TEXT_FILTERS } from '../../../src/logs/query-params.ts';
import { logsHref, logsSearchParams } from '../../../src/logs/query-url.ts';

describe('parseLogsQuery', () => {
  test('defaults: the last 7 days, newest first, 100 a page, nothing else', () => {
    const { query, errors, page } = parseLogsQuery({});
    assert.deepEqual(errors, {});
    assert.equal(page, undefined);
    assert.equal(query.range, '7d');
    assert.equal(query.sortOrder, 'DESCENDING');
    assert.equal(query.limit, 100);
    assert.equal(logsSearchParams(query).toString(), '');
  });

  test('values are trimmed, empty ones are unset, outcome and severity are upper-cased', () => {
    const { query, errors } = parseLogsQuery({ q: '  a   b ', actor: '  ', outcome: 'failure', severity: 'warn' });
    assert.deepEqual(errors, {});
    assert.equal(query.q, 'a b');
    assert.equal(query.filters.actor, undefined);
    assert.equal(query.outcome, 'FAILURE');
    assert.equal(query.severity, 'WARN');
  });

  test('a link with only since/until means a custom range', () => {
    const { query } = parseLogsQuery({ since: '2026-01-01T00:00' });
    assert.equal(query.range, 'custom');
    assert.equal(query.since?.toISOString(), '2026-01-01T00:00:00.000Z');
  });

  test('with a preset, since/until in the form are ignored', () => {
    const { query, errors } = parseLogsQuery({ range: '1h', since: '2026-01-01T00:00' });
    assert.deepEqual(errors, {});
    assert.equal(query.range, '1h');
    assert.equal(query.since, undefined);
  });

  test('every problem is reported against its own field at once', () => {
    const { errors } = parseLogsQuery({
      limit: '2000',
      ip: 'x',
      severity: 'LOUD',
      sortOrder: 'sideways',
      q: ['a', 'b'],
    });
    assert.deepEqual(Object.keys(errors).sort(), ['ip', 'limit', 'q', 'severity', 'sortOrder']);
  });

  test('an over-long value is refused, not cut', () => {
    assert.match(parseLogsQuery({ actor: 'a'.repeat(513) }).errors.actor ?? '', /At most 512/);
  });

  test('control characters in ids are refused', () => {
    assert.ok(parseLogsQuery({ eventType: 'user\r\n.x' }).errors.eventType);
  });
});

describe('canonical URLs', () => {
  test('a fixed order, defaults left out, page last', () => {
    const { query } = parseLogsQuery({ limit: '50', q: 'x', range: '24h', sortOrder: 'ASCENDING', outcome: 'SUCCESS' });
    assert.equal(
      logsSearchParams(query, 'TOKEN').toString(),
      'range=24h&q=x&outcome=SUCCESS&sortOrder=ASCENDING&limit=50&page=TOKEN',
    );
  });

  test('links change one filter, keep the rest and drop the page', () => {
    const { query } = parseLogsQuery({ range: '1h', outcome: 'SUCCESS', page: 'T' });
    assert.equal(logsHref('/logs', query, { filters: { actor: '00u1' } }), '/logs?range=1h&actor=00u1&outcome=SUCCESS');
  });

  test('any filter value survives the round trip through a link (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TEXT_FILTERS.map(({ name }) => name).filter((name) => name !== 'ip')),
        fc
          .string({ minLength: 1, maxLength: 60 })
          .filter((value) => value.trim() === value && value !== '' && !/\p{Cc}/u.test(value)),
        (name, value) => {
          const { query } = parseLogsQuery({});
          const href = logsHref('/logs', query, { filters: { [name]: value } });
          const back = parseLogsQuery(Object.fromEntries(new URL(href, 'http://x').searchParams));
          assert.deepEqual(back.errors, {});
          assert.equal(back.query.filters[name], value);
        },
      ),
    );
  });
});
