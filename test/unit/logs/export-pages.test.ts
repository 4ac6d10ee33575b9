import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ExportTooLargeError, exportPages } from '../../../src/logs/export-pages.ts';
import {
  type LogEvent,
  type LogsApi,
  type Page,
  type PageCursor,
  PaginationLoopError,
  RateLimitedError,
} from '../../../src/okta/index.ts';

const cursor = (n: number) => `https://org.example/api/v1/logs?after=${n}` as PageCursor;
const page = (n: number, next: number | undefined): Page<LogEvent> => ({
  items: [{ uuid: String(n) }],
  next: next === undefined ? undefined : cursor(next),
  self: undefined,
  rateLimit: undefined,
  requestId: undefined,
});
const limited = (resetInMs: number | undefined) =>
  new RateLimitedError('429', {
    resetAt: resetInMs === undefined ? undefined : new Date(Date.now() + resetInMs),
    limit: 10,
    attempts: 3,
    reason: 'retries-exhausted',
  });

/** A LogsApi whose answers are scripted: list() then next() calls in order. */
function logs(answers: (Page<LogEvent> | Error)[]): LogsApi & { calls: string[] } {
  const calls: string[] = [];
  const answer = async (label: string) => {
    calls.push(label);
    const next = answers.shift();
    if (!next) throw new Error('unexpected call');
    if (next instanceof Error) throw next;
    return next;
  };
  const unused = () => {
    throw new Error('not used by exports');
  };
  return {
    calls,
    list: () => answer('list'),
    next: (at) => answer(String(at)),
    pages: unused,
    events: unused,
    poll: unused,
    unparsed: unused,
  };
}

async function collect(api: LogsApi, options: Partial<Parameters<typeof exportPages>[2]> = {}) {
  const seen: string[] = [];
  for await (const p of exportPages(api, {}, { signal: new AbortController().signal, ...options })) {
    seen.push(...p.items.map((item) => String(item.uuid)));
  }
  return seen;
}

describe('exportPages', () => {
  test('follows next links to the end', async () => {
    const api = logs([page(1, 2), page(2, 3), page(3, undefined)]);
    assert.deepEqual(await collect(api), ['1', '2', '3']);
    assert.deepEqual(api.calls, ['list', cursor(2), cursor(3)]);
  });

  test('after the first page, a 429 is waited out and the same page is asked again', async () => {
    const api = logs([page(1, 2), limited(20), page(2, undefined)]);
    const waits: Date[] = [];
    assert.deepEqual(await collect(api, { onWait: (at) => waits.push(at) }), ['1', '2']);
    assert.deepEqual(api.calls, ['list', cursor(2), cursor(2)]);
    assert.equal(waits.length, 1);
  });

  test('a 429 on the first page is not waited for (the caller shows the rate-limit page)', async () => {
    await assert.rejects(collect(logs([limited(20)])), RateLimitedError);
  });

  test('waits are bounded in number and length', async () => {
    await assert.rejects(
      collect(logs([page(1, 2), limited(5), limited(5)]), { maxRateLimitWaits: 1 }),
      RateLimitedError,
    );
    await assert.rejects(collect(logs([page(1, 2), limited(10_000)]), { maxWaitMs: 1000 }), RateLimitedError);
    await assert.rejects(collect(logs([page(1, 2), limited(undefined)])), RateLimitedError);
  });

  test('an abort ends a wait at once', async () => {
    const controller = new AbortController();
    const api = logs([page(1, 2), limited(60_000)]);
    const pages = exportPages(api, {}, { signal: controller.signal });
    await pages.next();
    const waiting = pages.next();
    setImmediate(() => controller.abort());
    await assert.rejects(waiting, { name: 'AbortError' });
  });

  test('a repeated next link and the page bound both stop it', async () => {
    await assert.rejects(collect(logs([page(1, 2), page(2, 2), page(3, undefined)])), PaginationLoopError);
    await assert.rejects(collect(logs([page(1, 2), page(2, 3), page(3, 4)]), { maxPages: 2 }), ExportTooLargeError);
  });
});
