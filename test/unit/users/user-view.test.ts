import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { User } from '../../../src/okta/index.ts';
import {
  displayName,
  formatDate,
  profileAttributes,
  safeHref,
  statusTone,
  userRow,
} from '../../../src/users/user-view.ts';

describe('safeHref', () => {
  const cases: [string, unknown, string | null][] = [
    ['https', 'https://people.example/u?a=1', 'https://people.example/u?a=1'],
    ['http, trimmed', '  http://a.example ', 'http://a.example/'],
    ['javascript:', 'javascript:alert(1)', null],
    ['mixed-case javascript:', 'JaVaScRiPt:alert(document.domain)', null],
    ['data:', 'data:text/html;base64,PHNjcmlwdD4=', null],
    ['vbscript:', 'vbscript:msgbox(1)', null],
    ['relative path', '/app/"><img src=x>', null],
    ['protocol-relative', '//evil.example', null],
    ['user name in the URL', 'https://user:pw@evil.example', null],
    ['not a string', 42, null],
    ['an email address', 'ada@example.com', null],
  ];
  for (const [description, input, output] of cases) {
    test(description, () => assert.equal(safeHref(input), output));
  }
});

describe('users as rows and attributes', () => {
  const user: User = {
    id: '00u1',
    status: 'LOCKED_OUT',
    created: '2024-03-01T12:34:56.000Z',
    lastLogin: null,
    profile: {
      login: 'ada@example.com',
      email: 'ada@example.com',
      firstName: 'Ada',
      lastName: 'Lovelace',
      title: 'line\r\nbreak',
      groups: ['a', 'b'],
      manager: null,
      homepage: 'https://ada.example',
    },
  };

  test('a row: name from first and last name, badge tone, dates in UTC, an em dash for none', () => {
    assert.deepEqual(userRow(user), {
      id: '00u1',
      href: '/users/00u1',
      name: 'Ada Lovelace',
      login: 'ada@example.com',
      email: 'ada@example.com',
      status: 'LOCKED_OUT',
      tone: 'danger',
      created: '2024-03-01',
      createdTime: '2024-03-01 12:34 UTC',
      lastLogin: '—',
      lastLoginTime: '—',
    });
  });

  test('display name falls back to login, then id', () => {
    assert.equal(displayName({ id: '00u2', profile: { displayName: 'Dee', firstName: 'X' } }), 'Dee');
    assert.equal(displayName({ id: '00u2', profile: { login: 'x@example.com' } }), 'x@example.com');
    assert.equal(displayName({ id: '00u2' }), '00u2');
    assert.equal(displayName({ id: '00u2', profile: { displayName: 'Ada\tL\uD800' } }), 'Ada\\tL\\uD800');
  });

  test('status tones and dates', () => {
    assert.equal(statusTone('ACTIVE'), 'ok');
    assert.equal(statusTone('STAGED'), 'warn');
    assert.equal(statusTone('DEPROVISIONED'), 'danger');
    assert.equal(statusTone('SOMETHING_NEW'), 'neutral');
    assert.equal(formatDate('not a date'), 'not a date');
    assert.equal(formatDate(undefined), '—');
  });

  test('attributes: sorted, arrays as JSON, null as empty, hidden characters flagged, only http(s) linked', () => {
    const attributes = profileAttributes(user);
    assert.deepEqual(
      attributes.map((attribute) => attribute.name),
      ['email', 'firstName', 'groups', 'homepage', 'lastName', 'login', 'manager', 'title'],
    );
    const byName = Object.fromEntries(attributes.map((attribute) => [attribute.name, attribute]));
    assert.equal(byName.groups?.text, '["a","b"]');
    assert.equal(byName.manager?.empty, true);
    assert.equal(byName.title?.text, 'line\\r\\nbreak');
    assert.equal(byName.title?.escaped, true);
    assert.equal(byName.homepage?.href, 'https://ada.example/');
    assert.equal(byName.email?.href, null);
  });
});
