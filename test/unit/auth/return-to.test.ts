import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { safeReturnTo } from '../../../src/auth/return-to.ts';

describe('safeReturnTo', () => {
  const rejected: [string, unknown][] = [
    ['another origin', 'https://evil.example'],
    ['protocol-relative URL', '//evil.example'],
    ['backslash after the slash', '/\\evil.example'],
    ['two backslashes', '\\\\evil.example'],
    ['encoded double slash', '/%2F%2Fevil.example'],
    ['encoded backslash', '/%5Cevil.example'],
    ['tab between slashes', '/\t/evil.example'],
    ['javascript: URL', 'javascript:alert(1)'],
    ['data: URL', 'data:text/html,<script>alert(1)</script>'],
    ['CRLF header injection', '/%0d%0aSet-Cookie:x=y'],
    ['raw newline', '/a\nb'],
    ['an overlong path', `/${'a'.repeat(2048)}`],
    ['malformed percent-encoding', '/%E0%A4%A'],
    ['not a string', ['/', '/']],
    ['empty', ''],
  ];
  for (const [description, input] of rejected) {
    test(`${description} falls back to /`, () => {
      assert.equal(safeReturnTo(input), '/');
    });
  }

  const accepted: [string, string, string][] = [
    ['a page', '/logs', '/logs'],
    ['a page with a query', '/logs?q=alice&limit=50', '/logs?q=alice&limit=50'],
    ['an encoded query value', '/logs?filter=eventType%20eq%20%22x%22', '/logs?filter=eventType%20eq%20%22x%22'],
    ['the home page', '/', '/'],
  ];
  for (const [description, input, expected] of accepted) {
    test(`${description} is kept`, () => {
      assert.equal(safeReturnTo(input), expected);
    });
  }
});
