import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import okta from '@okta/okta-sdk-nodejs';
import type { LogEvent, OktaUser } from '../../../src/sandbox/okta-types.ts';
import { type ApiHarness, linkUrl, rawGet, startApi } from './harness.ts';

const DAY = 24 * 3600 * 1000;

/** Every item of an SDK collection, with a bound so a polling collection could never loop forever. */
async function drain<T>(collection: AsyncIterable<T | null>, max: number): Promise<T[]> {
  const items: T[] = [];
  for await (const item of collection) {
    assert.ok(item !== null, 'the SDK yields items until done');
    items.push(item);
    if (items.length > max) throw new Error(`more than ${max} items`);
  }
  return items;
}

/** Direct HTTP: follows next links from `first`. */
async function direct<T>(h: ApiHarness, first: string, auth: Record<string, string>, maxPages: number): Promise<T[]> {
  const items: T[] = [];
  let path: string | undefined = first;
  for (let i = 0; i < maxPages && path; i += 1) {
    const response = await rawGet(h.baseUrl, path, auth);
    items.push(...(JSON.parse(response.body) as T[]));
    path = linkUrl(response, 'next');
  }
  assert.equal(path, undefined, 'direct paging reached the end');
  return items;
}

// An independent client: Okta's own Node SDK (SSWS mode) against the sandbox. It accepts an http:// orgUrl as is.
// Its PrivateKey (service app) mode needs the sandbox authorization server and is not exercised here.
describe('@okta/okta-sdk-nodejs agrees with direct HTTP', () => {
  let h: ApiHarness;
  let client: InstanceType<typeof okta.Client>;
  let auth: Record<string, string>;

  before(async () => {
    h = await startApi({ rateLimits: false, seed: { users: 130, events: 3000 } });
    auth = { authorization: `SSWS ${h.org.apiToken.token}` };
    client = new okta.Client({ orgUrl: h.org.orgUrl, token: h.org.apiToken.token });
  });
  after(() => h.close());

  test('lists every user across several pages, the same records as direct HTTP', async () => {
    h.api.received.clear();
    const viaSdk = await drain(await client.userApi.listUsers({ limit: 25 }), 1000);
    const pages = h.api.received.forPath('/api/v1/users').length;
    assert.ok(pages >= 5, `the SDK followed ${pages} pages`);
    assert.ok(h.api.received.all().every((r) => r.authScheme === 'SSWS'));
    const viaHttp = await direct<OktaUser>(h, '/api/v1/users?limit=25', auth, 20);
    assert.deepEqual(
      viaSdk.map((u) => u.id),
      viaHttp.map((u) => u.id),
    );
    assert.deepEqual(
      viaSdk.map((u) => [u.status, u.profile?.login, u.profile?.email]),
      viaHttp.map((u) => [u.status, u.profile.login, u.profile.email]),
    );
  });

  test('lists System Log events of a bounded query across several pages, the same records as direct HTTP', async () => {
    const since = new Date(Date.now() - 30 * DAY).toISOString();
    const until = new Date(Date.now() - DAY).toISOString();
    const filter = 'outcome.result ne "SUCCESS"';
    h.api.received.clear();
    const viaSdk = await drain(await client.systemLogApi.listLogEvents({ since, until, filter, limit: 20 }), 5000);
    assert.ok(h.api.received.forPath('/api/v1/logs').length >= 3, 'several pages');
    const query = new URLSearchParams({ since, until, filter, limit: '20' });
    const viaHttp = await direct<LogEvent>(h, `/api/v1/logs?${query}`, auth, 500);
    assert.ok(viaHttp.length > 40);
    assert.deepEqual(
      viaSdk.map((e) => [
        e.uuid,
        e.eventType,
        e.outcome?.result,
        e.published instanceof Date ? e.published.toISOString() : e.published,
      ]),
      viaHttp.map((e) => [e.uuid, e.eventType, e.outcome.result, e.published]),
    );
  });

  test('an invalid SSWS token surfaces as the SDK error for E0000011', async () => {
    const wrong = new okta.Client({ orgUrl: h.org.orgUrl, token: 'not-the-token' });
    await assert.rejects(
      drain(await wrong.userApi.listUsers({ limit: 1 }), 10),
      (error: { status?: number; errorCode?: string }) => {
        assert.equal(error.status, 401);
        assert.equal(error.errorCode, 'E0000011');
        return true;
      },
    );
  });
});

describe('@okta/okta-sdk-nodejs retries a 429 on the sandbox rate-limit headers', () => {
  test('the retry carries X-Okta-Retry-For (the 429 request id) and X-Okta-Retry-Count', async () => {
    // A one-second window keeps the SDK's wait (X-Rate-Limit-Reset − Date + 1 s) short.
    const h = await startApi({ rateLimits: { windowMs: 1000 }, seed: { users: 5, events: 5 } });
    try {
      const client = new okta.Client({ orgUrl: h.org.orgUrl, token: h.org.apiToken.token });
      h.api.faults.set({ path: '/api/v1/users', status: 429, times: 1 });
      const listed = await drain(await client.userApi.listUsers({ limit: 200 }), 100);
      assert.equal(listed.length, h.org.directory.users().length);
      const seen = h.api.received.forPath('/api/v1/users');
      assert.equal(seen.length, 2);
      assert.deepEqual(
        seen.map((r) => [r.status, r.retryCount]),
        [
          [429, null],
          [200, '1'],
        ],
      );
      assert.equal(seen[1]?.retryFor, seen[0]?.requestId);
    } finally {
      await h.close();
    }
  });
});
