import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { findLink, type LinkValue, parseLinkHeader } from '../../../src/okta/link-header.ts';

const quote = (value: string) => `"${value.replace(/[\\"]/g, (char) => `\\${char}`)}"`;

function format(link: LinkValue, spacing: string): string {
  const params = Object.entries(link.params).map(([name, value]) => `;${spacing}${name}=${quote(value)}`);
  return `<${link.uri}>${params.join('')}`;
}

const relType = fc.oneof(
  fc.constantFrom('next', 'self', 'prev', 'first', 'last', 'alternate'),
  fc.stringMatching(/^[a-z][a-z0-9.-]{0,12}$/),
);
const paramName = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/).filter((name) => name !== 'rel');

const linkValue: fc.Arbitrary<LinkValue> = fc
  .record({
    uri: fc.webUrl({ withQueryParameters: true, withFragments: true }),
    rel: fc.uniqueArray(relType, { minLength: 1, maxLength: 3 }),
    extra: fc.dictionary(paramName, fc.string(), { maxKeys: 2 }),
  })
  .map(({ uri, rel, extra }) => ({ uri, rel, params: { rel: rel.join(' '), ...extra } }));

describe('Link header parsing (property)', () => {
  test('separate header lines (undici string[]) round-trip', () => {
    fc.assert(
      fc.property(fc.array(linkValue, { maxLength: 4 }), fc.constantFrom('', ' ', '  '), (links, spacing) => {
        assert.deepEqual(parseLinkHeader(links.map((link) => format(link, spacing))), links);
      }),
    );
  });

  test('one comma-joined header round-trips, also with commas and semicolons inside URIs and quoted values', () => {
    fc.assert(
      fc.property(fc.array(linkValue, { maxLength: 4 }), fc.constantFrom(',', ', ', ' ,  '), (links, separator) => {
        assert.deepEqual(parseLinkHeader(links.map((link) => format(link, ' ')).join(separator)), links);
      }),
    );
  });

  test('findLink returns the first link holding the relation, whichever form and position', () => {
    fc.assert(
      fc.property(fc.array(linkValue, { maxLength: 4 }), (links) => {
        const expected = links.find((link) => link.rel.includes('next'))?.uri;
        const lines = links.map((link) => format(link, ' '));
        assert.equal(findLink(lines, 'next'), expected);
        assert.equal(findLink(lines.join(', '), 'NEXT'), expected);
      }),
    );
  });
});

describe('Link header parsing (examples)', () => {
  test("Okta's two-line form", () => {
    const header = [
      '<https://example.okta.com/api/v1/logs?limit=20>; rel="self"',
      '<https://example.okta.com/api/v1/logs?limit=20&after=1627500044869_1>; rel="next"',
    ];
    assert.equal(findLink(header, 'next'), 'https://example.okta.com/api/v1/logs?limit=20&after=1627500044869_1');
    assert.equal(findLink(header, 'self'), 'https://example.okta.com/api/v1/logs?limit=20');
  });

  test('unquoted rel, several relation types, case-insensitive names', () => {
    assert.equal(findLink('<https://a.example/x>; REL=next', 'next'), 'https://a.example/x');
    assert.equal(findLink('<https://a.example/y>; rel="prev next"', 'next'), 'https://a.example/y');
  });

  test('only the first rel parameter counts (RFC 8288 §3.3)', () => {
    assert.equal(findLink('<https://a.example/x>; rel="self"; rel="next"', 'next'), undefined);
  });

  test('a malformed link-value is skipped, the following one still parsed', () => {
    assert.equal(
      findLink('https://no-brackets.example; rel="next", <https://ok.example/>; rel="next"', 'next'),
      'https://ok.example/',
    );
    assert.equal(findLink('<https://a.example/>; rel="next', 'next'), undefined);
    assert.deepEqual(parseLinkHeader(undefined), []);
    assert.deepEqual(parseLinkHeader(''), []);
  });

  test('rel="next" inside another parameter value is not a next link', () => {
    assert.equal(findLink('<https://a.example/>; title="rel=next, really"; rel="self"', 'next'), undefined);
  });
});
