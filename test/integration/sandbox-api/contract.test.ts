import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildLogEvent } from '../../../src/sandbox/log-event-factory.ts';
import { serializeLogEvents } from '../../../src/sandbox/management-api/log-event-json.ts';
import type { LogEvent, OktaUser } from '../../../src/sandbox/okta-types.ts';
import { createSandboxOrg } from '../../../src/sandbox/org.ts';
import { seedOrg } from '../../../src/sandbox/seed/index.ts';
import { type ApiHarness, linkUrl, rawGet, startApi } from './harness.ts';
import { assertValid, oktaValidators } from './okta-contract.ts';

// rawGet checks every body against Okta's schemas; these tests make sure every kind of body passes through it.
describe("contract: sandbox bodies validate against Okta's OpenAPI LogEvent, User and Error", () => {
  let h: ApiHarness;
  let auth: Record<string, string>;

  before(async () => {
    h = await startApi({ rateLimits: false, seed: { users: 300, events: 6000 } });
    auth = { authorization: `SSWS ${h.org.apiToken.token}` };
  });
  after(() => h.close());

  test('the validators are not vacuous: they reject wrong bodies', () => {
    const { logEvent, user, error } = oktaValidators();
    assert.equal(logEvent({ severity: 'LOUD' }), false);
    assert.equal(logEvent({ outcome: { result: 'MAYBE' } }), false);
    assert.equal(logEvent({ displayMessage: null }), false, 'null where the spec does not allow it');
    assert.equal(user({ status: 'HAPPY' }), false);
    assert.equal(user({ profile: { email: 'not-an-email' } }), false);
    assert.equal(error({ errorCauses: 'none' }), false);
    assert.equal(logEvent({ uuid: 'x', severity: 'INFO' }), true);
  });

  test('every retained seeded event, including hostile values, and events the running org appends', async () => {
    const account = h.org.directory.accounts()[0];
    h.org.systemLog.append(
      buildLogEvent({
        eventType: 'user.session.start',
        displayMessage: 'User login to Okta',
        actor: {
          id: account?.userId ?? '',
          type: 'User',
          alternateId: account?.login ?? '',
          displayName: 'A',
          detailEntry: null,
        },
        outcome: { result: 'SUCCESS' },
        request: { ipAddress: '::1', userAgent: 'test' },
      }),
    );
    const now = Date.now();
    let path: string | undefined =
      `/api/v1/logs?since=${new Date(now - 90 * 864e5).toISOString()}&until=${new Date(now + 1000).toISOString()}&limit=1000`;
    let count = 0;
    for (let i = 0; i < 20 && path; i += 1) {
      const response = await rawGet(h.baseUrl, path, auth);
      count += (JSON.parse(response.body) as LogEvent[]).length;
      path = linkUrl(response, 'next');
    }
    assert.equal(path, undefined);
    const retained = h.org.systemLog.inPersistenceOrder().filter((s) => s.publishedMs >= now - 90 * 864e5).length;
    assert.equal(count, retained);
  });

  test('every user (all 8 statuses) in lists and single reads', async () => {
    const listed: OktaUser[] = [];
    let path: string | undefined = `/api/v1/users?search=${encodeURIComponent('status pr')}`;
    for (let i = 0; i < 5 && path; i += 1) {
      const response = await rawGet(h.baseUrl, path, auth);
      listed.push(...(JSON.parse(response.body) as OktaUser[]));
      path = linkUrl(response, 'next');
    }
    assert.equal(listed.length, h.org.directory.users().length);
    assert.equal(new Set(listed.map((u) => u.status)).size, 8);
    for (const user of listed.filter((_, i) => i % 25 === 0)) {
      assert.equal((await rawGet(h.baseUrl, `/api/v1/users/${user.id}`, auth)).status, 200);
    }
  });

  test('every error body the API produces', async () => {
    h.tokens.set('plain', {
      clientId: h.org.webApp.clientId,
      userId: h.org.directory.accounts()[3]?.userId ?? '',
      scopes: ['okta.logs.read'],
    });
    const cases: { path: string; headers?: Record<string, string>; status: number; code: string }[] = [
      { path: '/api/v1/logs?until=nope', status: 400, code: 'E0000001' },
      { path: `/api/v1/logs?q=${'x'.repeat(41)}`, status: 400, code: 'E0000001' },
      { path: '/api/v1/logs?after=%%%', status: 400, code: 'E0000001' },
      { path: `/api/v1/logs?filter=${encodeURIComponent('a eqq "b"')}`, status: 400, code: 'E0000053' },
      { path: `/api/v1/logs?filter=${encodeURIComponent('nope eq "b"')}`, status: 400, code: 'E0000053' },
      { path: '/api/v1/logs?since=2000-01-01T00:00:00Z', status: 400, code: 'E0000053' },
      {
        path: `/api/v1/logs?filter=${encodeURIComponent('debugContext.debugData.url co "x"')}`,
        status: 400,
        code: 'E0000031',
      },
      { path: `/api/v1/users?filter=${encodeURIComponent('profile.city eq "x"')}`, status: 400, code: 'E0000031' },
      { path: '/api/v1/users?limit=-1', status: 400, code: 'E0000001' },
      { path: '/api/v1/users/nobody', status: 404, code: 'E0000007' },
      { path: '/api/v1/logs', headers: { authorization: 'Bearer nope' }, status: 401, code: 'E0000011' },
      { path: '/api/v1/logs', headers: { authorization: 'Bearer plain' }, status: 403, code: 'E0000006' },
    ];
    for (const c of cases) {
      const response = await rawGet(h.baseUrl, c.path, c.headers ?? auth);
      assert.equal(response.status, c.status, c.path);
      assert.equal(JSON.parse(response.body).errorCode, c.code, c.path);
    }
    for (const status of [429, 500, 503] as const) {
      h.api.faults.set({ path: '/api/v1/users', status, times: 1 });
      assert.equal((await rawGet(h.baseUrl, '/api/v1/users', auth)).status, status);
    }
  });

  test('other seeds produce valid users and events too (hostile values stay within the profile limits)', async () => {
    const { logEvent, user } = oktaValidators();
    for (const seed of [1, 2, 3, 4, 5]) {
      const org = await createSandboxOrg({ orgUrl: 'http://127.0.0.1:1', appBaseUrl: 'http://127.0.0.1:2' });
      seedOrg(org, { seed, users: 400, events: 1500 });
      for (const item of JSON.parse(JSON.stringify(org.directory.users())) as unknown[])
        assertValid(user, item, `seed ${seed} user`);
      const events = JSON.parse(
        serializeLogEvents(org.systemLog.inPersistenceOrder().map((s) => s.event)),
      ) as unknown[];
      for (const event of events) assertValid(logEvent, event, `seed ${seed} event`);
    }
  });
});
