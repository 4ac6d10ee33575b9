import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findPage, MAX_PAGE_TOKENS, type PageTokenStore, rememberPage } from '../../../src/users/page-tokens.ts';

const page = (cursor: string, key = 'q=a') => ({ cursor, key, number: 2, previous: null });

describe('page tokens', () => {
  test('a token is random, opaque, and finds its page only with its own query', () => {
    const store: PageTokenStore = {};
    const token = rememberPage(store, page('https://org.example/api/v1/users?after=00u1'));
    assert.match(token, /^[A-Za-z0-9_-]{22}$/);
    assert.ok(!token.includes('00u1'));
    const found = findPage(store, token, 'q=a');
    assert.ok('page' in found);
    assert.equal(found.page.cursor, 'https://org.example/api/v1/users?after=00u1');
    assert.deepEqual(findPage(store, token, 'q=b'), { refused: 'other-query' });
    assert.deepEqual(findPage(store, 'x'.repeat(22), 'q=a'), { refused: 'unknown' });
    assert.deepEqual(findPage({}, token, 'q=a'), { refused: 'unknown' });
  });

  test('the same cursor and query get the same token (reloads do not fill the session)', () => {
    const store: PageTokenStore = {};
    const first = rememberPage(store, page('c1'));
    assert.equal(rememberPage(store, page('c1')), first);
    assert.notEqual(rememberPage(store, page('c1', 'q=other')), first);
  });

  test(`at most ${MAX_PAGE_TOKENS} tokens are kept; the oldest go first`, () => {
    const store: PageTokenStore = {};
    const tokens: string[] = [];
    for (let i = 0; i < MAX_PAGE_TOKENS + 5; i++) tokens.push(rememberPage(store, page(`c${i}`), 1000 + i));
    assert.equal(Object.keys(store.userPages ?? {}).length, MAX_PAGE_TOKENS);
    for (const old of tokens.slice(0, 5)) assert.deepEqual(findPage(store, old, 'q=a'), { refused: 'unknown' });
    assert.ok('page' in findPage(store, tokens.at(-1) ?? '', 'q=a'));
  });

  test('names such as __proto__ are never looked up on the prototype', () => {
    const store: PageTokenStore = {};
    rememberPage(store, page('c'));
    assert.deepEqual(findPage(store, '__proto__', 'q=a'), { refused: 'unknown' });
    assert.deepEqual(findPage(store, 'constructor', 'q=a'), { refused: 'unknown' });
  });
});
