import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DoctorCheck } from '../../../src/auth/config-doctor.ts';
import { envFileText } from '../../../src/teaching/env-file.ts';
import { GUIDE_STEP_IDS, guideVerdicts } from '../../../src/teaching/guide-steps.ts';

const pass = (id: string, detail = `${id} ok`): DoctorCheck => ({ id, label: id, status: 'pass', detail });
const ALL_PASS = [
  'org-authorization-server',
  'redirect-uri-https',
  'client-credentials',
  'requested-scopes',
  'discovery',
  'issuer-matches',
  'pkce-s256',
].map((id) => pass(id));
const pending: DoctorCheck = { id: 'granted-scopes', label: 'g', status: 'pending', detail: 'Sign in to see' };
const REDIRECT = 'http://localhost:3000/authorization-code/callback';

describe('guideVerdicts', () => {
  test('signed out with a good configuration: what configuration and discovery prove, nothing more', () => {
    const verdicts = guideVerdicts([...ALL_PASS, pending], false, REDIRECT);
    assert.deepEqual(
      GUIDE_STEP_IDS.map((id) => [id, verdicts[id].status]),
      [
        ['create-app', 'unchecked'],
        ['redirect-uris', 'unchecked'],
        ['grant-scopes', 'unchecked'],
        ['assign-users', 'unchecked'],
        ['admin-roles', 'unchecked'],
        ['env', 'verified'],
        ['org-authorization-server', 'verified'],
      ],
    );
  });

  test('signed in with every scope granted: the sign-in proves the app, the URI, the assignment and the grants', () => {
    const verdicts = guideVerdicts([...ALL_PASS, pass('granted-scopes', 'Granted: okta.logs.read')], true, REDIRECT);
    for (const id of ['create-app', 'redirect-uris', 'grant-scopes', 'assign-users'] as const) {
      assert.equal(verdicts[id].status, 'verified', id);
    }
    assert.match(verdicts['redirect-uris'].evidence, /authorization-code\/callback/);
    assert.equal(verdicts['admin-roles'].status, 'unchecked', 'only a call to Okta shows the role');
  });

  test('a failed check fails its step with the check’s own detail and fix', () => {
    const checks = ALL_PASS.map((check) =>
      check.id === 'org-authorization-server'
        ? { ...check, status: 'fail' as const, detail: 'custom AS', fix: 'Set OKTA_ORG_URL to the org URL alone' }
        : check,
    );
    const granted: DoctorCheck = {
      id: 'granted-scopes',
      label: 'g',
      status: 'fail',
      detail: 'not granted',
      fix: 'Grant',
    };
    const verdicts = guideVerdicts([...checks, granted], true, REDIRECT);
    assert.deepEqual(verdicts['org-authorization-server'], {
      status: 'failed',
      evidence: 'custom AS',
      fix: 'Set OKTA_ORG_URL to the org URL alone',
    });
    assert.equal(verdicts.env.status, 'failed');
    assert.deepEqual(verdicts['grant-scopes'], { status: 'failed', evidence: 'not granted', fix: 'Grant' });
  });

  test('discovery not answering leaves the org step failed, not verified', () => {
    const checks = [
      ...ALL_PASS.filter((check) => !['discovery', 'issuer-matches', 'pkce-s256'].includes(check.id)),
      { id: 'discovery', label: 'd', status: 'fail' as const, detail: 'no answer', fix: 'Check OKTA_ORG_URL' },
    ];
    assert.equal(guideVerdicts(checks, false, REDIRECT)['org-authorization-server'].status, 'failed');
  });
});

describe('envFileText', () => {
  test('a real org: its URL and client id, never the secret; the sandbox: placeholders', () => {
    const real = envFileText('https://viewer.example', { orgUrl: 'https://dev-1.okta.com', clientId: '0oa1' });
    assert.deepEqual(real.split('\n'), [
      'OKTA_ORG_URL=https://dev-1.okta.com',
      'OKTA_CLIENT_ID=0oa1',
      'OKTA_CLIENT_SECRET=(set; never shown)',
      'APP_BASE_URL=https://viewer.example',
      'SESSION_SECRET=…  (32 or more random characters, see below)',
    ]);
    assert.match(envFileText('http://localhost:3000', null), /^OKTA_ORG_URL=https:\/\/dev-123456\.okta\.com\n/);
  });
});
