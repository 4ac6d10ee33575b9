/**
 * A token endpoint that is slow to refresh: the page still answers within the Okta call's deadline (plus a
 * second), and the refresh, which the session's requests share, is not cut off: its rotated tokens reach the
 * next request without a second refresh.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TokenSet } from '../../../src/session/session-types.ts';
import { type Harness, startHarness } from '../../helpers/app-harness.ts';
import { refreshGrants, signInToApp, storedSession } from '../../helpers/app-session.ts';

const DEADLINE_MS = 2000;
const SLACK_MS = 1000;
const REFRESH_DELAY_MS = DEADLINE_MS + 1500;

let h: Harness;
before(async () => {
  h = await startHarness({
    env: {
      OKTA_CALL_TIMEOUT_SECONDS: String(DEADLINE_MS / 1000),
      OKTA_SCOPES: 'openid profile email offline_access okta.logs.read okta.users.read',
    },
    sandbox: { seed: { users: 20, events: 200 }, rateLimits: { enabled: false } },
  });
});
after(() => h?.close());

describe('a slow token refresh', () => {
  test('a page whose token is due answers within the deadline, and the refresh still completes for the next', async () => {
    const browser = await signInToApp(h);
    const tokens = (await storedSession(h, browser)).tokens as TokenSet;
    tokens.expiresAt = Date.now();
    const org = h.app.auth.org;
    const realRefresh = org.refresh.bind(org);
    let refreshed: Promise<unknown> = Promise.resolve();
    org.refresh = (current) => {
      const done = new Promise((resolve) => setTimeout(resolve, REFRESH_DELAY_MS)).then(() => realRefresh(current));
      refreshed = done;
      return done;
    };
    const grantsBefore = refreshGrants(h);
    try {
      const started = performance.now();
      const page = await browser.request(`${h.baseUrl}/logs?range=1h`);
      const elapsedMs = performance.now() - started;
      assert.ok(elapsedMs < DEADLINE_MS + SLACK_MS, `answered after ${Math.round(elapsedMs)} ms`);
      assert.equal(page.status, 504);
      assert.match(page.body, /Okta is slow to answer/);
      await refreshed;
    } finally {
      org.refresh = realRefresh;
    }
    assert.equal(refreshGrants(h), grantsBefore + 1, 'the refresh went through once');
    const next = await browser.request(`${h.baseUrl}/logs?range=1h`);
    assert.equal(next.status, 200, 'the next page uses the refreshed token');
    assert.equal(refreshGrants(h), grantsBefore + 1, 'without a second refresh');
    const renewed = (await storedSession(h, browser)).tokens as TokenSet;
    assert.ok(renewed.expiresAt > Date.now() + 50 * 60_000, 'the session holds the refreshed tokens');
  });
});
