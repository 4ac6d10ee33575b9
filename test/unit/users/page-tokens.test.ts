import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PageTokenStore } from '../../../src/paging/page-token-store.ts';
import { MAX_USER_PAGE_TOKENS, USER_PAGE_TOKENS, type UserPage } from '../../../src/routes/users.ts';

const page = (cursor: string): UserPage => ({ cursor, number: 2, previous: null });

describe('users page tokens', () => {
  test('a token is random, opaque, and finds its page only with its own session and query', () => {
    const store = new PageTokenStore<UserPage>(USER_PAGE_TOKENS);
    const token = store.put('s1', 'q=a', page('https://org.example/api/v1/users?after=00u1'));
    assert.match(token, /^[A-Za-z0-9_-]{22}$/);
    assert.ok(!token.includes('00u1'));
    const found = store.find(token, 's1', 'q=a');
    assert.ok('value' in found);
    assert.equal(found.value.cursor, 'https://org.example/api/v1/users?after=00u1');
    assert.deepEqual(store.find(token, 's1', 'q=b'), { refused: 'other-query' });
    assert.deepEqual(store.find('x'.repeat(22), 's1', 'q=a'), { refused: 'unknown' });
    assert.deepEqual(store.find(token, 's2', 'q=a'), { refused: 'unknown' });
  });

  test('the same cursor and query get the same token (reloads do not fill the session)', () => {
    const store = new PageTokenStore<UserPage>(USER_PAGE_TOKENS);
    const first = store.put('s1', 'q=a', page('c1'));
    assert.equal(store.put('s1', 'q=a', page('c1')), first);
    assert.notEqual(store.put('s1', 'q=other', page('c1')), first);
  });

  test(`at most ${MAX_USER_PAGE_TOKENS} tokens are kept per session; the oldest go first`, () => {
    const store = new PageTokenStore<UserPage>(USER_PAGE_TOKENS);
    const tokens: string[] = [];
    for (let i = 0; i < MAX_USER_PAGE_TOKENS + 5; i++) tokens.push(store.put('s1', 'q=a', page(`c${i}`)));
    assert.equal(store.size, MAX_USER_PAGE_TOKENS);
    for (const old of tokens.slice(0, 5)) assert.deepEqual(store.find(old, 's1', 'q=a'), { refused: 'unknown' });
    assert.ok('value' in store.find(tokens.at(-1) ?? '', 's1', 'q=a'));
  });
});
