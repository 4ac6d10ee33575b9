import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { logFilter } from '../../../src/okta/log-query.ts';
import type { LogEvent } from '../../../src/okta/types.ts';
import { buildLogEvent } from '../../../src/sandbox/log-event-factory.ts';
import type { StoredEvent } from '../../../src/sandbox/system-log-store.ts';
import { FakeClock } from '../../unit/okta/fake-org.ts';
import { type SandboxApi, startSandboxApi } from './sandbox-org.ts';

const DAY = 24 * 3600 * 1000;
const RETENTION = 90 * DAY;

describe('System Log against the sandbox org', { timeout: 60_000 }, () => {
  const clock = new FakeClock();
  let sandbox: SandboxApi;
  before(async () => {
    sandbox = await startSandboxApi({ clock, rateLimits: false });
  });
  after(async () => {
    await sandbox?.close();
  });

  /** What a bounded query must return, computed from the org's raw store (published order, [since, until)). */
  function expectedBounded(sinceMs: number, untilMs: number, keep: (event: StoredEvent['event']) => boolean) {
    const retainedFrom = clock.now() - RETENTION;
    return sandbox.org.systemLog
      .inPublishedOrder()
      .filter((s) => s.publishedMs >= sinceMs && s.publishedMs < untilMs && s.publishedMs >= retainedFrom)
      .filter((s) => keep(s.event))
      .map((s) => s.event.uuid);
  }

  async function collect(iterable: AsyncIterable<LogEvent>): Promise<string[]> {
    const uuids: string[] = [];
    for await (const event of iterable) uuids.push(String(event.uuid));
    return uuids;
  }

  test('a bounded query paged to its end equals the whole selected range, in published order', async () => {
    const since = clock.now() - 40 * DAY;
    const until = clock.now() - 3 * DAY;
    const expected = expectedBounded(since, until, () => true);
    assert.ok(expected.length > 1000, 'the range spans several pages');
    const client = sandbox.client();
    const got = await collect(client.logs.events({ since: new Date(since), until: new Date(until), limit: 400 }));
    assert.deepEqual(got, expected);
  });

  test('a filtered bounded query equals the filtered set; DESCENDING gives the same set reversed', async () => {
    const since = clock.now() - 80 * DAY;
    const until = clock.now();
    const filter = logFilter({ eventType: ['user.session.start', 'user.authentication.sso'], outcome: 'FAILURE' });
    const keep = (event: StoredEvent['event']) =>
      (event.eventType === 'user.session.start' || event.eventType === 'user.authentication.sso') &&
      event.outcome.result === 'FAILURE';
    const expected = expectedBounded(since, until, keep);
    assert.ok(expected.length > 20, 'the seed has failures of those types');
    const client = sandbox.client();
    const query = { since: new Date(since), until: new Date(until), filter, limit: 7 };
    assert.deepEqual(await collect(client.logs.events(query)), expected);
    const descending = await collect(client.logs.events({ ...query, sortOrder: 'DESCENDING' }));
    assert.deepEqual(descending, [...expected].reverse());
  });

  test('a filter value that tries to break out of its literal matches nothing instead of everything', async () => {
    const client = sandbox.client();
    const page = await client.logs.list({
      since: new Date(clock.now() - 80 * DAY),
      until: new Date(clock.now()),
      filter: logFilter({ actorAlternateId: 'x" or eventType pr or actor.alternateId eq "y' }),
      limit: 1000,
    });
    assert.deepEqual(page.items, []);
  });

  test('each page reports the budget and the request id of its response', async () => {
    const page = await sandbox.client().logs.list({ limit: 1 });
    assert.match(String(page.requestId), /^req/);
    assert.ok(page.rateLimit && page.rateLimit.limit > 0);
    assert.ok(page.next?.startsWith(`${sandbox.url}/api/v1/logs?`));
  });

  test('polling: reads to the first empty page, then a later poll returns exactly what was added since', async () => {
    const client = sandbox.client();
    const since = clock.now() - 2 * DAY;
    const retainedFrom = clock.now() - RETENTION;
    const expected = sandbox.org.systemLog
      .inPersistenceOrder()
      .filter((s) => s.persistedMs >= since && s.publishedMs >= retainedFrom)
      .map((s) => s.event.uuid);
    assert.ok(expected.length > 10);
    const first = await client.logs.poll({ since: new Date(since), limit: 25 }, { maxPages: 1000 });
    assert.deepEqual(
      first.events.map((event) => event.uuid),
      expected,
    );
    assert.equal(first.caughtUp, true);

    const added = ['user.session.start', 'user.account.lock', 'user.session.end'].map((eventType) =>
      sandbox.org.systemLog.append(
        buildLogEvent({
          eventType,
          displayMessage: eventType,
          actor: {
            id: '00uTEST',
            type: 'User',
            alternateId: 'tail@example.com',
            displayName: 'Tail',
            detailEntry: null,
          },
          outcome: { result: 'SUCCESS' },
          published: new Date(clock.now()),
        }),
        { persistedAt: new Date(clock.now()) },
      ),
    );
    const second = await client.logs.poll(first.cursor);
    assert.deepEqual(
      second.events.map((event) => event.uuid),
      added.map((stored) => stored.event.uuid),
    );
    assert.equal(second.caughtUp, true);
    const third = await client.logs.poll(second.cursor);
    assert.deepEqual(third.events, []);
  });

  test('polling under a page cap resumes from its cursor with no gap and no duplicate', async () => {
    const client = sandbox.client();
    const since = clock.now() - 5 * DAY;
    const retainedFrom = clock.now() - RETENTION;
    const expected = sandbox.org.systemLog
      .inPersistenceOrder()
      .filter((s) => s.persistedMs >= since && s.publishedMs >= retainedFrom)
      .map((s) => s.event.uuid);
    const seen: unknown[] = [];
    let result = await client.logs.poll({ since: new Date(since), limit: 20 }, { maxPages: 2 });
    seen.push(...result.events.map((event) => event.uuid));
    assert.equal(result.caughtUp, false);
    for (let round = 0; round < 1000 && !result.caughtUp; round++) {
      result = await client.logs.poll(result.cursor, { maxPages: 2 });
      seen.push(...result.events.map((event) => event.uuid));
    }
    assert.equal(result.caughtUp, true);
    assert.deepEqual(seen, expected);
  });
});
