import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { boundedLogQuery, pollingLogQuery, scimFilterFor } from '../../../src/logs/okta-query.ts';
import { parseLogsQuery } from '../../../src/logs/query-params.ts';
import { forEachAttributeExpression, parseScimFilter } from '../../../src/sandbox/scim/index.ts';

test('structured filters are and-ed, each matching any of its attributes', () => {
  const { query } = parseLogsQuery({ actor: 'ada', ip: '10.0.0.1', severity: 'ERROR', filter: 'a pr or b pr' });
  assert.equal(
    scimFilterFor(query)?.expression,
    '(actor.id eq "ada" or actor.alternateId eq "ada") and client.ipAddress eq "10.0.0.1" and severity eq "ERROR" and (a pr or b pr)',
  );
});

test('no fields, no filter', () => {
  assert.equal(scimFilterFor(parseLogsQuery({}).query), undefined);
});

test('a bounded query carries since, until, order and page size; a polling one has no until and ascends', () => {
  const { query } = parseLogsQuery({ limit: '25' });
  const since = new Date('2026-01-01T00:00:00Z');
  const until = new Date('2026-01-02T00:00:00Z');
  assert.deepEqual(boundedLogQuery(query, { since, until, notes: [] }), {
    since,
    until,
    filter: undefined,
    q: undefined,
    limit: 25,
    sortOrder: 'DESCENDING',
  });
  assert.deepEqual(pollingLogQuery(query, since), {
    since,
    filter: undefined,
    q: undefined,
    limit: 25,
    sortOrder: 'ASCENDING',
  });
});

test('whatever a field holds, the filter parses to exactly its comparisons (property, the sandbox SCIM parser)', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (target, eventType) => {
      const { query, errors } = parseLogsQuery({ target, eventType });
      if (Object.keys(errors).length > 0) return;
      const expression = scimFilterFor(query)?.expression;
      const found: [string, string, unknown][] = [];
      if (expression !== undefined) {
        forEachAttributeExpression(parseScimFilter(expression), (node) => {
          found.push([
            node.path,
            node.kind === 'compare' ? node.op : 'pr',
            node.kind === 'compare' ? node.value : null,
          ]);
        });
      }
      const expected: [string, string, unknown][] = [];
      if (query.filters.eventType !== undefined) expected.push(['eventType', 'eq', query.filters.eventType]);
      if (query.filters.target !== undefined) {
        expected.push(['target.id', 'eq', query.filters.target], ['target.alternateId', 'eq', query.filters.target]);
      }
      assert.deepEqual(found, expected);
    }),
  );
});
