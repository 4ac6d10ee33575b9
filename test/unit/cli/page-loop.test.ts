import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eachPage, type Listing } from '../../../src/cli/page-loop.ts';
import { Progress } from '../../../src/cli/progress.ts';
import { type Page, type PageCursor, RateLimitedError } from '../../../src/okta/index.ts';

function page(items: number[], next?: string): Page<number> {
  return { items, next: next as PageCursor | undefined, self: undefined, rateLimit: undefined, requestId: undefined };
}

/** A listing of `pages`, by cursor (the first has none), recording what was asked for. */
function listing(pages: Record<string, Page<number>>, asked: string[]): Listing<number> {
  const at = (key: string) => {
    asked.push(key);
    const found = pages[key];
    if (!found) throw new Error(`no page ${key}`);
    return Promise.resolve(found);
  };
  return { first: () => at('first'), next: (cursor) => at(cursor) };
}

const waits = () => ({
  maxRetries: 2,
  signal: new AbortController().signal,
  progress: new Progress({ write: () => true }),
  what: 'GET /api/v1/things',
});

describe('eachPage', () => {
  test('every page from the first to the last, in order, each handed over before the next is asked for', async () => {
    const asked: string[] = [];
    const seen: number[][] = [];
    const pages = {
      first: page([1, 2], 'https://org/b'),
      'https://org/b': page([3], 'https://org/c'),
      'https://org/c': page([]),
    };
    await eachPage(listing(pages, asked), waits(), async (received) => {
      seen.push(received.items);
      assert.equal(asked.length, seen.length, 'the next page is asked for only after this one was handled');
    });
    assert.deepEqual(seen, [[1, 2], [3], []]);
    assert.deepEqual(asked, ['first', 'https://org/b', 'https://org/c']);
  });

  test('a next link Okta repeats stops the listing instead of looping', async () => {
    const asked: string[] = [];
    const pages = { first: page([1], 'https://org/b'), 'https://org/b': page([2], 'https://org/b') };
    await assert.rejects(
      eachPage(listing(pages, asked), waits(), async () => {}),
      /Okta repeated a next link during GET \/api\/v1\/things: stopped/,
    );
    assert.deepEqual(asked, ['first', 'https://org/b']);
  });

  test('a 429 asks for the same page again after the reset, not the next one', async () => {
    const asked: string[] = [];
    let refused = false;
    const base = listing({ first: page([1], 'https://org/b'), 'https://org/b': page([2]) }, asked);
    const flaky: Listing<number> = {
      first: base.first,
      next: (cursor, signal) => {
        if (!refused) {
          refused = true;
          asked.push(`429 ${cursor}`);
          return Promise.reject(
            new RateLimitedError('429', {
              resetAt: new Date(Date.now() - 1000),
              limit: 20,
              attempts: 1,
              reason: 'retries-disabled',
            }),
          );
        }
        return base.next(cursor, signal);
      },
    };
    const seen: number[][] = [];
    await eachPage(flaky, waits(), async (received) => {
      seen.push(received.items);
    });
    assert.deepEqual(seen, [[1], [2]]);
    assert.deepEqual(asked, ['first', '429 https://org/b', 'https://org/b']);
  });
});
