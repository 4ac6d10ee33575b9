import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PROBE_ROWS, probeLesson, type StoredProbe } from '../../../src/teaching/probe-rows.ts';

const REQUESTED = ['openid', 'profile', 'email', 'okta.logs.read', 'okta.users.read'];
const challenge = (scope: string) =>
  `Bearer authorization_uri="http://o/oauth2/v1/authorize", realm="http://o", scope="${scope}", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="/api/v1/x"`;
const result = (fields: Partial<StoredProbe>): StoredProbe => ({
  status: 200,
  requestId: undefined,
  wwwAuthenticate: undefined,
  errorCode: undefined,
  errorSummary: undefined,
  itemCount: undefined,
  at: '2026-01-01T00:00:00.000Z',
  ...fields,
});
const row = (id: string) => {
  const found = PROBE_ROWS.find((candidate) => candidate.id === id);
  assert.ok(found);
  return found;
};

describe('probeLesson', () => {
  const cases: {
    description: string;
    id: string;
    probe: StoredProbe;
    granted: string[];
    headline: string;
    text: RegExp;
  }[] = [
    {
      description: '200: allowed, with the item count',
      id: 'users',
      probe: result({ itemCount: 1 }),
      granted: REQUESTED,
      headline: 'Allowed',
      text: /carries okta\.users\.read .* Okta returned 1 item\./,
    },
    {
      description: 'a scope the app never asked for',
      id: 'groups',
      probe: result({ status: 403, wwwAuthenticate: challenge('okta.groups.read') }),
      granted: REQUESTED,
      headline: 'Missing scope (insufficient_scope)',
      text: /never asked for okta\.groups\.read/,
    },
    {
      description: 'a scope asked for but not granted',
      id: 'users',
      probe: result({ status: 403, wwwAuthenticate: challenge('okta.users.read') }),
      granted: ['openid', 'okta.logs.read'],
      headline: 'Missing scope (insufficient_scope)',
      text: /asked for okta\.users\.read, but Okta did not grant it: .*"Okta API Scopes"/,
    },
    {
      description: 'E0000006: the admin role',
      id: 'users',
      probe: result({ status: 403, errorCode: 'E0000006' }),
      granted: REQUESTED,
      headline: 'Admin role too weak (E0000006)',
      text: /granted scope ∩ admin role/,
    },
    {
      description: '401: token not accepted',
      id: 'logs',
      probe: result({ status: 401, errorCode: 'E0000011' }),
      granted: REQUESTED,
      headline: 'Token not accepted',
      text: /expired or was revoked/,
    },
    {
      description: '429',
      id: 'logs',
      probe: result({ status: 429 }),
      granted: REQUESTED,
      headline: 'Rate limited',
      text: /share of the endpoint's rate limit/,
    },
    {
      description: '503',
      id: 'apps',
      probe: result({ status: 503 }),
      granted: REQUESTED,
      headline: 'Okta failed',
      text: /503/,
    },
    {
      description: 'no answer at all',
      id: 'apps',
      probe: result({ status: 0, failure: 'the connection failed or timed out' }),
      granted: REQUESTED,
      headline: 'No answer',
      text: /connection failed/,
    },
  ];
  for (const { description, id, probe, granted, headline, text } of cases) {
    test(description, () => {
      const lesson = probeLesson(row(id), probe, REQUESTED, granted);
      assert.equal(lesson.headline, headline);
      assert.match(lesson.text, text);
    });
  }

  test('every row stays under /api/v1/ and names a scope', () => {
    for (const probeRow of PROBE_ROWS) {
      assert.match(probeRow.path, /^\/api\/v1\//);
      assert.match(probeRow.scope, /^okta\.[a-z]+\.read$/);
    }
  });
});
