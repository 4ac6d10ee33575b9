import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type FollowMessage, type PollOutcome, runFollowLoop } from '../../../src/logs/follow-loop.ts';
import type { LogQuery, PageCursor } from '../../../src/okta/index.ts';

const cursor = (n: number) => `https://org.example/api/v1/logs?after=${n}` as PageCursor;
const roomy = { limit: 1000, remaining: 1000, resetAt: new Date(Date.now() + 60_000) };

function harness(outcomes: (PollOutcome | Error)[], options: { alive?: () => boolean } = {}) {
  const positions: (LogQuery | PageCursor)[] = [];
  const messages: FollowMessage[] = [];
  const controller = new AbortController();
  let index = 0;
  const run = runFollowLoop({
    minIntervalMs: 1,
    maxDurationMs: 60_000,
    maxPolls: outcomes.length,
    start: { since: new Date(0) },
    signal: controller.signal,
    sessionAlive: options.alive ?? (() => true),
    poll: async (position) => {
      positions.push(position);
      const next = outcomes[index++];
      if (next instanceof Error) throw next;
      if (!next) throw new Error('no more outcomes');
      return next;
    },
    emit: async (message) => {
      messages.push(message);
    },
  });
  return { run, positions, messages, controller };
}

describe('runFollowLoop', () => {
  test('each poll continues from the cursor of the one before; events and a status are handed over', async () => {
    const { run, positions, messages } = harness([
      { kind: 'events', events: [{ uuid: 'a' }], cursor: cursor(1), budget: roomy },
      { kind: 'events', events: [], cursor: cursor(2), budget: roomy },
    ]);
    assert.deepEqual(await run, { end: 'max-polls', polls: 2 });
    assert.deepEqual(positions, [{ since: new Date(0) }, cursor(1)]);
    assert.deepEqual(
      messages.map((message) => message.type),
      ['events', 'status', 'status'],
      'an empty poll sends only a status',
    );
  });

  test('a 429 becomes a paused status', async () => {
    const resetAt = new Date(Date.now() + 30_000);
    const { run, messages, controller } = harness([{ kind: 'rate-limited', resetAt, budget: undefined }]);
    const status = (async () => {
      for (let i = 0; i < 200 && messages.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
      controller.abort();
    })();
    assert.deepEqual(await run, { end: 'closed', polls: 1 });
    await status;
    const message = messages[0];
    assert.equal(message?.type, 'status');
    assert.equal(message?.type === 'status' && message.paused, true);
    assert.ok(message?.type === 'status' && message.nextPollAt.getTime() >= resetAt.getTime());
  });

  test('a closed connection ends the loop, even while waiting', async () => {
    const { run, controller } = harness([{ kind: 'events', events: [], cursor: cursor(1), budget: undefined }]);
    setImmediate(() => controller.abort());
    assert.deepEqual(await run, { end: 'closed', polls: 1 });
  });

  test('an ended session stops the loop before the next call', async () => {
    let alive = true;
    const { run, positions } = harness(
      [
        { kind: 'events', events: [], cursor: cursor(1), budget: roomy },
        { kind: 'events', events: [], cursor: cursor(2), budget: roomy },
      ],
      {
        alive: () => {
          const now = alive;
          alive = false;
          return now;
        },
      },
    );
    assert.deepEqual(await run, { end: 'signed-out', polls: 1 });
    assert.equal(positions.length, 1);
  });

  test('a failing poll is the caller’s to report', async () => {
    const { run } = harness([new Error('boom')]);
    await assert.rejects(run, /boom/);
  });

  test('the duration bound ends it', async () => {
    const controller = new AbortController();
    let polls = 0;
    const result = await runFollowLoop({
      minIntervalMs: 1,
      maxDurationMs: 0,
      maxPolls: 10,
      start: cursor(0),
      signal: controller.signal,
      sessionAlive: () => true,
      poll: async () => {
        polls++;
        return { kind: 'events', events: [], cursor: cursor(1), budget: roomy };
      },
      emit: async () => undefined,
    });
    assert.deepEqual(result, { end: 'max-duration', polls: 0 });
    assert.equal(polls, 0);
  });
});
