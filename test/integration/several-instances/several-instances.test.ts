/**
 * A team deployment as it runs for real: two app instances as separate processes (`src/server.ts`), one real
 * `redis-server`, and the sandbox org as its own process (`npm run sandbox`). Okta calls are counted from what the
 * sandbox says it received (`GET /sandbox/requests`), never from inside the app.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../helpers/app-harness.ts';
import { type AppProcess, startAppProcess } from '../../helpers/app-process.ts';
import { Browser } from '../../helpers/browser.ts';
import { type RunningRedis, startRedisServer } from '../../helpers/redis-server.ts';
import { type SandboxProcess, startSandboxProcess } from '../../helpers/sandbox-process.ts';

const PASSWORD = 'sandbox-password';
const SESSION_SECRET = randomBytes(32).toString('base64url');
/** Access tokens live 70 s; the app refreshes a minute before expiry, so a token is due 10 s after it is issued. */
const ACCESS_TOKEN_SECONDS = 70;
const REFRESH_DUE_AFTER_MS = (ACCESS_TOKEN_SECONDS - 60) * 1000;
/** The org's /api/v1/logs bucket per window, all of it usable by one app or token. */
const LOGS_LIMIT = 60;
const WINDOW_SECONDS = 20;

let redis: RunningRedis;
let sandbox: SandboxProcess;
let a: AppProcess;
let b: AppProcess;
/** Seeded events lie before this; what the test does, after. */
let startedAt: Date;

before(async () => {
  startedAt = new Date();
  redis = await startRedisServer();
  const portA = await freePort();
  // Both instances stand behind one address, as behind a load balancer: the browser is sent back to A's.
  const appBaseUrl = `http://localhost:${portA}`;
  sandbox = await startSandboxProcess({
    appBaseUrl,
    logsLimit: LOGS_LIMIT,
    perAppShare: 1,
    rateWindowSeconds: WINDOW_SECONDS,
    accessTokenSeconds: ACCESS_TOKEN_SECONDS,
  });
  const env = {
    OKTA_ORG_URL: sandbox.info.orgUrl,
    OKTA_CLIENT_ID: sandbox.info.webApp.clientId,
    OKTA_CLIENT_SECRET: sandbox.info.webApp.clientSecret,
    SESSION_SECRET,
    APP_BASE_URL: appBaseUrl,
    REDIS_URL: redis.url,
    LOG_LEVEL: 'warn',
    // With offline_access the app gets a refresh token, and renews access tokens with it.
    OKTA_SCOPES: 'openid profile email offline_access okta.logs.read okta.users.read',
  };
  [a, b] = await Promise.all([startAppProcess(env, portA), startAppProcess(env)]);
});

after(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await sandbox?.stop();
  await redis?.stop();
});

/** Signs a new browser in through instance `app` (the sandbox's sign-in page, then the callback). */
async function signIn(app: AppProcess, browser = new Browser()): Promise<Browser> {
  const { stoppedAt } = await browser.follow(`${app.url}/login`, {
    credentials: { username: 'admin@sandbox.example', password: PASSWORD },
    stop: (url) => url.pathname === '/authorization-code/callback',
  });
  assert.ok(stoppedAt, 'the sandbox sent the browser back to the app');
  const callback = new URL(stoppedAt.pathname + stoppedAt.search, app.url);
  assert.equal((await browser.request(callback.href)).status, 303, 'signed in');
  return browser;
}

/** The management-API calls the sandbox received after `since`, to `/api/v1/logs`. */
async function logCallsSince(since: number) {
  const { requests } = await sandbox.requests(since);
  return requests.filter((entry) => entry.path.startsWith('/api/v1/logs'));
}

const latest = async () => (await sandbox.requests()).latest;
const firstEventId = (html: string) =>
  /data-uuid="([^"]+)"/.exec(html)?.[1] ?? /\/logs\/events\/([\w-]+)/.exec(html)?.[1];

describe('two instances, one Redis, one Okta org', () => {
  let browser: Browser;

  test('a session signed in on A browses on B', async () => {
    browser = await signIn(a);
    const onB = await browser.request(`${b.url}/logs?range=24h`);
    assert.equal(onB.status, 200, 'B knows the session A made');
    assert.match(onB.body, /System Log/);
    assert.ok(firstEventId(onB.body), 'B shows events read with the session tokens');
    const token = await browser.request(`${b.url}/token`);
    assert.equal(token.status, 200);
    assert.match(token.body, /admin@sandbox\.example/);
  });

  test("a page token from A's page works on B, without a new call for the page A already fetched", async () => {
    const first = await browser.request(`${a.url}/logs?range=7d`);
    assert.equal(first.status, 200);
    const next = /href="([^"]*[?&]page=[^"]+)"/.exec(first.body)?.[1]?.replaceAll('&amp;', '&');
    assert.ok(next, 'the first page links to the next');
    const onB = await browser.request(new URL(next, b.url).href);
    assert.equal(onB.status, 200, 'B honours the token');
    assert.match(onB.body, /on page <\/?[^>]*>?\s*2|page 2/);
    const since = await latest();
    const again = await browser.request(`${b.url}/logs?range=7d`);
    assert.equal(again.status, 200);
    assert.equal((await logCallsSince(since)).length, 0, "A's first page is in the shared cache");
  });

  test('20 concurrent identical new views spread over A and B make exactly one Okta call', async () => {
    const since = await latest();
    const query = `range=30d&outcome=SUCCESS&q=${randomBytes(3).toString('hex')}`;
    const views = await Promise.all(
      Array.from({ length: 20 }, (_, i) => browser.request(`${(i % 2 === 0 ? a : b).url}/logs?${query}`)),
    );
    assert.deepEqual(
      views.map((view) => view.status),
      Array(20).fill(200),
    );
    const calls = await logCallsSince(since);
    assert.equal(calls.length, 1, `one call, not ${calls.length}: ${calls.map((c) => c.path).join(', ')}`);
    const summaries = new Set(views.map((view) => /<strong>(\d+)<\/strong> event/.exec(view.body)?.[1]));
    assert.equal(summaries.size, 1, 'every view shows the same page');
  });

  test('a refresh due on both instances at once is one refresh, and both requests succeed', async () => {
    const fresh = await signIn(b);
    await sleep(REFRESH_DUE_AFTER_MS + 1000);
    const grantsBefore = await refreshGrants();
    const [onA, onB] = await Promise.all([
      fresh.request(`${a.url}/logs?range=24h&severity=INFO`),
      fresh.request(`${b.url}/logs?range=24h&severity=WARN`),
    ]);
    assert.deepEqual([onA.status, onB.status], [200, 200], 'both requests succeed');
    const grantsAfter = await refreshGrants();
    assert.equal(
      grantsAfter - grantsBefore,
      1,
      `one refresh_token grant across the two instances (${grantsBefore} → ${grantsAfter})`,
    );
    const later = await fresh.request(`${b.url}/token`);
    assert.equal(later.status, 200, 'still signed in');
  });

  test('a redis-server dump holds no token in clear text', async () => {
    const dump = (await redis.dump()).toString('latin1');
    assert.match(dump, /osv:session:/, 'sessions are stored in Redis');
    for (const clear of ['eyJ', 'accessToken', 'refreshToken', 'idToken', 'codeVerifier', 'Bearer ']) {
      assert.ok(!dump.includes(clear), `the dump contains "${clear}"`);
    }
  });

  test('with the bucket spent from outside, neither instance calls Okta for it before the reset', async () => {
    const view = (app: AppProcess, salt: string) => browser.request(`${app.url}/logs?range=90d&q=${salt}`);
    await drainLogsBucket();
    const since = await latest();
    const pages = [];
    for (let i = 0; i < 6; i++) pages.push(await view(i % 2 === 0 ? a : b, `spent${i}`));
    const calls = await logCallsSince(since);
    assert.ok(calls.length <= 1, `at most the one call that learns the bucket is spent, not ${calls.length}`);
    for (const page of pages) {
      assert.equal(page.status, 429, 'a new view has no kept page: the rate-limit page');
      assert.match(page.body, /\d\d:\d\d:\d\d UTC|in a few seconds|\bnow\b/, 'it says when the budget is back');
    }
    const budgetLine = (await browser.request(`${b.url}/logs?range=7d`)).body;
    assert.match(budgetLine, /budget is spent until \d\d:\d\d:\d\d UTC|0 of \d+/, 'B shows the shared figure');
  });

  test('Redis stopped: a 503 page naming REDIS_URL, /healthz says so, no process exits; back by itself', async () => {
    await redis.stop();
    try {
      for (const app of [a, b]) {
        const page = await browser.request(`${app.url}/logs?range=24h`);
        assert.equal(page.status, 503);
        assert.match(page.body, /REDIS_URL/);
        assert.doesNotMatch(page.body, /at [\w.]+ \(/, 'no stack trace');
        const health = await fetch(`${app.url}/healthz`);
        assert.equal(health.status, 503);
        assert.match(JSON.stringify(await health.json()), /REDIS_URL/);
      }
    } finally {
      await redis.restart();
    }
    assert.ok(!a.exited() && !b.exited(), 'both app processes are still running');
    for (const app of [a, b]) {
      const deadline = Date.now() + 15_000;
      let status = 0;
      while (Date.now() < deadline && status !== 200) {
        status = (await fetch(`${app.url}/healthz`)).status;
        if (status !== 200) await sleep(200);
      }
      assert.equal(status, 200, 'healthy again without a restart');
    }
    // Redis kept nothing (no persistence): the session is gone and the app asks to sign in again.
    const page = await browser.request(`${b.url}/logs?range=24h`);
    const location = page.headers.get('location') ?? '';
    assert.ok(
      (page.status === 303 && location.startsWith('/login')) || (page.status === 401 && /sign in/i.test(page.body)),
      `sign in again: ${page.status} ${location}`,
    );
    const again = await signIn(a, new Browser());
    assert.equal((await again.request(`${b.url}/users`)).status, 200, 'signing in again works on both');
  });
});

/** Spends what is left of the org's System Log bucket with the super admin's API token. */
async function drainLogsBucket(): Promise<void> {
  for (let i = 0; i <= LOGS_LIMIT; i++) {
    const response = await fetch(`${sandbox.info.orgUrl}/api/v1/logs?limit=1`, {
      headers: { authorization: `SSWS ${sandbox.info.apiToken}` },
    });
    await response.arrayBuffer();
    if (response.status === 429) return;
  }
  assert.fail('the bucket did not run out');
}

/** How many refresh_token grants the org has logged, read from its System Log with the API token. */
async function refreshGrants(): Promise<number> {
  const url = new URL('/api/v1/logs', sandbox.info.orgUrl);
  url.searchParams.set('filter', 'eventType eq "app.oauth2.token.grant.access_token"');
  url.searchParams.set('since', startedAt.toISOString());
  url.searchParams.set('until', new Date().toISOString());
  url.searchParams.set('limit', '1000');
  const response = await fetch(url, { headers: { authorization: `SSWS ${sandbox.info.apiToken}` } });
  assert.equal(response.status, 200);
  const events = (await response.json()) as { debugContext?: { debugData?: { grantType?: string } } }[];
  return events.filter((event) => event.debugContext?.debugData?.grantType === 'refresh_token').length;
}
