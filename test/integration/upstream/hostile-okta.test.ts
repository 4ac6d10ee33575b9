/**
 * An Okta that stalls or floods: every page that calls Okta answers within its deadline (plus a second) with a
 * page that teaches, nothing keeps reading from Okta after the answer, and an oversized answer is abandoned at the
 * cap. Seen from both ends: the page the browser gets, and what the sandbox saw on the wire (when each request's
 * connection closed, how many body bytes it managed to send).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../../src/okta/index.ts';
import type { FaultRule } from '../../../src/sandbox/management-api/index.ts';
import { type Harness, startHarness } from '../../helpers/app-harness.ts';
import { csrfOf, signInToApp } from '../../helpers/app-session.ts';
import type { Browser } from '../../helpers/browser.ts';
import { eventually } from '../logs/logs-helpers.ts';

/** Short, so the tests are quick; the bound every page is held to is this plus one second. */
const DEADLINE_MS = 2000;
const SLACK_MS = 1000;

let h: Harness;
let admin: Browser;
let userId: string;
let eventDetail: string;

before(async () => {
  h = await startHarness({
    env: { OKTA_CALL_TIMEOUT_SECONDS: String(DEADLINE_MS / 1000) },
    sandbox: { seed: { users: 20, events: 200 }, rateLimits: { enabled: false } },
  });
  admin = await signInToApp(h);
  userId = h.sandbox.org.directory.users()[0]?.id ?? '';
  const event = h.sandbox.org.systemLog.inPersistenceOrder().at(-1)?.event;
  eventDetail = `${event?.uuid}?${new URLSearchParams({ at: new Date(event?.published ?? 0).toISOString() })}`;
});
after(async () => {
  await h?.close();
});

/** Runs `run` with `rule` on the sandbox's switch board, then takes it off. */
async function withFault<T>(rule: FaultRule, run: () => Promise<T>): Promise<T> {
  const remove = h.sandbox.managementApi.faults.set(rule);
  try {
    return await run();
  } finally {
    remove();
  }
}

/** Requests `path` (a GET, or a POST of `form`) and says how long the whole answer took. */
async function timed(path: string, form?: Record<string, string>) {
  const started = performance.now();
  const page = await admin.request(`${h.baseUrl}${path}`, form ? { form } : {});
  return { ...page, elapsedMs: performance.now() - started };
}

/** Every management-API request the sandbox still has open must close within a second. */
async function noneStillOpen(): Promise<void> {
  await eventually(
    () => h.sandbox.managementApi.received.open().length === 0,
    `requests still open at the sandbox a second after the answer: ${JSON.stringify(h.sandbox.managementApi.received.open())}`,
    40,
  );
}

/** `path` with its placeholders filled in: a user's id, an event's detail link, a fresh live-tail poll token. */
async function concrete(path: string): Promise<string> {
  let filled = path.replace(':id', userId).replace(':uuid', eventDetail);
  if (filled.includes(':tail')) {
    const tail = await admin.request(`${h.baseUrl}/logs/follow`);
    const newer = /id="follow-newer" href="[^"]*[?&]page=([^"&]+)/.exec(tail.body)?.[1];
    assert.ok(newer, 'the live tail offers to check for newer events');
    filled = filled.replace(':tail', newer);
  }
  return filled;
}

const PAGES = [
  { path: '/logs?range=1h', fault: '/api/v1/logs' },
  { path: '/logs/export.csv?range=1h', fault: '/api/v1/logs' },
  { path: '/logs/export.ndjson?range=1h', fault: '/api/v1/logs' },
  { path: '/users', fault: '/api/v1/users*' },
  { path: '/users?q=a', fault: '/api/v1/users*' },
  { path: '/users/:id', fault: '/api/v1/users*' },
  // The live tail without JavaScript: its first view calls nobody, its "Check for newer events" link polls Okta.
  { path: '/logs/follow?page=:tail', fault: '/api/v1/logs' },
  // An event's detail once the page it was on has left the cache: the one bounded call by uuid.
  { path: '/logs/events/:uuid', fault: '/api/v1/logs' },
];

describe('an Okta that stalls: every page answers within the deadline plus a second', () => {
  for (const [description, stall] of [
    ['a 200 whose body trickles in over a minute', { slowBody: { durationMs: 60_000 } }],
    ['no answer at all', { hang: true }],
  ] as const) {
    for (const page of PAGES) {
      test(`${page.path}, ${description}: "Okta is slow to answer", and the request to Okta is closed`, async () => {
        const path = await concrete(page.path);
        const answer = await withFault({ path: page.fault, ...stall }, () => timed(path));
        assert.ok(answer.elapsedMs < DEADLINE_MS + SLACK_MS, `answered after ${Math.round(answer.elapsedMs)} ms`);
        assert.equal(answer.status, 504);
        assert.match(answer.body, /Okta is slow to answer/);
        assert.match(answer.body, /set by OKTA_CALL_TIMEOUT_SECONDS/);
        assert.doesNotMatch(answer.body, /at \S+\.ts:\d+/, 'no stack');
        await noneStillOpen();
      });
    }
  }

  test('/users/:id with a System Log that trickles: the user is shown, the activity says why it is missing', async () => {
    const answer = await withFault({ path: '/api/v1/logs', slowBody: { durationMs: 60_000 } }, () =>
      timed(`/users/${userId}`),
    );
    assert.ok(answer.elapsedMs < DEADLINE_MS + SLACK_MS, `answered after ${Math.round(answer.elapsedMs)} ms`);
    assert.equal(answer.status, 200);
    assert.match(answer.body, /Okta is slow to answer/);
    await noneStillOpen();
  });

  test("/users/:id with a slow user and a trickling System Log: the two calls share the page's one deadline", async () => {
    const slowUser = h.sandbox.managementApi.faults.set({ path: '/api/v1/users*', latencyMs: DEADLINE_MS * 0.6 });
    try {
      const answer = await withFault({ path: '/api/v1/logs', slowBody: { durationMs: 60_000 } }, () =>
        timed(`/users/${userId}`),
      );
      assert.ok(answer.elapsedMs < DEADLINE_MS + SLACK_MS, `answered after ${Math.round(answer.elapsedMs)} ms`);
      assert.equal(answer.status, 200);
      assert.match(answer.body, /Okta is slow to answer/);
    } finally {
      slowUser();
    }
    await noneStillOpen();
  });

  test('the token page\'s "Try it" answers in time and says Okta did not answer', async () => {
    const token = await admin.request(`${h.baseUrl}/token`);
    const answer = await withFault({ path: '/api/v1/logs', slowBody: { durationMs: 60_000 } }, () =>
      timed('/token/try', { _csrf: csrfOf(token.body), probe: 'logs' }),
    );
    assert.ok(answer.elapsedMs < DEADLINE_MS + SLACK_MS, `answered after ${Math.round(answer.elapsedMs)} ms`);
    assert.equal(answer.status, 200);
    assert.match(answer.body, /Okta did not answer: the connection failed or timed out/);
    await noneStillOpen();
  });

  test("the guide's comparison (eight calls) shares one deadline", async () => {
    const guide = await admin.request(`${h.baseUrl}/guide`);
    const answer = await withFault({ path: '/api/v1/*', hang: true }, () =>
      timed('/guide/compare', { _csrf: csrfOf(guide.body) }),
    );
    assert.ok(answer.elapsedMs < DEADLINE_MS + SLACK_MS, `answered after ${Math.round(answer.elapsedMs)} ms`);
    assert.equal(answer.status, 200);
    await noneStillOpen();
  });
});

describe('an Okta that floods', () => {
  // The cap plus what the two sockets' buffers can hold in flight on loopback: far below the 64 MiB on offer.
  const WIRE_CEILING = DEFAULT_MAX_RESPONSE_BYTES + 16 * 1024 * 1024;
  const OFFERED = 64 * 1024 * 1024;

  for (const page of PAGES) {
    test(`${page.path}, a 64 MiB body: abandoned at the cap, "an unexpectedly large response"`, async () => {
      const path = await concrete(page.path);
      h.sandbox.managementApi.received.clear();
      const answer = await withFault({ path: page.fault, oversizedBody: { bytes: OFFERED } }, () => timed(path));
      assert.equal(answer.status, 502);
      assert.match(answer.body, /Okta sent an unexpectedly large response/);
      assert.match(answer.body, /larger than 8 MiB/);
      await noneStillOpen();
      const [entry] = h.sandbox.managementApi.received.all();
      assert.equal(entry?.outcome, 'aborted', 'the sandbox saw the connection closed before it finished');
      const sent = entry?.bytesSent ?? 0;
      assert.ok(sent > DEFAULT_MAX_RESPONSE_BYTES / 2, `the sandbox sent ${sent} bytes`);
      assert.ok(sent < WIRE_CEILING, `the sandbox sent ${sent} bytes, more than the cap plus socket buffers`);
    });
  }
});

describe('a page with more items than its limit', () => {
  for (const page of [
    { path: '/logs?range=1h', fault: '/api/v1/logs' },
    { path: '/users', fault: '/api/v1/users' },
  ]) {
    test(`${page.path}: the malformed-response page`, async () => {
      const answer = await withFault({ path: page.fault, overLimitItems: true }, () => timed(page.path));
      assert.equal(answer.status, 502);
      assert.match(answer.body, /Okta gave an answer the app cannot use/);
    });
  }
  // The System Log page parses Okta's body only when it renders it, after the page was stored for reuse: a page
  // that turns out malformed must not be the answer to every view of the next minute.
  test('/logs, a body that is not JSON: the malformed-response page, and the next view asks Okta again', async () => {
    const path = '/logs?range=15m&q=a';
    h.sandbox.managementApi.received.clear();
    const broken = await withFault({ path: '/api/v1/logs', malformedJson: true }, () => timed(path));
    assert.equal(broken.status, 502);
    assert.match(broken.body, /Okta gave an answer the app cannot use/);
    const mended = await timed(path);
    assert.equal(mended.status, 200);
    assert.match(mended.body, /id="results"/);
    assert.equal(h.sandbox.managementApi.received.forPath('/api/v1/logs').length, 2);
  });
});
