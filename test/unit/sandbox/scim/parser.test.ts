import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseScimFilter, type ScimFilter, ScimFilterSyntaxError } from '../../../../src/sandbox/scim/index.ts';

/** A compact rendering of the tree, so precedence is visible in the expectations. */
function show(node: ScimFilter): string {
  switch (node.kind) {
    case 'compare':
      return `${node.path} ${node.op} ${JSON.stringify(node.value)}`;
    case 'present':
      return `${node.path} pr`;
    case 'not':
      return `not(${show(node.operand)})`;
    default:
      return `${node.kind}(${show(node.left)}, ${show(node.right)})`;
  }
}

describe('parseScimFilter', () => {
  const cases: { description: string; filter: string; tree: string }[] = [
    {
      description: 'a string comparison',
      filter: 'eventType eq "user.session.start"',
      tree: 'eventType eq "user.session.start"',
    },
    { description: 'operators are case-insensitive', filter: 'eventType EQ "x"', tree: 'eventType eq "x"' },
    {
      description: 'and binds tighter than or',
      filter: 'a eq 1 or b eq 2 and c eq 3',
      tree: 'or(a eq 1, and(b eq 2, c eq 3))',
    },
    {
      description: 'parentheses regroup',
      filter: '(a eq 1 or b eq 2) and c eq 3',
      tree: 'and(or(a eq 1, b eq 2), c eq 3)',
    },
    {
      description: 'and is left-associative',
      filter: 'a eq 1 and b eq 2 and c eq 3',
      tree: 'and(and(a eq 1, b eq 2), c eq 3)',
    },
    { description: 'not applies to the next group', filter: 'not (a eq 1) and b pr', tree: 'and(not(a eq 1), b pr)' },
    { description: 'NOT in capitals', filter: 'NOT a eq 1 OR b eq 2', tree: 'or(not(a eq 1), b eq 2)' },
    {
      description: 'numbers, booleans and null',
      filter: 'a gt -1.5 and b eq true and c ne null',
      tree: 'and(and(a gt -1.5, b eq true), c ne null)',
    },
    { description: 'escaped quotes in strings', filter: 'a eq "say \\"hi\\""', tree: 'a eq "say \\"hi\\""' },
    { description: 'extra whitespace', filter: '  ( a  sw "x" )  ', tree: 'a sw "x"' },
    {
      description: 'every operator',
      filter: 'a co "1" or a ew "2" or a le "3" or a ge "4" or a lt "5"',
      tree: 'or(or(or(or(a co "1", a ew "2"), a le "3"), a ge "4"), a lt "5")',
    },
  ];
  for (const c of cases) {
    test(c.description, () => {
      assert.equal(show(parseScimFilter(c.filter)), c.tree);
    });
  }

  test("the operator error is Okta's, with the 0-based position of the operator", () => {
    const filter = 'display_message eqq "Create okta user"';
    assert.throws(
      () => parseScimFilter(filter),
      (error: unknown) => {
        assert.ok(error instanceof ScimFilterSyntaxError);
        assert.equal(error.code, 'SCIM_FILTER_SYNTAX');
        assert.equal(error.position, 16);
        assert.equal(
          error.message,
          `Invalid filter '${filter}': Unrecognized attribute operator 'eqq' at position 16. Expected: eq,co,sw,pr,gt,ge,lt,le`,
        );
        return true;
      },
    );
  });

  const errors: { description: string; filter: string; position: number; detail: RegExp }[] = [
    {
      description: 'missing operator',
      filter: 'eventType',
      position: 9,
      detail: /^Missing attribute operator at position 9\. Expected: eq,co,sw,pr/,
    },
    {
      description: 'missing value',
      filter: 'a eq',
      position: 4,
      detail: /^Missing value at position 4\. Expected: a quoted string/,
    },
    {
      description: 'a bare word as value',
      filter: 'a eq yes',
      position: 5,
      detail: /^Invalid value 'yes' at position 5\./,
    },
    { description: 'unclosed parenthesis', filter: '(a eq "x"', position: 9, detail: /^Missing '\)' at position 9/ },
    {
      description: 'stray closing parenthesis',
      filter: 'a eq "x")',
      position: 8,
      detail: /at position 8\. Expected: and,or$/,
    },
    {
      description: 'two expressions without and/or',
      filter: 'a eq "x" b eq "y"',
      position: 9,
      detail: /^Unexpected 'b' at position 9\. Expected: and,or$/,
    },
    {
      description: 'unterminated string',
      filter: 'a eq "x',
      position: 5,
      detail: /^Unterminated string at position 5$/,
    },
    {
      description: 'value paths are not supported',
      filter: 'emails[type eq "work"]',
      position: 6,
      detail: /^Unexpected character '\[' at position 6$/,
    },
    { description: 'empty filter', filter: '', position: 0, detail: /^Expected an attribute name at position 0/ },
  ];
  for (const c of errors) {
    test(`syntax error: ${c.description}`, () => {
      assert.throws(
        () => parseScimFilter(c.filter),
        (error: unknown) => {
          assert.ok(error instanceof ScimFilterSyntaxError);
          assert.equal(error.position, c.position);
          assert.ok(error.message.startsWith(`Invalid filter '${c.filter}': `));
          assert.match(error.detail, c.detail);
          return true;
        },
      );
    });
  }
});
