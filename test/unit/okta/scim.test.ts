import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { InvalidQueryError } from '../../../src/okta/errors.ts';
import { logFilter } from '../../../src/okta/log-query.ts';
import { and, compare, filterEq, not, or, present, rawFilter, scimString } from '../../../src/okta/scim.ts';

type Token = { kind: 'word'; text: string } | { kind: 'string'; value: string } | { kind: 'paren'; text: '(' | ')' };

/**
 * A SCIM filter tokenizer written independently of the builder: words, parentheses and double-quoted strings in
 * which a backslash escapes the next character. Throws on anything else (e.g. an unterminated string).
 */
function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < expression.length) {
    const char = expression[index] ?? '';
    if (char === ' ') {
      index++;
    } else if (char === '(' || char === ')') {
      tokens.push({ kind: 'paren', text: char });
      index++;
    } else if (char === '"') {
      let value = '';
      index++;
      for (;;) {
        if (index >= expression.length) throw new Error('unterminated string');
        const inner = expression[index] ?? '';
        if (inner === '"') break;
        if (inner === '\\') {
          index++;
          if (index >= expression.length) throw new Error('dangling escape');
        }
        value += expression[index];
        index++;
      }
      index++;
      tokens.push({ kind: 'string', value });
    } else {
      const match = /^[A-Za-z0-9_.]+/.exec(expression.slice(index));
      if (!match) throw new Error(`unexpected ${JSON.stringify(char)} at ${index}`);
      tokens.push({ kind: 'word', text: match[0] });
      index += match[0].length;
    }
  }
  return tokens;
}

const word = (text: string): Token => ({ kind: 'word', text });
const str = (value: string): Token => ({ kind: 'string', value });
const paren = (text: '(' | ')'): Token => ({ kind: 'paren', text });

/** Strings rich in the characters that could break out of a literal. */
const hostile = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom('"', '\\', ' ', ')', '(', 'or', 'and', 'pr', 'eq', 'x', '\n', '\u0000', '😀') }),
);

describe('SCIM quoting (property)', () => {
  test('for any string s, filterEq(attr, s) is exactly one attribute, one operator and one literal equal to s', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        assert.deepEqual(tokenize(filterEq('actor.alternateId', s).expression), [
          word('actor.alternateId'),
          word('eq'),
          str(s),
        ]);
      }),
      { numRuns: 2000 },
    );
  });

  test('combined filters keep their structure whatever the values', () => {
    fc.assert(
      fc.property(hostile, hostile, hostile, (a, b, c) => {
        const filter = and(
          filterEq('eventType', a),
          or(compare('target.id', 'sw', b), filterEq('client.ipAddress', c)),
        );
        assert.deepEqual(tokenize(filter.expression), [
          word('eventType'),
          word('eq'),
          str(a),
          word('and'),
          paren('('),
          word('target.id'),
          word('sw'),
          str(b),
          word('or'),
          word('client.ipAddress'),
          word('eq'),
          str(c),
          paren(')'),
        ]);
      }),
    );
  });

  test('the filter survives URL encoding unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const expression = filterEq('eventType', s).expression;
        const params = new URLSearchParams({ filter: expression });
        assert.equal(new URLSearchParams(params.toString()).get('filter'), expression);
      }),
    );
  });
});

describe('SCIM builders', () => {
  test('scimString escapes backslash and quote only', () => {
    assert.equal(scimString('a"b\\c'), '"a\\"b\\\\c"');
    assert.equal(scimString('x" or eventType pr or "'), '"x\\" or eventType pr or \\""');
  });

  test('precedence: or inside and is parenthesised, and inside or too, same kind is flattened', () => {
    const a = filterEq('a', '1');
    const b = filterEq('b', '2');
    const c = filterEq('c', '3');
    assert.equal(and(a, or(b, c)).expression, 'a eq "1" and (b eq "2" or c eq "3")');
    assert.equal(or(a, and(b, c)).expression, 'a eq "1" or (b eq "2" and c eq "3")');
    assert.equal(and(and(a, b), c).expression, 'a eq "1" and b eq "2" and c eq "3"');
    assert.equal(not(or(a, b)).expression, 'not (a eq "1" or b eq "2")');
    assert.equal(
      and(present('actor.id'), rawFilter('x eq 1 or y eq 2')).expression,
      'actor.id pr and (x eq 1 or y eq 2)',
    );
  });

  test('numbers, booleans and dates are written as SCIM literals', () => {
    assert.equal(compare('asNumber', 'gt', 394089).expression, 'asNumber gt 394089');
    assert.equal(filterEq('securityContext.isProxy', false).expression, 'securityContext.isProxy eq false');
    assert.equal(
      compare('lastUpdated', 'gt', new Date('2013-06-01T00:00:00Z')).expression,
      'lastUpdated gt "2013-06-01T00:00:00.000Z"',
    );
  });

  for (const [description, build] of [
    ['an attribute with a space', () => filterEq('eventType eq "x" or a', 'v')],
    ['an attribute with a quote', () => filterEq('a"', 'v')],
    ['an empty attribute', () => present('')],
    ['an unknown operator', () => compare('a', 'xx' as never, 'v')],
    ['a NaN', () => compare('a', 'gt', Number.NaN)],
    ['an invalid Date', () => compare('a', 'gt', new Date('nope'))],
    ['an empty raw filter', () => rawFilter('  ')],
  ] as const) {
    test(`${description} is refused with InvalidQueryError`, () => {
      assert.throws(build, InvalidQueryError);
    });
  }
});

describe('System Log filter builder', () => {
  test('each criterion maps to its documented attribute; lists are or-ed, criteria and-ed', () => {
    const filter = logFilter({
      eventType: ['user.session.start', 'user.session.end'],
      outcome: 'FAILURE',
      severity: ['WARN', 'ERROR'],
      actorId: '00u1',
      actorAlternateId: 'ada@example.com',
      targetId: '0oa1',
      ipAddress: '2001:db8::1',
    });
    assert.equal(
      filter?.expression,
      '(eventType eq "user.session.start" or eventType eq "user.session.end") and outcome.result eq "FAILURE" and (severity eq "WARN" or severity eq "ERROR") and actor.id eq "00u1" and actor.alternateId eq "ada@example.com" and target.id eq "0oa1" and client.ipAddress eq "2001:db8::1"',
    );
  });

  test('empty criteria build no filter', () => {
    assert.equal(logFilter({}), undefined);
    assert.equal(logFilter({ eventType: [], outcome: [], actorId: '', targetId: '', ipAddress: '' }), undefined);
  });

  for (const [description, criteria] of [
    ['an IP that is not an address', { ipAddress: '10.0.0.1" or "' }],
    ['an undocumented outcome', { outcome: 'MAYBE' }],
    ['an undocumented severity', { severity: 'FATAL' }],
  ] as const) {
    test(`${description} is refused naming the field`, () => {
      assert.throws(
        () => logFilter(criteria as never),
        (error) => error instanceof InvalidQueryError && error.parameter === Object.keys(criteria)[0],
      );
    });
  }
});
