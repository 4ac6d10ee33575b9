import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { logsRoutes } from '../../../src/routes/logs.ts';
import { HOSTILE_VALUES, LONG_USER_AGENT } from '../../../src/sandbox/seed/index.ts';
import { type Harness, startHarness } from '../../helpers/app-harness.ts';
import { signInToApp } from '../../helpers/app-session.ts';
import { decode, hrefs, logCalls } from './logs-helpers.ts';

let h: Harness;

before(async () => {
  h = await startHarness({
    sandbox: { seed: { users: 40, events: 400 }, rateLimits: { enabled: false } },
    // A mount whose pages leave the page cache after 150 ms, so that a test can open a detail after that.
    routes: (app) => void app.register(logsRoutes, { prefix: '/brief', pageCache: { ttlMs: 150 } }),
  });
});
after(async () => {
  await h?.close();
});

/** The rows' detail links of a page, decoded. */
function detailLinks(html: string, prefix = ''): string[] {
  return hrefs(html).filter((href) => href.startsWith(`${prefix}/logs/events/`));
}

/** The event JSON a detail shows, parsed back from its escaped `<pre><code>`. */
function shownJson(html: string): unknown {
  const code = /<pre class="event-json" tabindex="0"><code>([\s\S]*?)<\/code><\/pre>/.exec(html)?.[1];
  assert.ok(code !== undefined, 'the detail holds the JSON view');
  return JSON.parse(decode(code));
}

/** The same event as Okta (the sandbox) sends it, read with the org's API token (call it after counting calls). */
async function stored(uuid: string): Promise<unknown> {
  const found = h.sandbox.org.systemLog.inPersistenceOrder().find((candidate) => candidate.event.uuid === uuid);
  assert.ok(found, `the sandbox holds ${uuid}`);
  const query = new URLSearchParams({
    filter: `uuid eq "${uuid}"`,
    since: new Date(found.publishedMs - 1000).toISOString(),
    until: new Date(found.publishedMs + 1000).toISOString(),
  });
  const response = await fetch(`${h.sandbox.issuer}/api/v1/logs?${query}`, {
    headers: { authorization: `SSWS ${h.sandbox.org.apiToken.token}`, accept: 'application/json' },
  });
  const [event] = (await response.json()) as unknown[];
  return event;
}

describe('the System Log page links to details instead of inlining them', () => {
  test("the page carries no event's JSON, and every row links to its detail with the page's query", async () => {
    const browser = await signInToApp(h);
    const page = await browser.request(`${h.baseUrl}/logs?range=90d&limit=50&outcome=SUCCESS`);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.body, /class="event-json"/);
    assert.doesNotMatch(page.body, /"uuid":|&quot;uuid&quot;|rawUserAgent/);
    const links = detailLinks(page.body);
    assert.equal(links.length, 50, 'one detail link per row');
    for (const link of links) {
      const url = new URL(link, h.baseUrl);
      assert.match(url.pathname, /^\/logs\/events\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.equal(url.searchParams.get('range'), '90d');
      assert.equal(url.searchParams.get('outcome'), 'SUCCESS');
      assert.match(url.searchParams.get('at') ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
  });
});

describe('the detail of an event', () => {
  test('comes from the page being viewed, with no Okta call, as a page and as a fragment', async () => {
    const browser = await signInToApp(h);
    const page = await browser.request(`${h.baseUrl}/logs?range=90d&limit=25&outcome=SUCCESS`);
    const link = detailLinks(page.body)[3] ?? '';
    const uuid = new URL(link, h.baseUrl).pathname.split('/').at(-1) ?? '';
    const before = logCalls(h).length;

    const detail = await browser.request(`${h.baseUrl}${link}`);
    assert.equal(detail.status, 200);
    assert.match(detail.body, /no Okta call/);
    assert.match(
      detail.body,
      /<a href="\/logs\?range=90d&amp;outcome=SUCCESS&amp;limit=25">← Back to the System Log<\/a>/,
    );
    const actor = hrefs(detail.body).find((href) => href.includes('actor='));
    assert.ok(actor, 'filter links are in the detail');
    const url = new URL(actor, h.baseUrl);
    assert.equal(url.pathname, '/logs');
    assert.equal(url.searchParams.get('outcome'), 'SUCCESS', 'filter links keep the rest of the query');
    for (const name of ['eventType', 'actor', 'transaction']) {
      assert.ok(
        hrefs(detail.body).some((href) => href.startsWith('/logs?') && href.includes(`${name}=`)),
        `a ${name} link`,
      );
    }

    const fragment = await browser.request(`${h.baseUrl}${link}`, { headers: { 'x-fragment': '1' } });
    assert.equal(fragment.status, 200);
    assert.match(fragment.headers.get('content-type') ?? '', /^text\/html/);
    assert.doesNotMatch(fragment.body, /<html|<main|<nav/, 'the fragment alone');
    assert.equal(logCalls(h).length, before, 'no Okta call for either');
    const expected = await stored(uuid);
    assert.deepEqual(shownJson(detail.body), expected, 'the whole event, as Okta sent it');
    assert.deepEqual(shownJson(fragment.body), expected);
  });

  test('once the page has left the cache: one Okta call, bounded around the event and filtered on its uuid', async () => {
    const browser = await signInToApp(h);
    const page = await browser.request(`${h.baseUrl}/brief/logs?range=90d&limit=25`);
    const link = detailLinks(page.body, '/brief')[0] ?? '';
    const url = new URL(link, h.baseUrl);
    const uuid = url.pathname.split('/').at(-1) ?? '';
    const at = Date.parse(url.searchParams.get('at') ?? '');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const before = logCalls(h).length;
    const detail = await browser.request(url.href);
    assert.equal(detail.status, 200);
    assert.match(detail.body, /read again with one Okta call/);
    assert.match(detail.body, /Okta rate budget: <strong>\d+ of \d+<\/strong>/, 'the budget the call reported');
    const calls = logCalls(h).slice(before);
    assert.equal(calls.length, 1, 'exactly one call');
    const params = calls[0]?.searchParams ?? new URLSearchParams();
    assert.equal(params.get('filter'), `uuid eq "${uuid}"`);
    assert.equal(Date.parse(params.get('since') ?? ''), at - 1000);
    assert.equal(Date.parse(params.get('until') ?? ''), at + 1000);
    assert.equal(params.get('q'), null);

    // Another session never sees the first one's page: it pays the same one call.
    const stranger = await signInToApp(h);
    const again = logCalls(h).length;
    assert.equal((await stranger.request(url.href)).status, 200);
    assert.equal(logCalls(h).length - again, 1);
    assert.deepEqual(shownJson(detail.body), await stored(uuid));
  });

  test('an unknown event is a 404 page that teaches; without a time no call is made', async () => {
    const browser = await signInToApp(h);
    const uuid = randomUUID();
    const at = new Date(Date.now() - 3_600_000).toISOString();
    const before = logCalls(h).length;
    const missing = await browser.request(`${h.baseUrl}/logs/events/${uuid}?range=24h&at=${at}`);
    assert.equal(missing.status, 404);
    assert.match(missing.body, /Event not found/);
    assert.match(missing.body, /Okta has no event with this id/);
    assert.ok(hrefs(missing.body).includes('/logs?range=24h'), 'a way back to the same query');
    assert.equal(logCalls(h).length - before, 1, 'one bounded call was made for it');
    assert.equal(logCalls(h).at(-1)?.searchParams.get('filter'), `uuid eq "${uuid}"`);

    const noTime = await browser.request(`${h.baseUrl}/logs/events/${uuid}?range=24h`);
    assert.equal(noTime.status, 404);
    assert.match(noTime.body, /gives no time to ask Okta/);
    assert.equal(logCalls(h).length - before, 1, 'no call without a time');
  });

  test('malformed links are refused with 400 before any Okta call', async () => {
    const browser = await signInToApp(h);
    const uuid = randomUUID();
    const now = Date.now();
    const cases: [description: string, path: string][] = [
      ['not a UUID', '/logs/events/not-a-uuid'],
      ['a SCIM breakout in the id', `/logs/events/${encodeURIComponent(`${uuid}" or uuid pr or uuid eq "x`)}`],
      ['an upper-case UUID', `/logs/events/${uuid.toUpperCase()}`],
      ['a time in another format', `/logs/events/${uuid}?at=2024-08-13T15:58:20Z`],
      ['a date that does not exist', `/logs/events/${uuid}?at=2025-02-30T10:00:00.000Z`],
      ['a time in the future', `/logs/events/${uuid}?at=${new Date(now + 3_600_000).toISOString()}`],
      ['a time past retention', `/logs/events/${uuid}?at=${new Date(now - 120 * 86_400_000).toISOString()}`],
      ['the time twice', `/logs/events/${uuid}?at=${new Date(now).toISOString()}&at=${new Date(now).toISOString()}`],
      ['an invalid page query', `/logs/events/${uuid}?limit=5&at=${new Date(now - 1000).toISOString()}`],
    ];
    const before = logCalls(h).length;
    for (const [description, path] of cases) {
      const response = await browser.request(`${h.baseUrl}${path}`);
      assert.equal(response.status, 400, description);
      assert.match(response.body, /Not a valid event link/, description);
      assert.doesNotMatch(response.body, /at \S+ \(/, `${description}: no stack`);
    }
    assert.equal(logCalls(h).length, before, 'no Okta call');
  });

  test('signed out: the detail asks to sign in first', async () => {
    const response = await fetch(`${h.baseUrl}/logs/events/${randomUUID()}`, { redirect: 'manual' });
    assert.equal(response.status, 303);
    assert.match(response.headers.get('location') ?? '', /^\/login\?returnTo=/);
  });
});

describe("the sandbox's hostile values in details", () => {
  test('every detail escapes its JSON, shows control characters as escapes and links only http(s)', async () => {
    const browser = await signInToApp(h);
    const page = await browser.request(`${h.baseUrl}/logs?range=90d&limit=1000`);
    const links = detailLinks(page.body);
    assert.ok(links.length > 300);
    const bodies: string[] = [];
    // A few at a time: every one is served from the page the session just fetched.
    const before = logCalls(h).length;
    for (let i = 0; i < links.length; i += 8) {
      const batch = await Promise.all(links.slice(i, i + 8).map((link) => browser.request(`${h.baseUrl}${link}`)));
      for (const response of batch) {
        assert.equal(response.status, 200);
        bodies.push(response.body);
      }
    }
    assert.equal(logCalls(h).length, before, 'all from the page state');
    const html = bodies.join('\n');
    for (const live of ['<img src=x onerror', '<svg onload', '<script>alert', 'href="javascript:', 'href="data:']) {
      assert.ok(!html.toLowerCase().includes(live.toLowerCase()), `no live ${live}`);
    }
    assert.ok(!/[\p{Cc}\u202e\u2066-\u2069]/u.test(html.replaceAll('\n', '')), 'no raw control or bidi character');
    const json = bodies
      .map((body) => /<pre class="event-json" tabindex="0"><code>([\s\S]*?)<\/code><\/pre>/.exec(body)?.[1] ?? '')
      .join('\n');
    assert.ok(json.includes('&lt;img src=x onerror=alert(1)&gt;'), 'markup in the JSON is text');
    assert.ok(json.includes('\\"&gt;&lt;svg onload=alert(1)&gt;'), 'a quote in a value stays JSON-escaped text');
    assert.ok(json.includes('line one\\r\\nSet-Cookie: injected=1'));
    assert.match(json, /red \\u001b\[31mALERT\\u001b\[0m text/i);
    assert.ok(json.includes('invoice\\u202Efdp.exe'));
    assert.ok(json.includes(`"rawUserAgent": "${LONG_USER_AGENT}"`), 'the 2 KB user agent whole');
    assert.ok(!json.includes('<'), 'no tag inside the JSON view');
    const shown = HOSTILE_VALUES.filter((value) => decode(json).includes(JSON.stringify(value).slice(1, -1)));
    assert.ok(shown.length >= HOSTILE_VALUES.length - 3, 'nearly every hostile value is in some detail');
    for (const href of hrefs(html)) {
      assert.match(href, /^(\/|https?:\/\/|#)/, `a link to a path or http(s) only: ${href}`);
    }
    assert.doesNotMatch(html, /\s(?:title|href|datetime|value|class|id)=(?!")/);
  });
});
