import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createOktaClient, type OktaClient } from '../../../src/okta/client.ts';
import {
  InvalidQueryError,
  MalformedResponseError,
  PaginationLoopError,
  UnsafeNextLinkError,
} from '../../../src/okta/errors.ts';
import { logFilter } from '../../../src/okta/log-query.ts';
import { parseLogEvents } from '../../../src/okta/logs.ts';
import type { PageCursor } from '../../../src/okta/types.ts';
import { FakeClock, FakeOrg, links, logEvents, ORIGIN } from './fake-org.ts';

let org: FakeOrg;
let client: OktaClient;

beforeEach(() => {
  org = new FakeOrg();
  client = createOktaClient({ orgUrl: ORIGIN, accessToken: 'at', dispatcher: org.agent, clock: new FakeClock() });
});
afterEach(async () => {
  await org.close();
});

const SINCE = '2026-01-01T00:00:00.000Z';
const UNTIL = '2026-01-02T00:00:00.000Z';
const boundedPath = (after?: string) =>
  `/api/v1/logs?since=${encodeURIComponent(SINCE)}&until=${encodeURIComponent(UNTIL)}&limit=2${after ? `&after=${after}` : ''}`;

/** Serves a bounded query as `pageCount` pages of two events, the last without a next link. */
function serveBounded(pageCount: number): void {
  for (let index = 0; index < pageCount; index++) {
    const self = `${ORIGIN}${boundedPath(index === 0 ? undefined : `c${index}`)}`;
    const next = index + 1 < pageCount ? `${ORIGIN}${boundedPath(`c${index + 1}`)}` : undefined;
    org.on(boundedPath(index === 0 ? undefined : `c${index}`), {
      status: 200,
      body: logEvents(2, `p${index}`),
      headers: { link: links(self, next) },
    });
  }
}

/** Serves a polling query whose pages hold the given numbers of events; every page has a next link. */
function servePolling(sizes: number[], start = '/api/v1/logs?since=2026-01-01T00%3A00%3A00.000Z'): string[] {
  const paths = sizes.map((_, index) => (index === 0 ? start : `/api/v1/logs?after=poll${index}`));
  sizes.forEach((size, index) => {
    const path = paths[index] ?? '';
    org.on(path, {
      status: 200,
      body: logEvents(size, `poll${index}`),
      headers: { link: links(`${ORIGIN}${path}`, `${ORIGIN}/api/v1/logs?after=poll${index + 1}`) },
    });
  });
  return paths;
}

describe('query building', () => {
  test('list() sends the validated query in a stable order, with a safely quoted filter', async () => {
    org.on(() => true, { status: 200, body: [] });
    await client.logs.list({
      since: new Date(SINCE),
      until: UNTIL,
      filter: logFilter({ eventType: 'user.session.start', actorAlternateId: 'x" or eventType pr or "' }),
      q: '  Chrome   Berlin ',
      limit: 1000,
      sortOrder: 'DESCENDING',
    });
    const url = org.requests[0]?.url;
    assert.equal(url?.pathname, '/api/v1/logs');
    assert.deepEqual(
      [...(url?.searchParams.entries() ?? [])],
      [
        ['since', SINCE],
        ['until', UNTIL],
        ['filter', 'eventType eq "user.session.start" and actor.alternateId eq "x\\" or eventType pr or \\""'],
        ['q', 'Chrome Berlin'],
        ['limit', '1000'],
        ['sortOrder', 'DESCENDING'],
      ],
    );
  });

  for (const [description, query] of [
    ['11 keywords', { q: 'a b c d e f g h i j k' }],
    ['a 41-character keyword', { q: `ok ${'x'.repeat(41)}` }],
    ['limit 1001', { limit: 1001 }],
    ['limit -1', { limit: -1 }],
    ['limit 1.5', { limit: 1.5 }],
    ['a since that is not a date', { since: 'yesterday' }],
    ['since after until', { since: UNTIL, until: SINCE }],
  ] as const) {
    test(`${description} is refused before any request`, async () => {
      const error = await client.logs.list(query).catch((e: unknown) => e);
      assert.ok(error instanceof InvalidQueryError);
      assert.equal(error.status, undefined);
      assert.ok(error.parameter);
      assert.equal(org.requests.length, 0);
    });
  }

  test('the limits themselves are accepted: 10 keywords of 40 characters, limit 0', async () => {
    org.on(() => true, { status: 200, body: [] });
    const q = Array.from({ length: 10 }, (_, i) => String(i).padEnd(40, 'k')).join(' ');
    await client.logs.list({ q, limit: 0 });
    assert.equal(org.requests[0]?.url.searchParams.get('q'), q);
    assert.equal(org.requests[0]?.url.searchParams.get('limit'), '0');
  });
});

describe('bounded queries (with until)', () => {
  test('pages are followed until a page has no next link; events stream in order', async () => {
    serveBounded(3);
    const seen: string[] = [];
    for await (const event of client.logs.events({ since: SINCE, until: UNTIL, limit: 2 }))
      seen.push(String(event.uuid));
    assert.deepEqual(seen, ['p0-0', 'p0-1', 'p1-0', 'p1-1', 'p2-0', 'p2-1']);
    assert.equal(org.requests.length, 3);
  });

  test('an empty page with a next link does not end a bounded query', async () => {
    org.on(boundedPath(), {
      status: 200,
      body: [],
      headers: { link: links(`${ORIGIN}${boundedPath()}`, `${ORIGIN}${boundedPath('c1')}`) },
    });
    org.on(boundedPath('c1'), {
      status: 200,
      body: logEvents(1),
      headers: { link: links(`${ORIGIN}${boundedPath('c1')}`) },
    });
    const pages = [];
    for await (const page of client.logs.pages({ since: SINCE, until: UNTIL, limit: 2 })) pages.push(page.items.length);
    assert.deepEqual(pages, [0, 1]);
  });

  test('unparsed(): the same page with its events as the JSON text Okta sent, parsed and checked by parseLogEvents', async () => {
    serveBounded(2);
    serveBounded(2);
    const listed = await client.logs.list({ since: SINCE, until: UNTIL, limit: 2 });
    const first = await client.logs.unparsed({ since: SINCE, until: UNTIL, limit: 2 });
    assert.equal(typeof first.items.json, 'string');
    assert.deepEqual(parseLogEvents(first.items), listed.items);
    assert.equal(first.items.maxItems, 2);
    assert.deepEqual(first.items.request, { method: 'GET', url: `${ORIGIN}${boundedPath()}` });
    assert.equal(first.next, listed.next);
    assert.ok(first.next);
    const second = await client.logs.unparsed(first.next);
    assert.deepEqual(
      parseLogEvents(second.items).map((event) => event.uuid),
      ['p1-0', 'p1-1'],
    );
    // Plain data: it survives a store's JSON round trip and parses to the same events.
    assert.deepEqual(parseLogEvents(JSON.parse(JSON.stringify(second.items))), parseLogEvents(second.items));
  });

  test('parseLogEvents refuses what list() refuses, naming the request: not JSON, not an array, past the limit', async () => {
    const request = { method: 'GET' as const, url: `${ORIGIN}${boundedPath()}` };
    const page = (json: string) => ({ json, maxItems: 2, request, requestId: 'req-9' });
    for (const [json, message] of [
      ['[{"uuid": ', /not valid JSON: GET https:/],
      ['{"uuid": "a"}', /expected a JSON array from \/api\/v1\/logs/],
      ['[{}, {}, {}]', /returned 3 items for a page of at most 2/],
      ['[{}, "b"]', /does not have the documented shape/],
    ] as const) {
      assert.throws(
        () => parseLogEvents(page(json)),
        (error) =>
          error instanceof MalformedResponseError &&
          message.test(error.message) &&
          error.requestId === 'req-9' &&
          error.request?.url === request.url,
        json,
      );
    }
  });

  test('a page carries next (a cursor), self and the request id; next(cursor) fetches exactly that page', async () => {
    serveBounded(2);
    const first = await client.logs.list({ since: SINCE, until: UNTIL, limit: 2 });
    assert.equal(first.next, `${ORIGIN}${boundedPath('c1')}`);
    assert.equal(first.self, `${ORIGIN}${boundedPath()}`);
    assert.equal(first.requestId, 'req-1');
    assert.ok(first.next);
    const second = await client.logs.next(first.next);
    assert.deepEqual(
      second.items.map((event) => event.uuid),
      ['p1-0', 'p1-1'],
    );
    assert.equal(second.next, undefined);
    assert.equal(org.requests[1]?.path, boundedPath('c1'));
  });

  test('a repeated next link stops with PaginationLoopError instead of looping', async () => {
    const self = `${ORIGIN}${boundedPath()}`;
    org.on(boundedPath(), {
      status: 200,
      body: logEvents(2),
      headers: { link: links(self, `${ORIGIN}${boundedPath('c1')}`) },
    });
    org.on(boundedPath('c1'), { status: 200, body: logEvents(2), headers: { link: links(self, self) } });
    const iterate = async () => {
      for await (const _ of client.logs.pages({ since: SINCE, until: UNTIL, limit: 2 })) {
        // drain
      }
    };
    await assert.rejects(iterate, PaginationLoopError);
    assert.equal(org.requests.length, 2);
  });

  test('maxPages per call stops a bounded iteration quietly, leaving the cursor to resume', async () => {
    serveBounded(3);
    const pages = [];
    for await (const page of client.logs.pages({ since: SINCE, until: UNTIL, limit: 2 }, { maxPages: 2 }))
      pages.push(page);
    assert.equal(pages.length, 2);
    assert.equal(pages[1]?.next, `${ORIGIN}${boundedPath('c2')}`);
  });
});

describe('next links that leave the org are refused', () => {
  for (const [description, next] of [
    ['another host', 'https://evil.example/api/v1/logs?after=x'],
    ['a look-alike host', 'https://example.okta.com.evil.example/api/v1/logs?after=x'],
    ['http instead of https', 'http://example.okta.com/api/v1/logs?after=x'],
    ['another port', 'https://example.okta.com:8443/api/v1/logs?after=x'],
    ['user info', 'https://attacker@example.okta.com/api/v1/logs?after=x'],
    ['another API path', 'https://example.okta.com/api/v1/users?after=x'],
    ['a dot-dot path', 'https://example.okta.com/api/v1/logs/../users?after=x'],
    ['a trailing slash', 'https://example.okta.com/api/v1/logs/?after=x'],
    ['a protocol-relative link', '//evil.example/api/v1/logs?after=x'],
    ['not a URL', 'http://[bad'],
  ] as const) {
    test(`${description}: UnsafeNextLinkError, and no request goes there`, async () => {
      org.on(() => true, { status: 200, body: logEvents(1), headers: { link: [`<${next}>; rel="next"`] } });
      const error = await client.logs.list({ since: SINCE, until: UNTIL }).catch((e: unknown) => e);
      assert.ok(error instanceof UnsafeNextLinkError);
      assert.equal(error.code, 'OKTA_UNSAFE_NEXT_LINK');
      assert.equal(org.requests.length, 1);
    });
  }

  test('a relative next link on the same path is resolved against the page URL and followed', async () => {
    org.on('/api/v1/logs?until=2026-01-02T00%3A00%3A00.000Z', {
      status: 200,
      body: logEvents(1),
      headers: { link: ['</api/v1/logs?until=x&after=r1>; rel="next"'] },
    });
    org.on('/api/v1/logs?until=x&after=r1', { status: 200, body: logEvents(1, 'r') });
    const uuids = [];
    for await (const event of client.logs.events({ until: UNTIL })) uuids.push(event.uuid);
    assert.deepEqual(uuids, ['ev-0', 'r-0']);
  });

  test('a tampered cursor is refused before sending anything', async () => {
    const forged = 'https://evil.example/api/v1/logs?after=1' as PageCursor;
    await assert.rejects(client.logs.next(forged), UnsafeNextLinkError);
    await assert.rejects(client.logs.poll(forged), UnsafeNextLinkError);
    assert.equal(org.requests.length, 0);
  });

  test('the comma-joined Link form works the same as separate header lines', async () => {
    org.on(() => true, {
      status: 200,
      body: [],
      headers: {
        link: `<${ORIGIN}/api/v1/logs?limit=1>; rel="self", <${ORIGIN}/api/v1/logs?limit=1&after=a,b>; rel="next"`,
      },
    });
    const page = await client.logs.list({ limit: 1 });
    assert.equal(page.next, `${ORIGIN}/api/v1/logs?limit=1&after=a,b`);
    assert.equal(page.self, `${ORIGIN}/api/v1/logs?limit=1`);
  });
});

describe('polling queries (no until)', () => {
  test('iteration stops at the first empty page even though next is always present', async () => {
    servePolling([2, 1, 0, 5]);
    const sizes = [];
    for await (const page of client.logs.pages({ since: SINCE })) sizes.push(page.items.length);
    assert.deepEqual(sizes, [2, 1, 0]);
    assert.equal(org.requests.length, 3);
  });

  test('iteration stops at the client page cap (maxPages)', async () => {
    const capped = createOktaClient({ orgUrl: ORIGIN, accessToken: 'at', dispatcher: org.agent, maxPages: 3 });
    servePolling([1, 1, 1, 1, 1]);
    let pages = 0;
    for await (const _ of capped.logs.pages({ since: SINCE })) pages++;
    assert.equal(pages, 3);
    assert.equal(org.requests.length, 3);
  });

  test('the default cap is 10 pages', async () => {
    servePolling(Array.from({ length: 12 }, () => 1));
    let pages = 0;
    for await (const _ of client.logs.pages({ since: SINCE })) pages++;
    assert.equal(pages, 10);
  });

  test('poll() returns the new events and the cursor to resume from, and resuming continues there', async () => {
    servePolling([2, 1, 0]);
    const first = await client.logs.poll({ since: SINCE });
    assert.deepEqual(
      first.events.map((event) => event.uuid),
      ['poll0-0', 'poll0-1', 'poll1-0'],
    );
    assert.equal(first.caughtUp, true);
    assert.equal(first.pages, 3);
    assert.equal(first.cursor, `${ORIGIN}/api/v1/logs?after=poll3`);
    org.on('/api/v1/logs?after=poll3', {
      status: 200,
      body: logEvents(1, 'later'),
      headers: { link: links(`${ORIGIN}/api/v1/logs?after=poll3`, `${ORIGIN}/api/v1/logs?after=poll4`) },
    });
    org.on('/api/v1/logs?after=poll4', {
      status: 200,
      body: [],
      headers: { link: links(`${ORIGIN}/api/v1/logs?after=poll4`, `${ORIGIN}/api/v1/logs?after=poll4`) },
    });
    const second = await client.logs.poll(first.cursor);
    assert.deepEqual(
      second.events.map((event) => event.uuid),
      ['later-0'],
    );
    assert.equal(second.cursor, `${ORIGIN}/api/v1/logs?after=poll4`);
  });

  test('poll() capped by maxPages says it has not caught up', async () => {
    servePolling([1, 1, 1]);
    const result = await client.logs.poll({ since: SINCE }, { maxPages: 2 });
    assert.equal(result.caughtUp, false);
    assert.equal(result.events.length, 2);
    assert.equal(result.cursor, `${ORIGIN}/api/v1/logs?after=poll2`);
  });

  test('poll() refuses a bounded query (until, or DESCENDING order)', async () => {
    await assert.rejects(client.logs.poll({ since: SINCE, until: UNTIL }), InvalidQueryError);
    await assert.rejects(client.logs.poll({ since: SINCE, sortOrder: 'DESCENDING' }), InvalidQueryError);
    assert.equal(org.requests.length, 0);
  });

  test('a DESCENDING query without until is bounded: an empty page does not end it, no page cap', async () => {
    const capped = createOktaClient({ orgUrl: ORIGIN, accessToken: 'at', dispatcher: org.agent, maxPages: 1 });
    const first = '/api/v1/logs?sortOrder=DESCENDING';
    const second = '/api/v1/logs?sortOrder=DESCENDING&until=2026-01-01T00%3A00%3A00.000Z&after=d1';
    org.on(first, { status: 200, body: [], headers: { link: links(`${ORIGIN}${first}`, `${ORIGIN}${second}`) } });
    org.on(second, { status: 200, body: logEvents(1), headers: { link: links(`${ORIGIN}${second}`) } });
    const sizes = [];
    for await (const page of capped.logs.pages({ sortOrder: 'DESCENDING' })) sizes.push(page.items.length);
    assert.deepEqual(sizes, [0, 1]);
  });

  test('a repeated next link on a non-empty polling page stops with PaginationLoopError', async () => {
    const start = '/api/v1/logs?since=2026-01-01T00%3A00%3A00.000Z';
    org.on(start, {
      status: 200,
      body: logEvents(1),
      headers: { link: links(`${ORIGIN}${start}`, `${ORIGIN}${start}`) },
    });
    await assert.rejects(client.logs.poll({ since: SINCE }), PaginationLoopError);
    assert.equal(org.requests.length, 1);
  });

  test('an invalid per-call maxPages is refused', async () => {
    await assert.rejects(client.logs.poll({ since: SINCE }, { maxPages: 0 }), InvalidQueryError);
    assert.equal(org.requests.length, 0);
  });
});
