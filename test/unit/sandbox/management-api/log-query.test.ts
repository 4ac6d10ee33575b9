import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { encodeLogCursor } from '../../../../src/sandbox/management-api/log-cursor.ts';
import { parseIsoDate, parseLogQuery } from '../../../../src/sandbox/management-api/log-query.ts';
import { OktaApiError } from '../../../../src/sandbox/management-api/okta-error.ts';

const NOW = Date.parse('2026-06-15T12:00:00.000Z');
const DAY = 864e5;
const parse = (query: string) => parseLogQuery(new URLSearchParams(query), NOW);

describe('parseIsoDate', () => {
  const cases: { input: string; expected: string | null }[] = [
    { input: '2017-05-03T16:22:18Z', expected: '2017-05-03T16:22:18.000Z' },
    { input: '2017-05-03T16:22:18.5Z', expected: '2017-05-03T16:22:18.500Z' },
    { input: '2017-05-03T16:22:18.123456789Z', expected: '2017-05-03T16:22:18.123Z' },
    { input: '2017-06-10T00:00:00+00:00', expected: '2017-06-10T00:00:00.000Z' },
    { input: '2017-06-10T02:00:00+0200', expected: '2017-06-10T00:00:00.000Z' },
    { input: '2017-06-10T16:22', expected: '2017-06-10T16:22:00.000Z' },
    { input: '2017-06-10', expected: '2017-06-10T00:00:00.000Z' },
    { input: '2017-02-29T00:00:00Z', expected: null },
    { input: '2017-06-10T24:00:00Z', expected: null },
    { input: '2017-06-10T12:60:00Z', expected: null },
    { input: '10/06/2017', expected: null },
    { input: 'now', expected: null },
    { input: '1496448000000', expected: null },
  ];
  for (const c of cases) {
    test(`${c.input} → ${c.expected ?? 'invalid'}`, () => {
      const ms = parseIsoDate(c.input);
      assert.equal(Number.isNaN(ms) ? null : new Date(ms).toISOString(), c.expected);
    });
  }
});

describe('parseLogQuery', () => {
  test('no until and ASCENDING is a polling query from 7 days ago, limit 100', () => {
    assert.deepEqual(parse(''), { start: { mode: 'polling', sinceMs: NOW - 7 * DAY }, limit: 100 });
  });

  test('until makes it bounded, since defaulting to 7 days before until', () => {
    const until = NOW - DAY;
    assert.deepEqual(parse(`until=${new Date(until).toISOString()}`).start, {
      mode: 'bounded',
      order: 'ASCENDING',
      sinceMs: until - 7 * DAY,
      untilMs: until,
    });
  });

  test('DESCENDING without until is bounded at now', () => {
    assert.deepEqual(parse('sortOrder=descending').start, {
      mode: 'bounded',
      order: 'DESCENDING',
      sinceMs: NOW - 7 * DAY,
      untilMs: NOW,
    });
  });

  test('after resumes from its cursor', () => {
    const cursor = { mode: 'polling' as const, sinceMs: 5, sequence: 42 };
    assert.deepEqual(parse(`after=${encodeLogCursor(cursor)}`).start, cursor);
  });

  const refusals: { description: string; query: string; code: string; summary?: string }[] = [
    {
      description: 'since with after',
      query: `since=2026-06-10T00:00:00Z&after=${encodeLogCursor({ mode: 'polling', sinceMs: 1, sequence: 1 })}`,
      code: 'E0000001',
    },
    { description: 'since 181 days back', query: `since=${new Date(NOW - 181 * DAY).toISOString()}`, code: 'E0000053' },
    { description: 'a sortOrder that is not one of the two', query: 'sortOrder=NEWEST', code: 'E0000001' },
    { description: 'a negative limit', query: 'limit=-1', code: 'E0000001' },
    {
      description: 'both dates bad: causes for each',
      query: 'since=x&until=y',
      code: 'E0000001',
      summary:
        "Api validation failed: 'since': The date format in your query is not recognized. Please enter dates using ISO8601 string format. 'since': must be a valid date-time or empty. 'until': The date format in your query is not recognized. Please enter dates using ISO8601 string format. 'until': must be a valid date-time or empty.",
    },
  ];
  for (const c of refusals) {
    test(`refuses ${c.description}`, () => {
      assert.throws(
        () => parse(c.query),
        (error: unknown) => {
          assert.ok(error instanceof OktaApiError);
          assert.equal(error.status, 400);
          assert.equal(error.errorCode, c.code);
          if (c.summary) assert.equal(error.errorSummary, c.summary);
          return true;
        },
      );
    });
  }

  test('since 179 days back is accepted (retention trims it later); limit above 1000 is capped', () => {
    const query = parse(`since=${new Date(NOW - 179 * DAY).toISOString()}&limit=5000`);
    assert.equal(query.limit, 1000);
  });
});
