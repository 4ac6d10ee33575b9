import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import { budgetView } from '../../../src/logs/budget-view.ts';
import { SseChannel, sseMessage } from '../../../src/logs/sse.ts';

describe('budgetView', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');
  test('unknown before the first call', () => assert.equal(budgetView(undefined, now).known, false));
  test('what the last response said, with the reset time in UTC', () => {
    const view = budgetView({ limit: 10, remaining: 7, resetAt: '2026-11-23T12:00:30.000Z' }, now);
    assert.deepEqual(view, {
      known: true,
      limit: 10,
      remaining: 7,
      resetIso: '2026-11-23T12:00:30.000Z',
      resetText: '12:00:30 UTC',
      resetDue: false,
      level: 'ok',
    });
  });
  for (const [description, resetAt, text] of [
    ['a reset two minutes in the past', '2026-11-23T11:58:00Z', 'now'],
    ['a reset exactly now', '2026-11-23T12:00:00Z', 'now'],
    ['a reset in three seconds', '2026-11-23T12:00:03Z', 'in a few seconds'],
  ] as const) {
    test(`${description} reads "${text}", never a clock time`, () => {
      const view = budgetView({ limit: 10, remaining: 0, resetAt }, now);
      assert.equal(view.resetDue, true);
      assert.equal(view.resetText, text);
    });
  }
  test('low at a quarter, out at none; after the reset the whole budget is back', () => {
    assert.equal(budgetView({ limit: 10, remaining: 2, resetAt: '2026-11-23T12:00:30Z' }, now).level, 'low');
    assert.equal(budgetView({ limit: 10, remaining: 0, resetAt: '2026-11-23T12:00:30Z' }, now).level, 'out');
    const reset = budgetView({ limit: 10, remaining: 0, resetAt: '2026-11-23T11:59:00Z' }, now);
    assert.equal(reset.remaining, 10);
    assert.equal(reset.level, 'ok');
  });
});

describe('Server-Sent Events', () => {
  test('one data line of JSON: line breaks in data cannot start a new field', () => {
    assert.equal(
      sseMessage('events', { text: 'a\r\nevent: evil\n\ndata: x' }, 'T1'),
      'id: T1\nevent: events\ndata: {"text":"a\\r\\nevent: evil\\n\\ndata: x"}\n\n',
    );
  });
  test('event names and ids must not hold line breaks', () => {
    assert.throws(() => sseMessage('a\nb', {}));
    assert.throws(() => sseMessage('a', {}, 'x\ny'));
  });
  test('the channel writes retry and messages, and refuses after the connection closed', async () => {
    const out = new PassThrough();
    const controller = new AbortController();
    const channel = new SseChannel(out, controller.signal);
    let written = '';
    out.on('data', (chunk: Buffer) => {
      written += chunk.toString();
    });
    await channel.retry(15_000);
    await channel.send('ready', { ok: true });
    channel.keepAlive();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(written, 'retry: 15000\n\nevent: ready\ndata: {"ok":true}\n\n: keep-alive\n\n');
    controller.abort();
    channel.keepAlive();
    await assert.rejects(channel.send('status', {}));
    channel.end();
    assert.ok(!written.endsWith(': keep-alive\n\n: keep-alive\n\n'), 'nothing is written after the close');
  });
});
