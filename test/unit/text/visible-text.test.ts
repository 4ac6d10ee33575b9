import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eventJson } from '../../../src/logs/event-json.ts';
import { cell, hasInvisible, textOf, visible } from '../../../src/text/visible-text.ts';

describe('visible', () => {
  const cases: [description: string, input: string, expected: string][] = [
    ['plain text is unchanged', 'Ada Super', 'Ada Super'],
    ['markup is left to the template', '<img src=x>', '<img src=x>'],
    ['CR and LF', 'one\r\ntwo', 'one\\r\\ntwo'],
    ['CR LF header injection', 'a\r\nSet-Cookie: x=1', 'a\\r\\nSet-Cookie: x=1'],
    ['tab', 'a\tb', 'a\\tb'],
    ['ANSI escape', 'red \u001b[31m', 'red \\u001B[31m'],
    ['NUL and DEL', 'a\u0000b\u007f', 'a\\u0000b\\u007F'],
    ['C1 control', 'a\u0085b', 'a\\u0085b'],
    ['right-to-left override', 'invoice\u202Efdp.exe', 'invoice\\u202Efdp.exe'],
    ['bidi isolates', '\u2066x\u2069', '\\u2066x\\u2069'],
    ['zero-width space and BOM', 'a\u200Bb\uFEFF', 'a\\u200Bb\\uFEFF'],
    ['zero-width space inside a word', 'ad\u200bmin', 'ad\\u200Bmin'],
    ['line separator', 'a\u2028b', 'a\\u2028b'],
    ['a lone surrogate', 'a\uD800b', 'a\\uD800b'],
    ['a paired surrogate (emoji) stays', 'ok 😀', 'ok 😀'],
    ['plain text, accents and emoji stay', 'Søren 🙂 <b>', 'Søren 🙂 <b>'],
  ];
  for (const [description, input, expected] of cases) {
    test(description, () => {
      assert.equal(visible(input), expected);
      assert.equal(hasInvisible(input), input !== expected, 'hasInvisible agrees with visible');
    });
  }
  test('hasInvisible gives the same answer when asked twice', () => {
    assert.equal(hasInvisible('a\u202Eb'), true);
    assert.equal(hasInvisible('a\u202Eb'), true);
    assert.equal(hasInvisible('ab'), false);
  });
});

describe('cell', () => {
  test('short values are whole and carry no tooltip', () => {
    assert.deepEqual(cell('Ada', 10), { text: 'Ada' });
  });
  test('long values are cut with an ellipsis and keep the whole value for the tooltip', () => {
    assert.deepEqual(cell('abcdefghij', 5), { text: 'abcd…', full: 'abcdefghij' });
  });
  test('cutting counts code points and never splits an emoji', () => {
    assert.equal(cell('😀😀😀😀', 3).text, '😀😀…');
  });
  test('control characters are made visible before cutting', () => {
    assert.deepEqual(cell('a\r\nb', 80), { text: 'a\\r\\nb' });
  });
  test('the tooltip is bounded too', () => {
    const full = cell('x'.repeat(5000), 10).full ?? '';
    assert.equal(Array.from(full).length, 1001);
  });
  test('non-strings', () => {
    assert.equal(textOf(42), '42');
    assert.equal(textOf(true), 'true');
    assert.equal(textOf(null), '');
    assert.equal(textOf({ a: 1 }), '');
  });
});

describe('eventJson', () => {
  test('pretty-printed, valid JSON of the same value, with invisible characters escaped', () => {
    const event = { a: 'x\u202Ey', b: 'line\r\n', c: ['\u2028', '\u0085', '\uFEFF'], d: 1 };
    const json = eventJson(event);
    assert.ok(!/[\u202E\u2028\u0085\uFEFF\r]/.test(json), 'nothing invisible is left raw');
    assert.match(json, /"a": "x\\u202Ey"/);
    assert.deepEqual(JSON.parse(json), event);
    assert.ok(json.includes('\n  "d": 1'), 'indented');
  });
});
