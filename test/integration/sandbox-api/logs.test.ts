import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildLogEvent } from '../../../src/sandbox/log-event-factory.ts';
import type { LogEvent } from '../../../src/sandbox/okta-types.ts';
import { type ApiHarness, linkUrl, type RawResponse, rawGet, startApi } from './harness.ts';

const DAY = 24 * 3600 * 1000;
const NOW = Date.parse('2026-06-15T12:00:00.000Z');

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function events(response: RawResponse): LogEvent[] {
  assert.equal(response.status, 200, response.body);
  return JSON.parse(response.body) as LogEvent[];
}

/** Follows `next` links from `first`, at most `maxPages` pages. */
async function collectPages(h: ApiHarness, first: string, auth: Record<string, string>, maxPages: number) {
  const pages: LogEvent[][] = [];
  let path: string | undefined = first;
  let last: RawResponse | undefined;
  while (path && pages.length < maxPages) {
    last = await rawGet(h.baseUrl, path, auth);
    pages.push(events(last));
    path = linkUrl(last, 'next');
  }
  return { pages, hasNext: path !== undefined, last };
}

describe('GET /api/v1/logs, bounded queries (fixed clock)', () => {
  let h: ApiHarness;
  let auth: Record<string, string>;
  let stored: LogEvent[];

  before(async () => {
    h = await startApi({ now: () => NOW, rateLimits: false, seed: { events: 4000, users: 40, now: new Date(NOW) } });
    auth = { authorization: `SSWS ${h.org.apiToken.token}` };
    stored = h.org.systemLog.inPersistenceOrder().map((s) => s.event);
  });
  after(() => h.close());

  test('paging a filtered ascending query to its end yields exactly the filtered set, in published order, once each', async () => {
    const since = NOW - 40 * DAY;
    const until = NOW - 2 * DAY;
    const expected = stored
      .filter((e) => {
        const t = Date.parse(e.published);
        return t >= since && t < until && (e.eventType === 'user.session.start' || e.outcome.result === 'FAILURE');
      })
      .sort((a, b) => Date.parse(a.published) - Date.parse(b.published));
    assert.ok(expected.length > 120, 'the seed holds enough matching events to need several pages');
    const filter = encodeURIComponent('eventType eq "user.session.start" or outcome.result eq "FAILURE"');
    const first = `/api/v1/logs?since=${iso(since)}&until=${iso(until)}&filter=${filter}&limit=50`;
    const { pages, hasNext } = await collectPages(h, first, auth, Math.ceil(expected.length / 50) + 3);
    assert.equal(hasNext, false, 'the last page of a bounded query has no next link');
    const got = pages.flat().map((e) => e.uuid);
    assert.equal(new Set(got).size, got.length, 'no duplicates across pages');
    assert.deepEqual(
      got,
      expected.map((e) => e.uuid),
    );
    assert.ok(pages.slice(0, -1).every((page) => page.length === 50));
  });

  test('a DESCENDING bounded query pages newest first to its end', async () => {
    const since = NOW - 10 * DAY;
    const until = NOW;
    const expected = stored
      .filter((e) => Date.parse(e.published) >= since && Date.parse(e.published) < until && e.severity === 'WARN')
      .sort((a, b) => Date.parse(b.published) - Date.parse(a.published));
    assert.ok(expected.length > 20);
    const filter = encodeURIComponent('severity eq "WARN"');
    const first = `/api/v1/logs?since=${iso(since)}&until=${iso(until)}&filter=${filter}&limit=7&sortOrder=DESCENDING`;
    const { pages, hasNext } = await collectPages(h, first, auth, Math.ceil(expected.length / 7) + 3);
    assert.equal(hasNext, false);
    assert.deepEqual(
      pages.flat().map((e) => e.uuid),
      expected.map((e) => e.uuid),
    );
  });

  test('events older than 90 days are stored but never returned, even when since reaches back further', async () => {
    const retained = stored.filter((e) => Date.parse(e.published) >= NOW - 90 * DAY);
    const expired = stored.length - retained.length;
    assert.ok(expired > 0, 'the seed stores events older than 90 days');
    const first = `/api/v1/logs?since=${iso(NOW - 150 * DAY)}&until=${iso(NOW)}&limit=1000`;
    const { pages, hasNext } = await collectPages(h, first, auth, 10);
    assert.equal(hasNext, false);
    assert.deepEqual(new Set(pages.flat().map((e) => e.uuid)), new Set(retained.map((e) => e.uuid)));
  });

  test('defaults: since is 7 days before until, limit is 100, order is ASCENDING', async () => {
    const until = NOW - 3 * DAY;
    const expected = stored
      .filter((e) => Date.parse(e.published) >= until - 7 * DAY && Date.parse(e.published) < until)
      .sort((a, b) => Date.parse(a.published) - Date.parse(b.published));
    const page = events(await rawGet(h.baseUrl, `/api/v1/logs?until=${iso(until)}`, auth));
    assert.equal(page.length, 100);
    assert.deepEqual(
      page.map((e) => e.uuid),
      expected.slice(0, 100).map((e) => e.uuid),
    );
  });

  test('limit accepts 0 to 1000; a non-number is refused with E0000001', async () => {
    assert.deepEqual(events(await rawGet(h.baseUrl, `/api/v1/logs?until=${iso(NOW)}&limit=0`, auth)), []);
    const big = events(
      await rawGet(h.baseUrl, `/api/v1/logs?since=${iso(NOW - 89 * DAY)}&until=${iso(NOW)}&limit=1000`, auth),
    );
    assert.equal(big.length, 1000);
    const bad = await rawGet(h.baseUrl, '/api/v1/logs?limit=ten', auth);
    assert.equal(bad.status, 400);
    assert.equal(JSON.parse(bad.body).errorCode, 'E0000001');
  });

  test('link headers are separate lines: self is the request itself, next an absolute URL on the org', async () => {
    const path = `/api/v1/logs?since=${iso(NOW - 5 * DAY)}&until=${iso(NOW)}&limit=5`;
    const response = await rawGet(h.baseUrl, path, auth);
    const lines = response.header('link');
    assert.equal(lines.length, 2, 'two link header lines, not one comma-joined value');
    assert.equal(lines[0], `<${h.org.orgUrl}${path}>; rel="self"`);
    const next = new URL(linkUrl(response, 'next') ?? '');
    assert.equal(next.origin, h.org.orgUrl);
    assert.equal(next.pathname, '/api/v1/logs');
    assert.equal(next.searchParams.get('limit'), '5');
    assert.equal(next.searchParams.has('since'), false, 'since is carried in the cursor, since it excludes after');
    assert.ok(next.searchParams.get('after'));
  });

  test('since together with after is refused; an after value the org never issued is refused', async () => {
    const first = await rawGet(h.baseUrl, `/api/v1/logs?since=${iso(NOW - 5 * DAY)}&until=${iso(NOW)}&limit=5`, auth);
    const cursor = new URL(linkUrl(first, 'next') ?? '').searchParams.get('after') ?? '';
    const both = await rawGet(h.baseUrl, `/api/v1/logs?since=${iso(NOW - 5 * DAY)}&after=${cursor}`, auth);
    assert.equal(both.status, 400);
    assert.equal(JSON.parse(both.body).errorCode, 'E0000001');
    const forged = await rawGet(h.baseUrl, '/api/v1/logs?after=1627500044869_1', auth);
    assert.equal(forged.status, 400);
    assert.equal(JSON.parse(forged.body).errorCode, 'E0000001');
  });

  test('since more than 180 days back is E0000053 in Okta wording', async () => {
    const response = await rawGet(h.baseUrl, `/api/v1/logs?since=${iso(NOW - 181 * DAY)}`, auth);
    assert.equal(response.status, 400);
    const body = JSON.parse(response.body);
    assert.equal(body.errorCode, 'E0000053');
    assert.equal(
      body.errorSummary,
      'Invalid parameter: The since parameter is over 180 days prior to the current day.',
    );
    assert.equal(body.errorLink, 'E0000053');
    assert.deepEqual(body.errorCauses, []);
  });

  test('an unparseable date is E0000001 with Okta summary and one errorCause per rule', async () => {
    const response = await rawGet(h.baseUrl, '/api/v1/logs?until=yesterday', auth);
    assert.equal(response.status, 400);
    const body = JSON.parse(response.body);
    assert.equal(body.errorCode, 'E0000001');
    assert.equal(
      body.errorSummary,
      "Api validation failed: 'until': The date format in your query is not recognized. Please enter dates using ISO8601 string format. 'until': must be a valid date-time or empty.",
    );
    assert.deepEqual(body.errorCauses, [
      {
        errorSummary:
          'until: The date format in your query is not recognized. Please enter dates using ISO8601 string format.',
      },
      { errorSummary: 'until: must be a valid date-time or empty.' },
    ]);
    for (const bad of ['2026-02-30T00:00:00Z', '2026-06-01T25:00:00Z', '06/01/2026']) {
      const r = await rawGet(h.baseUrl, `/api/v1/logs?since=${encodeURIComponent(bad)}`, auth);
      assert.equal(r.status, 400, bad);
      assert.match(JSON.parse(r.body).errorSummary, /^Api validation failed: 'since': /);
    }
    const offset = await rawGet(
      h.baseUrl,
      `/api/v1/logs?since=${encodeURIComponent('2026-06-10T00:00:00+02:00')}&limit=1`,
      auth,
    );
    assert.equal(offset.status, 200, 'ISO 8601 with an offset is accepted');
  });
});

describe('GET /api/v1/logs, filter and q (fixed clock)', () => {
  let h: ApiHarness;
  let auth: Record<string, string>;
  let retained: LogEvent[];
  const range = `since=${iso(NOW - 89 * DAY)}&until=${iso(NOW)}&limit=1000`;

  before(async () => {
    h = await startApi({ now: () => NOW, rateLimits: false, seed: { events: 3000, users: 40, now: new Date(NOW) } });
    auth = { authorization: `SSWS ${h.org.apiToken.token}` };
    retained = h.org.systemLog
      .inPublishedOrder()
      .map((s) => s.event)
      .filter((e) => Date.parse(e.published) >= NOW - 89 * DAY && Date.parse(e.published) < NOW);
  });
  after(() => h.close());

  async function query(params: string): Promise<RawResponse> {
    return rawGet(h.baseUrl, `/api/v1/logs?${range}&${params}`, auth);
  }
  const uuids = (list: LogEvent[]) => list.map((e) => e.uuid);

  test('and binds tighter than or; parentheses and not regroup', async () => {
    const cases: { description: string; filter: string; expect: (e: LogEvent) => boolean }[] = [
      {
        description: 'a or b and c = a or (b and c)',
        filter: 'eventType eq "user.session.end" or eventType eq "user.session.start" and outcome.result eq "FAILURE"',
        expect: (e) =>
          e.eventType === 'user.session.end' ||
          (e.eventType === 'user.session.start' && e.outcome.result === 'FAILURE'),
      },
      {
        description: '(a or b) and c',
        filter:
          '(eventType eq "user.session.end" or eventType eq "user.session.start") and outcome.result eq "FAILURE"',
        expect: (e) =>
          (e.eventType === 'user.session.end' || e.eventType === 'user.session.start') &&
          e.outcome.result === 'FAILURE',
      },
      {
        description: 'not with a group, operators in upper case',
        filter: 'NOT (severity EQ "INFO") AND eventType SW "user."',
        expect: (e) => e.severity !== 'INFO' && e.eventType.startsWith('user.'),
      },
      { description: 'co', filter: 'eventType co "oauth2"', expect: (e) => e.eventType.includes('oauth2') },
      {
        description: 'ew (System Log only)',
        filter: 'eventType ew "_token"',
        expect: (e) => e.eventType.endsWith('_token'),
      },
      {
        description: 'ne',
        filter: 'client.device ne "Computer" and eventType eq "user.session.end"',
        expect: (e) => e.client.device !== 'Computer' && e.eventType === 'user.session.end',
      },
      {
        description: 'pr',
        filter: 'client.id pr and outcome.reason pr',
        expect: (e) => e.client.id !== null && e.outcome.reason !== null,
      },
      {
        description: 'numbers and booleans',
        filter: 'securityContext.asNumber gt 7922 and securityContext.isProxy eq false',
        expect: (e) => (e.securityContext.asNumber ?? 0) > 7922 && e.securityContext.isProxy === false,
      },
      {
        description: 'target.x matches when any target matches',
        filter: 'target.type eq "UserGroup"',
        expect: (e) => e.target.some((t) => t.type === 'UserGroup'),
      },
    ];
    for (const c of cases) {
      const expected = retained.filter(c.expect);
      assert.ok(
        expected.length > 0 && expected.length < 1000,
        `${c.description}: the seed has a useful number of matches`,
      );
      const got = events(await query(`filter=${encodeURIComponent(c.filter)}`));
      assert.deepEqual(uuids(got), uuids(expected), c.description);
    }
    assert.ok(
      retained.some(
        (e) => e.target.length > 1 && e.target[0]?.type !== 'UserGroup' && e.target[1]?.type === 'UserGroup',
      ),
      'some events carry the group as a second target',
    );
  });

  test('filter errors in Okta wording', async () => {
    const cases: { filter: string; code: string; summary: string }[] = [
      {
        filter: 'display_message eqq "Create okta user"',
        code: 'E0000053',
        summary:
          "Invalid filter 'display_message eqq \"Create okta user\"': Unrecognized attribute operator 'eqq' at position 16. Expected: eq,co,sw,pr,gt,ge,lt,le",
      },
      { filter: 'some_invalid_field eq "x"', code: 'E0000053', summary: 'field is not valid: some_invalid_field' },
      {
        filter: 'debugContext.debugData.url co "/api"',
        code: 'E0000031',
        summary:
          'The supplied combination of operator and field is not currently supported. Operator: co, Field: debugContext.debugData.url',
      },
    ];
    for (const c of cases) {
      const response = await query(`filter=${encodeURIComponent(c.filter)}`);
      assert.equal(response.status, 400, c.filter);
      const body = JSON.parse(response.body);
      assert.equal(body.errorCode, c.code, c.filter);
      assert.equal(body.errorSummary, c.summary, c.filter);
    }
    const published = await query(`filter=${encodeURIComponent(`published gt "${iso(NOW - DAY)}"`)}`);
    assert.equal(published.status, 400);
    assert.equal(JSON.parse(published.body).errorCode, 'E0000053');
    const unbalanced = await query(`filter=${encodeURIComponent('(eventType eq "x"')}`);
    assert.equal(JSON.parse(unbalanced.body).errorCode, 'E0000053');
    const eqOnUrl = await query(`filter=${encodeURIComponent('debugContext.debugData.url eq "/login/signout?"')}`);
    assert.equal(eqOnUrl.status, 200, 'only co is refused on the url field');
  });

  test('q: case-insensitive keywords that must all match', async () => {
    const login = retained.find((e) => e.actor.type === 'User')?.actor.alternateId ?? '';
    const withLogin = retained.filter((e) => JSON.stringify(e).includes(`"${login}"`));
    const got = events(await query(`q=${encodeURIComponent(login.toUpperCase())}`));
    assert.ok(got.length > 0);
    assert.deepEqual(uuids(got), uuids(withLogin));
    const both = events(await query(`q=${encodeURIComponent(`${login} user.session.start`)}`));
    assert.deepEqual(uuids(both), uuids(withLogin.filter((e) => e.eventType === 'user.session.start')));
    const none = events(await query(`q=${encodeURIComponent(`${login} no-such-keyword-anywhere`)}`));
    assert.deepEqual(none, []);
  });

  test('q: hyphenated values also match by their parts', async () => {
    const target = retained[17] as LogEvent;
    const part = target.uuid.split('-')[0] as string;
    const got = events(await query(`q=${part}`));
    assert.deepEqual(uuids(got), [target.uuid]);
    const whole = events(await query(`q=${target.uuid}`));
    assert.deepEqual(uuids(whole), [target.uuid]);
  });

  test('q: more than 40 characters per keyword or more than 10 keywords is E0000001', async () => {
    const long = await query(`q=${'a'.repeat(41)}`);
    assert.equal(long.status, 400);
    assert.deepEqual(
      { code: JSON.parse(long.body).errorCode, summary: JSON.parse(long.body).errorSummary },
      {
        code: 'E0000001',
        summary:
          "Api validation failed: 'q': Freeform search cannot contain items longer than 40 characters. Please shorten the items in your search or use an advanced filter to query by specific fields.",
      },
    );
    assert.equal((await query(`q=${'a'.repeat(40)}`)).status, 200);
    const eleven = await query(`q=${Array.from({ length: 11 }, (_, i) => `k${i}`).join('+')}`);
    assert.equal(eleven.status, 400);
    assert.equal(JSON.parse(eleven.body).errorCode, 'E0000001');
    assert.equal((await query(`q=${Array.from({ length: 10 }, (_, i) => `k${i}`).join('+')}`)).status, 200);
  });
});

describe('GET /api/v1/logs, polling (real clock)', () => {
  let h: ApiHarness;
  let auth: Record<string, string>;

  before(async () => {
    h = await startApi({ rateLimits: false, seed: { events: 1500, users: 30 } });
    auth = { authorization: `SSWS ${h.org.apiToken.token}` };
  });
  after(() => h.close());

  function appendTestEvent(eventType: string, published?: Date): LogEvent {
    const account = h.org.directory.accounts()[0];
    const event = buildLogEvent({
      eventType,
      displayMessage: 'Polling test event',
      actor: {
        id: account?.userId ?? 'x',
        type: 'User',
        alternateId: account?.login ?? 'x',
        displayName: 'Test',
        detailEntry: null,
      },
      outcome: { result: 'SUCCESS' },
      ...(published ? { published } : {}),
    });
    h.org.systemLog.append(event);
    return event;
  }

  test('an empty polling page still has next, and the next page holds an event written later', async () => {
    const filter = encodeURIComponent('eventType eq "sandbox.test.polled"');
    const first = await rawGet(h.baseUrl, `/api/v1/logs?filter=${filter}`, auth);
    assert.deepEqual(events(first), []);
    const next = linkUrl(first, 'next');
    assert.ok(next, 'a polling request always returns rel="next"');
    const appended = appendTestEvent('sandbox.test.polled');
    const second = await rawGet(h.baseUrl, next, auth);
    assert.deepEqual(
      events(second).map((e) => e.uuid),
      [appended.uuid],
    );
    const third = await rawGet(h.baseUrl, linkUrl(second, 'next') ?? '', auth);
    assert.deepEqual(events(third), []);
    assert.ok(linkUrl(third, 'next'));
  });

  test('polling walks the whole log in persistence order and then waits at its end', async () => {
    const cutoff = Date.now() - 7 * DAY;
    const expected = h.org.systemLog
      .inPersistenceOrder()
      .filter((s) => s.persistedMs >= cutoff)
      .map((s) => s.event.uuid);
    const got: string[] = [];
    let path: string | undefined = '/api/v1/logs?limit=40';
    let emptyPageSeen = false;
    for (let i = 0; i < Math.ceil(expected.length / 40) + 3 && path; i += 1) {
      const response = await rawGet(h.baseUrl, path, auth);
      const page = events(response);
      got.push(...page.map((e) => e.uuid));
      path = linkUrl(response, 'next');
      assert.ok(path, 'every polling page has next');
      if (page.length === 0) {
        emptyPageSeen = true;
        break;
      }
    }
    assert.ok(emptyPageSeen);
    assert.deepEqual(got, expected);
    // Written late but published two days ago: polling (persistence order) still returns it next.
    const late = appendTestEvent('sandbox.test.late', new Date(Date.now() - 2 * DAY));
    const after = events(await rawGet(h.baseUrl, path ?? '', auth));
    assert.deepEqual(
      after.map((e) => e.uuid),
      [late.uuid],
    );
    // A bounded query orders by published: the late event sits among the events two days old.
    const bounded = events(
      await rawGet(
        h.baseUrl,
        `/api/v1/logs?since=${iso(Date.parse(late.published) - 1)}&until=${iso(Date.parse(late.published) + 1)}`,
        auth,
      ),
    );
    assert.ok(bounded.some((e) => e.uuid === late.uuid));
  });

  test('DESCENDING without until is a bounded query: it ends', async () => {
    const response = await rawGet(h.baseUrl, '/api/v1/logs?sortOrder=DESCENDING&limit=1000', auth);
    const page = events(response);
    assert.ok(page.length > 0);
    assert.equal(linkUrl(response, 'next'), undefined);
    const times = page.map((e) => Date.parse(e.published));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    );
  });
});
