import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { compileScimFilter, parseScimFilter, pathReader } from '../../../../src/sandbox/scim/index.ts';

type Rec = Record<string, unknown>;

function matches(filter: string, record: Rec, caseInsensitive = false): boolean {
  return compileScimFilter<Rec>(parseScimFilter(filter), { reader: pathReader, caseInsensitive })(record);
}

const event: Rec = {
  eventType: 'user.session.start',
  severity: 'INFO',
  outcome: { result: 'FAILURE', reason: null },
  securityContext: { asNumber: 7922, isProxy: false },
  published: '2026-06-01T10:00:00.000Z',
  target: [
    { id: 't1', type: 'User', detailEntry: { methodTypeUsed: 'Password' } },
    { id: 't2', type: 'AppInstance' },
  ],
};

describe('compileScimFilter', () => {
  const cases: { filter: string; expected: boolean; description: string }[] = [
    { description: 'eq on a nested path', filter: 'outcome.result eq "FAILURE"', expected: true },
    { description: 'eq is case-sensitive by default', filter: 'outcome.result eq "failure"', expected: false },
    { description: 'ne', filter: 'severity ne "WARN"', expected: true },
    { description: 'ne on a missing attribute holds', filter: 'client.id ne "x"', expected: true },
    { description: 'sw', filter: 'eventType sw "user."', expected: true },
    { description: 'ew', filter: 'eventType ew ".start"', expected: true },
    { description: 'co', filter: 'eventType co "session"', expected: true },
    { description: 'co does not match other text', filter: 'eventType co "token"', expected: false },
    { description: 'pr on a value', filter: 'outcome.result pr', expected: true },
    { description: 'pr on null', filter: 'outcome.reason pr', expected: false },
    { description: 'pr on a missing attribute', filter: 'client pr', expected: false },
    { description: 'numbers compare numerically', filter: 'securityContext.asNumber gt 800', expected: true },
    { description: 'numbers do not equal strings', filter: 'securityContext.asNumber eq "7922"', expected: false },
    { description: 'booleans', filter: 'securityContext.isProxy eq false', expected: true },
    { description: 'dates compare as instants', filter: 'published ge "2026-06-01T10:00:00Z"', expected: true },
    { description: 'dates: lt', filter: 'published lt "2026-06-01T09:59:59.999Z"', expected: false },
    { description: 'any target matches', filter: 'target.type eq "AppInstance"', expected: true },
    {
      description: 'two conditions may match two different targets',
      filter: 'target.id eq "t1" and target.id eq "t2"',
      expected: true,
    },
    {
      description: 'deep paths through arrays',
      filter: 'target.detailEntry.methodTypeUsed eq "Password"',
      expected: true,
    },
    { description: 'not', filter: 'not (severity eq "INFO")', expected: false },
    {
      description: 'precedence',
      filter: 'severity eq "WARN" or severity eq "INFO" and eventType sw "app."',
      expected: false,
    },
  ];
  for (const c of cases) {
    test(c.description, () => {
      assert.equal(matches(c.filter, event), c.expected);
    });
  }

  test('caseInsensitive folds both sides (user search)', () => {
    assert.equal(matches('outcome.result eq "failure"', event, true), true);
    assert.equal(matches('eventType sw "USER."', event, true), true);
    assert.equal(matches('eventType sw "USER."', event), false);
  });

  test('and/or/not over eq terms agree with a reference evaluation (property)', () => {
    type Term = { kind: 'term'; field: 'a' | 'b' | 'c'; value: number };
    type Expr = Term | { kind: 'and' | 'or'; left: Expr; right: Expr } | { kind: 'not'; operand: Expr };
    const { expr } = fc.letrec<{ expr: Expr }>((tie) => ({
      expr: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.record({
          kind: fc.constant('term' as const),
          field: fc.constantFrom('a' as const, 'b' as const, 'c' as const),
          value: fc.integer({ min: 0, max: 2 }),
        }),
        fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), left: tie('expr'), right: tie('expr') }),
        fc.record({ kind: fc.constant('not' as const), operand: tie('expr') }),
      ),
    }));
    const render = (e: Expr): string =>
      e.kind === 'term'
        ? `${e.field} eq ${e.value}`
        : e.kind === 'not'
          ? `not (${render(e.operand)})`
          : `(${render(e.left)} ${e.kind} ${render(e.right)})`;
    const reference = (e: Expr, r: Record<string, number>): boolean =>
      e.kind === 'term'
        ? r[e.field] === e.value
        : e.kind === 'not'
          ? !reference(e.operand, r)
          : e.kind === 'and'
            ? reference(e.left, r) && reference(e.right, r)
            : reference(e.left, r) || reference(e.right, r);
    const record = fc.record({
      a: fc.integer({ min: 0, max: 2 }),
      b: fc.integer({ min: 0, max: 2 }),
      c: fc.integer({ min: 0, max: 2 }),
    });
    fc.assert(
      fc.property(expr, record, (e, r) => matches(render(e), r) === reference(e, r)),
      { numRuns: 300 },
    );
  });
});
