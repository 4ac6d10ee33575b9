import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CSV_COLUMNS, csvCell, csvHeader, csvRows, ndjsonRows } from '../../../src/logs/csv.ts';

const cases: [description: string, value: unknown, cell: string][] = [
  ['plain text is quoted', 'Ada', '"Ada"'],
  ['quotes are doubled', 'say "hi"', '"say ""hi"""'],
  ['a formula gets a leading quote', '=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
  ['plus', '+1+cmd', '"\'+1+cmd"'],
  ['minus', '-2+3', '"\'-2+3"'],
  ['at', '@SUM(1)', '"\'@SUM(1)"'],
  ['tab', '\tx', '"\'\tx"'],
  ['carriage return', '\rx', '"\'\rx"'],
  ['a formula character later is harmless', 'a=b', '"a=b"'],
  ['line breaks stay inside the quotes', 'a\r\nb', '"a\r\nb"'],
  ['numbers and booleans', 42, '"42"'],
  ['null and objects are empty', null, '""'],
];
for (const [description, value, cell] of cases) {
  test(description, () => assert.equal(csvCell(value), cell));
}

test('header with a byte order mark, one row per event, CRLF', () => {
  assert.ok(csvHeader().startsWith('\uFEFF"published","uuid","eventType"'));
  assert.ok(csvHeader().endsWith('\r\n'));
  const rows = csvRows([
    {
      uuid: 'u1',
      target: [
        { id: 't1', type: 'User', displayName: 'T One' },
        { id: 't2', type: 'AppInstance', displayName: 'T Two' },
      ],
      actor: { displayName: '=1+1' },
    },
  ]);
  assert.ok(rows.endsWith('\r\n'));
  const cells = rows.slice(0, -2).split('","');
  assert.equal(cells.length, CSV_COLUMNS.length);
  assert.ok(rows.includes('"t1; t2"'), 'targets are joined in one cell');
  assert.ok(rows.includes(`"'=1+1"`));
});

test('NDJSON: one compact object per line, line breaks in values escaped', () => {
  const text = ndjsonRows([{ uuid: 'a', displayMessage: 'x\ny' }, { uuid: 'b' }]);
  const lines = text.split('\n');
  assert.equal(lines.length, 3);
  assert.equal(lines[2], '');
  assert.deepEqual(JSON.parse(lines[0] ?? ''), { uuid: 'a', displayMessage: 'x\ny' });
});
