import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { logsRoutes } from '../../../src/routes/logs.ts';
import { type Harness, startHarness } from '../../helpers/app-harness.ts';
import { signInToApp } from '../../helpers/app-session.ts';
import { appendAdminEvent } from '../../helpers/sandbox-events.ts';
import { hrefs, logCalls } from './logs-helpers.ts';
import { SseReader } from './sse-reader.ts';

let h: Harness;

before(async () => {
  h = await startHarness({
    // A budget so large that the minimum interval, not the budget, sets the pace (the budget rule has its own test).
    sandbox: { seed: { users: 40, events: 400 }, rateLimits: { enabled: false, logs: 1_000_000 } },
    // The app's own mount polls at most every 10 s; this one every 150 ms, so that the tests run quickly.
    routes: (app) => void app.register(logsRoutes, { prefix: '/fast', follow: { minIntervalMs: 150 } }),
  });
});
after(async () => {
  await h?.close();
});

describe('live tail over Server-Sent Events', () => {
  test('a newly written event arrives, made visible, and closing the page stops the polling', async () => {
    const browser = await signInToApp(h);
    const before = logCalls(h).length;
    const stream = await SseReader.open(browser, `${h.baseUrl}/fast/logs/follow/stream?eventType=user.session.start`);
    assert.equal(stream.response.statusCode, 200);
    assert.equal(stream.response.headers['content-type'], 'text/event-stream; charset=utf-8');
    assert.equal(stream.response.headers['cache-control'], 'no-store');
    await stream.next((message) => message.event === 'ready');
    await stream.next((message) => message.event === 'status');

    const event = appendAdminEvent(h, 'Eve \u202Egnp.exe <img src=x onerror=alert(1)>');
    const arrived = await stream.next((message) => message.event === 'events');
    const events = (arrived.data as { events: { uuid: string; actor: { name: { text: string; full?: string } } }[] })
      .events;
    assert.deepEqual(
      events.map((summary) => summary.uuid),
      [event.uuid],
    );
    // Made visible (the page puts it in with textContent), cut for the cell, the whole value kept for the tooltip.
    assert.equal(events[0]?.actor.name.full, 'Eve \\u202Egnp.exe <img src=x onerror=alert(1)>');
    assert.equal(events[0]?.actor.name.text, 'Eve \\u202Egnp.exe <img src=x onerror=al…');
    assert.match(arrived.id ?? '', /^[A-Za-z0-9_-]{22}$/, 'the position travels as an opaque token');

    const calls = logCalls(h).slice(before);
    const first = calls[0]?.searchParams;
    assert.equal(first?.has('until'), false, 'a polling query: no until');
    assert.equal(first?.get('sortOrder'), 'ASCENDING');
    assert.ok(Math.abs(Date.parse(first?.get('since') ?? '') - Date.now()) < 60_000, 'starting from now');
    assert.equal(first?.get('filter'), 'eventType eq "user.session.start"');
    assert.ok(
      calls.slice(1).every((call) => call.searchParams.has('after')),
      'later polls follow next links',
    );

    stream.close();
    await stream.next(() => false, 0, 5000).catch(() => undefined);
    const ended = () => h.logs.some((line) => line.includes('follow stream ended: closed'));
    for (let attempt = 0; attempt < 200 && !ended(); attempt++) await new Promise((resolve) => setTimeout(resolve, 25));
    assert.ok(ended(), 'the loop noticed the closed connection');
    const afterClose = logCalls(h).length;
    // Ten poll intervals: a loop still running would have called Okta in this time.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(logCalls(h).length, afterClose, 'no Okta call after the page closed');
  });

  test('a reconnecting EventSource resumes where its last batch left off', async () => {
    const browser = await signInToApp(h);
    const stream = await SseReader.open(browser, `${h.baseUrl}/fast/logs/follow/stream`);
    await stream.next((message) => message.event === 'status');
    appendAdminEvent(h, 'Resume Test');
    const batch = await stream.next((message) => message.event === 'events');
    stream.close();
    const before = logCalls(h).length;
    const again = await SseReader.open(browser, `${h.baseUrl}/fast/logs/follow/stream`, {
      'last-event-id': batch.id ?? '',
    });
    const ready = await again.next((message) => message.event === 'ready');
    assert.deepEqual(ready.data, { resumed: true, minIntervalMs: 150 });
    await again.next((message) => message.event === 'status');
    assert.ok(logCalls(h)[before]?.searchParams.has('after'), 'the first poll continues from the stored cursor');
    again.close();
  });

  test('the poll interval follows the rate budget: never more than half the remaining calls per minute', async () => {
    const api = h.sandbox.managementApi;
    api.rateLimiter.configure({ enabled: true, logs: 20 });
    api.rateLimiter.reset();
    try {
      const browser = await signInToApp(h);
      const stream = await SseReader.open(browser, `${h.baseUrl}/fast/logs/follow/stream`);
      const status = await stream.next((message) => message.event === 'status');
      const data = status.data as { paused: boolean; nextPollAt: string; budget: { remaining: number; limit: number } };
      assert.equal(data.paused, false);
      assert.ok(data.budget.remaining > 0 && data.budget.remaining < data.budget.limit);
      const wait = Date.parse(data.nextPollAt) - Date.now();
      assert.ok(wait >= 120_000 / data.budget.remaining - 2000, `waits about 120 s / remaining, not ${wait} ms`);
      stream.close();
    } finally {
      api.rateLimiter.configure({ enabled: false, logs: 1_000_000 });
    }
  });

  test('a 429 pauses the tail until the reset and tells the page', async () => {
    const api = h.sandbox.managementApi;
    api.rateLimiter.reset();
    const remove = api.faults.set({ path: '/api/v1/logs', status: 429 });
    try {
      const browser = await signInToApp(h);
      const stream = await SseReader.open(browser, `${h.baseUrl}/fast/logs/follow/stream`);
      const status = await stream.next((message) => message.event === 'status');
      const data = status.data as { paused: boolean; nextPollAt: string };
      assert.equal(data.paused, true);
      assert.ok(Date.parse(data.nextPollAt) - Date.now() > 10_000, 'the next poll waits for the reset');
      stream.close();
    } finally {
      remove();
      // The app's rate brake rightly remembers the 429 until its reset; later tests start from a fresh budget.
      await h.app.okta.forgetBudgets();
    }
  });

  test('one session runs at most two tails at once', async () => {
    const browser = await signInToApp(h);
    const first = await SseReader.open(browser, `${h.baseUrl}/fast/logs/follow/stream`);
    const second = await SseReader.open(browser, `${h.baseUrl}/fast/logs/follow/stream`);
    const third = await SseReader.open(browser, `${h.baseUrl}/fast/logs/follow/stream`);
    assert.equal(first.response.statusCode, 200);
    assert.equal(second.response.statusCode, 200);
    assert.equal(third.response.statusCode, 429);
    for (const stream of [first, second, third]) stream.close();
  });
});

describe('live tail without JavaScript', () => {
  test('the follow page links to newer events through a server-side polling cursor', async () => {
    const browser = await signInToApp(h);
    const before = logCalls(h).length;
    const start = await browser.request(`${h.baseUrl}/logs/follow?outcome=SUCCESS`);
    assert.equal(start.status, 200);
    assert.equal(logCalls(h).length, before, 'opening the page calls nothing yet');
    const newer = hrefs(start.body).find((href) => href.startsWith('/logs/follow?') && href.includes('page='));
    assert.ok(newer, 'a link to check for newer events');
    assert.match(start.body, /data-stream="\/logs\/follow\/stream\?outcome=SUCCESS&amp;page=[A-Za-z0-9_-]{22}"/);

    const event = appendAdminEvent(h, 'No Script');
    const checked = await browser.request(`${h.baseUrl}${newer}`);
    assert.equal(checked.status, 200);
    assert.ok(checked.body.includes('No Script'), 'the new event is listed');
    const calls = logCalls(h).slice(before);
    assert.equal(calls.length, 1, 'one call per check');
    assert.equal(calls[0]?.searchParams.has('until'), false);
    assert.equal(calls[0]?.searchParams.get('filter'), 'outcome.result eq "SUCCESS"');
    assert.ok(checked.body.includes(event.uuid) || checked.body.includes('No Script'));

    const again = await browser.request(`${h.baseUrl}${newer}`);
    assert.match(again.body, /served from cache/);
    assert.equal(logCalls(h).length - before, 1, 'a reload within a minute is served from the cache');
    const next = hrefs(checked.body).find((href) => href.startsWith('/logs/follow?') && href.includes('page='));
    assert.ok(next && next !== newer, 'the next check starts where this one ended');
  });
});
